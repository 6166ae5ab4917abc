package model

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// Decode reads a manifest: what Encode writes and older upstream manifests.
// Keys are normalised as upstream's Manifest.load does (lockfile.ParseManifest:
// "Elixir." prefixes stripped, class modules camelized). Missing fields are
// tolerated: a symbol without arity fields keeps the exact arity of its key
// (compat §4.2); a method without them gets the arities its parameters give
// (what upstream's generator renders); absent keyword-only lists are derived
// from the parameters. A field of the wrong JSON type is an error naming the
// file, line and column.
func Decode(path string, data []byte) (*Manifest, error) {
	b := NewBuilder(path)
	lm, err := lockfile.ReadManifest(path, bytes.NewReader(data), lockfile.ReadOptions{Visit: b.Visitor()})
	if err != nil {
		return nil, err
	}
	return b.Manifest(lm)
}

// FromParsed is Decode of a manifest lockfile.ParseManifest already read,
// with its nodes.
func FromParsed(path string, lm *lockfile.Manifest) (*Manifest, error) {
	b := NewBuilder(path)
	v := b.Visitor()
	for _, s := range lm.Symbols {
		v.Symbol(s)
	}
	for _, c := range lm.Classes {
		v.Class(c)
	}
	for _, e := range lm.Modules {
		v.Module(e)
	}
	return b.Manifest(lm)
}

// Builder is Decode fed by a lockfile.ManifestVisitor: each entry is
// converted while its node is at hand, so that a reader of the manifest
// (generation's previous manifest, read once with the check's lean
// entries) never holds the whole document. A later visit of a key
// replaces the earlier one, as the visitor's rules say; a conversion
// error counts only when its entry is the one kept.
type Builder struct {
	path    string
	symbols map[string]converted[*Symbol]
	classes map[string]converted[*Class] // by lockfile's key, before stripElixir
	modules map[string]converted[*Module]
	// methods interns equal methods: a class lists every method it
	// inherits, so sympy's explicit manifest repeats its 153k method
	// entries from a few thousand distinct ones. Generation shares them
	// the same way (entries are never changed in place, see Members).
	methods map[methodBucket][]*Method
}

// methodBucket buckets methods that may be equal; equality is decided by
// reflect.DeepEqual within a bucket.
type methodBucket struct {
	name, elixirName, sourceFile string
	sourceLine, params           int
	docLen                       int
}

// converted is an entry's conversion and its first type error.
type converted[T any] struct {
	v   T
	err *lockfile.Error
}

// NewBuilder returns a Builder for the manifest at path (named in errors).
func NewBuilder(path string) *Builder {
	return &Builder{path: path, symbols: map[string]converted[*Symbol]{},
		classes: map[string]converted[*Class]{}, modules: map[string]converted[*Module]{}, methods: map[methodBucket][]*Method{}}
}

// intern returns the method equal to m seen before, or m.
func (b *Builder) intern(m *Method) *Method {
	k := methodBucket{name: m.Name, elixirName: m.ElixirName, sourceFile: m.SourceFile,
		sourceLine: m.SourceLine, params: len(m.Parameters), docLen: len(m.Docstring)}
	for _, seen := range b.methods[k] {
		if reflect.DeepEqual(seen, m) {
			return seen
		}
	}
	b.methods[k] = append(b.methods[k], m)
	return m
}

// Visitor returns the visitor that feeds b; its calls must not overlap.
func (b *Builder) Visitor() lockfile.ManifestVisitor {
	return lockfile.ManifestVisitor{
		Symbol: func(s *lockfile.Symbol) {
			r := &reader{file: b.path}
			b.symbols[s.Key] = converted[*Symbol]{r.symbol(s.Key, s), r.err}
		},
		Class: func(c *lockfile.Class) {
			r := &reader{file: b.path}
			class := r.class(stripElixir(c.Key), c)
			for i, m := range class.Methods {
				class.Methods[i] = b.intern(m)
			}
			b.classes[c.Key] = converted[*Class]{class, r.err}
		},
		Module: func(e *lockfile.ModuleEntry) {
			r := &reader{file: b.path}
			b.modules[e.Key] = converted[*Module]{r.module(e.Key, e), r.err}
		},
	}
}

// Manifest returns the manifest built from the visits of a read that
// returned lm, or the first conversion error (symbols, classes, modules,
// each in key order). lm is authoritative: it gives the version, and an
// entry visited but not in it (taken back by a later occurrence of its
// key) is dropped, its error with it.
func (b *Builder) Manifest(lm *lockfile.Manifest) (*Manifest, error) {
	symbols, classes, modules := kept(b.symbols, lm.Symbols), kept(b.classes, lm.Classes), kept(b.modules, lm.Modules)
	for _, key := range slices.Sorted(maps.Keys(symbols)) {
		if err := symbols[key].err; err != nil {
			return nil, err
		}
	}
	for _, key := range slices.Sorted(maps.Keys(classes)) {
		if err := classes[key].err; err != nil {
			return nil, err
		}
	}
	for _, key := range slices.Sorted(maps.Keys(modules)) {
		if err := modules[key].err; err != nil {
			return nil, err
		}
	}
	m := New(lm.Version.Value)
	for key, c := range symbols {
		m.Symbols[key] = c.v
	}
	// Keys that strip alike: the later one in byte order wins.
	for _, key := range slices.Sorted(maps.Keys(classes)) {
		m.Classes[stripElixir(key)] = classes[key].v
	}
	for key, c := range modules {
		m.Modules[key] = c.v
	}
	return m, nil
}

// kept is the part of built whose keys the read's result has.
func kept[T any, E any](built map[string]converted[T], result map[string]E) map[string]converted[T] {
	out := make(map[string]converted[T], len(result))
	for key, c := range built {
		if _, ok := result[key]; ok {
			out[key] = c
		}
	}
	return out
}

// reader extracts the fields lockfile does not type, remembering the first
// type error.
type reader struct {
	file string
	err  *lockfile.Error
}

func (r *reader) wrong(n *lockfile.Node, path, want string) {
	if r.err == nil {
		r.err = &lockfile.Error{File: r.file, Range: n.Range, Msg: fmt.Sprintf("%s: expected %s", path, want)}
	}
}

func (r *reader) str(obj *lockfile.Node, key, path string) string {
	n := obj.Get(key)
	switch {
	case n == nil || n.Kind == lockfile.KindNull:
		return ""
	case n.Kind == lockfile.KindString:
		return n.Str
	}
	r.wrong(n, path+"."+key, "a string or null")
	return ""
}

func (r *reader) integer(obj *lockfile.Node, key, path string) (int, bool) {
	n := obj.Get(key)
	switch {
	case n == nil || n.Kind == lockfile.KindNull:
		return 0, false
	case n.Kind == lockfile.KindNumber:
		if v, err := strconv.Atoi(n.Str); err == nil {
			return v, true
		}
	}
	r.wrong(n, path+"."+key, "an integer or null")
	return 0, false
}

// strList reads a list of strings; absent or null gives nil. A single
// string is accepted too (scalar reports it): upstream's stubs write
// signature_missing_reason that way.
func (r *reader) strList(obj *lockfile.Node, key, path string) (list []string, present, scalar bool) {
	n := obj.Get(key)
	switch {
	case n == nil || n.Kind == lockfile.KindNull:
		return nil, n != nil, false
	case n.Kind == lockfile.KindString:
		return []string{n.Str}, true, true
	case n.Kind != lockfile.KindArray:
		r.wrong(n, path+"."+key, "an array of strings or null")
		return nil, false, false
	}
	list = make([]string, 0, len(n.Elems))
	for i, e := range n.Elems {
		if e.Kind != lockfile.KindString {
			r.wrong(e, fmt.Sprintf("%s.%s[%d]", path, key, i), "a string")
			return nil, false, false
		}
		list = append(list, e.Str)
	}
	return list, true, false
}

func (r *reader) params(obj *lockfile.Node, path string) []pyhelper.Param {
	n := obj.Get("parameters")
	if n == nil || n.Kind == lockfile.KindNull {
		return []pyhelper.Param{}
	}
	if n.Kind != lockfile.KindArray {
		r.wrong(n, path+".parameters", "an array of parameters or null")
		return []pyhelper.Param{}
	}
	out := make([]pyhelper.Param, 0, len(n.Elems))
	for i, e := range n.Elems {
		p := fmt.Sprintf("%s.parameters[%d]", path, i)
		if e.Kind != lockfile.KindObject {
			r.wrong(e, p, "an object")
			break
		}
		param := pyhelper.Param{Name: r.str(e, "name", p), Kind: r.str(e, "kind", p), Type: r.typeDict(e.Get("type"), p+".type")}
		param.Default = r.optStr(e, "default", p)
		param.Annotation = r.optStr(e, "annotation", p)
		out = append(out, param)
	}
	return out
}

func (r *reader) optStr(obj *lockfile.Node, key, path string) *string {
	n := obj.Get(key)
	if n == nil || n.Kind == lockfile.KindNull {
		return nil
	}
	s := r.str(obj, key, path)
	return &s
}

// typeDict reads a TypeDict; absent or null gives the zero value.
func (r *reader) typeDict(n *lockfile.Node, path string) pyhelper.TypeDict {
	if n == nil || n.Kind == lockfile.KindNull {
		return pyhelper.TypeDict{}
	}
	if n.Kind != lockfile.KindObject {
		r.wrong(n, path, "a type object or null")
		return pyhelper.TypeDict{}
	}
	ptr := func(key string) *pyhelper.TypeDict {
		e := n.Get(key)
		if e == nil || e.Kind == lockfile.KindNull {
			return nil
		}
		t := r.typeDict(e, path+"."+key)
		return &t
	}
	list := func(key string) []pyhelper.TypeDict {
		e := n.Get(key)
		if e == nil || e.Kind == lockfile.KindNull || (e.Kind == lockfile.KindArray && len(e.Elems) == 0) {
			return nil // Encode leaves empty lists out
		}
		if e.Kind != lockfile.KindArray {
			r.wrong(e, path+"."+key, "an array of type objects")
			return nil
		}
		out := make([]pyhelper.TypeDict, len(e.Elems))
		for i, el := range e.Elems {
			out[i] = r.typeDict(el, fmt.Sprintf("%s.%s[%d]", path, key, i))
		}
		return out
	}
	return pyhelper.TypeDict{
		Type: r.str(n, "type", path), ElementType: ptr("element_type"), KeyType: ptr("key_type"),
		ValueType: ptr("value_type"), ElementTypes: list("element_types"), InnerType: ptr("inner_type"),
		Types: list("types"), Origin: r.str(n, "origin", path), Args: list("args"),
		Name: r.str(n, "name", path), Module: r.str(n, "module", path), Raw: r.str(n, "raw", path),
	}
}

// signature reads the fields functions and methods share, except arities.
func (r *reader) signature(n *lockfile.Node, path string) Signature {
	sig := Signature{
		Parameters:       r.params(n, path),
		ReturnType:       r.typeDict(n.Get("return_type"), path+".return_type"),
		SignatureSource:  r.str(n, "signature_source", path),
		SignatureDetail:  r.str(n, "signature_detail", path),
		Docstring:        r.str(n, "docstring", path),
		DocSource:        r.str(n, "doc_source", path),
		DocMissingReason: r.str(n, "doc_missing_reason", path),
		SourceFile:       r.str(n, "source_file", path),
	}
	// Upstream reads Map.get(info, "signature_available", true).
	sig.SignatureAvailable = r.boolean(n, "signature_available", path, true)
	sig.SignatureMissingReason, _, sig.MissingReasonScalar = r.strList(n, "signature_missing_reason", path)
	if v, ok := r.integer(n, "overload_count", path); ok {
		sig.OverloadCount = &v
	}
	sig.SourceLine, _ = r.integer(n, "source_line", path)
	derived := Signature{Parameters: sig.Parameters, SignatureAvailable: true}
	setArity(&derived, DefaultVariadicMaxArity)
	sig.HasVarPositional = r.boolean(n, "has_var_positional", path, derived.HasVarPositional)
	sig.HasVarKeyword = r.boolean(n, "has_var_keyword", path, derived.HasVarKeyword)
	return sig
}

// keywordLists reads the keyword-only lists, deriving absent ones from the
// parameters.
func (r *reader) keywordLists(sig *Signature, n *lockfile.Node, path string) {
	derived := Signature{Parameters: sig.Parameters, SignatureAvailable: true}
	setArity(&derived, DefaultVariadicMaxArity)
	var present bool
	if sig.RequiredKeywordOnly, present, _ = r.strList(n, "required_keyword_only", path); !present || sig.RequiredKeywordOnly == nil {
		sig.RequiredKeywordOnly = derived.RequiredKeywordOnly
	}
	if sig.OptionalKeywordOnly, present, _ = r.strList(n, "optional_keyword_only", path); !present || sig.OptionalKeywordOnly == nil {
		sig.OptionalKeywordOnly = derived.OptionalKeywordOnly
	}
}

// boolean reads a boolean; absent or null gives fallback.
func (r *reader) boolean(obj *lockfile.Node, key, path string, fallback bool) bool {
	n := obj.Get(key)
	switch {
	case n == nil || n.Kind == lockfile.KindNull:
		return fallback
	case n.Kind == lockfile.KindBool:
		return n.Bool
	}
	r.wrong(n, path+"."+key, "a boolean or null")
	return fallback
}

func (r *reader) symbol(key string, ls *lockfile.Symbol) *Symbol {
	path := "symbols[" + strconv.Quote(key) + "]"
	keyModule, keyName := splitSymbolKey(key)
	s := &Symbol{
		Module:       firstValid(ls.Module, keyModule),
		Function:     firstValid(ls.Function, firstValid(ls.PythonName, keyName)),
		Name:         firstValid(ls.Name, firstValid(ls.ElixirName, keyName)),
		PythonModule: ls.PythonModule.Value,
		Streaming:    ls.Streaming.Value,
		CallType:     ls.CallType.Value,
		Signature:    r.signature(ls.Node, path),
	}
	r.keywordLists(&s.Signature, ls.Node, path)
	keyArity := ls.KeyArity.Value
	s.RequiredArity = optInt(ls.RequiredArity, keyArity)
	s.MinimumArity = optInt(ls.MinimumArity, s.RequiredArity)
	switch {
	case ls.MaximumArity.Valid():
		s.MaximumArity = Arity{N: ls.MaximumArity.Value.N, Unbounded: ls.MaximumArity.Value.Unbounded}
	case s.HasVarPositional:
		s.MaximumArity = Arity{Unbounded: true}
	default:
		// Upstream matches entries without maximum_arity exactly by the
		// arity in their key.
		s.MaximumArity = Arity{N: keyArity}
	}
	return s
}

// stripElixir removes what is left of "Elixir." prefixes after lockfile's
// normalisation: it strips one prefix, then camelizes, so "elixir.a.B"
// reads as "Elixir.A.B"; stripping again makes Decode(Encode(m)) stable
// (on such keys the later one in byte order wins).
func stripElixir(name string) string {
	for {
		rest, ok := strings.CutPrefix(name, "Elixir.")
		if !ok || rest == "" {
			return name
		}
		name = rest
	}
}

// splitSymbolKey splits "<Module>.<name>/<arity>" into module and name.
func splitSymbolKey(key string) (module, name string) {
	if slash := strings.LastIndexByte(key, '/'); slash >= 0 {
		key = key[:slash]
	}
	if dot := strings.LastIndexByte(key, '.'); dot >= 0 {
		return key[:dot], key[dot+1:]
	}
	return "", key
}

func firstValid(o lockfile.Opt[string], fallback string) string {
	if o.Valid() && o.Value != "" {
		return o.Value
	}
	return fallback
}

func optInt(o lockfile.Opt[int], fallback int) int {
	if o.Valid() {
		return o.Value
	}
	return fallback
}

func (r *reader) class(key string, lc *lockfile.Class) *Class {
	path := "classes[" + strconv.Quote(key) + "]"
	n := lc.Node
	c := &Class{
		Module:           stripElixir(firstValid(lc.Module, key)),
		Class:            firstValid(lc.Class, r.str(n, "name", path)),
		PythonModule:     lc.PythonModule.Value,
		Docstring:        lc.Docstring.Value,
		DocSource:        r.str(n, "doc_source", path),
		DocMissingReason: r.str(n, "doc_missing_reason", path),
		Methods:          make([]*Method, 0, len(lc.Methods)),
		Attributes:       append([]string{}, lc.Attributes.Value...),
		MethodsTruncated: lc.MethodsTruncated.Value,
		MethodScope:      lc.MethodScope.Value,
		SourceFile:       r.str(n, "source_file", path),
	}
	c.SourceLine, _ = r.integer(n, "source_line", path)
	hasInit := false
	for _, lm := range lc.Methods {
		hasInit = hasInit || firstValid(lm.Name, lm.PythonName.Value) == "__init__"
	}
	for i, lm := range lc.Methods {
		c.Methods = append(c.Methods, r.method(lm, fmt.Sprintf("%s.methods[%d]", path, i), hasInit))
	}
	return c
}

func (r *reader) method(lm lockfile.Method, path string, hasInit bool) *Method {
	name := firstValid(lm.PythonName, lm.Name.Value)
	m := &Method{Name: name, ElixirName: lm.ElixirName.Value, Signature: r.signature(lm.Node, path)}
	if m.ElixirName == "" {
		m.ElixirName, _ = MethodName(name)
		if name == "new" && hasInit {
			m.ElixirName = "python_new"
		}
	}
	r.keywordLists(&m.Signature, lm.Node, path)
	derived := Signature{Parameters: m.Parameters, SignatureAvailable: m.SignatureAvailable}
	setArity(&derived, DefaultVariadicMaxArity)
	if name != "__init__" {
		addRef(&derived)
	}
	m.RequiredArity = optInt(lm.RequiredArity, derived.RequiredArity)
	m.MinimumArity = optInt(lm.MinimumArity, m.RequiredArity)
	m.MaximumArity = derived.MaximumArity
	if lm.MaximumArity.Valid() {
		m.MaximumArity = Arity{N: lm.MaximumArity.Value.N, Unbounded: lm.MaximumArity.Value.Unbounded}
	}
	return m
}

func (r *reader) module(key string, le *lockfile.ModuleEntry) *Module {
	path := "modules[" + strconv.Quote(key) + "]"
	return &Module{
		PythonModule:     firstValid(le.PythonModule, key),
		Docstring:        le.Docstring.Value,
		DocSource:        le.DocSource.Value,
		DocMissingReason: r.str(le.Node, "doc_missing_reason", path),
		ModuleVersion:    le.ModuleVersion.Value,
	}
}
