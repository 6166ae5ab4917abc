package model

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
)

// builderFixtures are manifests of several shapes: upstream's example,
// an old 0.6 one, ours.
var builderFixtures = []string{
	"../../analysis/testdata/upstream/examples/math_demo/.snakebridge/manifest.json",
	"../testdata/upstream/math_demo_0.6/.snakebridge/manifest.json",
	"../../cmd/snakebridge-lsp/testdata/property/manifest.json",
	"../../analysis/lockfile/testdata/manifest.json",
}

// TestDecodeFromTheVisitsIsDecodeOfTheWholeParse: the manifest Decode
// builds from a streamed read, one entry visited at a time, is the one
// built from the whole parse of the file (lockfile.ParseManifest).
func TestDecodeFromTheVisitsIsDecodeOfTheWholeParse(t *testing.T) {
	for _, path := range builderFixtures {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		streamed, err := Decode(path, data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		whole, err := lockfile.ParseManifest(path, data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		want, err := FromParsed(path, whole)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(want.Symbols)+len(want.Classes) == 0 {
			t.Fatalf("%s: fixture has no entries", path)
		}
		if !reflect.DeepEqual(streamed, want) {
			t.Errorf("%s: decoded from the visits\n%+v\nfrom the whole parse\n%+v", path, streamed, want)
		}
	}
}

// TestBuilderReportsOnlyTheEntryKept: an entry that a later one of the
// same key replaced is not converted into the manifest, and its type
// error is not the manifest's; the kept entry's error is.
func TestBuilderReportsOnlyTheEntryKept(t *testing.T) {
	bad := `{"name": "f", "parameters": 7}`
	good := `{"name": "f", "parameters": [{"name": "x", "kind": "POSITIONAL_OR_KEYWORD"}]}`
	m, err := Decode("manifest.json", []byte(`{"symbols": {"Elixir.A.f/1": `+bad+`, "A.f/1": `+good+`}}`))
	if err != nil {
		t.Fatalf("the replaced entry's error was reported: %v", err)
	}
	if s := m.Symbols["A.f/1"]; s == nil || len(s.Parameters) != 1 {
		t.Fatalf("A.f/1 = %+v, want the un-prefixed entry", s)
	}
	_, err = Decode("manifest.json", []byte(`{"symbols": {"A.f/1": `+good+`, "Elixir.A.f/1": `+good+`, "A.f/1": `+bad+`}}`))
	if err == nil || !strings.Contains(err.Error(), "parameters") {
		t.Fatalf("the kept entry's error: %v", err)
	}
}

// TestBuilderSharesEqualMethods: the methods a class inherits repeat in
// every class of the manifest; decoded, equal ones are one entry (as
// generation shares them), and methods that differ in any field are not.
func TestBuilderSharesEqualMethods(t *testing.T) {
	method := func(doc string) string {
		return `{"name": "subs", "elixir_name": "subs", "docstring": "` + doc + `", "parameters": [{"name": "args", "kind": "VAR_POSITIONAL"}]}`
	}
	m, err := Decode("manifest.json", []byte(`{"classes": {
		"Sympy.Add": {"class": "Add", "python_module": "sympy", "methods": [`+method("Substitute.")+`]},
		"Sympy.Mul": {"class": "Mul", "python_module": "sympy", "methods": [`+method("Substitute.")+`]},
		"Sympy.Pow": {"class": "Pow", "python_module": "sympy", "methods": [`+method("Substitutes.")+`]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	add, mul, pow := m.Classes["Sympy.Add"], m.Classes["Sympy.Mul"], m.Classes["Sympy.Pow"]
	if add == nil || mul == nil || pow == nil || len(add.Methods) != 1 || len(mul.Methods) != 1 || len(pow.Methods) != 1 {
		t.Fatalf("classes = %+v", m.Classes)
	}
	if add.Methods[0] != mul.Methods[0] {
		t.Error("equal methods of Add and Mul are two entries")
	}
	if add.Methods[0] == pow.Methods[0] || pow.Methods[0].Docstring != "Substitutes." {
		t.Errorf("Pow's method (another docstring) = %+v, shared with Add's", pow.Methods[0])
	}
}
