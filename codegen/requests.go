package codegen

import (
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// moduleOptions turns a library's module_mode (and the legacy submodules /
// public_api options) into introspect.py's module-mode flags, as upstream's
// resolve_module_settings does (compat §7.5).
func moduleOptions(l *analysis.Library) pyhelper.ModuleOptions {
	var o pyhelper.ModuleOptions
	mode := l.Option("module_mode")
	if subs, ok := l.Option("submodules").(term.List); ok && len(subs) > 0 {
		mode = term.Tuple{term.Atom("only"), listOfStrings(subs)}
	} else if term.Equal(l.Option("submodules"), term.True) && (mode == nil || term.Equal(mode, term.Nil)) {
		mode = term.Atom("all")
		if term.Equal(l.Option("public_api"), term.True) {
			mode = term.Atom("public")
		}
	}
	switch m := mode.(type) {
	case term.Atom:
		switch m {
		case "exports":
			o.ExportsMode = true
		case "public":
			o.DiscoverSubmodules, o.PublicAPI = true, true
		case "explicit":
			o.DiscoverSubmodules, o.PublicAPI, o.PublicAPIMode = true, true, "explicit_all"
		case "all":
			o.DiscoverSubmodules = true
		}
	case term.Tuple:
		if list, ok := m[1].(term.List); ok {
			o.Submodules = stringsOf(list)
		}
	}
	o.Include = l.StringList("module_include")
	o.Exclude = l.StringList("module_exclude")
	if d, ok := l.Option("module_depth").(term.Integer); ok && d.V.IsInt64() {
		o.Depth = int(d.V.Int64())
	}
	return o
}

func listOfStrings(l term.List) term.List {
	out := term.List{}
	for _, e := range l {
		switch x := e.(type) {
		case term.Binary:
			out = append(out, x)
		case term.Atom:
			out = append(out, term.Binary(string(x)))
		}
	}
	return out
}

func stringsOf(l term.List) []string {
	out := []string{}
	for _, e := range l {
		if b, ok := e.(term.Binary); ok {
			out = append(out, string(b))
		}
	}
	return out
}

// introspectionConfig builds introspect.py's --config for a library. A
// library option wins over the global one; unlike upstream (compat §7.6),
// global use_typeshed, class_method_scope and max_class_methods are honoured
// when the library leaves them unset.
func introspectionConfig(l *analysis.Library, g analysis.Introspection) pyhelper.Config {
	c := pyhelper.Config{
		SignatureSources: l.StringList("signature_sources"),
		StubSearchPaths:  unique(append(append([]string{}, g.StubSearchPaths...), l.StringList("stub_search_paths")...)),
		UseTypeshed:      g.UseTypeshed,
		TypeshedPath:     g.TypeshedPath,
		ClassMethodScope: g.ClassMethodScope,
		MaxClassMethods:  g.MaxClassMethods,
	}
	if len(c.SignatureSources) == 0 {
		c.SignatureSources = g.SignatureSources
	}
	if b, ok := l.Option("use_typeshed").(term.Atom); ok && (b == term.True || b == term.False) {
		c.UseTypeshed = b == term.True
	}
	if p, ok := l.Option("typeshed_path").(term.Binary); ok {
		c.TypeshedPath = string(p)
	}
	if s, ok := l.Option("class_method_scope").(term.Atom); ok && s != term.Nil {
		c.ClassMethodScope = string(s)
	}
	if n, ok := l.Option("max_class_methods").(term.Integer); ok && n.V.IsInt64() {
		v := int(n.V.Int64())
		c.MaxClassMethods = &v
	}
	enabled := g.StubgenEnabled
	if v, ok := keywordValue(l.Option("stubgen"), "enabled").(term.Atom); ok && (v == term.True || v == term.False) {
		b := v == term.True
		enabled = &b
	}
	if enabled != nil {
		c.Stubgen = map[string]any{"enabled": *enabled}
	}
	return c
}

func keywordValue(t term.Term, key string) term.Term {
	l, ok := t.(term.List)
	if !ok {
		return nil
	}
	for _, e := range l {
		if kv, ok := e.(term.Tuple); ok && len(kv) == 2 && term.Equal(kv[0], term.Atom(key)) {
			return kv[1]
		}
	}
	return nil
}

func unique(items []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, s := range items {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
