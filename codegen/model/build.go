package model

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// BuildOptions tune how entries are built.
type BuildOptions struct {
	// VariadicMaxArity is upstream's variadic_max_arity (0 means 8).
	VariadicMaxArity int
	// Exclude lists the library's exclude option: functions, attributes and
	// classes with these Python names are left out (FromModule only; for
	// generate: :used upstream applies exclude when choosing what to
	// introspect).
	Exclude []string
	// Existing is the manifest the entries will be merged into. Its symbol
	// modules reserve names that class-module suffixes avoid, its class
	// modules count as taken, and a class it already holds keeps its module
	// (upstream's existing_class_map). FromModule ignores Existing's entries
	// of the library being rebuilt, which upstream clears first.
	Existing *Manifest
	// SourceRoot, if set, makes source_file paths below it relative to it
	// (e.g. the project directory, so that a committed manifest does not
	// carry the path of one machine's checkout or venv). Other paths stay
	// absolute.
	SourceRoot string
}

// Issue is a non-fatal introspection finding, attributed to the Python
// module it concerns (upstream's :introspection_issue, reported in coverage
// reports).
type Issue struct {
	PythonModule string
	Detail       pyhelper.Issue
}

// builder carries the state of one build: naming options and the class
// modules taken so far.
type builder struct {
	lib         Library
	variadicMax int
	streaming   map[string]bool
	exclude     map[string]bool
	classMods   *classModules
	preferred   map[classKey]string
	sourceRoot  string
	// methods shares one entry between the classes that inherit the same
	// Python method: with class_method_scope :all, sympy's 1,356 classes
	// list 153,000 methods of which 10,000 are distinct, and building each
	// copy anew took 125 MB. Entries are read only once built.
	methods map[methodKey]*Method
}

// methodKey identifies what a method entry is built from: the introspected
// function, the name it has in the class, the Elixir name it gets, and the
// module whose docstring it falls back to (only when it has none itself).
type methodKey struct {
	fn                     *pyhelper.Function
	name, elixirName, docs string
}

// classKey identifies a class across runs (upstream's {python_module, class}).
type classKey struct{ pythonModule, class string }

func newBuilder(lib Library, opts BuildOptions) (*builder, error) {
	if lib.PythonName == "" || lib.Module == "" {
		return nil, fmt.Errorf("library %q (module %q): python name and Elixir module are required", lib.PythonName, lib.Module)
	}
	b := &builder{lib: lib, variadicMax: opts.VariadicMaxArity, streaming: set(lib.Streaming),
		exclude: set(opts.Exclude), classMods: newClassModules(), preferred: map[classKey]string{},
		sourceRoot: opts.SourceRoot, methods: map[methodKey]*Method{}}
	if b.variadicMax <= 0 {
		b.variadicMax = DefaultVariadicMaxArity
	}
	return b, nil
}

func set(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// seed records an existing manifest's names; skip filters out entries that
// are about to be rebuilt.
func (b *builder) seed(existing *Manifest, skip func(pythonModule string) bool) {
	if existing == nil {
		return
	}
	for _, s := range existing.Symbols {
		if s.Module != "" && !skip(s.PythonModule) {
			b.classMods.reserved[s.Module] = true
		}
	}
	for key, c := range existing.Classes {
		if skip(c.PythonModule) {
			continue
		}
		b.classMods.used[key] = true
		if c.PythonModule != "" && c.Class != "" {
			b.preferred[classKey{c.PythonModule, c.Class}] = key
		}
	}
}

// FromModule builds the manifest entries of a generate: :all library from a
// module introspection (upstream's update_manifest_from_module_introspection,
// compat §3.5 step 2): every namespace's functions and attributes (as
// call_type "module_attr" symbols), classes with their methods, and a module
// entry per namespace. The result holds this library's entries only and has
// no version; the caller removes the library's old entries
// (Manifest.RemoveLibrary) and merges these. Namespaces are processed in
// byte order of their names (upstream iterates an Elixir map: the same order
// for up to 32 namespaces, hash order beyond). Entries share strings,
// slices and type descriptions with res; neither is modified afterwards.
func FromModule(lib Library, res *pyhelper.ModuleResult, opts BuildOptions) (*Manifest, []Issue, error) {
	if res == nil {
		return nil, nil, fmt.Errorf("building %s: no introspection result", lib.PythonName)
	}
	b, err := newBuilder(lib, opts)
	if err != nil {
		return nil, nil, err
	}
	b.seed(opts.Existing, func(mod string) bool { return belongsTo(mod, lib.PythonName) })
	names := make([]string, 0, len(res.Namespaces))
	for name := range res.Namespaces {
		names = append(names, name)
	}
	sort.Strings(names)
	b.reserveNamespaces(res, names)

	out := New("")
	issues := moduleIssues(lib, res.Issues)
	for _, name := range names {
		ns := res.Namespaces[name]
		pyModule := b.namespaceModule(name)
		if err := b.addNamespace(out, pyModule, ns, res.Methods); err != nil {
			return nil, nil, fmt.Errorf("building %s: %w", pyModule, err)
		}
		for _, is := range ns.Issues {
			issues = append(issues, Issue{PythonModule: pyModule, Detail: is})
		}
	}
	b.addModuleEntries(out, res, names)
	return out, issues, nil
}

// moduleIssues attributes result-level issues to their module, else to the
// library's root module.
func moduleIssues(lib Library, found []pyhelper.Issue) []Issue {
	issues := make([]Issue, 0, len(found))
	for _, is := range found {
		mod := is.Module
		if mod == "" {
			mod = lib.PythonName
		}
		issues = append(issues, Issue{PythonModule: mod, Detail: is})
	}
	return issues
}

func (b *builder) namespaceModule(name string) string {
	if name == "" {
		return b.lib.PythonName
	}
	return b.lib.PythonName + "." + name
}

// reserveNamespaces reserves the wrapper module of every namespace with a
// visible function or attribute (upstream's reserved_modules_from_namespaces).
func (b *builder) reserveNamespaces(res *pyhelper.ModuleResult, names []string) {
	for _, name := range names {
		ns := res.Namespaces[name]
		if ns == nil {
			continue
		}
		visible := false
		for _, f := range ns.Functions {
			visible = visible || (f != nil && !b.exclude[f.Name])
		}
		for _, a := range ns.Attributes {
			visible = visible || (a != nil && !b.exclude[a.Name])
		}
		if visible {
			b.classMods.reserved[ModuleFor(b.lib, b.namespaceModule(name))] = true
		}
	}
}

// addNamespace adds one namespace's symbols and classes. Within the
// namespace the first of two symbols with the same key wins (upstream builds
// the list in reverse before Map.new); a later namespace overwrites.
func (b *builder) addNamespace(out *Manifest, pyModule string, ns *pyhelper.Namespace, methods map[string]*pyhelper.Function) error {
	if ns == nil {
		return fmt.Errorf("namespace is null")
	}
	local := map[string]*Symbol{}
	var order []string
	put := func(s *Symbol) {
		if _, dup := local[s.Key()]; !dup {
			local[s.Key()] = s
			order = append(order, s.Key())
		}
	}
	for _, f := range ns.Functions {
		if f != nil && !b.exclude[f.Name] {
			put(b.function(pyModule, f, ns.Docstring))
		}
	}
	for _, a := range ns.Attributes {
		if a != nil && !b.exclude[a.Name] {
			put(b.attribute(pyModule, a))
		}
	}
	for _, key := range order {
		out.Symbols[key] = local[key]
	}
	for _, c := range ns.Classes {
		if c == nil || b.exclude[c.Name] {
			continue
		}
		cls, err := b.class(pyModule, c, methods, ns.Docstring)
		if err != nil {
			return err
		}
		out.putClass(cls)
	}
	return nil
}

// function builds the symbol entry of a function (upstream's
// symbol_entry_for).
func (b *builder) function(pyModule string, f *pyhelper.Function, moduleDoc string) *Symbol {
	s := &Symbol{Module: ModuleFor(b.lib, pyModule), Function: f.Name, Name: FunctionName(f.Name),
		PythonModule: pyModule, Streaming: b.streaming[f.Name]}
	s.Signature = b.signature(f, moduleDoc)
	setArity(&s.Signature, b.variadicMax)
	return s
}

// attribute builds the symbol entry of a module attribute.
func (b *builder) attribute(pyModule string, a *pyhelper.Attribute) *Symbol {
	s := &Symbol{Module: ModuleFor(b.lib, pyModule), Function: a.Name, Name: FunctionName(a.Name),
		PythonModule: pyModule, Streaming: b.streaming[a.Name], CallType: callTypeModuleAttr}
	s.Signature = Signature{
		Parameters:         []pyhelper.Param{},
		ReturnType:         a.ReturnType,
		SignatureAvailable: true,
		SignatureSource:    a.SignatureSource,
		SignatureDetail:    a.SignatureDetail,
		Docstring:          StripAddresses(a.Docstring),
		DocSource:          a.DocSource,
		DocMissingReason:   a.DocMissingReason,
	}
	setAttributeArity(&s.Signature)
	return s
}

// signature copies the shared fields of a function or method, with the
// docstring upstream's introspector reports (the module docstring when the
// object has none) and memory addresses removed.
func (b *builder) signature(f *pyhelper.Function, moduleDoc string) Signature {
	params := normalizeParams(f.Parameters)
	doc, source, reason := legacyDoc(f.Docstring, f.DocSource, f.DocMissingReason, moduleDoc)
	return Signature{
		Parameters:             params,
		ReturnType:             f.ReturnType,
		SignatureAvailable:     f.SignatureAvailable,
		SignatureSource:        f.SignatureSource,
		SignatureDetail:        f.SignatureDetail,
		SignatureMissingReason: f.SignatureMissingReason,
		OverloadCount:          f.OverloadCount,
		Docstring:              StripAddresses(doc),
		DocSource:              source,
		DocMissingReason:       reason,
		SourceFile:             b.sourcePath(f.SourceFile),
		SourceLine:             f.SourceLine,
	}
}

// sourcePath makes path relative to the source root when it lies below it.
func (b *builder) sourcePath(path string) string {
	if b.sourceRoot == "" || path == "" {
		return path
	}
	rel, err := filepath.Rel(b.sourceRoot, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return path
	}
	return rel
}

// legacyDoc reproduces what upstream's introspector reports for an object
// without a docstring: the module docstring (doc_source "module"), or
// nothing (doc_source "empty"). Schema 3 does not repeat the module
// docstring; upstream's manifest does.
func legacyDoc(doc, source, reason, moduleDoc string) (string, string, string) {
	if doc != "" || (source != "module" && source != "empty") {
		return doc, source, reason
	}
	if moduleDoc != "" {
		return moduleDoc, "module", "runtime docstring missing"
	}
	return "", "empty", "docstring missing"
}

// class builds a class entry (upstream's class_entries_for) and claims its
// module.
func (b *builder) class(pyModule string, c *pyhelper.Class, methods map[string]*pyhelper.Function, moduleDoc string) (*Class, error) {
	doc, source, reason := legacyDoc(c.Docstring, c.DocSource, c.DocMissingReason, moduleDoc)
	cls := &Class{
		Module:           b.classModule(pyModule, c.Name),
		Class:            c.Name,
		PythonModule:     pyModule,
		Docstring:        StripAddresses(doc),
		DocSource:        source,
		DocMissingReason: reason,
		Methods:          []*Method{},
		Attributes:       append([]string{}, c.Attributes...),
		MethodsTruncated: c.MethodsTruncated,
		MethodScope:      c.MethodScope,
		SourceFile:       b.sourcePath(c.SourceFile),
		SourceLine:       c.SourceLine,
	}
	hasInit := false
	for _, ref := range c.Methods {
		hasInit = hasInit || ref.Name == "__init__"
	}
	for _, ref := range c.Methods {
		fn := ref.Function
		if fn == nil {
			fn = methods[ref.Ref]
		}
		if fn == nil {
			return nil, fmt.Errorf("class %s: method %s refers to unknown entry %q", c.Name, ref.Name, ref.Ref)
		}
		if m := b.method(ref.Name, fn, moduleDoc, hasInit); m != nil {
			cls.Methods = append(cls.Methods, m)
		}
	}
	return cls, nil
}

// classModule is the module for a class: the one the existing manifest
// records for it, else the derived one; then made unique.
func (b *builder) classModule(pyModule, className string) string {
	want, ok := b.preferred[classKey{pyModule, className}]
	if ok {
		delete(b.classMods.used, want)
	} else {
		want = ClassModuleFor(b.lib, pyModule, className)
	}
	return b.classMods.claim(want)
}

// method builds a method entry (upstream's class_method_entry), or nil for a
// dunder method without a wrapper. A Python method named "new" is called
// python_new when the class has __init__ (upstream renames it when
// rendering; we record the name the wrapper really has, so that the
// manifest's arity check sees the constructor and the method apart).
func (b *builder) method(name string, fn *pyhelper.Function, moduleDoc string, hasInit bool) *Method {
	elixirName, ok := MethodName(name)
	if !ok {
		return nil
	}
	if name == "new" && hasInit {
		elixirName = "python_new"
	}
	key := methodKey{fn: fn, name: name, elixirName: elixirName}
	if doc, _, _ := legacyDoc(fn.Docstring, fn.DocSource, fn.DocMissingReason, moduleDoc); doc != fn.Docstring {
		key.docs = moduleDoc
	}
	if m, ok := b.methods[key]; ok {
		return m
	}
	m := &Method{Name: name, ElixirName: elixirName, Signature: b.signature(fn, moduleDoc)}
	setArity(&m.Signature, b.variadicMax)
	if name != "__init__" {
		addRef(&m.Signature)
	}
	b.methods[key] = m
	return m
}

// addModuleEntries adds the root module entry (from the result, with
// module_version) and one per namespace; the root's wins over namespace "".
func (b *builder) addModuleEntries(out *Manifest, res *pyhelper.ModuleResult, names []string) {
	root := b.lib.PythonName
	out.Modules[root] = moduleEntry(root, res.Docstring, res.DocSource, res.DocMissingReason, res.ModuleVersion, "")
	for _, name := range names {
		mod := b.namespaceModule(name)
		if _, done := out.Modules[mod]; done {
			continue
		}
		ns := res.Namespaces[name]
		out.Modules[mod] = moduleEntry(mod, ns.Docstring, ns.DocSource, ns.DocMissingReason, "", ns.Error)
	}
}

// moduleEntry is upstream's module_entry_from_doc_info: an import error
// without docstring gives doc_source "error" with the error as reason; a
// missing doc_source is derived from the docstring.
func moduleEntry(pyModule, doc, source, reason, version, importErr string) *Module {
	if importErr != "" && doc == "" {
		source, reason = "error", importErr
	}
	if source == "" {
		if doc == "" {
			source = "empty"
			if reason == "" {
				reason = "docstring missing"
			}
		} else {
			source = "runtime"
		}
	}
	return &Module{PythonModule: pyModule, Docstring: StripAddresses(doc), DocSource: source,
		DocMissingReason: reason, ModuleVersion: version}
}

// FromModuleDocs builds module entries from a --module-docs result
// (upstream's step 5, compat §3.5: docstrings of referenced modules that
// have no entry yet).
func FromModuleDocs(docs []pyhelper.ModuleDoc) *Manifest {
	out := New("")
	for _, d := range docs {
		if d.Module == "" {
			continue
		}
		out.Modules[d.Module] = moduleEntry(d.Module, d.Docstring, d.DocSource, d.DocMissingReason, d.ModuleVersion, "")
	}
	return out
}
