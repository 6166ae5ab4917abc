package analysis

import (
	"fmt"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
)

// Typed accessors of a library's options. Options holds the normalised
// terms the config hash needs; these read them as Go values, so that no
// caller names an option by string or decodes a term. A value SnakeBridge
// would reject was already refused by ParseLibraries, with the entry's file
// and line; a value of another type that SnakeBridge passes through (a
// typeshed_path that is not a string) reads as unset, as before.

// Include lists the functions always generated (include:).
func (l *Library) Include() []string { return l.stringList("include") }

// Exclude lists the functions never generated (exclude:).
func (l *Library) Exclude() []string { return l.stringList("exclude") }

// Streaming lists the functions with a streaming variant (streaming:).
func (l *Library) Streaming() []string { return l.stringList("streaming") }

// ModuleInclude lists submodules added to module_mode's (module_include:).
func (l *Library) ModuleInclude() []string { return l.stringList("module_include") }

// ModuleExclude lists submodules removed from module_mode's (module_exclude:).
func (l *Library) ModuleExclude() []string { return l.stringList("module_exclude") }

// SignatureSources lists where signatures may come from, in order.
func (l *Library) SignatureSources() []string { return l.stringList("signature_sources") }

// StubSearchPaths lists the library's own stub directories.
func (l *Library) StubSearchPaths() []string { return l.stringList("stub_search_paths") }

// ModuleDepth is module_depth; ok is false when unset.
func (l *Library) ModuleDepth() (depth int, ok bool) { return l.intOption("module_depth") }

// MaxClassMethods is max_class_methods; ok is false when unset.
func (l *Library) MaxClassMethods() (n int, ok bool) { return l.intOption("max_class_methods") }

// DocsURL is docs_url; ok is false when unset.
func (l *Library) DocsURL() (url string, ok bool) { return l.stringOption("docs_url") }

// DocsManifest is the docs_manifest path as written; ok is false when unset.
func (l *Library) DocsManifest() (path string, ok bool) { return l.stringOption("docs_manifest") }

// TypeshedPath is typeshed_path; ok is false when unset.
func (l *Library) TypeshedPath() (path string, ok bool) { return l.stringOption("typeshed_path") }

// UseTypeshed is use_typeshed; ok is false when unset.
func (l *Library) UseTypeshed() (use, ok bool) { return boolTerm(l.Options["use_typeshed"]) }

// StubgenEnabled is stubgen: [enabled: …]; ok is false when unset.
func (l *Library) StubgenEnabled() (enabled, ok bool) {
	list, _ := l.Options["stubgen"].(term.List)
	for _, e := range list {
		if kv, isPair := e.(term.Tuple); isPair && len(kv) == 2 && term.Equal(kv[0], term.Atom("enabled")) {
			return boolTerm(kv[1])
		}
	}
	return false, false
}

// ClassMethodScope is class_method_scope ("all" or "defined"); ok is
// false when unset.
func (l *Library) ClassMethodScope() (scope string, ok bool) {
	return l.atomOption("class_method_scope")
}

// OnNotFoundStub reports on_not_found: :stub (a missing symbol becomes a
// stub instead of failing the generation).
func (l *Library) OnNotFoundStub() bool {
	v, _ := l.atomOption("on_not_found")
	return v == "stub"
}

// ModuleMode is a library's effective module mode: module_mode, or what
// the legacy submodules and public_api options mean (upstream's
// resolve_module_settings, compat §7.5).
type ModuleMode struct {
	// Name is "" (unset), "root", "exports", "public", "explicit", "docs",
	// "all" or "only".
	Name string
	// Only are the submodules of {:only, [...]} (Name "only").
	Only []string
}

// ModuleMode resolves module_mode with the legacy options.
func (l *Library) ModuleMode() ModuleMode {
	mode := l.Options["module_mode"]
	subs, _ := l.Options["submodules"].(term.List)
	switch {
	case len(subs) > 0:
		return ModuleMode{Name: "only", Only: namesOf(subs)}
	case term.Equal(l.Options["submodules"], term.True) && isNilTerm(mode):
		if term.Equal(l.Options["public_api"], term.True) {
			return ModuleMode{Name: "public"}
		}
		return ModuleMode{Name: "all"}
	}
	switch m := mode.(type) {
	case term.Atom:
		if m != term.Nil {
			return ModuleMode{Name: string(m)}
		}
	case term.Tuple:
		list, _ := m[1].(term.List)
		return ModuleMode{Name: "only", Only: namesOf(list)}
	}
	return ModuleMode{}
}

// namesOf are the strings and atoms of a list, as strings; other elements
// are dropped.
func namesOf(l term.List) []string {
	out := []string{}
	for _, e := range l {
		switch x := e.(type) {
		case term.Binary:
			out = append(out, string(x))
		case term.Atom:
			out = append(out, string(x))
		}
	}
	return out
}

// stringList returns a normalised list option as Go strings.
func (l *Library) stringList(name string) []string {
	list, _ := l.Options[name].(term.List)
	out := make([]string, 0, len(list))
	for _, e := range list {
		if b, ok := e.(term.Binary); ok {
			out = append(out, string(b))
		}
	}
	return out
}

func (l *Library) stringOption(name string) (string, bool) {
	b, ok := l.Options[name].(term.Binary)
	return string(b), ok
}

func (l *Library) atomOption(name string) (string, bool) {
	a, ok := l.Options[name].(term.Atom)
	if !ok || a == term.Nil {
		return "", false
	}
	return string(a), true
}

func (l *Library) intOption(name string) (int, bool) {
	i, ok := l.Options[name].(term.Integer)
	if !ok || i.V == nil || !i.V.IsInt64() {
		return 0, false
	}
	return int(i.V.Int64()), true
}

func boolTerm(t term.Term) (value, ok bool) {
	switch {
	case term.Equal(t, term.True):
		return true, true
	case term.Equal(t, term.False):
		return false, true
	}
	return false, false
}

// passThroughTypes are the options SnakeBridge passes on unnormalised that
// the generator reads, with the types it can use (nil is always unset).
var passThroughTypes = []struct {
	option, want string
	ok           func(term.Term) bool
}{
	{"docs_url", "a string", isBinary},
	{"docs_manifest", "a string", isBinary},
	{"typeshed_path", "a string", isBinary},
	{"use_typeshed", "true or false", isBool},
	{"public_api", "true or false", isBool},
	{"submodules", "true, false or a list of module names", func(t term.Term) bool { _, list := t.(term.List); return list || isBool(t) }},
	{"stubgen", "a keyword list with enabled: true or false", stubgenOK},
}

func isBinary(t term.Term) bool { _, ok := t.(term.Binary); return ok }

func isBool(t term.Term) bool { _, ok := boolTerm(t); return ok }

func stubgenOK(t term.Term) bool {
	list, _ := t.(term.List)
	for _, e := range list {
		if kv, ok := e.(term.Tuple); ok && len(kv) == 2 && term.Equal(kv[0], term.Atom("enabled")) && !isNilTerm(kv[1]) {
			return isBool(kv[1])
		}
	}
	return true
}

// OptionTypeProblem returns a finding, at the option in mix.exs, for the
// first library option of a type the generator cannot use (typeshed_path:
// 5, use_typeshed: "yes"); nil when there is none. SnakeBridge accepts such
// entries (so check does), and what its generator then does differs from
// what the option says, so generate refuses them instead of ignoring them.
func (p *Project) OptionTypeProblem() *Finding {
	for _, l := range p.Libraries {
		for _, pt := range passThroughTypes {
			v, written := l.OptionRanges[pt.option]
			if !written || isNilTerm(l.Options[pt.option]) || pt.ok(l.Options[pt.option]) {
				continue
			}
			return &Finding{Code: CodeMixExsUnreadable, Severity: SeverityError, Library: strPtr(l.PythonName), File: MixExsFile, Range: v,
				Message: fmt.Sprintf("library %s: %s must be %s, got %s", l.PythonName, pt.option, pt.want, term.Inspect(l.Options[pt.option]))}
		}
	}
	return nil
}
