package analysis

import (
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
)

// HashedOptions lists, in order, the options whose normalised values make up
// a library's config_hash (compat §2.4). docs_manifest_hash is derived from
// the docs_manifest file when hashing.
var HashedOptions = [...]string{
	"module_name", "generate", "include", "exclude", "streaming", "submodules", "public_api",
	"module_mode", "module_include", "module_exclude", "module_depth", "docs_url", "docs_manifest",
	"docs_profile", "docs_manifest_hash", "class_method_scope", "max_class_methods", "on_not_found",
	"signature_sources", "strict_signatures", "min_signature_tier", "stub_search_paths",
	"use_typeshed", "typeshed_path", "stubgen",
}

// optionNormalizer turns a written option value into SnakeBridge's
// normalised value, or explains why SnakeBridge would reject it.
type optionNormalizer func(v term.Term) (term.Term, error)

func rawOption(v term.Term) (term.Term, error) { return v, nil }

var moduleModeAliases = map[string]string{
	"light": "root", "top": "root", "root": "root",
	"api": "exports", "exports": "exports",
	"standard": "public", "public": "public",
	"explicit": "explicit",
	"manifest": "docs", "docs": "docs",
	"full": "all", "nuclear": "all", "all": "all",
}

var classScopeAliases = map[string]string{
	"all": "all", "defined": "defined", "declared": "defined", "declared_only": "defined", "defined_only": "defined",
}

func normalizers() map[string]optionNormalizer {
	return map[string]optionNormalizer{
		"generate":           normalizeGenerate,
		"include":            normalizeList,
		"exclude":            normalizeList,
		"streaming":          normalizeList,
		"submodules":         rawOption,
		"public_api":         rawOption,
		"module_mode":        normalizeModuleMode,
		"module_include":     normalizeModuleList,
		"module_exclude":     normalizeModuleList,
		"module_depth":       normalizeModuleDepth,
		"docs_url":           rawOption,
		"docs_manifest":      rawOption,
		"docs_profile":       normalizeDocsProfile,
		"class_method_scope": aliasedAtom(classScopeAliases),
		"max_class_methods":  normalizeMaxClassMethods,
		"on_not_found":       aliasedAtom(map[string]string{"error": "error", "stub": "stub"}),
		"signature_sources":  normalizeList,
		"strict_signatures":  rawOption,
		"min_signature_tier": rawOption,
		"stub_search_paths":  normalizeList,
		"use_typeshed":       rawOption,
		"typeshed_path":      rawOption,
		"stubgen":            normalizeStubgen,
	}
}

// optionDefaults are the values of options a user did not write.
func optionDefaults() map[string]term.Term {
	return map[string]term.Term{
		"generate": term.Atom("used"), "include": term.List{}, "exclude": term.List{}, "streaming": term.List{},
		"submodules": term.False, "public_api": term.False, "module_include": term.List{},
		"module_exclude": term.List{}, "signature_sources": term.List{}, "stub_search_paths": term.List{},
		"stubgen": term.List{},
	}
}

func normalizeGenerate(v term.Term) (term.Term, error) {
	if a, ok := v.(term.Atom); ok && (a == "used" || a == "all") {
		return a, nil
	}
	return nil, fmt.Errorf("invalid generate option %s: expected :used or :all", term.Inspect(v))
}

// normalizeList is SnakeBridge's normalize_list: nil → [], a list's atoms
// become strings and other elements go through to_string, a single atom or
// string is wrapped, anything else becomes [].
func normalizeList(v term.Term) (term.Term, error) {
	switch x := v.(type) {
	case term.List:
		out := make(term.List, 0, len(x))
		for _, e := range x {
			s, err := elixirToString(e)
			if err != nil {
				return nil, err
			}
			out = append(out, term.Binary(s))
		}
		return out, nil
	case term.Atom:
		if x == term.Nil {
			return term.List{}, nil
		}
		return term.List{term.Binary(string(x))}, nil
	case term.Binary:
		return term.List{x}, nil
	}
	return term.List{}, nil
}

// normalizeModuleList applies to module_include/module_exclude, where a
// single non-string value (an atom included) is dropped.
func normalizeModuleList(v term.Term) (term.Term, error) {
	switch x := v.(type) {
	case term.List:
		return normalizeList(x)
	case term.Binary:
		return term.List{x}, nil
	}
	return term.List{}, nil
}

// elixirToString mirrors Kernel.to_string/1 for the values a user can write.
func elixirToString(t term.Term) (string, error) {
	switch x := t.(type) {
	case term.Atom:
		return string(x), nil
	case term.Binary:
		return string(x), nil
	case term.Integer:
		return x.V.String(), nil
	case term.List:
		return chardataToString(x)
	}
	return "", fmt.Errorf("cannot convert %s to a string", term.Inspect(t))
}

func chardataToString(l term.List) (string, error) {
	var out []byte
	for _, e := range l {
		switch x := e.(type) {
		case term.Integer:
			if !x.V.IsInt64() || x.V.Sign() < 0 || x.V.Int64() > utf8.MaxRune {
				return "", fmt.Errorf("invalid codepoint %s in charlist", x.V.String())
			}
			out = utf8.AppendRune(out, rune(x.V.Int64()))
		case term.Binary:
			out = append(out, x...)
		case term.List:
			s, err := chardataToString(x)
			if err != nil {
				return "", err
			}
			out = append(out, s...)
		default:
			return "", fmt.Errorf("cannot convert %s to a string", term.Inspect(e))
		}
	}
	return string(out), nil
}

func normalizeModuleMode(v term.Term) (term.Term, error) {
	switch x := v.(type) {
	case term.Atom:
		if x == term.Nil {
			return term.Nil, nil
		}
		if canon, ok := moduleModeAliases[string(x)]; ok {
			return term.Atom(canon), nil
		}
	case term.Tuple:
		if len(x) == 2 && term.Equal(x[0], term.Atom("only")) {
			list, ok := x[1].(term.List)
			if ok {
				mods, err := normalizeList(list)
				if err != nil {
					return nil, err
				}
				return term.Tuple{term.Atom("only"), mods}, nil
			}
		}
	}
	return nil, fmt.Errorf("invalid module_mode %s: expected :root, :exports, :public, :explicit, :docs, :all (or an alias) or {:only, [...]}", term.Inspect(v))
}

func normalizeModuleDepth(v term.Term) (term.Term, error) {
	if isNilTerm(v) {
		return term.Nil, nil
	}
	if i, ok := v.(term.Integer); ok && i.V.Sign() > 0 {
		return i, nil
	}
	return nil, fmt.Errorf("module_depth must be a positive integer, got %s", term.Inspect(v))
}

func normalizeDocsProfile(v term.Term) (term.Term, error) {
	switch x := v.(type) {
	case term.Atom:
		if x == term.Nil {
			return term.Nil, nil
		}
		return term.Binary(string(x)), nil
	case term.Binary:
		return x, nil
	}
	return term.Nil, nil
}

func aliasedAtom(aliases map[string]string) optionNormalizer {
	return func(v term.Term) (term.Term, error) {
		if a, ok := v.(term.Atom); ok {
			if canon, ok := aliases[string(a)]; ok {
				return term.Atom(canon), nil
			}
		}
		return term.Nil, nil
	}
}

func normalizeMaxClassMethods(v term.Term) (term.Term, error) {
	if isNilTerm(v) {
		return term.Nil, nil
	}
	if i, ok := v.(term.Integer); ok {
		if i.V.Sign() < 0 {
			return nil, fmt.Errorf("max_class_methods must be a non-negative integer, got %s", i.V)
		}
		return i, nil
	}
	return nil, fmt.Errorf("max_class_methods must be a non-negative integer, got %s", term.Inspect(v))
}

// normalizeStubgen stably sorts the stubgen keyword list by key.
func normalizeStubgen(v term.Term) (term.Term, error) {
	list, ok := v.(term.List)
	if !ok {
		return term.List{}, nil
	}
	if !term.IsKeyword(list) {
		return nil, fmt.Errorf("stubgen must be a keyword list, got %s", term.Inspect(v))
	}
	sorted := append(term.List(nil), list...)
	sort.SliceStable(sorted, func(i, j int) bool {
		return sorted[i].(term.Tuple)[0].(term.Atom) < sorted[j].(term.Tuple)[0].(term.Atom)
	})
	return sorted, nil
}

// buildLibrary normalises an entry's options (compat §1.2).
func buildLibrary(entry *elixir.Node, name string, v Version, opts *elixir.Node) (*Library, error) {
	lib := &Library{
		Name: name, Version: v, Range: toRange(entry.Range),
		Options: optionDefaults(), OptionRanges: map[string]Range{},
	}
	written := map[string]*elixir.Node{}
	if opts != nil {
		for _, pair := range opts.Elems {
			key := string(pair.Elems[0].Term.(term.Atom))
			if _, dup := written[key]; dup {
				continue // Keyword.get/2 takes the first occurrence.
			}
			written[key] = pair.Elems[1]
			lib.OptionRanges[key] = toRange(pair.Range)
		}
	}
	if err := lib.applyIdentity(written, name); err != nil {
		return nil, err
	}
	norm := normalizers()
	for key, node := range written {
		f, ok := norm[key]
		if !ok {
			continue
		}
		val, err := f(node.Term)
		if err != nil {
			return nil, entryErr(node, "library %s: %v", name, err)
		}
		lib.Options[key] = val
	}
	lib.Generate = string(lib.Options["generate"].(term.Atom))
	if mm, _ := lib.Options["module_mode"].(term.Atom); mm == "docs" {
		if dm := lib.Options["docs_manifest"]; isNilTerm(dm) {
			return nil, entryErr(written["module_mode"], "library %s: module_mode :docs needs a :docs_manifest", name)
		}
	}
	return lib, nil
}

// applyIdentity settles the names: module_name, python_name, pypi_package
// and extras.
func (l *Library) applyIdentity(written map[string]*elixir.Node, name string) error {
	l.PythonName = name
	if n := written["python_name"]; n != nil && !isNilTerm(n.Term) {
		s, ok := n.Term.(term.Binary)
		if !ok {
			return entryErr(n, "library %s: python_name must be a string, got %s", name, term.Inspect(n.Term))
		}
		l.PythonName = string(s)
	}
	moduleTerm := term.Term(term.Binary("Elixir." + elixir.Camelize(name)))
	if n := written["module_name"]; n != nil && !isNilTerm(n.Term) {
		s, err := elixirToString(n.Term)
		if err != nil {
			return entryErr(n, "library %s: module_name must be a module, got %s", name, term.Inspect(n.Term))
		}
		moduleTerm = term.Binary(s)
	}
	l.Options["module_name"] = moduleTerm
	l.Module = trimElixirPrefix(string(moduleTerm.(term.Binary)))
	if n := written["pypi_package"]; n != nil {
		if s, ok := n.Term.(term.Binary); ok {
			l.PypiPackage = string(s)
		}
	}
	if n := written["extras"]; n != nil && !isNilTerm(n.Term) {
		extras, err := normalizeList(n.Term)
		if err != nil {
			return entryErr(n, "library %s: extras: %v", name, err)
		}
		for _, e := range extras.(term.List) {
			l.Extras = append(l.Extras, string(e.(term.Binary)))
		}
	}
	return nil
}

// optionText renders a normalised option for messages.
func optionText(t term.Term) string {
	if t == nil {
		return "nil"
	}
	return term.Inspect(t)
}
