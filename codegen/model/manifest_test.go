package model

import (
	"github.com/stretchr/testify/require"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

func intPtr(n int) *int { return &n }

// goldenManifest is testdata/golden_manifest.json as a value.
func goldenManifest() *Manifest {
	m := New("0.16.0")
	m.Symbols["Pkg.Sub.py_def/1"] = &Symbol{Module: "Pkg.Sub", Function: "def", Name: "py_def", PythonModule: "pkg.sub",
		Streaming: true, Signature: Signature{
			Parameters: []pyhelper.Param{
				{Name: "x", Kind: KindPositionalOrKeyword, Annotation: str("list[int]"),
					Type: pyhelper.TypeDict{Type: "list", ElementType: &pyhelper.TypeDict{Type: "int"}}},
				{Name: "y", Kind: KindPositionalOrKeyword, Default: str("<object object>"),
					Type: pyhelper.TypeDict{Type: "optional", InnerType: &pyhelper.TypeDict{Type: "class", Name: "Thing", Module: "pkg"}}},
				{Name: "flag", Kind: KindKeywordOnly, Default: str("False"), Type: pyhelper.TypeDict{Type: "boolean"}},
				{Name: "kw", Kind: KindVarKeyword, Type: pyhelper.TypeDict{Type: "union",
					Types: []pyhelper.TypeDict{{Type: "int"}, {Type: "string"}}}},
			},
			ReturnType:         pyhelper.TypeDict{Type: "any"},
			SignatureAvailable: true, SignatureSource: "stub", SignatureDetail: "/site/pkg/sub.pyi",
			SignatureMissingReason: []string{"runtime: no type info"}, OverloadCount: intPtr(2),
			Docstring: "Defines.", DocSource: "stub",
			RequiredArity: 1, MinimumArity: 1, MaximumArity: Arity{N: 3}, HasVarKeyword: true,
			RequiredKeywordOnly: []string{}, OptionalKeywordOnly: []string{"flag"},
			SourceFile: "pkg/sub.py", SourceLine: 12,
		}}
	limit := &Symbol{Module: "Pkg", Function: "LIMIT", Name: "limit", PythonModule: "pkg", CallType: "module_attr",
		Signature: Signature{Parameters: []pyhelper.Param{}, ReturnType: pyhelper.TypeDict{Type: "int"},
			SignatureAvailable: true, SignatureSource: "runtime", SignatureDetail: "attribute",
			DocSource: "empty", DocMissingReason: "attribute docstring not supported"}}
	setAttributeArity(&limit.Signature)
	m.Symbols["Pkg.limit/0"] = limit
	m.Symbols["Pkg.gone/0"] = (&builder{lib: Library{PythonName: "pkg", Module: "Pkg"}, variadicMax: 8}).stubFunction("pkg", "gone")
	m.Classes["Pkg.Thing"] = &Class{Module: "Pkg.Thing", Class: "Thing", PythonModule: "pkg", Docstring: "A thing.",
		DocSource: "runtime", Attributes: []string{"size"}, MethodScope: "all", SourceFile: "pkg/__init__.py", SourceLine: 7,
		Methods: []*Method{{Name: "end", ElixirName: "py_end", Signature: Signature{
			Parameters:         []pyhelper.Param{{Name: "rest", Kind: KindVarPositional, Type: pyhelper.TypeDict{Type: "any"}}},
			ReturnType:         pyhelper.TypeDict{Type: "none"},
			SignatureAvailable: true, SignatureSource: "runtime", SignatureDetail: "inspect.signature",
			SignatureMissingReason: []string{}, DocSource: "empty", DocMissingReason: "docstring missing",
			RequiredArity: 1, MinimumArity: 1, MaximumArity: Arity{Unbounded: true}, HasVarPositional: true,
			RequiredKeywordOnly: []string{}, OptionalKeywordOnly: []string{},
		}}}}
	m.Modules["pkg"] = &Module{PythonModule: "pkg", Docstring: "Grüße \"quoted\" #{x}\n\ttab \x01", DocSource: "runtime",
		ModuleVersion: "1.0"}
	m.Modules["pkg.sub"] = &Module{PythonModule: "pkg.sub", DocSource: "empty", DocMissingReason: "docstring missing"}
	return m
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}

func TestEncodeGolden(t *testing.T) {
	want := readTestdata(t, "golden_manifest.json")
	got, err := Encode(goldenManifest())
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))

	decoded, err := Decode("golden_manifest.json", want)
	require.NoError(t, err)
	require.Equal(t, goldenManifest(), decoded)
}

func TestEncodeEmpty(t *testing.T) {
	got, err := Encode(New("0.16.0"))
	require.NoError(t, err)
	require.Equal(t, "{\n  \"classes\": {},\n  \"modules\": {},\n  \"symbols\": {},\n  \"version\": \"0.16.0\"\n}", string(got))
	_, err = Encode(nil)
	require.ErrorContains(t, err, "nil manifest")
	bad := New("x")
	bad.Modules["m"] = &Module{Docstring: "\xff"}
	_, err = Encode(bad)
	require.ErrorContains(t, err, "invalid UTF-8")
}

// TestRoundTrip: Decode then Encode gives back exactly what Encode wrote,
// for manifests built from real introspection.
func TestRoundTrip(t *testing.T) {
	m, _ := build(t, jsonLib, introspectModule(t, "json", true), BuildOptions{})
	fixture, _ := build(t, fixtureLib, introspectModule(t, "sbfixture", true), BuildOptions{})
	m.Merge(fixture)
	stubs, _, err := FromSymbols(fixtureLib, "sbfixture.widget", &pyhelper.SymbolsResult{Symbols: []pyhelper.Symbol{
		{Name: "Missing", Error: "not_found"}, {Name: "missing", Error: "not_found"}}}, OnNotFoundStub)
	require.NoError(t, err)
	m.Merge(stubs)
	m.Version = "0.16.0"
	first, err := Encode(m)
	require.NoError(t, err)
	decoded, err := Decode("manifest.json", first)
	require.NoError(t, err)
	second, err := Encode(decoded)
	require.NoError(t, err)
	require.Equal(t, string(first), string(second))
	require.Contains(t, string(first), `"signature_missing_reason": "symbol not found"`)
}

// TestDecodeOldManifest reads entries in the shapes of older upstream
// manifests: "Elixir."-prefixed keys, lower-case class segments, no arity
// fields, no elixir_name.
func TestDecodeOldManifest(t *testing.T) {
	m, err := Decode("old_manifest.json", readTestdata(t, "old_manifest.json"))
	require.NoError(t, err)
	require.Equal(t, "3.0.0", m.Version)
	require.Equal(t, []string{"Json.dumps/1", "Json.loads/1", "Math.sqrt/1"}, keys(m.Symbols))
	require.Equal(t, "un-prefixed twin", m.Symbols["Json.loads/1"].Docstring, "the un-prefixed key wins")

	dumps := m.Symbols["Json.dumps/1"]
	require.Equal(t, "Json", dumps.Module)
	require.Equal(t, "dumps", dumps.Function)
	require.Equal(t, "dumps", dumps.Name)
	require.Equal(t, 1, dumps.RequiredArity)
	require.Equal(t, 1, dumps.MinimumArity)
	require.Equal(t, Arity{N: 1}, dumps.MaximumArity, "exact arity of the key")
	require.Equal(t, []string{"skipkeys"}, dumps.RequiredKeywordOnly, "derived from the parameters")
	require.True(t, dumps.SignatureAvailable, "absent means available")
	require.True(t, dumps.SignatureMissingReason == nil)
	require.Equal(t, pyhelper.TypeDict{}, dumps.ReturnType)

	sqrt := m.Symbols["Math.sqrt/1"]
	require.Equal(t, "Math", sqrt.Module, "module derived from the key")
	require.Equal(t, "sqrt", sqrt.Function)

	require.Equal(t, []string{"Json.Encoder.JSONEncoder", "PyLatexEnc.Latexwalker.LatexWalker"}, keys(m.Classes))
	walker := m.Classes["PyLatexEnc.Latexwalker.LatexWalker"]
	require.Equal(t, "PyLatexEnc.Latexwalker.LatexWalker", walker.Module)
	init := method(t, walker, "new")
	require.Equal(t, 1, init.RequiredArity)
	require.Equal(t, Arity{N: 2}, init.MaximumArity, "computed from the parameters, no ref")
	get := method(t, walker, "get_latex_nodes")
	require.Equal(t, 2, get.MinimumArity)
	require.Equal(t, Arity{N: 4}, get.MaximumArity, "ref + required + 2")
	pyNew := method(t, walker, "python_new")
	require.Equal(t, "new", pyNew.Name)

	encoder := m.Classes["Json.Encoder.JSONEncoder"]
	require.Equal(t, "upstream", method(t, encoder, "encode").DocSource)
	require.Equal(t, Arity{N: 7}, method(t, encoder, "encode").MaximumArity, "recorded values win")

	require.Equal(t, []string{"json"}, keys(m.Modules))
	require.Equal(t, &Module{PythonModule: "json", Docstring: "JSON.", DocSource: "runtime"}, m.Modules["json"])

	// Re-encoding adds the missing fields; the result reads back the same.
	data, err := Encode(m)
	require.NoError(t, err)
	again, err := Decode("again.json", data)
	require.NoError(t, err)
	require.Equal(t, m, again)
}

func TestDecodeErrors(t *testing.T) {
	for _, c := range []struct{ name, doc, want string }{
		{"not an object", `[]`, "m.json:1:1: expected a manifest"},
		{"bad json", `{"symbols": {`, "m.json:1:"},
		{"parameters type", "{\"symbols\": {\"A.f/0\": {\n  \"parameters\": \"x\"}}}", `m.json:2:17: symbols["A.f/0"].parameters: expected an array of parameters or null`},
		{"parameter element", `{"symbols": {"A.f/0": {"parameters": [1]}}}`, `parameters[0]: expected an object`},
		{"default type", `{"symbols": {"A.f/0": {"parameters": [{"name": "a", "default": 1}]}}}`, `parameters[0].default: expected a string or null`},
		{"type dict", `{"symbols": {"A.f/0": {"return_type": 3}}}`, `return_type: expected a type object or null`},
		{"nested type", `{"symbols": {"A.f/0": {"return_type": {"types": [1]}}}}`, `return_type.types[0]: expected a type object or null`},
		{"missing reason", `{"symbols": {"A.f/0": {"signature_missing_reason": [1]}}}`, `signature_missing_reason[0]: expected a string`},
		{"overload count", `{"symbols": {"A.f/0": {"overload_count": 1.5}}}`, `overload_count: expected an integer or null`},
		{"signature available", `{"symbols": {"A.f/0": {"signature_available": "yes"}}}`, `signature_available: expected a boolean or null`},
		{"method flag", `{"classes": {"A.B": {"methods": [{"has_var_keyword": 1}]}}}`, `methods[0].has_var_keyword: expected a boolean or null`},
		{"module reason", `{"modules": {"m": {"doc_missing_reason": []}}}`, `modules["m"].doc_missing_reason: expected a string or null`},
		{"lockfile checks", `{"symbols": {"A.f/0": {"maximum_arity": "many"}}}`, `maximum_arity`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode("m.json", []byte(c.doc))
			require.ErrorContains(t, err, c.want)
		})
	}
}

func TestMergeRemoveView(t *testing.T) {
	sym := func(mod, name string) *Symbol {
		return &Symbol{Module: "M", Name: name, PythonModule: mod}
	}
	m := New("0.16.0")
	m.Symbols["Json.loads/1"] = sym("json", "loads")
	m.Symbols["Json.Decoder.x/0"] = sym("json.decoder", "x")
	m.Symbols["Jsonpickle.encode/1"] = sym("jsonpickle", "encode")
	m.Classes["Json.JSONDecoder"] = &Class{Module: "Json.JSONDecoder", Class: "JSONDecoder", PythonModule: "json"}
	m.Classes["Jsonpickle.Pickler"] = &Class{Module: "Jsonpickle.Pickler", Class: "Pickler", PythonModule: "jsonpickle"}
	m.Modules["json"] = &Module{PythonModule: "json"}
	m.Modules["json.decoder"] = &Module{PythonModule: "json.decoder"}
	m.Modules["jsonpickle"] = &Module{PythonModule: "jsonpickle"}

	view := m.LibraryView("json")
	require.Equal(t, "0.16.0", view.Version)
	require.Equal(t, []string{"Json.Decoder.x/0", "Json.loads/1"}, keys(view.Symbols))
	require.Equal(t, []string{"Json.JSONDecoder"}, keys(view.Classes))
	require.Equal(t, []string{"json", "json.decoder"}, keys(view.Modules))

	other := New("9.9.9")
	other.Symbols["Json.dumps/1"] = sym("json", "dumps")
	other.Symbols["Json.loads/1"] = sym("json", "loads2")
	// The same Python class under a new module replaces the old entry.
	other.Classes["Json.JSONDecoderClass"] = &Class{Module: "Json.JSONDecoderClass", Class: "JSONDecoder", PythonModule: "json"}
	other.Modules["json.tool"] = &Module{PythonModule: "json.tool"}
	m.Merge(other)
	require.Equal(t, "0.16.0", m.Version)
	require.Equal(t, "loads2", m.Symbols["Json.loads/1"].Name)
	require.Equal(t, []string{"Json.JSONDecoderClass", "Jsonpickle.Pickler"}, keys(m.Classes))
	require.Equal(t, []string{"json", "json.decoder", "json.tool", "jsonpickle"}, keys(m.Modules))

	m.RemoveLibrary("json")
	require.Equal(t, []string{"Jsonpickle.encode/1"}, keys(m.Symbols), "jsonpickle is not part of json")
	require.Equal(t, []string{"Jsonpickle.Pickler"}, keys(m.Classes))
	require.Equal(t, []string{"jsonpickle"}, keys(m.Modules))

	empty := &Manifest{}
	empty.Merge(other)
	require.Equal(t, "9.9.9", empty.Version)
	empty.Merge(nil)
	require.Equal(t, 2, len(empty.Symbols))
}

// TestCloneKeepsTheOriginal: merging into and removing from a clone leaves
// the manifest it was cloned from as it was (runs share a cached previous
// manifest and merge into clones of it).
func TestCloneKeepsTheOriginal(t *testing.T) {
	m := New("0.16.0")
	m.Symbols["Json.loads/1"] = &Symbol{Module: "Json", Name: "loads", PythonModule: "json"}
	m.Classes["Json.JSONDecoder"] = &Class{Module: "Json.JSONDecoder", Class: "JSONDecoder", PythonModule: "json"}
	m.Modules["json"] = &Module{PythonModule: "json"}

	c := m.Clone()
	c.Version = "9.9.9"
	c.RemoveLibrary("json")
	other := New("")
	other.Symbols["Math.sqrt/1"] = &Symbol{Module: "Math", Name: "sqrt", PythonModule: "math"}
	c.Merge(other)

	require.Equal(t, "0.16.0", m.Version)
	require.Equal(t, []string{"Json.loads/1"}, keys(m.Symbols))
	require.Equal(t, []string{"Json.JSONDecoder"}, keys(m.Classes))
	require.Equal(t, []string{"json"}, keys(m.Modules))
	require.Equal(t, []string{"Math.sqrt/1"}, keys(c.Symbols))
	require.Empty(t, c.Classes)

	var none *Manifest
	require.NotNil(t, none.Clone().Symbols, "a nil manifest clones to an empty one")
}

func TestMembers(t *testing.T) {
	m := func(name, elixir string, nparams int) *Method {
		ps := make([]pyhelper.Param, nparams)
		for i := range ps {
			ps[i] = pyhelper.Param{Name: "p" + strings.Repeat("x", i), Kind: KindPositionalOrKeyword}
		}
		return &Method{Name: name, ElixirName: elixir, Signature: Signature{Parameters: ps}}
	}
	init := m("__init__", "new", 1)
	getitem := m("__getitem__", "get", 1)
	get := m("get", "get", 1)
	str1 := m("__str__", "to_string", 0)
	toString := m("to_string", "to_string", 1)
	first := m("a", "same", 1)
	second := m("a_", "same", 1)
	newMethod := m("new", "new", 2) // a decoded upstream entry: elixir_name still "new"
	c := &Class{Methods: []*Method{getitem, init, get, str1, toString, first, second, newMethod},
		Attributes: []string{"Get", "same", "size", "New"}}
	members := c.Members()
	require.True(t, members.Init == init)
	var names []string
	var picked []*Method
	for _, meth := range members.Methods {
		names = append(names, meth.ElixirName)
		picked = append(picked, meth)
	}
	require.Equal(t, []string{"get", "python_new", "same", "to_string"}, names)
	require.True(t, picked[0] == get, "a tie prefers the non-dunder method")
	require.Equal(t, "new", picked[1].Name)
	require.True(t, picked[2] == first, "a tie between plain methods keeps the first")
	require.True(t, picked[3] == toString, "more parameters win")
	require.Equal(t, "new", newMethod.ElixirName, "the entry itself is not changed")
	require.Equal(t, []Attribute{{"get_attr", "Get"}, {"same_attr", "same"}, {"size", "size"}, {"new_attr", "New"}},
		members.Attributes)

	noInit := &Class{Methods: []*Method{m("new", "new", 0)}}
	require.Equal(t, "new", noInit.Members().Methods[0].ElixirName, "without __init__ new stays new")

	taken := map[string]bool{"x": true, "x_attr": true, "x_attr2": true}
	require.Equal(t, "x_attr23", uniqueAttr("x", taken), "upstream appends each counter to the last candidate")
}
