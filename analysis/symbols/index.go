package symbols

import (
	"math/bits"
	"os"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
)

// Index is the symbol index of one project; see the package comment.
type Index struct {
	// modules are sorted by Name.
	modules   []*Module
	libraries []*Library
	// manifest is the file docstrings are read from, and manifestInfo and
	// registryInfo the versions the index was built from (nil when the
	// file was absent).
	manifest     string
	manifestInfo os.FileInfo
	// strs is the string table (strs[0] is ""), params every function's
	// parameters, wide the generated arities of 64 and above (rare enough
	// for a map) by "Module.name".
	strs         []string
	params       []param
	wide         map[string][]int
	registryPath string
	registryInfo os.FileInfo
}

// Library is a configured library the registry records.
type Library struct {
	// Name is the Python name (the python_deps key, "numpy").
	Name string
	// Module is the root Elixir module ("Numpy").
	Module string
	// PythonModule is the root Python module.
	PythonModule string
	// Generate is the generate option as written in the registry's
	// options: ":all", ":used" or "" when unknown.
	Generate string
	// Version is the installed version the introspection saw (the root
	// module's __version__), else the registry's python_version ("stdlib"
	// for standard library modules), else "".
	Version string
	// Functions is the number of functions the registry's stats record,
	// else the number of module-level functions indexed.
	Functions int
}

// Location is a place in a file: an absolute path and a 1-based line
// (0 when only the file is known).
type Location struct {
	File string
	Line int
}

// Module is a generated Elixir module: a library's root module, a
// submodule, or a class module.
type Module struct {
	// Name is the Elixir name ("Numpy.Linalg"), PythonModule the Python
	// module ("numpy.linalg"); for a class module PythonModule is the
	// module defining the class and PythonClass its name.
	Name         string
	PythonModule string
	PythonClass  string
	Library      *Library
	Class        bool
	// Functions are sorted by Name; one per Elixir name.
	Functions []Function
	// Def is the generated defmodule; Source the Python definition of a
	// class (modules have none).
	Def, Source Location

	ix  *Index
	doc span
}

// Kind is the kind of a Python parameter.
type Kind uint8

// The parameter kinds of inspect.Parameter.
const (
	PositionalOnly Kind = iota + 1
	PositionalOrKeyword
	VarPositional
	KeywordOnly
	VarKeyword
)

var kindNames = [...]string{"", "positional_only", "positional_or_keyword", "var_positional", "keyword_only", "var_keyword"}

// String is the lower-case name of the kind ("keyword_only").
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return ""
}

// Param is one Python parameter.
type Param struct {
	Name string
	// Default is the default's text ("None", "..."); HasDefault tells an
	// empty-text default from none.
	Default    string
	Annotation string
	Kind       Kind
	HasDefault bool
}

// Keyword reports whether the parameter can be passed as a keyword in an
// Elixir opts list.
func (p Param) Keyword() bool { return p.Kind == PositionalOrKeyword || p.Kind == KeywordOnly }

// Function is a generated Elixir function: a module function or a class
// method (its Elixir name "new" for __init__). It is stored compactly (an
// index of numpy and sympy holds 50,000 of them): what is not a field is a
// method.
type Function struct {
	// Name is the Elixir name.
	Name   string
	Module *Module

	pyName, sigSource, retAnn uint32 // string table indices
	params                    uint32 // first Param in Index.params
	nParams                   uint16
	flags                     uint8
	def, source               loc
	arities                   uint64 // bit n: arity n is generated (n < 64)
	doc                       span
}

const (
	flagVarPositional uint8 = 1 << iota
	flagVarKeyword
	flagAttribute
)

// loc is a Location with the file in the string table.
type loc struct{ file, line uint32 }

// param is a Param with its strings in the string table.
type param struct {
	name, def, ann uint32
	kind           Kind
	hasDefault     bool
}

// span is a JSON string value in the manifest file: its bytes from the
// opening to past the closing quote. A zero span is no docstring.
type span struct{ off, n uint32 }

func (f *Function) ix() *Index { return f.Module.ix }

// PythonName is the Python name ("__init__" for "new").
func (f *Function) PythonName() string { return f.ix().strs[f.pyName] }

// SignatureSource is where the signature came from: "runtime",
// "text_signature", "runtime_hints", "stub", "variadic" (the fallback for
// functions without a signature), or "".
func (f *Function) SignatureSource() string { return f.ix().strs[f.sigSource] }

// ReturnAnnotation is the Python return annotation, "" when none.
func (f *Function) ReturnAnnotation() string { return f.ix().strs[f.retAnn] }

// VarPositional reports whether the Python function takes *args.
func (f *Function) VarPositional() bool { return f.flags&flagVarPositional != 0 }

// VarKeyword reports whether the Python function takes **kwargs.
func (f *Function) VarKeyword() bool { return f.flags&flagVarKeyword != 0 }

// Attribute reports whether the function is a module attribute's
// zero-arity accessor.
func (f *Function) Attribute() bool { return f.flags&flagAttribute != 0 }

// Def is the first generated def head of the function.
func (f *Function) Def() Location { return f.ix().location(f.def) }

// Source is the Python definition recorded at introspection (File ""
// when unknown).
func (f *Function) Source() Location { return f.ix().location(f.source) }

func (ix *Index) location(l loc) Location {
	return Location{File: ix.strs[l.file], Line: int(l.line)}
}

// NumParams is the number of Python parameters (self excluded).
func (f *Function) NumParams() int { return int(f.nParams) }

// Param returns the i-th Python parameter (0 ≤ i < NumParams).
func (f *Function) Param(i int) Param {
	ix := f.ix()
	p := ix.params[int(f.params)+i]
	return Param{Name: ix.strs[p.name], Default: ix.strs[p.def], Annotation: ix.strs[p.ann], Kind: p.kind, HasDefault: p.hasDefault}
}

// Params returns the Python parameters in order (self excluded), a new
// slice on each call.
func (f *Function) Params() []Param {
	out := make([]Param, f.nParams)
	for i := range out {
		out[i] = f.Param(i)
	}
	return out
}

// Arities returns the generated Elixir arities, ascending.
func (f *Function) Arities() []int {
	out := make([]int, 0, bits.OnesCount64(f.arities))
	for a := f.arities; a != 0; a &= a - 1 {
		out = append(out, bits.TrailingZeros64(a))
	}
	return append(out, f.wideArities()...)
}

// wideArities are the generated arities of 64 and above.
func (f *Function) wideArities() []int {
	if ix := f.ix(); len(ix.wide) > 0 {
		return ix.wide[f.key()]
	}
	return nil
}

// Accepts reports whether a generated clause takes arity n.
func (f *Function) Accepts(n int) bool {
	if n >= 0 && n < 64 {
		return f.arities&(1<<n) != 0
	}
	for _, a := range f.wideArities() {
		if a == n {
			return true
		}
	}
	return false
}

// Generated reports whether any wrapper clause was found for the function.
func (f *Function) Generated() bool { return f.arities != 0 || len(f.wideArities()) > 0 }

// key names the function in Index.wide.
func (f *Function) key() string { return f.Module.Name + "." + f.Name }

// Doc returns the function's Python docstring ("" when it has none or the
// manifest changed since the index was built).
func (f *Function) Doc() string { return f.Module.ix.readDoc(f.doc) }

// Doc returns the module's or class's Python docstring.
func (m *Module) Doc() string { return m.ix.readDoc(m.doc) }

// FullName is "Module.function".
func (f *Function) FullName() string { return f.Module.Name + "." + f.Name }

// Function returns the function with the Elixir name, or nil.
func (m *Module) Function(name string) *Function {
	i := sort.Search(len(m.Functions), func(i int) bool { return m.Functions[i].Name >= name })
	if i < len(m.Functions) && m.Functions[i].Name == name {
		return &m.Functions[i]
	}
	return nil
}

// Module returns the module with the Elixir name ("Elixir." prefix
// allowed), or nil.
func (ix *Index) Module(name string) *Module {
	if ix == nil {
		return nil
	}
	name = strings.TrimPrefix(name, "Elixir.")
	i := sort.Search(len(ix.modules), func(i int) bool { return ix.modules[i].Name >= name })
	if i < len(ix.modules) && ix.modules[i].Name == name {
		return ix.modules[i]
	}
	return nil
}

// Modules returns every module, sorted by name. The slice is shared: do
// not modify it.
func (ix *Index) Modules() []*Module {
	if ix == nil {
		return nil
	}
	return ix.modules
}

// Children returns the modules directly below prefix ("Numpy" gives
// "Numpy.Linalg" and "Numpy.Ndarray", not "Numpy.Linalg.LinAlgError"),
// sorted. An empty prefix gives the libraries' root modules.
func (ix *Index) Children(prefix string) []*Module {
	if ix == nil {
		return nil
	}
	prefix = strings.TrimPrefix(prefix, "Elixir.")
	if prefix == "" {
		var out []*Module
		for _, m := range ix.modules {
			if !strings.Contains(m.Name, ".") {
				out = append(out, m)
			}
		}
		return out
	}
	p := prefix + "."
	i := sort.Search(len(ix.modules), func(i int) bool { return ix.modules[i].Name >= p })
	var out []*Module
	for ; i < len(ix.modules) && strings.HasPrefix(ix.modules[i].Name, p); i++ {
		if !strings.Contains(ix.modules[i].Name[len(p):], ".") {
			out = append(out, ix.modules[i])
		}
	}
	return out
}

// Libraries returns the libraries the registry records, sorted by name.
func (ix *Index) Libraries() []*Library {
	if ix == nil {
		return nil
	}
	return ix.libraries
}

// Library returns the library a module (or a module below its root)
// belongs to, or nil.
func (ix *Index) Library(module string) *Library {
	if ix == nil {
		return nil
	}
	module = strings.TrimPrefix(module, "Elixir.")
	var best *Library
	for _, l := range ix.libraries {
		if l.Module == "" {
			continue
		}
		if module == l.Module || strings.HasPrefix(module, l.Module+".") {
			if best == nil || len(l.Module) > len(best.Module) {
				best = l
			}
		}
	}
	return best
}

// LibraryNamed returns the library with the Python name, or nil.
func (ix *Index) LibraryNamed(name string) *Library {
	if ix == nil {
		return nil
	}
	for _, l := range ix.libraries {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// Current reports whether the manifest and registry are still the file
// versions the index was built from (absent then, absent now counts as
// the same).
func (ix *Index) Current() bool {
	if ix == nil {
		return false
	}
	return sameVersion(ix.manifest, ix.manifestInfo) && sameVersion(ix.registryPath, ix.registryInfo)
}

func sameVersion(path string, was os.FileInfo) bool {
	now, err := os.Stat(path)
	if err != nil {
		return was == nil
	}
	return was != nil && filememo.SameVersion(was, now)
}
