package render

import (
	"regexp"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// specLibrary has the parameter shapes whose specs used to contradict
// calls the wrappers accept: numpy's stub overloads (`axis: None = ...`,
// overload_count 3), a PEP 484 implicit Optional (`y: int = None`), and a
// method's optional positionals passed as a single value.
func specLibrary() (model.Library, *model.Manifest) {
	three := 3
	overloaded := sig("Indices of the maximum values.", pyhelper.TypeDict{Type: "class", Module: "numpy", Name: "intp"},
		pos("a", pyhelper.TypeDict{Type: "class", Module: "numpy", Name: "ArrayLike"}),
		opt("axis", "...", td("none")), opt("out", "...", td("none")))
	overloaded.OverloadCount = &three
	symbols := []*model.Symbol{
		fn("Spec", "argmax", "spec", overloaded),
		fn("Spec", "scaled", "spec", sig("Scaled.", td("float"), pos("x", td("int")), opt("y", "None", td("int")))),
		fn("Spec", "typed_default", "spec", sig("Typed default.", td("int"), pos("x", td("int")), opt("n", "3", td("int")))),
		fn("Spec", "maybe", "spec", sig("Optional default.", td("int"), opt("n", "None", pyhelper.TypeDict{Type: "optional", InnerType: &pyhelper.TypeDict{Type: "int"}}))),
	}
	classes := []*model.Class{{
		Module: "Spec.Box", Class: "Box", PythonModule: "spec", Docstring: "A box.",
		Methods: []*model.Method{
			method("__init__", sig("", td("none"), pos("size", td("int")))),
			method("resize", sig("Resize.", td("none"), pos("w", td("int")), opt("h", "None", td("int")))),
		},
	}}
	lib := model.Library{PythonName: "spec", Module: "Spec", Version: "stdlib"}
	return lib, manifestOf(symbols, classes, []*model.Module{{PythonModule: "spec", Docstring: "Spec test.", DocSource: "runtime"}})
}

// specHead matches the head of an @spec: its name and argument types.
var specHead = regexp.MustCompile(`(?m)^\s*@spec ([a-z_]+)\((.*)\) ::`)

// specsOf collects each function's spec clauses: name → arity → clauses,
// each clause the argument types as text.
func specsOf(src string) map[string]map[int][][]string {
	out := map[string]map[int][][]string{}
	for _, m := range specHead.FindAllStringSubmatch(src, -1) {
		args := splitTop(m[2], ',')
		if out[m[1]] == nil {
			out[m[1]] = map[int][][]string{}
		}
		out[m[1]][len(args)] = append(out[m[1]][len(args)], args)
	}
	return out
}

// splitTop splits s at sep outside brackets and parentheses.
func splitTop(s string, sep rune) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch {
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == sep && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// admits reports whether a spec type admits a value of the given kind
// ("int", "float", "nil", "kw" for a keyword list, "ref"), as dialyzer
// would read the few types these wrappers use; anything else admits
// nothing, so that the check errs towards failing.
func admits(typ, kind string) bool {
	for _, member := range splitTop(typ, '|') {
		switch member {
		case "term()", "any()":
			return true
		case "integer()":
			if kind == "int" {
				return true
			}
		case "float()":
			if kind == "float" {
				return true
			}
		case "nil":
			if kind == "nil" {
				return true
			}
		case "keyword()", "list(term())":
			if kind == "kw" {
				return true
			}
		case "SnakeBridge.Ref.t()":
			if kind == "ref" {
				return true
			}
		}
	}
	return false
}

// specAdmits reports whether some spec clause of name/len(kinds) admits
// a call with arguments of those kinds. An arity without a spec (the one
// an `opts \\ []` default adds) has no contract, so it admits any call.
func specAdmits(t *testing.T, specs map[string]map[int][][]string, name string, kinds []string) bool {
	if len(specs[name]) == 0 {
		t.Fatalf("%s has no @spec at all", name)
	}
	clauses, ok := specs[name][len(kinds)]
	if !ok {
		return true
	}
	for _, clause := range clauses {
		ok := true
		for i, k := range kinds {
			ok = ok && admits(clause[i], k)
		}
		if ok {
			return true
		}
	}
	return false
}

// TestSpecsAdmitWhatWrappersAccept reasons over the generated specs (no
// dialyzer): every call below is one the wrapper accepts and passes to
// Python, so some spec clause of its arity must admit it; the calls under
// "rejected" are ones a spec should still rule out, so that the specs
// stay informative. The files also compile with warnings as errors.
func TestSpecsAdmitWhatWrappersAccept(t *testing.T) {
	lib, manifest := specLibrary()
	files, err := Library(lib, manifest, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	m := fileMap(files)
	root, box := specsOf(m["spec/__init__.ex"]), specsOf(m["spec/box.ex"])
	accepted := []struct {
		specs map[string]map[int][][]string
		name  string
		kinds []string
	}{
		{root, "argmax", []string{"kw", "int"}},        // Spec.argmax(a, 1): axis=1 (another overload)
		{root, "argmax", []string{"kw", "kw"}},         // Spec.argmax(a, axis: 1)
		{root, "argmax", []string{"kw", "nil", "int"}}, // Spec.argmax(a, nil, out)
		{root, "scaled", []string{"int", "nil"}},       // y: int = None
		{root, "scaled", []string{"int", "int"}},
		{root, "scaled", []string{"int", "kw"}}, // Spec.scaled(1, y: 2)
		{root, "typed_default", []string{"int", "int"}},
		{root, "typed_default", []string{"int", "kw"}},
		{root, "maybe", []string{"nil"}},
		{root, "maybe", []string{"kw"}},
		{box, "resize", []string{"ref", "int", "int"}},       // Box.resize(ref, 1, 2): h as a single value
		{box, "resize", []string{"ref", "int", "kw"}},        // Box.resize(ref, 1, h: 2)
		{box, "resize", []string{"ref", "int", "int", "kw"}}, // Box.resize(ref, 1, 2, opts)
		{box, "resize", []string{"ref", "int", "nil", "kw"}}, // Box.resize(ref, 1, nil, opts)
	}
	for _, c := range accepted {
		if !specAdmits(t, c.specs, c.name, c.kinds) {
			t.Errorf("no @spec of %s/%d admits a call with %v; clauses: %q", c.name, len(c.kinds), c.kinds, c.specs[c.name][len(c.kinds)])
		}
	}
	rejected := []struct {
		name  string
		kinds []string
	}{
		{"typed_default", []string{"int", "nil"}}, // n: int = 3
		{"scaled", []string{"float", "int"}},      // x: int
	}
	for _, c := range rejected {
		if specAdmits(t, root, c.name, c.kinds) {
			t.Errorf("the @spec of %s/%d admits %v: the specs lost their types", c.name, len(c.kinds), c.kinds)
		}
	}
	compileAndCheck(t, files)
}
