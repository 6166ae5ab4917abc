package pyhelper

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/stretchr/testify/require"
)

func fixtureModule(t *testing.T, req Request) *ModuleResult {
	t.Helper()
	req.Mode = ModeModule
	resp := oneShot(t, fixtureInterp(t), req)
	result, err := resp.Module()
	require.NoError(t, err)
	return result
}

func functionNamed(t *testing.T, fns []*Function, name string) *Function {
	t.Helper()
	for _, f := range fns {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no function %q", name)
	return nil
}

func classNamed(t *testing.T, classes []*Class, name string) *Class {
	t.Helper()
	for _, c := range classes {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no class %q", name)
	return nil
}

func methodNamed(t *testing.T, c *Class, name string) *Function {
	t.Helper()
	for _, m := range c.Methods {
		if m.Name == name {
			require.NotNil(t, m.Function, "ref %s not resolved", m.Ref)
			return m.Function
		}
	}
	t.Fatalf("class %s has no method %q", c.Name, name)
	return nil
}

type paramShape struct {
	name, kind string
	def        string // "" = no default
}

func shapes(params []Param) []paramShape {
	out := make([]paramShape, len(params))
	for i, p := range params {
		out[i] = paramShape{name: p.Name, kind: p.Kind}
		if p.Default != nil {
			out[i].def = *p.Default
		}
	}
	return out
}

func TestFixtureFunctions(t *testing.T) {
	result := fixtureModule(t, Request{Module: "fx_basic"})
	require.Equal(t, 3, result.Schema)
	require.Nil(t, result.Distribution)
	ns := result.Namespaces[""]
	impl := testdataPath(t, "py", "fx_basic", "_impl.py")

	cases := []struct {
		name   string
		params []paramShape
	}{
		{"plain", []paramShape{{"a", "POSITIONAL_OR_KEYWORD", ""}, {"b", "POSITIONAL_OR_KEYWORD", "1"},
			{"args", "VAR_POSITIONAL", ""}, {"c", "KEYWORD_ONLY", ""}, {"d", "KEYWORD_ONLY", "'x'"},
			{"kwargs", "VAR_KEYWORD", ""}}},
		{"keyword_only", []paramShape{{"flag", "KEYWORD_ONLY", "False"}, {"name", "KEYWORD_ONLY", ""}}},
		{"variadic", []paramShape{{"values", "VAR_POSITIONAL", ""}, {"sep", "KEYWORD_ONLY", "' '"}}},
	}
	for _, tc := range cases {
		f := functionNamed(t, ns.Functions, tc.name)
		require.Equal(t, tc.params, shapes(f.Parameters), tc.name)
		require.Equal(t, "runtime", f.SignatureSource, tc.name)
		require.Equal(t, impl, f.SourceFile, tc.name)
		require.Equal(t, lineOf(t, impl, "def "+tc.name+"("), f.SourceLine, tc.name)
	}

	typed := functionNamed(t, ns.Functions, "typed")
	require.Equal(t, "runtime", typed.SignatureSource)
	require.Equal(t, TypeDict{Type: "list", ElementType: &TypeDict{Type: "int"}}, typed.Parameters[0].Type)
	require.Equal(t, TypeDict{Type: "optional", InnerType: &TypeDict{Type: "dict", KeyType: &TypeDict{Type: "string"},
		ValueType: &TypeDict{Type: "float"}}}, typed.Parameters[1].Type)
	require.Equal(t, TypeDict{Type: "optional", InnerType: &TypeDict{Type: "int"}}, typed.ReturnType)

	// keyword_only has no docstring: the namespace docstring applies.
	kw := functionNamed(t, ns.Functions, "keyword_only")
	require.Equal(t, "module", kw.DocSource)
	require.Equal(t, ns.Docstring, kw.Doc(ns.Docstring))
	require.Contains(t, ns.Docstring, "Fixture package")
}

func TestFixtureBadValues(t *testing.T) {
	ns := fixtureModule(t, Request{Module: "fx_basic"}).Namespaces[""]
	odd := functionNamed(t, ns.Functions, "odd_defaults")
	defaults := map[string]string{}
	for _, p := range odd.Parameters {
		defaults[p.Name] = *p.Default
	}
	require.True(t, strings.HasPrefix(defaults["a"], "<object object at 0x"), defaults["a"])
	require.Equal(t, "<unrepresentable _Unrepresentable: RuntimeError>", defaults["b"])
	require.Equal(t, "nan", defaults["c"])
	require.Equal(t, `b'\xff\x00'`, defaults["d"])
	// A lone surrogate (invalid UTF-8) survives as U+FFFD.
	broken := functionNamed(t, ns.Functions, "broken_doc")
	require.Equal(t, "bad \uFFFD bytes", broken.Docstring)
}

func TestFixtureClassesShareMethodEntries(t *testing.T) {
	result := fixtureModule(t, Request{Module: "fx_basic"})
	ns := result.Namespaces[""]
	base, child := classNamed(t, ns.Classes, "Base"), classNamed(t, ns.Classes, "Child")
	impl := testdataPath(t, "py", "fx_basic", "_impl.py")

	for _, name := range []string{"shared", "build", "helper", "__init__"} {
		require.True(t, methodNamed(t, base, name) == methodNamed(t, child, name),
			"inherited %s must be one methods-table entry", name)
	}
	require.Equal(t, []paramShape{{"x", "POSITIONAL_OR_KEYWORD", ""}}, shapes(methodNamed(t, base, "shared").Parameters),
		"self is dropped")
	build := methodNamed(t, base, "build")
	require.Equal(t, []paramShape{{"n", "POSITIONAL_OR_KEYWORD", ""}}, shapes(build.Parameters), "cls is dropped")
	require.Equal(t, TypeDict{Type: "class", Name: "Base", Module: "fx_basic._impl"}, build.ReturnType)
	extra := methodNamed(t, child, "extra")
	require.Equal(t, []paramShape{{"y", "POSITIONAL_ONLY", ""}, {"z", "POSITIONAL_OR_KEYWORD", "None"}}, shapes(extra.Parameters))
	require.Equal(t, impl, extra.SourceFile)
	require.Equal(t, lineOf(t, impl, "def extra("), extra.SourceLine)

	require.Equal(t, []string{"area", "limit"}, base.Attributes)
	require.Contains(t, base.DunderMethods, "__len__")
	require.Equal(t, "all", base.MethodScope)
	require.Equal(t, lineOf(t, impl, "class Base:"), base.SourceLine)
	require.Equal(t, []string{"fx_basic._impl.Base"}, child.Bases)
	require.Equal(t, "fx_basic._impl", child.DefinedIn)

	color := classNamed(t, ns.Classes, "Color")
	require.Equal(t, "Enumeration with members: RED, GREEN.", color.Docstring,
		"enum docs inherited from the enum module are replaced")

	refs := 0
	for _, c := range ns.Classes {
		refs += len(c.Methods)
	}
	require.Less(t, len(result.Methods), refs, "the table is smaller than the references")
}

func TestFixtureLazyMembersAndAll(t *testing.T) {
	ns := fixtureModule(t, Request{Module: "fx_basic"}).Namespaces[""]
	lazy := functionNamed(t, ns.Functions, "lazy_value")
	require.Equal(t, testdataPath(t, "py", "fx_basic", "_lazy.py"), lazy.SourceFile)
	require.Equal(t, []Issue{{Type: "lazy_import_failed", Member: "lazy_broken", Reason: "lazy member fails to load"}}, ns.Issues)
	var attrs []string
	for _, a := range ns.Attributes {
		attrs = append(attrs, a.Name)
	}
	require.Equal(t, []string{"ANSWER"}, attrs, "only __all__ members, no lazy_missing")
	require.Equal(t, TypeDict{Type: "int"}, ns.Attributes[0].ReturnType)
}

func TestSignatureTiersAndConfig(t *testing.T) {
	interp := fixtureInterp(t)
	stubPath := testdataPath(t, "py", "fx_stubbed.pyi")
	symbols := func(module string, names []string, config Config) []Symbol {
		t.Helper()
		resp := oneShot(t, interp, Request{Mode: ModeSymbols, Module: module, Symbols: names, Config: config})
		doc, err := resp.Symbols()
		require.NoError(t, err)
		return doc.Symbols
	}

	syms := symbols("fx_stubbed", []string{"scale", "pick", "stub_only", "Box", "StubOnlyClass", "nope"}, Config{})
	scale := syms[0].Function
	require.Equal(t, "stub", scale.SignatureSource)
	require.Equal(t, stubPath, scale.SignatureDetail)
	require.Equal(t, TypeDict{Type: "float"}, scale.ReturnType)
	require.Equal(t, "stub", scale.DocSource)
	require.Equal(t, []string{"runtime: no type info", "text_signature: unavailable", "runtime_hints: unavailable"},
		scale.SignatureMissingReason)
	pick := syms[1].Function
	require.Equal(t, 2, *pick.OverloadCount)
	require.Equal(t, []paramShape{{"value", "POSITIONAL_OR_KEYWORD", ""}, {"strict", "POSITIONAL_OR_KEYWORD", "..."}},
		shapes(pick.Parameters), "the overload with the most parameters")
	stubOnly := syms[2].Function
	require.False(t, stubOnly.Callable)
	require.Equal(t, TypeDict{Type: "optional", InnerType: &TypeDict{Type: "boolean"}}, stubOnly.Parameters[0].Type)
	require.Equal(t, TypeDict{Type: "list", ElementType: &TypeDict{Type: "int"}}, stubOnly.ReturnType)
	box := syms[3].Class
	get := methodNamed(t, box, "get")
	require.Equal(t, "stub", get.SignatureSource)
	require.Equal(t, TypeDict{Type: "string"}, get.ReturnType)
	stubClass := syms[4].Class
	require.Equal(t, "Exists only in the stub.", stubClass.Docstring)
	require.Equal(t, "stub", methodNamed(t, stubClass, "run").SignatureSource)
	require.Equal(t, Symbol{Name: "nope", Error: "not_found"}, syms[5])

	// signature_sources: without "stub" the untyped runtime signature stays.
	syms = symbols("fx_stubbed", []string{"scale"}, Config{SignatureSources: []string{"runtime", "variadic"}})
	require.Equal(t, "runtime", syms[0].Function.SignatureSource)
	require.Equal(t, []string{"runtime: no type info"}, syms[0].Function.SignatureMissingReason)

	// stub_search_paths.
	syms = symbols("fx_searched", []string{"found"}, Config{StubSearchPaths: []string{testdataPath(t, "stubpaths")}})
	require.Equal(t, "stub", syms[0].Function.SignatureSource)
	require.Equal(t, TypeDict{Type: "bytes"}, syms[0].Function.ReturnType)
	syms = symbols("fx_searched", []string{"found"}, Config{})
	require.Equal(t, "runtime", syms[0].Function.SignatureSource)

	// typeshed only when enabled.
	shed := Config{UseTypeshed: true, TypeshedPath: testdataPath(t, "typeshed")}
	syms = symbols("fx_typeshed", []string{"shed"}, shed)
	require.Equal(t, testdataPath(t, "typeshed", "stubs", "fx_typeshed", "fx_typeshed.pyi"), syms[0].Function.SignatureDetail)
	shed.UseTypeshed = false
	require.Equal(t, "runtime", symbols("fx_typeshed", []string{"shed"}, shed)[0].Function.SignatureSource)

	// types-* distribution (PEP 561 stub package).
	resp := oneShot(t, interp, Request{Mode: ModeSymbols, Module: "fx_dist", Symbols: []string{"dist_func"}})
	doc, err := resp.Symbols()
	require.NoError(t, err)
	require.Equal(t, testdataPath(t, "site", "fx_dist-stubs", "__init__.pyi"), doc.Symbols[0].Function.SignatureDetail)
	require.Equal(t, &Distribution{Name: "fx-dist", Version: "2.5.0"}, doc.Distribution)
	require.Equal(t, map[string]string{"fx-dist": "2.5.0", "types-fx-dist": "1.0.0"}, resp.Producer.Packages)
}

func TestClassMethodScopeAndLimit(t *testing.T) {
	interp := fixtureInterp(t)
	classes := func(config Config) *Class {
		resp := oneShot(t, interp, Request{Mode: ModeSymbols, Module: "fx_basic", Symbols: []string{"Child"}, Config: config})
		doc, err := resp.Symbols()
		require.NoError(t, err)
		return doc.Symbols[0].Class
	}
	names := func(c *Class) []string {
		var out []string
		for _, m := range c.Methods {
			out = append(out, m.Name)
		}
		return out
	}
	require.Equal(t, []string{"__init__", "build", "extra", "helper", "shared"}, names(classes(Config{})))
	defined := classes(Config{ClassMethodScope: "defined"})
	require.Equal(t, []string{"__init__", "extra"}, names(defined))
	require.Equal(t, "defined", defined.MethodScope)
	two := 2
	limited := classes(Config{MaxClassMethods: &two})
	require.True(t, limited.MethodsTruncated)
	require.Equal(t, "defined", limited.MethodScope)
	require.Equal(t, []string{"__init__", "extra"}, names(limited))
	zero := 0
	require.False(t, classes(Config{MaxClassMethods: &zero}).MethodsTruncated, "<= 0 disables the limit")
}

// --v21 expands exactly what schema 3 references.
func TestV21MatchesSchema3(t *testing.T) {
	interp := fixtureInterp(t)
	s3 := fixtureModule(t, Request{Module: "fx_basic"})
	resp := oneShot(t, interp, Request{Module: "fx_basic", Format: FormatV21})
	var v21 struct {
		Version    string `json:"version"`
		Namespaces map[string]struct {
			Functions []map[string]any `json:"functions"`
			Classes   []struct {
				Name    string           `json:"name"`
				Methods []map[string]any `json:"methods"`
			} `json:"classes"`
		} `json:"namespaces"`
	}
	require.NoError(t, json.Unmarshal(resp.Raw, &v21))
	require.Equal(t, "2.1", v21.Version)
	ns3 := s3.Namespaces[""]
	moduleDoc := ns3.Docstring
	for _, cls := range v21.Namespaces[""].Classes {
		c3 := classNamed(t, ns3.Classes, cls.Name)
		require.Len(t, cls.Methods, len(c3.Methods))
		for i, m := range cls.Methods {
			ref := c3.Methods[i]
			require.Equal(t, ref.Name, m["name"])
			require.Equal(t, ref.Function.Doc(moduleDoc), m["docstring"])
			require.Equal(t, ref.Function.SignatureSource, m["signature_source"])
			require.Equal(t, float64(len(ref.Function.Parameters)), float64(len(m["parameters"].([]any))))
			require.NotContains(t, m, "source_file", "v2.1 keeps upstream's keys only")
		}
	}
	for _, f := range v21.Namespaces[""].Functions {
		if f["name"] == "keyword_only" {
			require.Equal(t, "module", f["doc_source"])
			require.Equal(t, moduleDoc, f["docstring"], "v2.1 repeats the module docstring")
		}
	}
	_, err := resp.Module()
	require.Error(t, err, "only schema 3 decodes into typed results")
}

func TestModuleDocsAndAttributeModes(t *testing.T) {
	interp := fixtureInterp(t)
	resp := oneShot(t, interp, Request{Mode: ModeModuleDocs, Module: "fx_stubbed", Modules: []string{"fx_stubbed", "fx_nope", "json"}})
	docs, err := resp.ModuleDocs()
	require.NoError(t, err)
	require.Len(t, docs, 3)
	require.Equal(t, "runtime", docs[0].DocSource)
	require.Equal(t, "error", docs[1].DocSource)
	require.Contains(t, docs[1].DocMissingReason, "No module named 'fx_nope'")
	require.True(t, resp.Provenance.Incomplete, "results with import errors are not cacheable")

	resp = oneShot(t, interp, Request{Mode: ModeAttribute, Module: "fx_basic", Attribute: "Child"})
	probe, err := resp.Attribute()
	require.NoError(t, err)
	require.Equal(t, &AttributeProbe{Exists: true, IsClass: true, TypeName: "type"}, probe)
	resp = oneShot(t, interp, Request{Mode: ModeAttribute, Module: "fx_basic", Attribute: "absent"})
	probe, err = resp.Attribute()
	require.NoError(t, err)
	require.False(t, probe.Exists)
}

func TestSubmoduleSelection(t *testing.T) {
	cases := []struct {
		opts ModuleOptions
		want []string
	}{
		{ModuleOptions{}, []string{""}},
		{ModuleOptions{Submodules: []string{"decoder"}}, []string{"", "decoder"}},
		{ModuleOptions{DiscoverSubmodules: true}, []string{"", "decoder", "encoder", "scanner", "tool"}},
		{ModuleOptions{DiscoverSubmodules: true, Exclude: []string{"s*", "tool"}}, []string{"", "decoder", "encoder"}},
		{ModuleOptions{Submodules: []string{"decoder"}, Include: []string{"tool"}}, []string{"", "decoder", "tool"}},
		{ModuleOptions{DiscoverSubmodules: true, PublicAPI: true, PublicAPIMode: "explicit_all"}, []string{"", "decoder", "scanner"}},
	}
	for _, tc := range cases {
		result := fixtureModule(t, Request{Module: "json", Options: tc.opts})
		var got []string
		for name := range result.Namespaces {
			got = append(got, name)
		}
		sort.Strings(got)
		require.Equal(t, tc.want, got, "%+v", tc.opts)
	}
}

// A stub the outline can take apart is read a definition at a time: a
// definition that does not parse is left out (the whole-file parse
// rejected the whole stub), the others keep their types, lines and
// annotation text. Small stubs too (they were parsed whole under 8 KiB).
func TestStubReadPerDefinition(t *testing.T) {
	dir := t.TempDir()
	source := "def good(a):\n    return str(a)\n\ndef bad(a):\n    return a\n\nclass Box:\n    def get(self):\n        return ''\n"
	var stub strings.Builder
	stub.WriteString("\"\"\"Stub docs.\"\"\"\nfrom typing import overload\n\n")
	for i := 0; i < 3; i++ {
		fmt.Fprintf(&stub, "def pad_%d(x: int) -> int: ...\n", i)
	}
	stub.WriteString("@overload\ndef good(a: int) -> str: ...\n@overload\ndef good(a: str, b: list[int] = ...) -> str: ...\n")
	stub.WriteString("def bad(a: int) -> int ...\n")
	stub.WriteString("def only_good(x: int) -> bytes: ...\ndef only_broken(x: int) -> int ...\n")
	stub.WriteString("class Box:\n    \"\"\"A box.\"\"\"\n    def get(self) -> str: ...\n")
	require.Less(t, stub.Len(), 1<<10, "a small stub")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "fx_big.py"), []byte(source), 0o644))
	stubPath := filepath.Join(dir, "fx_big.pyi")
	require.NoError(t, os.WriteFile(stubPath, []byte(stub.String()), 0o644))
	interp := Interpreter{Path: testenv.SystemPython(t), Env: []string{"PYTHONPATH=" + dir, noBytecodeInTree(t)},
		ProjectRoot: t.TempDir()}

	resp := oneShot(t, interp, Request{Mode: ModeSymbols, Module: "fx_big",
		Symbols: []string{"good", "bad", "only_good", "only_broken", "Box"}})
	doc, err := resp.Symbols()
	require.NoError(t, err)
	good := doc.Symbols[0].Function
	require.Equal(t, "stub", good.SignatureSource)
	require.Equal(t, stubPath, good.SignatureDetail)
	require.Equal(t, 2, *good.OverloadCount)
	require.Equal(t, TypeDict{Type: "string"}, good.ReturnType)
	require.Equal(t, "list[int]", *good.Parameters[1].Annotation, "annotation text sliced from the definition's own parse")
	bad := doc.Symbols[1].Function
	require.Equal(t, "runtime", bad.SignatureSource, "the definition that does not parse gives no stub signature")
	onlyGood := doc.Symbols[2].Function
	require.Equal(t, TypeDict{Type: "bytes"}, onlyGood.ReturnType)
	require.Equal(t, stubPath, onlyGood.SourceFile)
	require.Equal(t, lineOf(t, stubPath, "def only_good("), onlyGood.SourceLine)
	require.Equal(t, Symbol{Name: "only_broken", Error: "not_found"}, doc.Symbols[3])
	box := doc.Symbols[4].Class
	require.Equal(t, "stub", methodNamed(t, box, "get").SignatureSource)
	require.Equal(t, TypeDict{Type: "string"}, methodNamed(t, box, "get").ReturnType)

	resp = oneShot(t, interp, Request{Module: "fx_big"})
	result, err := resp.Module()
	require.NoError(t, err)
	var names []string
	for _, f := range result.Namespaces[""].Functions {
		names = append(names, f.Name)
	}
	require.Contains(t, names, "only_good")
	require.Contains(t, names, "pad_0")
	require.NotContains(t, names, "only_broken")
}
