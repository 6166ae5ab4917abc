package model

import (
	"fmt"
	"strconv"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// Encode writes m as upstream's Manifest.save does (compat §4): Jason's
// pretty layout with byte-sorted keys at every level, the top-level keys
// "classes", "modules", "symbols" and "version", entries with the keys
// upstream's pipeline writes, no trailing newline. Upstream sorts maps of
// up to 32 keys only (larger ones come out in hash order); we always sort.
// Our extensions source_file/source_line appear only when known.
func Encode(m *Manifest) ([]byte, error) {
	if m == nil {
		return nil, fmt.Errorf("encoding manifest: nil manifest")
	}
	symbols := make(map[string]lockfile.Value, len(m.Symbols))
	for key, s := range m.Symbols {
		if s == nil {
			return nil, fmt.Errorf("encoding manifest: symbol %q is nil", key)
		}
		symbols[key] = symbolValue(s)
	}
	classes := make(map[string]lockfile.Value, len(m.Classes))
	for key, c := range m.Classes {
		v, err := classValue(c)
		if err != nil {
			return nil, fmt.Errorf("encoding manifest: class %q: %w", key, err)
		}
		classes[key] = v
	}
	modules := make(map[string]lockfile.Value, len(m.Modules))
	for key, mod := range m.Modules {
		if mod == nil {
			return nil, fmt.Errorf("encoding manifest: module %q is nil", key)
		}
		modules[key] = moduleValue(mod)
	}
	root := lockfile.SortedObject(map[string]lockfile.Value{
		"classes": lockfile.SortedObject(classes),
		"modules": lockfile.SortedObject(modules),
		"symbols": lockfile.SortedObject(symbols),
		"version": lockfile.String(m.Version),
	})
	data, err := lockfile.MarshalJason(root)
	if err != nil {
		return nil, fmt.Errorf("encoding manifest: %w", err)
	}
	return data, nil
}

func symbolValue(s *Symbol) lockfile.Value {
	o := signatureFields(&s.Signature)
	o["module"] = lockfile.String(s.Module)
	o["function"] = lockfile.String(s.Function)
	o["python_name"] = lockfile.String(s.Function)
	o["name"] = lockfile.String(s.Name)
	o["elixir_name"] = lockfile.String(s.Name)
	o["python_module"] = lockfile.String(s.PythonModule)
	o["return_annotation"] = lockfile.Null{}
	o["streaming"] = lockfile.Bool(s.Streaming)
	if s.CallType != "" {
		o["call_type"] = lockfile.String(s.CallType)
	}
	return lockfile.SortedObject(o)
}

func classValue(c *Class) (lockfile.Value, error) {
	if c == nil {
		return nil, fmt.Errorf("nil class")
	}
	methods := make(lockfile.Array, 0, len(c.Methods))
	for i, m := range c.Methods {
		if m == nil {
			return nil, fmt.Errorf("method %d is nil", i)
		}
		o := signatureFields(&m.Signature)
		o["name"] = lockfile.String(m.Name)
		o["python_name"] = lockfile.String(m.Name)
		o["elixir_name"] = lockfile.String(m.ElixirName)
		methods = append(methods, lockfile.SortedObject(o))
	}
	o := map[string]lockfile.Value{
		"module":             lockfile.String(c.Module),
		"class":              lockfile.String(c.Class),
		"python_module":      lockfile.String(c.PythonModule),
		"docstring":          lockfile.String(c.Docstring),
		"doc_source":         nullable(c.DocSource),
		"doc_missing_reason": nullable(c.DocMissingReason),
		"methods":            methods,
		"attributes":         stringList(c.Attributes),
		"methods_truncated":  lockfile.Bool(c.MethodsTruncated),
		"method_scope":       nullable(c.MethodScope),
	}
	location(o, c.SourceFile, c.SourceLine)
	return lockfile.SortedObject(o), nil
}

func moduleValue(m *Module) lockfile.Value {
	o := map[string]lockfile.Value{
		"python_module":      lockfile.String(m.PythonModule),
		"docstring":          lockfile.String(m.Docstring),
		"doc_source":         nullable(m.DocSource),
		"doc_missing_reason": nullable(m.DocMissingReason),
	}
	if m.ModuleVersion != "" {
		o["module_version"] = lockfile.String(m.ModuleVersion)
	}
	return lockfile.SortedObject(o)
}

// signatureFields are the keys functions and methods share: the introspected
// signature and docs plus upstream's arity info.
func signatureFields(sig *Signature) map[string]lockfile.Value {
	o := map[string]lockfile.Value{
		"parameters":               params(sig.Parameters),
		"return_type":              typeOrNull(sig.ReturnType),
		"signature_available":      lockfile.Bool(sig.SignatureAvailable),
		"signature_source":         nullable(sig.SignatureSource),
		"signature_detail":         nullable(sig.SignatureDetail),
		"signature_missing_reason": missingReason(sig),
		"overload_count":           lockfile.Null{},
		"docstring":                lockfile.String(sig.Docstring),
		"doc_source":               nullable(sig.DocSource),
		"doc_missing_reason":       nullable(sig.DocMissingReason),
		"required_arity":           number(sig.RequiredArity),
		"minimum_arity":            number(sig.MinimumArity),
		"maximum_arity":            arity(sig.MaximumArity),
		"has_var_positional":       lockfile.Bool(sig.HasVarPositional),
		"has_var_keyword":          lockfile.Bool(sig.HasVarKeyword),
		"required_keyword_only":    stringList(sig.RequiredKeywordOnly),
		"optional_keyword_only":    stringList(sig.OptionalKeywordOnly),
	}
	if sig.OverloadCount != nil {
		o["overload_count"] = number(*sig.OverloadCount)
	}
	location(o, sig.SourceFile, sig.SourceLine)
	return o
}

func location(o map[string]lockfile.Value, file string, line int) {
	if file != "" {
		o["source_file"] = lockfile.String(file)
	}
	if line > 0 {
		o["source_line"] = number(line)
	}
}

func missingReason(sig *Signature) lockfile.Value {
	switch {
	case sig.MissingReasonScalar && len(sig.SignatureMissingReason) == 1:
		return lockfile.String(sig.SignatureMissingReason[0])
	case sig.SignatureMissingReason == nil:
		return lockfile.Null{}
	}
	return stringList(sig.SignatureMissingReason)
}

// nullable writes "" as null: these fields are Python None when unset.
func nullable(s string) lockfile.Value {
	if s == "" {
		return lockfile.Null{}
	}
	return lockfile.String(s)
}

func number(n int) lockfile.Value { return lockfile.Number(strconv.Itoa(n)) }

func arity(a Arity) lockfile.Value {
	if a.Unbounded {
		return lockfile.String("unbounded")
	}
	return number(a.N)
}

func stringList(list []string) lockfile.Value {
	a := make(lockfile.Array, len(list))
	for i, s := range list {
		a[i] = lockfile.String(s)
	}
	return a
}

func params(ps []pyhelper.Param) lockfile.Value {
	a := make(lockfile.Array, len(ps))
	for i, p := range ps {
		o := map[string]lockfile.Value{
			"name": lockfile.String(p.Name),
			"kind": lockfile.String(p.Kind),
		}
		if p.Default != nil {
			o["default"] = lockfile.String(*p.Default)
		}
		if p.Annotation != nil {
			o["annotation"] = lockfile.String(*p.Annotation)
		}
		if !isZeroType(p.Type) {
			o["type"] = typeValue(p.Type)
		}
		a[i] = lockfile.SortedObject(o)
	}
	return a
}

func typeOrNull(t pyhelper.TypeDict) lockfile.Value {
	if isZeroType(t) {
		return lockfile.Null{}
	}
	return typeValue(t)
}

func isZeroType(t pyhelper.TypeDict) bool {
	return t.Type == "" && t.ElementType == nil && t.KeyType == nil && t.ValueType == nil &&
		len(t.ElementTypes) == 0 && t.InnerType == nil && len(t.Types) == 0 && t.Origin == "" && len(t.Args) == 0 &&
		t.Name == "" && t.Module == "" && t.Raw == ""
}

// typeValue writes a TypeDict with the keys it has (as pyhelper decodes
// them: empty strings and lists are absent).
func typeValue(t pyhelper.TypeDict) lockfile.Value {
	o := map[string]lockfile.Value{}
	put := func(key, s string) {
		if s != "" {
			o[key] = lockfile.String(s)
		}
	}
	ptr := func(key string, p *pyhelper.TypeDict) {
		if p != nil {
			o[key] = typeValue(*p)
		}
	}
	list := func(key string, ts []pyhelper.TypeDict) {
		if len(ts) > 0 {
			a := make(lockfile.Array, len(ts))
			for i, e := range ts {
				a[i] = typeValue(e)
			}
			o[key] = a
		}
	}
	put("type", t.Type)
	ptr("element_type", t.ElementType)
	ptr("key_type", t.KeyType)
	ptr("value_type", t.ValueType)
	list("element_types", t.ElementTypes)
	ptr("inner_type", t.InnerType)
	list("types", t.Types)
	put("origin", t.Origin)
	list("args", t.Args)
	put("name", t.Name)
	put("module", t.Module)
	put("raw", t.Raw)
	return lockfile.SortedObject(o)
}
