package codegen

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// reservedNames get a py_ prefix in generated function names (compat §6.5).
var reservedNames = map[string]bool{
	"def": true, "defp": true, "defmodule": true, "class": true, "do": true, "end": true, "if": true,
	"unless": true, "case": true, "cond": true, "for": true, "while": true, "with": true, "fn": true,
	"when": true, "and": true, "or": true, "not": true, "true": true, "false": true, "nil": true,
	"in": true, "try": true, "catch": true, "rescue": true, "after": true, "else": true, "raise": true,
	"throw": true, "receive": true,
}

// usedTargets are the Python names a `generate: :used` library needs,
// grouped by Python module: module members, and classes (by module).
type usedTargets struct {
	members    map[string]map[string]bool // python module → names
	unresolved []string                   // calls whose module could not be mapped to Python
}

func newUsedTargets() *usedTargets {
	return &usedTargets{members: map[string]map[string]bool{}}
}

func (t *usedTargets) add(module, name string) {
	if t.members[module] == nil {
		t.members[module] = map[string]bool{}
	}
	t.members[module][name] = true
}

// modules returns the target modules in order.
func (t *usedTargets) modules() []string {
	out := make([]string, 0, len(t.members))
	for m := range t.members {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// names returns a module's target names in order.
func (t *usedTargets) names(module string) []string {
	out := make([]string, 0, len(t.members[module]))
	for n := range t.members[module] {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// prober answers whether a Python module's attribute is a class or module.
type prober interface {
	Introspect(ctx context.Context, req pyhelper.Request) (*pyhelper.Response, error)
}

// resolveUsed maps the scanned calls of a library, plus include and minus
// exclude, to introspection targets. A call into Lib.A.B is resolved as
// upstream does: each segment is probed on its parent module, first as
// written (a class), then underscored (a submodule).
func resolveUsed(ctx context.Context, pr prober, l *analysis.Library, calls []scan.Call, cfg pyhelper.Config) (*usedTargets, error) {
	t := newUsedTargets()
	streaming := map[string]bool{}
	for _, s := range l.Streaming() {
		streaming[s] = true
	}
	resolved := map[string]string{} // Elixir module → python module or "class:<module>:<Class>"
	for _, c := range calls {
		where, err := resolveModule(ctx, pr, l, c.Module, resolved, cfg)
		if err != nil {
			return nil, err
		}
		switch {
		case where == "":
			t.unresolved = append(t.unresolved, fmt.Sprintf("%s.%s/%d", c.Module, c.Function, c.Arity))
		case strings.HasPrefix(where, "class:"):
			mod, class, _ := strings.Cut(strings.TrimPrefix(where, "class:"), ":")
			t.add(mod, class)
		default:
			if internalFunction(c.Function) {
				continue
			}
			t.add(where, pythonName(c.Function, streaming))
		}
	}
	for _, name := range l.Include() {
		t.add(l.PythonName, name)
	}
	for _, name := range l.Exclude() {
		for _, members := range t.members {
			delete(members, name)
		}
	}
	return t, nil
}

// internalFunction names the wrapper functions every generated module has.
func internalFunction(name string) bool {
	switch name {
	case "__snakebridge_python_name__", "__snakebridge_python_class__", "__snakebridge_library__",
		"__functions__", "__classes__", "__search__", "doc":
		return true
	}
	return false
}

// pythonName reverses the only lossless name mappings: py_<reserved> and
// <streaming>_stream.
func pythonName(elixirName string, streaming map[string]bool) string {
	if base, ok := strings.CutPrefix(elixirName, "py_"); ok && reservedNames[base] {
		return base
	}
	if base, ok := strings.CutSuffix(elixirName, "_stream"); ok && streaming[base] {
		return base
	}
	return elixirName
}

func resolveModule(ctx context.Context, pr prober, l *analysis.Library, mod string, memo map[string]string, cfg pyhelper.Config) (string, error) {
	if where, ok := memo[mod]; ok {
		return where, nil
	}
	where := ""
	if mod == l.Module {
		where = l.PythonName
	} else if rest, ok := strings.CutPrefix(mod, l.Module+"."); ok {
		var err error
		where, err = walkSegments(ctx, pr, l.PythonName, strings.Split(rest, "."), cfg)
		if err != nil {
			return "", err
		}
	}
	memo[mod] = where
	return where, nil
}

func walkSegments(ctx context.Context, pr prober, current string, segments []string, cfg pyhelper.Config) (string, error) {
	for i, seg := range segments {
		last := i == len(segments)-1
		probe, err := probeAttribute(ctx, pr, current, seg, cfg)
		if err != nil {
			return "", err
		}
		if probe.Exists && probe.IsClass && last {
			return "class:" + current + ":" + seg, nil
		}
		if probe.Exists && probe.IsModule {
			current += "." + seg
			continue
		}
		lower := elixir.Underscore(seg)
		probe, err = probeAttribute(ctx, pr, current, lower, cfg)
		if err != nil {
			return "", err
		}
		if probe.Exists && probe.IsModule {
			current += "." + lower
			continue
		}
		if !probe.Exists {
			// A submodule that the package does not import eagerly is not an
			// attribute yet; upstream then treats the segment as a module.
			current += "." + lower
			continue
		}
		return "", nil
	}
	return current, nil
}

func probeAttribute(ctx context.Context, pr prober, module, attr string, cfg pyhelper.Config) (*pyhelper.AttributeProbe, error) {
	resp, err := pr.Introspect(ctx, pyhelper.Request{Mode: pyhelper.ModeAttribute, Module: module, Attribute: attr, Config: cfg})
	if err != nil {
		return nil, fmt.Errorf("probing %s.%s: %w", module, attr, err)
	}
	return resp.Attribute()
}
