package lockfile

import (
	"sort"
	"strconv"
	"strings"
)

// Manifest is a parsed .snakebridge/manifest.json (compat §4), normalised on
// load as upstream's Manifest.load does.
type Manifest struct {
	// Path is the file name given to ParseManifest.
	Path    string
	Version Opt[string]
	// Symbols is keyed by normalised key "<Module>.<elixir_name>/<arity>".
	Symbols map[string]*Symbol
	// Classes is keyed by normalised class module ("Numpy.Ndarray").
	Classes map[string]*Class
	// Modules is keyed by dotted Python module name.
	Modules map[string]*ModuleEntry
	// Raw is the document as written (keys not normalised).
	Raw *Node

	byFunction map[string][]*Symbol // "<Module>.<fun>" → symbols, for Supports
	byModule   map[string]*Class    // class key, then class module field
}

// Symbol is a manifest function or module-attribute entry. Older manifests
// lack most fields; they read as absent.
type Symbol struct {
	// Key is the normalised symbol key; KeyArity the number after its last
	// '/' (absent when that is not a number).
	Key      string
	KeyArity Opt[int]

	Module          Opt[string]
	Function        Opt[string]
	Name            Opt[string]
	ElixirName      Opt[string]
	PythonName      Opt[string]
	PythonModule    Opt[string]
	Docstring       Opt[string]
	CallType        Opt[string]
	SignatureSource Opt[string]
	DocSource       Opt[string]

	Streaming          Opt[bool]
	SignatureAvailable Opt[bool]
	HasVarPositional   Opt[bool]
	HasVarKeyword      Opt[bool]

	RequiredArity Opt[int]
	MinimumArity  Opt[int]
	MaximumArity  Opt[Arity]

	// Node is the entry as parsed (parameters, return_type, … and ranges).
	Node *Node
}

// Class is a manifest class entry.
type Class struct {
	// Key is the normalised class key.
	Key string
	// Module is the "module" field, normalised like the key.
	Module           Opt[string]
	Class            Opt[string]
	PythonModule     Opt[string]
	Docstring        Opt[string]
	MethodScope      Opt[string]
	MethodsTruncated Opt[bool]
	Attributes       Opt[[]string]
	Methods          []Method
	Node             *Node
}

// Method is a class method entry.
type Method struct {
	Name             Opt[string]
	PythonName       Opt[string]
	ElixirName       Opt[string]
	RequiredArity    Opt[int]
	MinimumArity     Opt[int]
	MaximumArity     Opt[Arity]
	HasVarPositional Opt[bool]
	Node             *Node
}

// ModuleEntry is a manifest module entry.
type ModuleEntry struct {
	Key           string
	PythonModule  Opt[string]
	Docstring     Opt[string]
	DocSource     Opt[string]
	ModuleVersion Opt[string]
	Node          *Node
}

// ParseManifest parses a manifest. Normalisation (compat §4.1): an "Elixir."
// prefix is stripped from symbol keys (when both spellings of a key exist the
// un-prefixed entry wins, as upstream's Map.put_new does); class keys and
// class "module" fields are stripped of "Elixir." and each dot segment is
// camelized (when two class keys normalise alike, the later one in byte order
// of the original keys wins). A field of the wrong JSON type is an *Error.
func ParseManifest(path string, data []byte) (*Manifest, error) {
	return parseManifest(path, data, limits{depth: MaxDepth, size: MaxSize})
}

// Fields a lean ReadManifest validates but does not keep: most of a
// manifest's bytes and nodes, and nothing a check reads. Docstrings stay as
// empty strings, since the reader checks their type; the others, which no
// reader of this package looks at, are left out.
var (
	hollowFields = map[string]bool{"docstring": true}
	unreadFields = map[string]bool{
		"parameters": true, "return_type": true, "return_annotation": true,
		"doc_missing_reason": true, "signature_detail": true, "signature_missing_reason": true,
		"optional_keyword_only": true, "required_keyword_only": true, "overload_count": true,
		"source_file": true, "source_line": true,
	}
)

func parseManifest(path string, data []byte, lim limits) (*Manifest, error) {
	root, perr := parseJSON(path, data, lim)
	if perr != nil {
		return nil, perr
	}
	r := &fieldReader{file: path}
	if !r.root(root, "a manifest") {
		return nil, r.err
	}
	m := &Manifest{
		Path:    path,
		Raw:     root,
		Version: r.str(root, "version", pathOf("version")),
		Symbols: r.symbols(root),
		Classes: r.classes(root),
		Modules: r.modules(root),
	}
	if err := r.errOrNil(); err != nil {
		return nil, err
	}
	m.index()
	return m, nil
}

// Range returns the range of the value at path in the raw document (keys as
// written, not normalised); see Node.PathRange for absent fields.
func (m *Manifest) Range(path ...string) (Range, bool) { return m.Raw.PathRange(path...) }

// normalizeSymbolKey strips "Elixir." when at least a module and a function
// part remain, like upstream's normalize_symbol_key.
func normalizeSymbolKey(key string) string {
	rest, ok := strings.CutPrefix(key, "Elixir.")
	if ok && strings.Contains(rest, ".") {
		return rest
	}
	return key
}

// normalizeClassModule strips "Elixir." and camelizes each dot segment.
func normalizeClassModule(name string) string {
	segs := strings.Split(strings.TrimPrefix(name, "Elixir."), ".")
	for i, s := range segs {
		segs[i] = camelize(s)
	}
	return strings.Join(segs, ".")
}

func (r *fieldReader) symbols(root *Node) map[string]*Symbol {
	syms := r.object(root, "symbols", pathOf("symbols"))
	out := map[string]*Symbol{}
	if syms == nil {
		return out
	}
	for _, mem := range syms.Members {
		s := r.symbol(mem)
		if s == nil {
			continue
		}
		if _, taken := out[s.Key]; taken && s.Key != mem.Key {
			continue // the un-prefixed spelling wins
		}
		out[s.Key] = s
	}
	return out
}

func (r *fieldReader) symbol(mem Member) *Symbol {
	p := fieldPath("symbols", mem.Key)
	n := r.asObject(mem.Value, pathOf(p))
	if n == nil {
		return nil
	}
	f := func(key string) fieldRef { return field(p, key) }
	s := &Symbol{
		Key:                normalizeSymbolKey(mem.Key),
		Module:             r.str(n, "module", f("module")),
		Function:           r.str(n, "function", f("function")),
		Name:               r.str(n, "name", f("name")),
		ElixirName:         r.str(n, "elixir_name", f("elixir_name")),
		PythonName:         r.str(n, "python_name", f("python_name")),
		PythonModule:       r.str(n, "python_module", f("python_module")),
		Docstring:          r.str(n, "docstring", f("docstring")),
		CallType:           r.str(n, "call_type", f("call_type")),
		SignatureSource:    r.str(n, "signature_source", f("signature_source")),
		DocSource:          r.str(n, "doc_source", f("doc_source")),
		Streaming:          r.boolean(n, "streaming", f("streaming")),
		SignatureAvailable: r.boolean(n, "signature_available", f("signature_available")),
		HasVarPositional:   r.boolean(n, "has_var_positional", f("has_var_positional")),
		HasVarKeyword:      r.boolean(n, "has_var_keyword", f("has_var_keyword")),
		RequiredArity:      r.integer(n, "required_arity", f("required_arity")),
		MinimumArity:       r.integer(n, "minimum_arity", f("minimum_arity")),
		MaximumArity:       r.arity(n, "maximum_arity", f("maximum_arity")),
		Node:               n,
	}
	if slash := strings.LastIndexByte(s.Key, '/'); slash >= 0 {
		if a, err := strconv.Atoi(s.Key[slash+1:]); err == nil && a >= 0 {
			s.KeyArity = Opt[int]{Value: a, Present: true}
		}
	}
	return s
}

func (r *fieldReader) classes(root *Node) map[string]*Class {
	cls := r.object(root, "classes", pathOf("classes"))
	out := map[string]*Class{}
	if cls == nil {
		return out
	}
	members := append([]Member(nil), cls.Members...)
	sort.SliceStable(members, func(i, j int) bool { return members[i].Key < members[j].Key })
	for _, mem := range members {
		if c := r.class(mem); c != nil {
			out[c.Key] = c
		}
	}
	return out
}

func (r *fieldReader) class(mem Member) *Class {
	p := fieldPath("classes", mem.Key)
	n := r.asObject(mem.Value, pathOf(p))
	if n == nil {
		return nil
	}
	f := func(key string) fieldRef { return field(p, key) }
	c := &Class{
		Key:              normalizeClassModule(mem.Key),
		Module:           r.str(n, "module", f("module")),
		Class:            r.str(n, "class", f("class")),
		PythonModule:     r.str(n, "python_module", f("python_module")),
		Docstring:        r.str(n, "docstring", f("docstring")),
		MethodScope:      r.str(n, "method_scope", f("method_scope")),
		MethodsTruncated: r.boolean(n, "methods_truncated", f("methods_truncated")),
		Attributes:       r.strings(n, "attributes", f("attributes")),
		Node:             n,
	}
	if c.Module.Valid() {
		c.Module.Value = normalizeClassModule(c.Module.Value)
	}
	methods := n.Get("methods")
	switch {
	case methods == nil || methods.Kind == KindNull:
	case methods.Kind != KindArray:
		r.wrongType(methods, f("methods"), "an array of objects or null")
	default:
		if len(methods.Elems) > 0 {
			// Exactly sized: sympy's classes hold 150,000 methods.
			c.Methods = make([]Method, 0, len(methods.Elems))
		}
		methodsPath := fieldPath(p, "methods")
		for i, e := range methods.Elems {
			mp := indexPath(methodsPath, i)
			if e.Kind != KindObject {
				r.wrongType(e, pathOf(mp), "an object")
				break
			}
			c.Methods = append(c.Methods, Method{
				Name:             r.str(e, "name", field(mp, "name")),
				PythonName:       r.str(e, "python_name", field(mp, "python_name")),
				ElixirName:       r.str(e, "elixir_name", field(mp, "elixir_name")),
				RequiredArity:    r.integer(e, "required_arity", field(mp, "required_arity")),
				MinimumArity:     r.integer(e, "minimum_arity", field(mp, "minimum_arity")),
				MaximumArity:     r.arity(e, "maximum_arity", field(mp, "maximum_arity")),
				HasVarPositional: r.boolean(e, "has_var_positional", field(mp, "has_var_positional")),
				Node:             e,
			})
		}
	}
	return c
}

func (r *fieldReader) modules(root *Node) map[string]*ModuleEntry {
	mods := r.object(root, "modules", pathOf("modules"))
	out := map[string]*ModuleEntry{}
	if mods == nil {
		return out
	}
	for _, mem := range mods.Members {
		if e := r.module(mem); e != nil {
			out[mem.Key] = e
		}
	}
	return out
}

func (r *fieldReader) module(mem Member) *ModuleEntry {
	p := fieldPath("modules", mem.Key)
	n := r.asObject(mem.Value, pathOf(p))
	if n == nil {
		return nil
	}
	return &ModuleEntry{
		Key:           mem.Key,
		PythonModule:  r.str(n, "python_module", field(p, "python_module")),
		Docstring:     r.str(n, "docstring", field(p, "docstring")),
		DocSource:     r.str(n, "doc_source", field(p, "doc_source")),
		ModuleVersion: r.str(n, "module_version", field(p, "module_version")),
		Node:          n,
	}
}
