package model

import (
	"fmt"
	"io"
	"sort"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// Encode writes m as upstream's Manifest.save does (compat §4): Jason's
// pretty layout with byte-sorted keys at every level, the top-level keys
// "classes", "modules", "symbols" and "version", entries with the keys
// upstream's pipeline writes, no trailing newline. Upstream sorts maps of
// up to 32 keys only (larger ones come out in hash order); we always sort.
// Our extensions source_file/source_line appear only when known.
//
// The document is streamed (a manifest runs to megabytes): each entry's
// keys are written in byte order by hand, which the encoder checks.
func Encode(m *Manifest) ([]byte, error) {
	if m == nil {
		return nil, fmt.Errorf("encoding manifest: nil manifest")
	}
	if err := checkEntries(m); err != nil {
		return nil, fmt.Errorf("encoding manifest: %w", err)
	}
	e := lockfile.NewJasonEncoder(sizeHint(m))
	writeManifest(e, m)
	data, err := e.Bytes()
	if err != nil {
		return nil, fmt.Errorf("encoding manifest: %w", err)
	}
	return data, nil
}

// EncodeTo writes what Encode returns to w as it is encoded, holding a
// small buffer only (sympy's manifest in module_mode :explicit runs to
// 300 MB), and returns its size. On error, what w received is partial.
func EncodeTo(w io.Writer, m *Manifest) (int64, error) {
	if m == nil {
		return 0, fmt.Errorf("encoding manifest: nil manifest")
	}
	if err := checkEntries(m); err != nil {
		return 0, fmt.Errorf("encoding manifest: %w", err)
	}
	e := lockfile.NewJasonStreamEncoder(w)
	writeManifest(e, m)
	n, err := e.Finish()
	if err != nil {
		return n, fmt.Errorf("encoding manifest: %w", err)
	}
	return n, nil
}

func writeManifest(e *lockfile.JasonEncoder, m *Manifest) {
	e.SortedKeys = true
	e.BeginObject()
	e.Key("classes")
	e.BeginObject()
	for _, key := range sortedKeys(m.Classes) {
		e.Key(key)
		writeClass(e, m.Classes[key])
	}
	e.EndObject()
	e.Key("modules")
	e.BeginObject()
	for _, key := range sortedKeys(m.Modules) {
		e.Key(key)
		writeModule(e, m.Modules[key])
	}
	e.EndObject()
	e.Key("symbols")
	e.BeginObject()
	for _, key := range sortedKeys(m.Symbols) {
		e.Key(key)
		writeSymbol(e, m.Symbols[key])
	}
	e.EndObject()
	e.Key("version")
	e.String(m.Version)
	e.EndObject()
}

// checkEntries rejects nil entries before anything is written.
func checkEntries(m *Manifest) error {
	for key, s := range m.Symbols {
		if s == nil {
			return fmt.Errorf("symbol %q is nil", key)
		}
	}
	for key, c := range m.Classes {
		if c == nil {
			return fmt.Errorf("class %q: nil class", key)
		}
		for i, meth := range c.Methods {
			if meth == nil {
				return fmt.Errorf("class %q: method %d is nil", key, i)
			}
		}
	}
	for key, mod := range m.Modules {
		if mod == nil {
			return fmt.Errorf("module %q is nil", key)
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sizeHint estimates the document's size (a little over, so that the
// buffer does not grow): docstrings, whose newlines get escaped, and a
// typical entry's keys, most of them deeply indented.
func sizeHint(m *Manifest) int {
	doc := func(s string) int { return len(s) + len(s)/16 }
	n := 64
	for _, s := range m.Symbols {
		n += 1536 + doc(s.Docstring) + 192*len(s.Parameters)
	}
	for _, c := range m.Classes {
		n += 512 + doc(c.Docstring)
		for _, meth := range c.Methods {
			n += 1536 + doc(meth.Docstring) + 192*len(meth.Parameters)
		}
	}
	for _, mod := range m.Modules {
		n += 256 + doc(mod.Docstring)
	}
	return n
}

// The writers below put each object's keys in byte order.

func writeSymbol(e *lockfile.JasonEncoder, s *Symbol) {
	e.BeginObject()
	if s.CallType != "" {
		e.Key("call_type")
		e.String(s.CallType)
	}
	writeSignature(e, &s.Signature, func() {
		e.Key("elixir_name")
		e.String(s.Name)
		e.Key("function")
		e.String(s.Function)
	}, func() {
		e.Key("module")
		e.String(s.Module)
		e.Key("name")
		e.String(s.Name)
	}, func() {
		e.Key("python_module")
		e.String(s.PythonModule)
		e.Key("python_name")
		e.String(s.Function)
	}, func() {
		e.Key("return_annotation")
		e.Null()
	})
	e.Key("streaming")
	e.Bool(s.Streaming)
	e.EndObject()
}

func writeClass(e *lockfile.JasonEncoder, c *Class) {
	e.BeginObject()
	e.Key("attributes")
	writeStrings(e, c.Attributes)
	e.Key("class")
	e.String(c.Class)
	e.Key("doc_missing_reason")
	nullable(e, c.DocMissingReason)
	e.Key("doc_source")
	nullable(e, c.DocSource)
	e.Key("docstring")
	e.String(c.Docstring)
	e.Key("method_scope")
	nullable(e, c.MethodScope)
	e.Key("methods")
	e.BeginArray()
	for _, m := range c.Methods {
		e.BeginObject()
		writeSignature(e, &m.Signature, func() {
			e.Key("elixir_name")
			e.String(m.ElixirName)
		}, func() {
			e.Key("name")
			e.String(m.Name)
		}, func() {
			e.Key("python_name")
			e.String(m.Name)
		}, nil)
		e.EndObject()
	}
	e.EndArray()
	e.Key("methods_truncated")
	e.Bool(c.MethodsTruncated)
	e.Key("module")
	e.String(c.Module)
	e.Key("python_module")
	e.String(c.PythonModule)
	location(e, c.SourceFile, c.SourceLine)
	e.EndObject()
}

func writeModule(e *lockfile.JasonEncoder, m *Module) {
	e.BeginObject()
	e.Key("doc_missing_reason")
	nullable(e, m.DocMissingReason)
	e.Key("doc_source")
	nullable(e, m.DocSource)
	e.Key("docstring")
	e.String(m.Docstring)
	if m.ModuleVersion != "" {
		e.Key("module_version")
		e.String(m.ModuleVersion)
	}
	e.Key("python_module")
	e.String(m.PythonModule)
	e.EndObject()
}

// writeSignature writes the keys functions and methods share: the
// introspected signature and docs plus upstream's arity info. The hooks
// write the caller's own keys at their place in key order (after
// docstring, after minimum_arity, after parameters and, if set, after
// required_keyword_only).
func writeSignature(e *lockfile.JasonEncoder, sig *Signature, afterDocstring, afterMinimumArity, afterParameters, afterRequiredKeywordOnly func()) {
	e.Key("doc_missing_reason")
	nullable(e, sig.DocMissingReason)
	e.Key("doc_source")
	nullable(e, sig.DocSource)
	e.Key("docstring")
	e.String(sig.Docstring)
	afterDocstring()
	e.Key("has_var_keyword")
	e.Bool(sig.HasVarKeyword)
	e.Key("has_var_positional")
	e.Bool(sig.HasVarPositional)
	e.Key("maximum_arity")
	if sig.MaximumArity.Unbounded {
		e.String("unbounded")
	} else {
		e.Int(sig.MaximumArity.N)
	}
	e.Key("minimum_arity")
	e.Int(sig.MinimumArity)
	afterMinimumArity()
	e.Key("optional_keyword_only")
	writeStrings(e, sig.OptionalKeywordOnly)
	e.Key("overload_count")
	if sig.OverloadCount != nil {
		e.Int(*sig.OverloadCount)
	} else {
		e.Null()
	}
	e.Key("parameters")
	writeParams(e, sig.Parameters)
	afterParameters()
	e.Key("required_arity")
	e.Int(sig.RequiredArity)
	e.Key("required_keyword_only")
	writeStrings(e, sig.RequiredKeywordOnly)
	if afterRequiredKeywordOnly != nil {
		afterRequiredKeywordOnly()
	}
	e.Key("return_type")
	if isZeroType(sig.ReturnType) {
		e.Null()
	} else {
		writeType(e, &sig.ReturnType)
	}
	e.Key("signature_available")
	e.Bool(sig.SignatureAvailable)
	e.Key("signature_detail")
	nullable(e, sig.SignatureDetail)
	e.Key("signature_missing_reason")
	switch {
	case sig.MissingReasonScalar && len(sig.SignatureMissingReason) == 1:
		e.String(sig.SignatureMissingReason[0])
	case sig.SignatureMissingReason == nil:
		e.Null()
	default:
		writeStrings(e, sig.SignatureMissingReason)
	}
	e.Key("signature_source")
	nullable(e, sig.SignatureSource)
	location(e, sig.SourceFile, sig.SourceLine)
}

func location(e *lockfile.JasonEncoder, file string, line int) {
	if file != "" {
		e.Key("source_file")
		e.String(file)
	}
	if line > 0 {
		e.Key("source_line")
		e.Int(line)
	}
}

// nullable writes "" as null: these fields are Python None when unset.
func nullable(e *lockfile.JasonEncoder, s string) {
	if s == "" {
		e.Null()
	} else {
		e.String(s)
	}
}

func writeStrings(e *lockfile.JasonEncoder, list []string) {
	e.BeginArray()
	for _, s := range list {
		e.String(s)
	}
	e.EndArray()
}

func writeParams(e *lockfile.JasonEncoder, ps []pyhelper.Param) {
	e.BeginArray()
	for i := range ps {
		p := &ps[i]
		e.BeginObject()
		if p.Annotation != nil {
			e.Key("annotation")
			e.String(*p.Annotation)
		}
		if p.Default != nil {
			e.Key("default")
			e.String(*p.Default)
		}
		e.Key("kind")
		e.String(p.Kind)
		e.Key("name")
		e.String(p.Name)
		if !isZeroType(p.Type) {
			e.Key("type")
			writeType(e, &p.Type)
		}
		e.EndObject()
	}
	e.EndArray()
}

func isZeroType(t pyhelper.TypeDict) bool {
	return t.Type == "" && t.ElementType == nil && t.KeyType == nil && t.ValueType == nil &&
		len(t.ElementTypes) == 0 && t.InnerType == nil && len(t.Types) == 0 && t.Origin == "" && len(t.Args) == 0 &&
		t.Name == "" && t.Module == "" && t.Raw == ""
}

// writeType writes a TypeDict with the keys it has (as pyhelper decodes
// them: empty strings and lists are absent).
func writeType(e *lockfile.JasonEncoder, t *pyhelper.TypeDict) {
	e.BeginObject()
	typeList(e, "args", t.Args)
	typePtr(e, "element_type", t.ElementType)
	typeList(e, "element_types", t.ElementTypes)
	typePtr(e, "inner_type", t.InnerType)
	typePtr(e, "key_type", t.KeyType)
	typeString(e, "module", t.Module)
	typeString(e, "name", t.Name)
	typeString(e, "origin", t.Origin)
	typeString(e, "raw", t.Raw)
	typeString(e, "type", t.Type)
	typeList(e, "types", t.Types)
	typePtr(e, "value_type", t.ValueType)
	e.EndObject()
}

func typeString(e *lockfile.JasonEncoder, key, s string) {
	if s != "" {
		e.Key(key)
		e.String(s)
	}
}

func typePtr(e *lockfile.JasonEncoder, key string, t *pyhelper.TypeDict) {
	if t != nil {
		e.Key(key)
		writeType(e, t)
	}
}

func typeList(e *lockfile.JasonEncoder, key string, ts []pyhelper.TypeDict) {
	if len(ts) > 0 {
		e.Key(key)
		e.BeginArray()
		for i := range ts {
			writeType(e, &ts[i])
		}
		e.EndArray()
	}
}
