package pyhelper

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// SchemaVersion is the schema number of the documents this package decodes.
const SchemaVersion = 3

// ModuleResult is a schema 3 module document (docs/introspection.md).
type ModuleResult struct {
	Schema int    `json:"schema"`
	Module string `json:"module"`
	// Version is the document version string ("3").
	Version string `json:"version"`
	// Namespaces maps "" (the root) and relative submodule names.
	Namespaces map[string]*Namespace `json:"namespaces"`
	// Methods describes every distinct method once; Class.Methods refer to it.
	Methods          map[string]*Function `json:"methods"`
	Issues           []Issue              `json:"issues"`
	Docstring        string               `json:"docstring"`
	DocSource        string               `json:"doc_source"`
	DocMissingReason string               `json:"doc_missing_reason"`
	// ModuleVersion is the module's __version__, if any.
	ModuleVersion string `json:"module_version"`
	File          string `json:"file"`
	// Distribution provides the module (nil for the standard library and
	// modules not installed from a distribution).
	Distribution *Distribution `json:"distribution"`
}

// Distribution names an installed distribution.
type Distribution struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Namespace is one module (the root or a submodule) of a ModuleResult.
type Namespace struct {
	Functions        []*Function  `json:"functions"`
	Classes          []*Class     `json:"classes"`
	Attributes       []*Attribute `json:"attributes"`
	Docstring        string       `json:"docstring"`
	DocSource        string       `json:"doc_source"`
	DocMissingReason string       `json:"doc_missing_reason"`
	File             string       `json:"file"`
	Issues           []Issue      `json:"issues"`
	// Error is set (and nothing else) when the namespace failed to import.
	Error string `json:"error"`
}

// Function describes a function (namespace member) or a method (entry of
// ModuleResult.Methods, whose Parameters exclude self/cls).
type Function struct {
	Name         string `json:"name"`
	Type         string `json:"type"`
	Callable     bool   `json:"callable"`
	Module       string `json:"module"`
	PythonModule string `json:"python_module"`
	// Qualname and DefinedIn identify the object where it is defined.
	Qualname  string `json:"qualname"`
	DefinedIn string `json:"defined_in"`
	// Parameters, in order; see Param.
	Parameters         []Param  `json:"parameters"`
	ReturnType         TypeDict `json:"return_type"`
	SignatureAvailable bool     `json:"signature_available"`
	// SignatureSource is the tier that produced the signature: runtime,
	// text_signature, runtime_hints, stub, stubgen or variadic.
	SignatureSource        string   `json:"signature_source"`
	SignatureDetail        string   `json:"signature_detail"`
	SignatureMissingReason []string `json:"signature_missing_reason"`
	OverloadCount          *int     `json:"overload_count"`
	Docstring              string   `json:"docstring"`
	// DocSource is runtime, stub, module (no own docstring: the namespace
	// docstring applies, see Doc) or empty.
	DocSource        string `json:"doc_source"`
	DocMissingReason string `json:"doc_missing_reason"`
	// SourceFile and SourceLine locate the definition (0/"" when unknown).
	SourceFile string `json:"source_file"`
	SourceLine int    `json:"source_line"`
}

// Doc returns the docstring upstream would show: the object's own, or the
// module docstring when DocSource is "module".
func (f *Function) Doc(moduleDoc string) string {
	if f.Docstring == "" && f.DocSource == "module" {
		return moduleDoc
	}
	return f.Docstring
}

// Attribute is a non-callable module member.
type Attribute struct {
	Name             string   `json:"name"`
	Type             string   `json:"type"`
	Module           string   `json:"module"`
	PythonModule     string   `json:"python_module"`
	ReturnType       TypeDict `json:"return_type"`
	SignatureSource  string   `json:"signature_source"`
	SignatureDetail  string   `json:"signature_detail"`
	Docstring        string   `json:"docstring"`
	DocSource        string   `json:"doc_source"`
	DocMissingReason string   `json:"doc_missing_reason"`
}

// Class describes a class; its methods are references into the methods table.
type Class struct {
	Name             string      `json:"name"`
	Type             string      `json:"type"`
	PythonModule     string      `json:"python_module"`
	Qualname         string      `json:"qualname"`
	DefinedIn        string      `json:"defined_in"`
	Bases            []string    `json:"bases"`
	Docstring        string      `json:"docstring"`
	DocSource        string      `json:"doc_source"`
	DocMissingReason string      `json:"doc_missing_reason"`
	Methods          []MethodRef `json:"methods"`
	// Attributes are non-callable, non-dunder member names (incl. inherited).
	Attributes       []string `json:"attributes"`
	DunderMethods    []string `json:"dunder_methods"`
	MethodsTruncated bool     `json:"methods_truncated"`
	MethodScope      string   `json:"method_scope"`
	SourceFile       string   `json:"source_file"`
	SourceLine       int      `json:"source_line"`
}

// MethodRef names a method of a class and the methods-table entry describing
// it; Function is resolved after decoding.
type MethodRef struct {
	Name     string    `json:"name"`
	Ref      string    `json:"ref"`
	Function *Function `json:"-"`
}

// Doc returns the class docstring, or moduleDoc when DocSource is "module".
func (c *Class) Doc(moduleDoc string) string {
	if c.Docstring == "" && c.DocSource == "module" {
		return moduleDoc
	}
	return c.Docstring
}

// Param is one parameter.
type Param struct {
	Name string `json:"name"`
	// Kind is POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, VAR_POSITIONAL,
	// KEYWORD_ONLY or VAR_KEYWORD.
	Kind string `json:"kind"`
	// Default is present only when the parameter has one: repr() for runtime
	// signatures, source text (often "...") for stubs.
	Default *string `json:"default,omitempty"`
	// Annotation is the annotation text, if any.
	Annotation *string  `json:"annotation,omitempty"`
	Type       TypeDict `json:"type"`
}

// TypeDict is a structured type (compat §7.3).
type TypeDict struct {
	// Type is none, any, int, float, string, boolean, bytes, bytearray, list,
	// dict, tuple, set, frozenset, optional, union, generic or class.
	Type         string     `json:"type"`
	ElementType  *TypeDict  `json:"element_type,omitempty"`
	KeyType      *TypeDict  `json:"key_type,omitempty"`
	ValueType    *TypeDict  `json:"value_type,omitempty"`
	ElementTypes []TypeDict `json:"element_types,omitempty"`
	InnerType    *TypeDict  `json:"inner_type,omitempty"`
	Types        []TypeDict `json:"types,omitempty"`
	Origin       string     `json:"origin,omitempty"`
	Args         []TypeDict `json:"args,omitempty"`
	Name         string     `json:"name,omitempty"`
	Module       string     `json:"module,omitempty"`
	Raw          string     `json:"raw,omitempty"`
}

// Issue is a non-fatal finding (compat §7.2).
type Issue struct {
	Type           string `json:"type"`
	Module         string `json:"module,omitempty"`
	Member         string `json:"member,omitempty"`
	Reason         string `json:"reason,omitempty"`
	Message        string `json:"message,omitempty"`
	Count          int    `json:"count,omitempty"`
	FilteredCount  int    `json:"filtered_count,omitempty"`
	RemainingCount int    `json:"remaining_count,omitempty"`
}

// SymbolsResult is a schema 3 --symbols document.
type SymbolsResult struct {
	Schema int    `json:"schema"`
	Module string `json:"module"`
	// ModuleDocstring is what DocSource "module" refers to.
	ModuleDocstring string               `json:"module_docstring"`
	Symbols         []Symbol             `json:"symbols"`
	Methods         map[string]*Function `json:"methods"`
	Distribution    *Distribution        `json:"distribution"`
}

// Symbol is one requested name: exactly one of Function, Class, Attribute is
// set, or Error is "not_found" / "introspection_failed".
type Symbol struct {
	Name      string
	Error     string
	Reason    string
	Function  *Function
	Class     *Class
	Attribute *Attribute
}

// UnmarshalJSON decodes the element by its "type".
func (s *Symbol) UnmarshalJSON(data []byte) error {
	var head struct {
		Name   string `json:"name"`
		Type   string `json:"type"`
		Error  string `json:"error"`
		Reason string `json:"reason"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return err
	}
	*s = Symbol{Name: head.Name, Error: head.Error, Reason: head.Reason}
	if head.Error != "" {
		return nil
	}
	switch head.Type {
	case "class":
		s.Class = new(Class)
		return json.Unmarshal(data, s.Class)
	case "attribute":
		s.Attribute = new(Attribute)
		return json.Unmarshal(data, s.Attribute)
	case "function":
		s.Function = new(Function)
		return json.Unmarshal(data, s.Function)
	}
	return fmt.Errorf("symbol %q has unknown type %q", head.Name, head.Type)
}

// ModuleDoc is one element of a --module-docs result.
type ModuleDoc struct {
	Module string `json:"module"`
	// Docstring, with DocSource runtime, stub, empty or error (import failed;
	// the reason is in DocMissingReason).
	Docstring        string `json:"docstring"`
	DocSource        string `json:"doc_source"`
	DocMissingReason string `json:"doc_missing_reason"`
	ModuleVersion    string `json:"module_version"`
}

// AttributeProbe is an --attribute result.
type AttributeProbe struct {
	Exists     bool   `json:"exists"`
	IsClass    bool   `json:"is_class"`
	IsModule   bool   `json:"is_module"`
	IsFunction bool   `json:"is_function"`
	TypeName   string `json:"type_name"`
	Error      string `json:"error"`
}

// decodeModule decodes and links a schema 3 module document.
func decodeModule(raw []byte) (*ModuleResult, error) {
	var result ModuleResult
	if err := decodeStrict(raw, &result); err != nil {
		return nil, fmt.Errorf("decoding module document: %w", err)
	}
	if result.Schema != SchemaVersion {
		return nil, fmt.Errorf("module document has schema %d, want %d", result.Schema, SchemaVersion)
	}
	for name, ns := range result.Namespaces {
		if ns == nil {
			return nil, fmt.Errorf("namespace %q is null", name)
		}
		if err := linkClasses(ns.Classes, result.Methods); err != nil {
			return nil, fmt.Errorf("namespace %q: %w", name, err)
		}
	}
	return &result, nil
}

// decodeSymbols decodes and links a schema 3 symbols document.
func decodeSymbols(raw []byte) (*SymbolsResult, error) {
	var result SymbolsResult
	if err := decodeStrict(raw, &result); err != nil {
		return nil, fmt.Errorf("decoding symbols document: %w", err)
	}
	if result.Schema != SchemaVersion {
		return nil, fmt.Errorf("symbols document has schema %d, want %d", result.Schema, SchemaVersion)
	}
	for _, sym := range result.Symbols {
		if sym.Class != nil {
			if err := linkClasses([]*Class{sym.Class}, result.Methods); err != nil {
				return nil, err
			}
		}
	}
	return &result, nil
}

func linkClasses(classes []*Class, methods map[string]*Function) error {
	for _, cls := range classes {
		if cls == nil {
			return fmt.Errorf("null class entry")
		}
		for i := range cls.Methods {
			fn, ok := methods[cls.Methods[i].Ref]
			if !ok || fn == nil {
				return fmt.Errorf("class %s: method %s refers to unknown entry %q",
					cls.Name, cls.Methods[i].Name, cls.Methods[i].Ref)
			}
			cls.Methods[i].Function = fn
		}
	}
	return nil
}

func decodeStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON document")
	}
	return nil
}
