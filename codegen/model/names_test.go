package model

import (
	"github.com/stretchr/testify/require"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

func TestFunctionName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"loads", "loads"},
		{"parseURL", "parse_url"},
		{"JSONDecodeError", "json_decode_error"},
		{"MAX_SIZE", "max_size"},
		{"def", "py_def"},
		{"class", "py_class"},
		{"Def", "py_def"}, // reserved after underscoring
		{"end", "py_end"},
		{"receive", "py_receive"},
		{"", "_"},
		{"2fast", "_2fast"},
		{"valid?", "valid?"},
		{"bang!", "bang!"},
		{"with-dash", "with_dash"},
		{"café", "caf__"}, // byte-wise: é is two bytes
		{"_private", "_private"},
		{"__init__", "__init__"},
	} {
		if got := FunctionName(c.in); got != c.want {
			t.Errorf("FunctionName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMethodName(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"__init__", "new", true},
		{"__str__", "to_string", true},
		{"__repr__", "inspect", true},
		{"__len__", "length", true},
		{"__getitem__", "get", true},
		{"__setitem__", "put", true},
		{"__contains__", "member?", true},
		{"__eq__", "", false},
		{"__call__", "", false},
		{"end", "py_end", true},
		{"fooBar", "foo_bar", true},
		{"new", "new", true},
		{"_helper", "_helper", true},
		{"__private", "__private", true}, // not a dunder: no trailing __
	} {
		got, ok := MethodName(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("MethodName(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestAttributeName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Color", "color"},
		{"item_separator", "item_separator"},
		{"", "_attr"},
		{"2d", "_2d"},
		{"valid?", "valid_"},
		{"MAX", "max"},
		{"_x", "_x"},
	} {
		if got := AttributeName(c.in); got != c.want {
			t.Errorf("AttributeName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParamName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"x", "x"},
		{"_w", "w"},
		{"__", "param"},
		{"", "param"},
		{"2d", "param_2d"},
		{"_1x", "param_1x"},
		{"end", "py_end"},
		{"fooBar", "foo_bar"},
		{"a?b", "a_b"},
		{"Self", "self"},
	} {
		if got := ParamName(c.in); got != c.want {
			t.Errorf("ParamName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := ExtraArgsName([]string{"a", "b"}); got != "args" {
		t.Errorf("ExtraArgsName = %q", got)
	}
	if got := ExtraArgsName([]string{"x", "args"}); got != "extra_args" {
		t.Errorf("ExtraArgsName with args = %q", got)
	}
}

func TestModuleFor(t *testing.T) {
	json := Library{PythonName: "json", Module: "Json"}
	for _, c := range []struct {
		lib      Library
		py, want string
	}{
		{json, "json", "Json"},
		{json, "json.decoder", "Json.Decoder"},
		{json, "json._private", "Json.Private"},
		{json, "json.a.b_c", "Json.A.BC"},
		{Library{PythonName: "pylatexenc", Module: "PyLatexEnc"}, "pylatexenc.latexwalker", "PyLatexEnc.Latexwalker"},
		{Library{PythonName: "torch.nn", Module: "Torch.NN"}, "torch.nn.functional", "Torch.NN.Functional"},
		{Library{PythonName: "torch.nn", Module: "Torch.NN"}, "torch", "Torch.NN"},
	} {
		if got := ModuleFor(c.lib, c.py); got != c.want {
			t.Errorf("ModuleFor(%s, %q) = %q, want %q", c.lib.PythonName, c.py, got, c.want)
		}
	}
}

func TestClassModuleFor(t *testing.T) {
	for _, c := range []struct {
		lib             Library
		py, class, want string
	}{
		{Library{PythonName: "pkg", Module: "Pkg"}, "pkg.widget", "Widget", "Pkg.Widget"},
		{Library{PythonName: "json", Module: "Json"}, "json.decoder", "JSONDecoder", "Json.Decoder.JSONDecoder"},
		{Library{PythonName: "json", Module: "Json"}, "json", "JSONDecoder", "Json.JSONDecoder"},
		{Library{PythonName: "json", Module: "Json"}, "json.scanner", "make_scanner", "Json.Scanner.MakeScanner"},
		{Library{PythonName: "numpy", Module: "Numpy"}, "numpy", "ndarray", "Numpy.Ndarray"},
		{Library{PythonName: "pylatexenc", Module: "PyLatexEnc"}, "pylatexenc.latexwalker", "LatexWalker", "PyLatexEnc.Latexwalker.LatexWalker"},
		{Library{PythonName: "sbfixture", Module: "Sbfixture"}, "sbfixture.gadget", "gadget", "Sbfixture.Gadget"},
		{Library{PythonName: "sbfixture", Module: "Sbfixture"}, "sbfixture.gadget", "Gadget", "Sbfixture.Gadget"},
		{Library{PythonName: "pkg", Module: "Pkg"}, "pkg.json_decoder.sub", "JSONDecoder", "Pkg.JsonDecoder.Sub.JSONDecoder"},
	} {
		if got := ClassModuleFor(c.lib, c.py, c.class); got != c.want {
			t.Errorf("ClassModuleFor(%q, %q) = %q, want %q", c.py, c.class, got, c.want)
		}
	}
}

func TestClassModuleCollisions(t *testing.T) {
	c := newClassModules()
	c.reserved["A.CClass"] = true
	c.reserved["A.D"] = true
	for i, step := range []struct{ want, got string }{
		{"A.B", "A.B"},
		{"A.B", "A.BClass"},
		{"A.B", "A.BClass3"},
		{"A.B", "A.BClass4"},
		{"A.C", "A.C"},
		{"A.C", "A.CClass3"}, // A.CClass is a module wrapper's name
		{"A.D", "A.D"},       // a wrapper alone does not push a class aside
		{"Top", "Top"},
		{"Top", "TopClass"},
	} {
		if got := c.claim(step.want); got != step.got {
			t.Errorf("step %d: claim(%q) = %q, want %q", i, step.want, got, step.got)
		}
	}
}

func param(name, kind string, def ...string) pyhelper.Param {
	p := pyhelper.Param{Name: name, Kind: kind}
	if len(def) > 0 {
		p.Default = str(def[0])
	}
	return p
}

func TestArity(t *testing.T) {
	po, pk, vp, ko, vk := KindPositionalOnly, KindPositionalOrKeyword, KindVarPositional, KindKeywordOnly, KindVarKeyword
	for _, c := range []struct {
		name          string
		params        []pyhelper.Param
		noSignature   bool
		variadicMax   int
		required      int
		max           Arity
		varPos, varKw bool
		reqKw, optKw  []string
	}{
		{name: "no signature", noSignature: true, variadicMax: 8, max: Arity{N: 9}},
		{name: "no signature, max 3", noSignature: true, variadicMax: 3, max: Arity{N: 4}},
		{name: "no params", variadicMax: 8, max: Arity{N: 1}},
		{name: "required", params: []pyhelper.Param{param("a", pk), param("b", po)}, variadicMax: 8, required: 2, max: Arity{N: 3}},
		{name: "lower-case kind", params: []pyhelper.Param{param("a", "positional_or_keyword")}, variadicMax: 8, required: 1, max: Arity{N: 2}},
		{name: "optional positionals", params: []pyhelper.Param{param("a", pk), param("b", pk, "1"), param("c", pk, "None")},
			variadicMax: 8, required: 1, max: Arity{N: 3}},
		{name: "star args", params: []pyhelper.Param{param("args", vp)}, variadicMax: 8, max: Arity{Unbounded: true}, varPos: true},
		{name: "star args wins over optionals", params: []pyhelper.Param{param("a", pk), param("b", pk, "1"), param("rest", vp), param("k", ko)},
			variadicMax: 8, required: 1, max: Arity{Unbounded: true}, varPos: true, reqKw: []string{"k"}},
		{name: "keyword only", params: []pyhelper.Param{param("a", pk), param("mode", ko), param("flag", ko, "False"), param("kw", vk)},
			variadicMax: 8, required: 1, max: Arity{N: 2}, varKw: true, reqKw: []string{"mode"}, optKw: []string{"flag"}},
		{name: "unknown kind ignored", params: []pyhelper.Param{param("a", "SOMETHING")}, variadicMax: 8, max: Arity{N: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sig := Signature{Parameters: c.params, SignatureAvailable: !c.noSignature}
			setArity(&sig, c.variadicMax)
			want := Signature{Parameters: c.params, SignatureAvailable: !c.noSignature, RequiredArity: c.required,
				MinimumArity: c.required, MaximumArity: c.max, HasVarPositional: c.varPos, HasVarKeyword: c.varKw,
				RequiredKeywordOnly: orEmpty(c.reqKw), OptionalKeywordOnly: orEmpty(c.optKw)}
			require.Equal(t, want, sig)
			addRef(&sig)
			require.Equal(t, c.required+1, sig.RequiredArity)
			require.Equal(t, c.required+1, sig.MinimumArity)
			if c.max.Unbounded {
				require.Equal(t, Arity{Unbounded: true}, sig.MaximumArity)
			} else {
				require.Equal(t, Arity{N: c.max.N + 1}, sig.MaximumArity)
			}
		})
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func TestStripAddresses(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"<built-in method match of re.Pattern object at 0x7f4051bf3e20>", "<built-in method match of re.Pattern object>"},
		{"<object object at 0x7F00AB>", "<object object>"},
		{"a at 0x1 and b at 0xdeadbeef.", "a and b."},
		{"0x10 is sixteen", "0x10 is sixteen"},
		{"look at 0xg", "look at 0xg"},
		{"", ""},
	} {
		if got := StripAddresses(c.in); got != c.want {
			t.Errorf("StripAddresses(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
