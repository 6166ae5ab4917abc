package codegen

import (
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// moduleOptions turns a library's module_mode (and the legacy submodules /
// public_api options) into introspect.py's module-mode flags, as upstream's
// resolve_module_settings does (compat §7.5).
func moduleOptions(l *analysis.Library) pyhelper.ModuleOptions {
	var o pyhelper.ModuleOptions
	switch m := l.ModuleMode(); m.Name {
	case "exports":
		o.ExportsMode = true
	case "public":
		o.DiscoverSubmodules, o.PublicAPI = true, true
	case "explicit":
		o.DiscoverSubmodules, o.PublicAPI, o.PublicAPIMode = true, true, "explicit_all"
	case "all":
		o.DiscoverSubmodules = true
	case "only":
		o.Submodules = m.Only
	}
	o.Include = l.ModuleInclude()
	o.Exclude = l.ModuleExclude()
	if d, ok := l.ModuleDepth(); ok {
		o.Depth = d
	}
	return o
}

// introspectionConfig builds introspect.py's --config for a library. A
// library option wins over the global one; unlike upstream (compat §7.6),
// global use_typeshed, class_method_scope and max_class_methods are honoured
// when the library leaves them unset.
func introspectionConfig(l *analysis.Library, g analysis.Introspection) pyhelper.Config {
	c := pyhelper.Config{
		SignatureSources: l.SignatureSources(),
		StubSearchPaths:  unique(append(append([]string{}, g.StubSearchPaths...), l.StubSearchPaths()...)),
		UseTypeshed:      g.UseTypeshed,
		TypeshedPath:     g.TypeshedPath,
		ClassMethodScope: g.ClassMethodScope,
		MaxClassMethods:  g.MaxClassMethods,
	}
	if len(c.SignatureSources) == 0 {
		c.SignatureSources = g.SignatureSources
	}
	if use, ok := l.UseTypeshed(); ok {
		c.UseTypeshed = use
	}
	if p, ok := l.TypeshedPath(); ok {
		c.TypeshedPath = p
	}
	if s, ok := l.ClassMethodScope(); ok {
		c.ClassMethodScope = s
	}
	if n, ok := l.MaxClassMethods(); ok {
		c.MaxClassMethods = &n
	}
	enabled := g.StubgenEnabled
	if v, ok := l.StubgenEnabled(); ok {
		enabled = &v
	}
	if enabled != nil {
		c.Stubgen = map[string]any{"enabled": *enabled}
	}
	return c
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
