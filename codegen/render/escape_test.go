package render

import (
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// tricky contains what Elixir source must escape: heredoc and string
// delimiters, interpolation, backslashes, control characters, bidi
// overrides Elixir rejects in source, line separators, non-ASCII text and
// a memory address.
const tricky = "Tricky \"\"\" and \"quotes\" and #{interpolation} and C:\\path\\n and \x01 and \u202e and \u2028 and café ☕ 日本 and e\u0301 at <object at 0x7f00deadbeef>"

// TestEscapingRoundTrip compiles docstrings and strings holding tricky
// text and reads them back from Elixir.
func TestEscapingRoundTrip(t *testing.T) {
	lib := model.Library{PythonName: "tricky", Module: "Tricky", Version: "unknown"}
	m := manifestOf(
		[]*model.Symbol{fn("Tricky", "f", "tricky", sig(tricky+"\n\nMore.", td("any"), opt("p", tricky, td("any"))))},
		[]*model.Class{{Module: "Tricky.C", Class: "C", PythonModule: "tricky", Docstring: tricky}},
		[]*model.Module{{PythonModule: "tricky", Docstring: tricky, DocSource: "runtime"}},
	)
	files, err := Library(lib, m, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	res := compileAndCheck(t, files)
	normalized := strings.Replace(tricky, "<object at 0x7f00deadbeef>", "<object>", 1)
	// The Markdown conversion escapes "<" before a letter.
	inDoc := strings.Replace(normalized, "<object>", `\<object>`, 1)
	if doc := res.Moduledocs["Tricky"]; !strings.HasPrefix(doc, inDoc+"\n") {
		t.Errorf("moduledoc read back as %q, want prefix %q", doc, inDoc)
	}
	if doc := res.Moduledocs["Tricky.C"]; doc != inDoc+"\n" {
		t.Errorf("class moduledoc read back as %q, want %q", doc, inDoc)
	}
	if got := res.ClassDocs["Tricky.C"]; got != normalized {
		t.Errorf("__classes__ docstring read back as %q, want %q", got, normalized)
	}
	if got := res.Functions["Tricky.f/0"]; got != normalized {
		t.Errorf("__functions__ summary read back as %q, want %q", got, normalized)
	}
}

func TestTypeSpecs(t *testing.T) {
	widget := pyhelper.TypeDict{Type: "class", Module: "demo.widget", Name: "Widget"}
	r, err := newRenderer(demoLibrary, demoManifest(), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   pyhelper.TypeDict
		want string
	}{
		{td("int"), "integer()"}, {td("integer"), "integer()"}, {td("float"), "float()"},
		{td("str"), "String.t()"}, {td("string"), "String.t()"}, {td("bool"), "boolean()"},
		{td("boolean"), "boolean()"}, {td("bytes"), "binary()"}, {td("bytearray"), "binary()"},
		{td("none"), "nil"}, {td("any"), "term()"}, {td(""), "term()"}, {td("generic"), "term()"},
		{td("weird"), "term()"}, {td("list"), "list(term())"},
		{pyhelper.TypeDict{Type: "list", ElementType: &widget}, "list(Demo.Widget.t())"},
		{td("dict"), "%{optional(term()) => term()}"},
		{pyhelper.TypeDict{Type: "dict", KeyType: &pyhelper.TypeDict{Type: "str"}, ValueType: &pyhelper.TypeDict{Type: "int"}}, "%{optional(String.t()) => integer()}"},
		{td("tuple"), "tuple()"},
		{pyhelper.TypeDict{Type: "tuple", ElementTypes: []pyhelper.TypeDict{}}, "{}"},
		{pyhelper.TypeDict{Type: "tuple", ElementTypes: []pyhelper.TypeDict{td("int"), td("str")}}, "{integer(), String.t()}"},
		{pyhelper.TypeDict{Type: "tuple", ElementTypes: []pyhelper.TypeDict{td("int"), td("str"), td("none")}}, "{integer(), String.t(), nil}"},
		{td("set"), "MapSet.t(term())"},
		{pyhelper.TypeDict{Type: "frozenset", ElementType: &pyhelper.TypeDict{Type: "float"}}, "MapSet.t(float())"},
		{pyhelper.TypeDict{Type: "optional", InnerType: &pyhelper.TypeDict{Type: "int"}}, "integer() | nil"},
		{pyhelper.TypeDict{Type: "optional"}, "term() | nil"},
		{pyhelper.TypeDict{Type: "union", Types: []pyhelper.TypeDict{td("int"), {Type: "optional", InnerType: &pyhelper.TypeDict{Type: "str"}}, td("int"), td("none")}}, "integer() | String.t() | nil"},
		{pyhelper.TypeDict{Type: "union"}, "term()"},
		{widget, "Demo.Widget.t()"},
		{pyhelper.TypeDict{Type: "class", Name: "Thing", Module: "elsewhere"}, "Demo.Sub.Thing.t()"},
		{pyhelper.TypeDict{Type: "class", Name: "Unknown", Module: "demo"}, "term()"},
		{td("demo.sub.Gadget"), "Demo.Sub.Gadget.t()"},
		{td("other.lib.Thing"), "Demo.Sub.Thing.t()"},
		{td("numpy.ndarray"), "term()"},
	}
	for _, tt := range tests {
		in := tt.in
		if got := r.types.specText(r.types.typeSpec(&in)); got != tt.want {
			t.Errorf("typeSpec(%+v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestEscapeString(t *testing.T) {
	tests := map[string]string{
		`a"b`:        `a\"b`,
		`c\d`:        `c\\d`,
		"#{x} # {":   `\#{x} # {`,
		"l1\nl2\tt":  `l1\nl2\tt`,
		"\x00\u202e": `\u0000\u202E`,
		"é😀":         "é😀",
	}
	for in, want := range tests {
		if got := escapeString(in); got != want {
			t.Errorf("escapeString(%q) = %q, want %q", in, got, want)
		}
	}
	if got := escapeHeredoc("a \"\"\" b\n\\ #{c}"); got != "a \\\"\"\" b\n\\\\ \\#{c}\n" {
		t.Errorf("escapeHeredoc = %q", got)
	}
}
