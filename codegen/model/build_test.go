package model

import (
	"github.com/stretchr/testify/require"
	"sort"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

var (
	jsonLib    = Library{PythonName: "json", Module: "Json", Version: "stdlib", Stdlib: true}
	fixtureLib = Library{PythonName: "sbfixture", Module: "Sbfixture", Streaming: []string{"generate"}}
)

// TestFromModuleJSON compares with upstream's examples/math_demo ({:json,
// :stdlib, generate: :all, submodules: true}): the same wrapper modules,
// class modules (re-exported classes twice) and symbol keys.
func TestFromModuleJSON(t *testing.T) {
	res := introspectModule(t, "json", true)
	m, _ := build(t, jsonLib, res, BuildOptions{})

	require.Equal(t, []string{"json", "json.decoder", "json.encoder", "json.scanner", "json.tool"}, keys(m.Modules))
	var wrappers []string
	for mod := range m.Modules {
		wrappers = append(wrappers, ModuleFor(jsonLib, mod))
	}
	sort.Strings(wrappers)
	require.Equal(t, []string{"Json", "Json.Decoder", "Json.Encoder", "Json.Scanner", "Json.Tool"}, wrappers)
	require.Equal(t, []string{
		"Json.Decoder.JSONDecodeError", "Json.Decoder.JSONDecoder", "Json.Encoder.JSONEncoder",
		"Json.JSONDecodeError", "Json.JSONDecoder", "Json.JSONEncoder", "Json.Scanner.MakeScanner",
	}, keys(m.Classes))
	require.Equal(t, []string{
		"Json.Encoder.py_encode_basestring/1", "Json.Encoder.py_encode_basestring_ascii/1", "Json.Tool.main/0",
		"Json.dump/2", "Json.dumps/1", "Json.load/1", "Json.loads/1",
	}, keys(m.Symbols))

	dump := symbol(t, m, "Json.dump/2")
	require.Equal(t, "Json", dump.Module)
	require.Equal(t, "json", dump.PythonModule)
	require.Equal(t, Arity{N: 3}, dump.MaximumArity)
	require.True(t, dump.HasVarKeyword)
	require.Equal(t, []string{"skipkeys", "ensure_ascii", "check_circular", "allow_nan", "cls", "indent", "separators",
		"default", "sort_keys"}, dump.OptionalKeywordOnly)
	require.Equal(t, "runtime", dump.SignatureSource)

	main := symbol(t, m, "Json.Tool.main/0")
	require.Equal(t, res.Namespaces["tool"].Docstring, main.Docstring, "upstream repeats the module docstring")
	require.Equal(t, "module", main.DocSource)
	require.Equal(t, "runtime docstring missing", main.DocMissingReason)
	require.Equal(t, Arity{N: 1}, main.MaximumArity)

	decoder := class(t, m, "Json.Decoder.JSONDecoder")
	require.Equal(t, "JSONDecoder", decoder.Class)
	require.Equal(t, "json.decoder", decoder.PythonModule)
	require.Equal(t, "json.decoder", class(t, m, "Json.Decoder.JSONDecodeError").PythonModule)
	require.Equal(t, "json", class(t, m, "Json.JSONDecoder").PythonModule)
	init := method(t, decoder, "new")
	require.Equal(t, "__init__", init.Name)
	require.Equal(t, 0, init.RequiredArity)
	require.Equal(t, Arity{N: 1}, init.MaximumArity, "keyword-only parameters only: new/0 and new/1 with opts")
	require.Equal(t, []string{"object_hook", "parse_float", "parse_int", "parse_constant", "strict", "object_pairs_hook"},
		init.OptionalKeywordOnly)
	decode := method(t, decoder, "decode")
	require.Equal(t, 2, decode.MinimumArity, "ref + s")
	require.Equal(t, Arity{N: 4}, decode.MaximumArity)
	require.Equal(t, "<built-in method match of re.Pattern object>", *decode.Parameters[1].Default,
		"the memory address is removed")

	scanner := class(t, m, "Json.Scanner.MakeScanner")
	require.Equal(t, "make_scanner", scanner.Class)
	require.Equal(t, []string{"object_hook", "object_pairs_hook", "parse_constant", "parse_float", "parse_int", "strict"},
		scanner.Attributes)
	newScanner := method(t, scanner, "new")
	require.Equal(t, Arity{Unbounded: true}, newScanner.MaximumArity)
	require.True(t, newScanner.HasVarKeyword)

	root := m.Modules["json"]
	require.Equal(t, "runtime", root.DocSource)
	require.Contains(t, root.Docstring, "JSON (JavaScript Object Notation)")
}

func TestFromModuleMath(t *testing.T) {
	lib := Library{PythonName: "math", Module: "Math"}
	m, _ := build(t, lib, introspectModule(t, "math", false), BuildOptions{})
	require.Equal(t, []string{"math"}, keys(m.Modules))
	require.Equal(t, 0, len(m.Classes))

	sqrt := symbol(t, m, "Math.sqrt/1")
	require.Equal(t, "sqrt", sqrt.Function)
	require.Equal(t, 1, sqrt.MinimumArity)
	require.Equal(t, Arity{N: 2}, sqrt.MaximumArity)
	require.Equal(t, "", sqrt.CallType)

	pi := symbol(t, m, "Math.pi/0")
	require.Equal(t, "module_attr", pi.CallType)
	require.Equal(t, Arity{}, pi.MaximumArity)
	require.Equal(t, "attribute", pi.SignatureDetail)
	require.Equal(t, "float", pi.ReturnType.Type)
	require.Equal(t, "attribute docstring not supported", pi.DocMissingReason)
	require.True(t, pi.SignatureMissingReason == nil, "attributes have no signature_missing_reason")

	for _, s := range m.Symbols {
		if len(s.Parameters) == 0 && !s.SignatureAvailable {
			require.Equal(t, Arity{N: 9}, s.MaximumArity, s.Key())
			require.Equal(t, "variadic", s.SignatureSource, s.Key())
		}
	}
}

func TestFromModulePathlib(t *testing.T) {
	lib := Library{PythonName: "pathlib", Module: "Pathlib"}
	m, _ := build(t, lib, introspectModule(t, "pathlib", false), BuildOptions{})
	require.Equal(t, []string{"Pathlib.Path", "Pathlib.PosixPath", "Pathlib.PurePath", "Pathlib.PurePosixPath",
		"Pathlib.PureWindowsPath", "Pathlib.WindowsPath"}, keys(m.Classes))
	path := class(t, m, "Pathlib.Path")
	init := method(t, path, "new")
	require.Equal(t, "__init__", init.Name)
	exists := method(t, path, "exists")
	require.Equal(t, 1, exists.MinimumArity, "the ref")
	withName := method(t, path, "with_name")
	require.Equal(t, 2, withName.RequiredArity)
	require.Equal(t, Arity{N: 3}, withName.MaximumArity)
	joinpath := method(t, path, "joinpath")
	require.Equal(t, Arity{Unbounded: true}, joinpath.MaximumArity)
	for _, meth := range path.Methods {
		if meth.Name != "__init__" {
			_, exposed := MethodName(meth.Name)
			require.True(t, exposed, meth.Name)
			require.False(t, isDunder(meth.Name), "no other dunder method gets an entry: "+meth.Name)
		}
	}
	members := path.Members()
	require.True(t, members.Init == init)
	names := map[string]string{}
	for _, a := range members.Attributes {
		names[a.PythonName] = a.Name
	}
	require.Equal(t, "stem", names["stem"])
	require.Equal(t, "_drv", names["_drv"])
}

// TestFromModuleFixture covers the naming and arity rules on a package made
// for them (testdata/python/sbfixture).
func TestFromModuleFixture(t *testing.T) {
	res := introspectModule(t, "sbfixture", true)
	m, issues := build(t, fixtureLib, res, BuildOptions{})
	require.Equal(t, 0, len(issues), issues)
	require.Equal(t, []string{"sbfixture", "sbfixture.gadget", "sbfixture.widget"}, keys(m.Modules))

	opt := symbol(t, m, "Sbfixture.optional_args/1")
	require.Equal(t, Arity{N: 3}, opt.MaximumArity, "required + 2 whatever the number of optionals")
	variadic := symbol(t, m, "Sbfixture.variadic/0")
	require.Equal(t, Arity{Unbounded: true}, variadic.MaximumArity)
	require.True(t, variadic.HasVarPositional)
	require.Equal(t, []string{"sep"}, variadic.OptionalKeywordOnly)
	kw := symbol(t, m, "Sbfixture.keyword_only/1")
	require.Equal(t, []string{"mode"}, kw.RequiredKeywordOnly)
	require.Equal(t, []string{"flag"}, kw.OptionalKeywordOnly)
	require.Equal(t, Arity{N: 2}, kw.MaximumArity)
	kwargs := symbol(t, m, "Sbfixture.kwargs_only/0")
	require.True(t, kwargs.HasVarKeyword)
	require.Equal(t, Arity{N: 1}, kwargs.MaximumArity)

	camel := symbol(t, m, "Sbfixture.parse_url/1")
	require.Equal(t, "parseURL", camel.Function)
	require.Equal(t, "def", symbol(t, m, "Sbfixture.py_def/1").Function)
	require.Equal(t, "class", symbol(t, m, "Sbfixture.py_class/1").Function)

	require.True(t, symbol(t, m, "Sbfixture.generate/1").Streaming)
	require.False(t, opt.Streaming)

	matcher := symbol(t, m, "Sbfixture.matcher/1")
	require.Equal(t, "<built-in method match of re.Pattern object>", *matcher.Parameters[1].Default)
	weird := symbol(t, m, "Sbfixture.weird/0")
	for _, part := range []string{"Grüße", `"""`, "#{interpolation}", "\x07", "\x01"} {
		require.Contains(t, weird.Docstring, part)
	}
	undoc := symbol(t, m, "Sbfixture.undocumented/1")
	require.Equal(t, res.Namespaces[""].Docstring, undoc.Docstring)
	require.Equal(t, "module", undoc.DocSource)

	size := symbol(t, m, "Sbfixture.max_size/0")
	require.Equal(t, "MAX_SIZE", size.Function)
	require.Equal(t, "module_attr", size.CallType)
	require.Equal(t, "module_attr", symbol(t, m, "Sbfixture.version_info/0").CallType)

	// Widget is defined in sbfixture.widget and re-exported by the root:
	// the root namespace comes first and gets the plain name.
	require.Equal(t, []string{"Sbfixture.Gadget", "Sbfixture.GadgetClass", "Sbfixture.GadgetClass3",
		"Sbfixture.GadgetClass4", "Sbfixture.Widget", "Sbfixture.WidgetClass"}, keys(m.Classes))
	for key, want := range map[string][2]string{
		"Sbfixture.Gadget":       {"sbfixture", "Gadget"},
		"Sbfixture.GadgetClass":  {"sbfixture", "gadget"},
		"Sbfixture.GadgetClass3": {"sbfixture.gadget", "Gadget"},
		"Sbfixture.GadgetClass4": {"sbfixture.gadget", "gadget"},
		"Sbfixture.Widget":       {"sbfixture", "Widget"},
		"Sbfixture.WidgetClass":  {"sbfixture.widget", "Widget"},
	} {
		c := class(t, m, key)
		require.Equal(t, want, [2]string{c.PythonModule, c.Class}, key)
		require.Equal(t, key, c.Module)
	}

	widget := class(t, m, "Sbfixture.WidgetClass")
	init := method(t, widget, "new")
	require.Equal(t, "__init__", init.Name)
	require.Equal(t, 1, init.RequiredArity, "no ref for the constructor")
	require.Equal(t, Arity{N: 3}, init.MaximumArity)
	pyNew := method(t, widget, "python_new")
	require.Equal(t, "new", pyNew.Name)
	require.Equal(t, 2, pyNew.MinimumArity)
	require.Equal(t, Arity{N: 3}, pyNew.MaximumArity)
	get := method(t, widget, "get")
	require.Equal(t, Arity{N: 4}, get.MaximumArity)
	require.Equal(t, "end", method(t, widget, "py_end").Name)
	require.Equal(t, Arity{Unbounded: true}, method(t, widget, "scale").MaximumArity)
	for _, meth := range widget.Methods {
		require.False(t, meth.Name != "__init__" && isDunder(meth.Name), "dunder "+meth.Name)
	}

	members := widget.Members()
	require.True(t, members.Init == init)
	var methodNames []string
	for _, meth := range members.Methods {
		methodNames = append(methodNames, meth.ElixirName)
	}
	require.Equal(t, []string{"get", "py_end", "python_new", "scale"}, methodNames)
	require.Equal(t, []Attribute{
		{"color", "Color"},
		{"get_attr", "Get"},           // collides with the method get
		{"new_attr", "New"},           // collides with the constructor
		{"get_attr_attr", "get_attr"}, // taken by Get's accessor
		{"length", "length"},
		{"python_new_attr", "python_new"},
		{"size", "size"},
	}, members.Attributes)
}

func TestFromModuleOptions(t *testing.T) {
	res := introspectModule(t, "sbfixture", true)

	t.Run("exclude", func(t *testing.T) {
		m, _ := build(t, fixtureLib, res, BuildOptions{Exclude: []string{"variadic", "MAX_SIZE", "Widget"}})
		_, hasVariadic := m.Symbols["Sbfixture.variadic/0"]
		_, hasSize := m.Symbols["Sbfixture.max_size/0"]
		require.False(t, hasVariadic || hasSize)
		for _, c := range m.Classes {
			require.False(t, c.Class == "Widget", c.Module)
		}
	})

	t.Run("existing manifest", func(t *testing.T) {
		existing := New("0.16.0")
		// Another library's class holds Sbfixture.Gadget; this library's
		// old entries are ignored (they are about to be replaced).
		existing.Classes["Sbfixture.Gadget"] = &Class{Module: "Sbfixture.Gadget", Class: "Gadget", PythonModule: "other"}
		existing.Classes["Sbfixture.Widget"] = &Class{Module: "Sbfixture.Widget", Class: "Widget", PythonModule: "sbfixture"}
		m, _ := build(t, fixtureLib, res, BuildOptions{Existing: existing})
		require.Equal(t, []string{"Sbfixture.GadgetClass", "Sbfixture.GadgetClass3", "Sbfixture.GadgetClass4",
			"Sbfixture.GadgetClass5", "Sbfixture.Widget", "Sbfixture.WidgetClass"}, keys(m.Classes))
	})

	t.Run("variadic max arity", func(t *testing.T) {
		res := &pyhelper.ModuleResult{
			Methods: map[string]*pyhelper.Function{"m": {Name: "go"}},
			Namespaces: map[string]*pyhelper.Namespace{"": {
				Functions: []*pyhelper.Function{{Name: "f"}},
				Classes:   []*pyhelper.Class{{Name: "C", Methods: []pyhelper.MethodRef{{Name: "go", Ref: "m"}}}},
			}},
		}
		m, _ := build(t, Library{PythonName: "p", Module: "P"}, res, BuildOptions{VariadicMaxArity: 3})
		require.Equal(t, Arity{N: 4}, symbol(t, m, "P.f/0").MaximumArity)
		require.Equal(t, Arity{N: 5}, method(t, class(t, m, "P.C"), "go").MaximumArity, "3 + 1, + 1 for the ref")
		m, _ = build(t, Library{PythonName: "p", Module: "P"}, res, BuildOptions{})
		require.Equal(t, Arity{N: 9}, symbol(t, m, "P.f/0").MaximumArity)
	})

	t.Run("source root", func(t *testing.T) {
		root := res.Namespaces[""].File
		m, _ := build(t, fixtureLib, res, BuildOptions{SourceRoot: root[:len(root)-len("sbfixture/__init__.py")]})
		require.Equal(t, "sbfixture/__init__.py", symbol(t, m, "Sbfixture.optional_args/1").SourceFile)
		require.Equal(t, "sbfixture/widget.py", class(t, m, "Sbfixture.WidgetClass").SourceFile)
	})

	t.Run("errors", func(t *testing.T) {
		_, _, err := FromModule(fixtureLib, nil, BuildOptions{})
		require.ErrorContains(t, err, "no introspection result")
		_, _, err = FromModule(Library{PythonName: "x"}, res, BuildOptions{})
		require.ErrorContains(t, err, "Elixir module are required")
	})
}

// TestDeterministic runs the introspection twice (two processes, different
// object addresses) and requires byte-identical manifests.
func TestDeterministic(t *testing.T) {
	encode := func() []byte {
		m, _ := build(t, fixtureLib, introspectModule(t, "sbfixture", true), BuildOptions{})
		m.Version = "0.16.0"
		data, err := Encode(m)
		require.NoError(t, err)
		return data
	}
	first, second := encode(), encode()
	require.Equal(t, string(first), string(second))
	require.NotContains(t, string(first), " at 0x")
}

func TestFromModuleHandMade(t *testing.T) {
	// A namespace that failed to import, issues at both levels, a method
	// reference resolved through the methods table (not linked), and a
	// symbol key collision inside one namespace (the first wins).
	res := &pyhelper.ModuleResult{
		Module:    "pkg",
		Docstring: "Root doc.", DocSource: "runtime", ModuleVersion: "1.2.3",
		Issues: []pyhelper.Issue{{Type: "import_error", Module: "pkg.broken", Reason: "boom"}, {Type: "exports_mode_no_all"}},
		Methods: map[string]*pyhelper.Function{
			"pkg:C.__init__": {Name: "__init__", SignatureAvailable: true},
			"pkg:C.run":      {Name: "run", SignatureAvailable: true, DocSource: "module"},
			"pkg:C.__eq__":   {Name: "__eq__", SignatureAvailable: true},
		},
		Namespaces: map[string]*pyhelper.Namespace{
			"": {
				Docstring: "Root doc.", DocSource: "runtime",
				Functions: []*pyhelper.Function{
					{Name: "Foo", SignatureAvailable: true, Docstring: "first", DocSource: "runtime"},
					{Name: "foo", SignatureAvailable: true, Docstring: "second", DocSource: "runtime"},
				},
				Classes: []*pyhelper.Class{{Name: "C", Methods: []pyhelper.MethodRef{
					{Name: "__init__", Ref: "pkg:C.__init__"}, {Name: "run", Ref: "pkg:C.run"}, {Name: "__eq__", Ref: "pkg:C.__eq__"}}}},
				Issues: []pyhelper.Issue{{Type: "introspect_member_failed", Member: "x"}},
			},
			"broken": {Error: "Failed to import module 'pkg.broken': ImportError: boom"},
		},
	}
	lib := Library{PythonName: "pkg", Module: "Pkg"}
	m, issues := build(t, lib, res, BuildOptions{})
	require.Equal(t, []string{"Pkg.foo/0"}, keys(m.Symbols))
	require.Equal(t, "first", m.Symbols["Pkg.foo/0"].Docstring)
	c := class(t, m, "Pkg.C")
	require.Equal(t, 2, len(c.Methods), "__eq__ has no wrapper")
	run := method(t, c, "run")
	require.Equal(t, "Root doc.", run.Docstring)
	require.Equal(t, "module", run.DocSource)
	require.Equal(t, &Module{PythonModule: "pkg", Docstring: "Root doc.", DocSource: "runtime", ModuleVersion: "1.2.3"}, m.Modules["pkg"])
	require.Equal(t, &Module{PythonModule: "pkg.broken", DocSource: "error",
		DocMissingReason: "Failed to import module 'pkg.broken': ImportError: boom"}, m.Modules["pkg.broken"])
	require.Equal(t, []Issue{
		{PythonModule: "pkg.broken", Detail: res.Issues[0]},
		{PythonModule: "pkg", Detail: res.Issues[1]},
		{PythonModule: "pkg", Detail: res.Namespaces[""].Issues[0]},
	}, issues)

	res.Namespaces[""].Classes[0].Methods[1].Ref = "missing"
	_, _, err := FromModule(lib, res, BuildOptions{})
	require.ErrorContains(t, err, `refers to unknown entry "missing"`)
}
