// Package model is the generator's description of a library's bindings: the
// entries of SnakeBridge's .snakebridge/manifest.json (compat §4.2), built
// from pyhelper's introspection and rendered into Elixir by codegen/render.
// As upstream, wrappers are rendered from these entries, so a regeneration
// whose introspection is unchanged needs no Python.
package model

import (
	"strconv"

	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// Arity is a maximum arity: a number or unbounded (*args).
type Arity struct {
	N         int
	Unbounded bool
}

// Signature holds the fields a function, a method and an attribute share.
type Signature struct {
	Parameters             []pyhelper.Param
	ReturnType             pyhelper.TypeDict
	SignatureAvailable     bool
	SignatureSource        string
	SignatureDetail        string
	SignatureMissingReason []string
	// MissingReasonScalar marks upstream's synthesized stubs, which write
	// signature_missing_reason as one string (SignatureMissingReason[0])
	// rather than a list.
	MissingReasonScalar bool
	OverloadCount       *int
	Docstring           string
	DocSource           string
	DocMissingReason    string
	RequiredArity       int
	MinimumArity        int
	MaximumArity        Arity
	HasVarPositional    bool
	HasVarKeyword       bool
	RequiredKeywordOnly []string
	OptionalKeywordOnly []string
	// SourceFile and SourceLine locate the Python definition (our extension,
	// for go-to-definition; "" and 0 when unknown).
	SourceFile string
	SourceLine int
}

// Symbol is a module-level function or attribute (a manifest SymbolEntry).
type Symbol struct {
	Signature
	// Module is the Elixir module without "Elixir." (e.g. "Json.Encoder").
	Module string
	// Function is the Python name; Name the sanitised Elixir name (§6.5).
	Function     string
	Name         string
	PythonModule string
	Streaming    bool
	// CallType is "module_attr" for attributes, "" for functions.
	CallType string
}

// Key is the manifest key "<Module>.<name>/<required_arity>".
func (s *Symbol) Key() string {
	return s.Module + "." + s.Name + "/" + strconv.Itoa(s.RequiredArity)
}

// Class is a manifest ClassEntry.
type Class struct {
	// Module is the class's Elixir module (e.g. "Json.Decoder.JSONDecoder").
	Module           string
	Class            string // Python class name
	PythonModule     string
	Docstring        string
	DocSource        string
	DocMissingReason string
	Methods          []*Method
	Attributes       []string
	MethodsTruncated bool
	MethodScope      string // "all", "defined" or ""
	SourceFile       string
	SourceLine       int
}

// Method is a manifest MethodEntry: for methods other than __init__ the
// arity fields include the leading ref argument.
type Method struct {
	Signature
	Name       string // Python name
	ElixirName string // "new" for __init__, other mappings of §6.5
}

// Module is a manifest ModuleEntry.
type Module struct {
	PythonModule     string
	Docstring        string
	DocSource        string // runtime, stub, empty, error or docs_manifest
	DocMissingReason string
	ModuleVersion    string
}

// Manifest is the whole .snakebridge/manifest.json.
type Manifest struct {
	Version string
	Symbols map[string]*Symbol // by Symbol.Key()
	Classes map[string]*Class  // by Class.Module
	Modules map[string]*Module // by Python module
}

// Library is what rendering needs to know about a configured library.
type Library struct {
	PythonName string // lock/registry key, root Python module
	Module     string // root Elixir module without "Elixir."
	// Version is "stdlib", "unknown" or the requested version string, as in
	// upstream's header and registry python_version.
	Version string
	// Stdlib is true for :stdlib libraries (docs link to docs.python.org).
	Stdlib bool
	// DocsURL is the docs_url option, or "".
	DocsURL string
	// Streaming lists the Python names that also get *_stream wrappers.
	Streaming []string
	// PythonVersion is the interpreter version for stdlib moduledocs.
	PythonVersion string
	// ObservedVersion is the installed package version, or "".
	ObservedVersion string
	// VariadicPositional: the library's signature_sources allow :variadic,
	// so a function with *args gets the variadic fallback's extra
	// positional clauses (arg1…argN, each with and without opts) besides
	// its named parameters.
	VariadicPositional bool
}
