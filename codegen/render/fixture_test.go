package render

import (
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// Builders for hand-made manifest entries.

func ptr(s string) *string { return &s }

func td(t string) pyhelper.TypeDict { return pyhelper.TypeDict{Type: t} }

func pos(name string, t pyhelper.TypeDict) pyhelper.Param {
	return pyhelper.Param{Name: name, Kind: model.KindPositionalOrKeyword, Type: t}
}

func opt(name, def string, t pyhelper.TypeDict) pyhelper.Param {
	return pyhelper.Param{Name: name, Kind: model.KindPositionalOrKeyword, Default: ptr(def), Type: t}
}

func kwonly(name string, def *string) pyhelper.Param {
	return pyhelper.Param{Name: name, Kind: model.KindKeywordOnly, Default: def, Type: td("any")}
}

func varargs(name string) pyhelper.Param {
	return pyhelper.Param{Name: name, Kind: model.KindVarPositional, Type: td("any")}
}

func varkw(name string) pyhelper.Param {
	return pyhelper.Param{Name: name, Kind: model.KindVarKeyword, Type: td("any")}
}

func sig(doc string, ret pyhelper.TypeDict, params ...pyhelper.Param) model.Signature {
	s := model.Signature{Parameters: params, ReturnType: ret, SignatureAvailable: true, Docstring: doc}
	for _, p := range params {
		if model.IsPositional(p) && p.Default == nil {
			s.RequiredArity++
		}
	}
	return s
}

func noSig(doc string) model.Signature {
	return model.Signature{ReturnType: td("any"), Docstring: doc}
}

func fn(module, python, pyModule string, s model.Signature) *model.Symbol {
	return &model.Symbol{Signature: s, Module: module, Function: python, Name: model.FunctionName(python), PythonModule: pyModule}
}

func method(python string, s model.Signature) *model.Method {
	name, ok := model.MethodName(python)
	if !ok {
		name = ""
	}
	return &model.Method{Signature: s, Name: python, ElixirName: name}
}

func manifestOf(symbols []*model.Symbol, classes []*model.Class, modules []*model.Module) *model.Manifest {
	m := &model.Manifest{Version: "0.16.0", Symbols: map[string]*model.Symbol{}, Classes: map[string]*model.Class{}, Modules: map[string]*model.Module{}}
	for _, s := range symbols {
		m.Symbols[s.Key()] = s
	}
	for _, c := range classes {
		m.Classes[c.Module] = c
	}
	for _, mod := range modules {
		m.Modules[mod.PythonModule] = mod
	}
	return m
}

var demoLibrary = model.Library{
	PythonName:      "demo",
	Module:          "Demo",
	Version:         "1.2.3",
	DocsURL:         "https://demo.example.org/docs",
	Streaming:       []string{"mean", "mystery", "gather"},
	ObservedVersion: "1.2.4",
}

const numpyDoc = `Compute the arithmetic mean along the specified axis.

Returns the average of the array elements. Uses ` + "``float64``" + ` for
integer inputs; see :func:` + "`numpy.average`" + ` and :class:` + "`~numpy.ndarray`" + `.

Parameters
----------
values : array_like
    Array containing numbers whose mean is desired.
axis : None or int, optional
    Axis along which the means are computed.

Returns
-------
float
    The mean.

Examples
--------
>>> mean([1, 2, 3])
2.0
`

const googleDoc = `Connect to a server.

Args:
    host (str): The host name, e.g. "localhost".
    timeout: Seconds to wait.

Raises:
    ConnectionError: When the server does not answer.

Example:
    .. code-block:: python

        connect("localhost", timeout=3)
`

const restDoc = `Pick an element.

:param a: The sequence.
:type a: list
:param b: How many.
:returns: The chosen elements.
:rtype: list

.. versionadded:: 1.1

.. note:: Escapes: """ and #{interpolation} and a \backslash, café ☕, ` + "`code`" + `.
`

const tableDoc = `Simple JSON <https://json.org> decoder

Performs the following translations in decoding by default:

+---------------+-------------------+
| JSON          | Python            |
+===============+===================+
| object        | dict              |
+---------------+-------------------+

It also understands ` + "``NaN``" + ` as a float.
`

// demoManifest covers every wrapper shape of compat §6.3/§6.4.
func demoManifest() *model.Manifest {
	widget := pyhelper.TypeDict{Type: "class", Module: "demo.widget", Name: "Widget"}
	symbols := []*model.Symbol{
		fn("Demo", "mean", "demo", sig(numpyDoc, td("float"),
			pos("values", pyhelper.TypeDict{Type: "list", ElementType: &pyhelper.TypeDict{Type: "float"}}),
			opt("axis", "None", pyhelper.TypeDict{Type: "optional", InnerType: &pyhelper.TypeDict{Type: "int"}}),
			opt("dtype", "<class 'float'>", td("any")))),
		fn("Demo", "join_values", "demo", sig("Join values.", td("str"), varargs("values"), kwonly("sep", ptr("' '")))),
		fn("Demo", "connect", "demo", sig(googleDoc, widget, pos("host", td("str")), kwonly("timeout", nil), kwonly("retries", ptr("3")), varkw("extra"))),
		fn("Demo", "pick", "demo", sig(restDoc, td("list"), pos("a", td("list")), opt("b", "1", td("int")), kwonly("key", nil))),
		fn("Demo", "mystery", "demo", noSig("")),
		fn("Demo", "class", "demo", sig("", td("none"), pos("of", td("any")))),
		fn("Demo", "doc", "demo", sig("Shadowed by the discovery function.", td("any"), pos("x", td("any")))),
		fn("Demo", "FooBar", "demo", sig("One.", td("any"), pos("a", td("any")))),
		fn("Demo", "foo_bar", "demo", sig("Two.", td("any"), pos("a", td("any")), pos("b", td("any")))),
		fn("Demo", "hd", "demo", sig("Would shadow Kernel.hd/1.", td("any"), pos("x", td("any")))),
		fn("Demo", "types_demo", "demo", sig("Type mapping.\n\nDefault repr: <built-in method match of re.Pattern object at 0x795ec725b780>", pyhelper.TypeDict{Type: "tuple", ElementTypes: []pyhelper.TypeDict{}},
			pos("a", td("int")),
			pos("b", pyhelper.TypeDict{Type: "list", ElementType: &pyhelper.TypeDict{Type: "str"}}),
			pos("c", pyhelper.TypeDict{Type: "dict", KeyType: &pyhelper.TypeDict{Type: "str"}, ValueType: &pyhelper.TypeDict{Type: "float"}}),
			pos("d", pyhelper.TypeDict{Type: "tuple", ElementTypes: []pyhelper.TypeDict{td("int"), td("str"), td("bytes")}}),
			pos("e", pyhelper.TypeDict{Type: "frozenset", ElementType: &pyhelper.TypeDict{Type: "int"}}),
			pos("f", pyhelper.TypeDict{Type: "optional", InnerType: &widget}),
			pos("g", pyhelper.TypeDict{Type: "union", Types: []pyhelper.TypeDict{td("int"), {Type: "union", Types: []pyhelper.TypeDict{td("str"), td("none")}}, td("int")}}),
			pos("h", td("demo.sub.Thing")),
			pos("i", td("other.lib.Thing")),
			opt("pattern_match", "<built-in method match of re.Pattern object at 0x795ec725b780>", td("any")))),
		{Signature: model.Signature{ReturnType: td("float"), Docstring: ""}, Module: "Demo", Function: "PI", Name: "pi", PythonModule: "demo", CallType: "module_attr"},
		fn("Demo", "opts", "demo", sig("Parameters named like the generated variables.", td("any"),
			pos("opts", td("any")), pos("callback", td("any")), pos("ref", td("any")), pos("kw_keys", td("any")), pos("Opts", td("any")),
			opt("args", "None", td("any")))),
		fn("Demo", "gather", "demo", sig("Streaming with extra positionals.", td("any"), pos("source", td("str")), varargs("rest"), kwonly("mode", nil))),
		fn("Demo", "a_function_with_a_rather_long_name_to_force_breaking", "demo", sig("Long.",
			pyhelper.TypeDict{Type: "union", Types: []pyhelper.TypeDict{widget, {Type: "dict", KeyType: &pyhelper.TypeDict{Type: "str"}, ValueType: &pyhelper.TypeDict{Type: "list", ElementType: &widget}}, td("none")}},
			pos("first_parameter", td("int")), pos("second_parameter", td("str")), pos("third_parameter", widget),
			opt("fourth_parameter", "None", td("any")), kwonly("fifth_parameter_keyword_only", nil), kwonly("sixth_parameter_keyword_only", nil))),
		fn("Demo.Sub", "helper", "demo.sub", sig("Sub helper.", td("any"), pos("x", td("any")))),
		fn("Demo.Sub", "üñí", "demo.sub", sig("Non-ASCII name.", td("any"))),
		fn("Demo.Widget", "make_widget", "demo.widget", sig("Module function next to the Widget class.", widget)),
		fn("Demo.Core", "core_fn", "demo.core", sig("From demo.core.", td("any"))),
		fn("Demo.Core", "private_fn", "demo._core", sig("From demo._core.", td("any"))),
	}
	classes := []*model.Class{
		{
			Module: "Demo.Widget", Class: "Widget", PythonModule: "demo.widget",
			Docstring: tableDoc,
			Methods: []*model.Method{
				method("__init__", sig("Build a widget.", td("none"), pos("size", td("int")), opt("color", "'red'", td("str")), kwonly("label", nil))),
				method("resize", sig("Resize.", widget, pos("factor", td("float")))),
				method("new", sig("A Python method called new.", td("any"))),
				method("__str__", sig("", td("str"))),
				method("__len__", sig("", td("int"))),
				method("get", sig("Get by key.", td("any"), pos("key", td("any")), opt("default", "None", td("any")))),
				method("__getitem__", sig("", td("any"), pos("key", td("any")))),
				method("poke", noSig("No signature.")),
				method("__eq__", sig("", td("bool"), pos("other", td("any")))),
				method("class", sig("Reserved word.", td("any"))),
				method("elem", sig("Would shadow Kernel.elem/2.", td("any"), pos("i", td("int")))),
			},
			Attributes: []string{"size", "resize", "new", "Ünïcode", "get", "ClassVar"},
		},
		{Module: "Demo.Sub.Thing", Class: "Thing", PythonModule: "demo.sub", Docstring: ""},
		{Module: "Demo.Sub.Gadget", Class: "Gadget", PythonModule: "demo.sub", Docstring: "Variadic constructor.",
			Methods: []*model.Method{method("__init__", noSig(inheritedInit))}, MethodsTruncated: true},
		{Module: "Demo.Config", Class: "Config", PythonModule: "demo", Docstring: "Configuration.",
			Methods: []*model.Method{method("__init__", sig(inheritedInit, td("none"), pos("path", td("str")), opt("debug", "False", td("bool"))))}},
	}
	modules := []*model.Module{
		{PythonModule: "demo", Docstring: "Demo library.\n\nA module docstring with ``literals``.", DocSource: "runtime", ModuleVersion: "1.2.4"},
		{PythonModule: "demo.empty", DocSource: "error", DocMissingReason: "ImportError: no module named 'missing_dep'"},
		{PythonModule: "demo.sub", Docstring: "", DocSource: "empty"},
		{PythonModule: "jsonlike.other", Docstring: "Not part of the library."},
	}
	return manifestOf(symbols, classes, modules)
}
