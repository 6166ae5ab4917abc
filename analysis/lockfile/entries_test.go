package lockfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// entriesFixtures are manifests of several shapes: ours, upstream's
// example (mixed entry shapes), an old 0.6 one.
var entriesFixtures = []string{
	"testdata/manifest.json",
	"../testdata/upstream/examples/math_demo/.snakebridge/manifest.json",
	"../../codegen/testdata/upstream/math_demo_0.6/.snakebridge/manifest.json",
	"../../cmd/snakebridge-lsp/testdata/property/manifest.json",
}

// TestParseManifestEntriesAnswersAsTheFullParse: what check asks of a
// manifest (its entries per library, which calls it supports) is the same
// from the entries-only parse as from the full one.
func TestParseManifestEntriesAnswersAsTheFullParse(t *testing.T) {
	for _, path := range entriesFixtures {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		full, err := ParseManifest(path, data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		lean, err := ParseManifestEntries(path, append([]byte(nil), data...))
		if err != nil {
			t.Fatalf("%s: entries only: %v", path, err)
		}
		if len(full.Symbols) == 0 && len(full.Classes) == 0 {
			t.Fatalf("%s: fixture has no entries", path)
		}
		libraries := map[string]bool{}
		for _, s := range full.Symbols {
			if s.PythonModule.Present {
				libraries[strings.Split(s.PythonModule.Value, ".")[0]] = true
			}
		}
		for lib := range libraries {
			fs, fc, fm := full.LibraryEntries(lib)
			ls, lc, lm := lean.LibraryEntries(lib)
			if fs != ls || fc != lc || fm != lm {
				t.Errorf("%s: LibraryEntries(%s) = %d,%d,%d, full parse %d,%d,%d", filepath.Base(path), lib, ls, lc, lm, fs, fc, fm)
			}
		}
		calls := 0
		ask := func(module, fun string) {
			for arity := 0; arity <= 6; arity++ {
				calls++
				if f, l := full.Supports(module, fun, arity), lean.Supports(module, fun, arity); f != l {
					t.Errorf("%s: Supports(%s.%s/%d) = %v, full parse %v", filepath.Base(path), module, fun, arity, l, f)
				}
			}
		}
		for _, s := range full.Symbols {
			ask(s.Module.Value, s.Name.Value)
			ask(s.Module.Value, s.Name.Value+"_stream")
		}
		for _, c := range full.Classes {
			ask(c.Key, "new")
			for _, m := range c.Methods {
				ask(c.Key, m.ElixirName.Value)
				ask(c.Key, m.Name.Value)
			}
		}
		if calls == 0 {
			t.Fatalf("%s: nothing asked", path)
		}
	}
}

// TestParseManifestEntriesStillValidates: a field left out is still read
// for its syntax, with the full parse's error, and a docstring of the
// wrong type is still an error.
func TestParseManifestEntriesStillValidates(t *testing.T) {
	entry := func(fields string) []byte {
		return []byte(`{"version": "0.16.0", "symbols": {"Json.dumps/1": {"module": "Json", "name": "dumps", "python_module": "json", "required_arity": 1` + fields + `}}, "classes": {}, "modules": {}}`)
	}
	for _, tc := range []struct{ name, fields, want string }{
		{"bad syntax in parameters", `, "parameters": [{"name": "obj",}]`, "trailing comma before '}'"},
		{"trailing comma in a dropped array", `, "parameters": [1,]`, "trailing comma before ']'"},
		{"trailing comma after a dropped member", `, "extra": {"parameters": [], }`, "trailing comma before '}'"},
		{"bad syntax in a nested dropped value", `, "return_type": {"type": [1 2]}`, "in array, expected ',' or ']'"},
		{"control character in source_file", ", \"source_file\": \"json\x01.py\"", "control character"},
		{"docstring of the wrong type", `, "docstring": 42`, "docstring"},
	} {
		_, full := ParseManifest("manifest.json", entry(tc.fields))
		_, lean := ParseManifestEntries("manifest.json", entry(tc.fields))
		if full == nil || lean == nil {
			t.Errorf("%s: full parse error %v, entries-only error %v: want both to fail", tc.name, full, lean)
			continue
		}
		if lean.Error() != full.Error() || !strings.Contains(lean.Error(), tc.want) {
			t.Errorf("%s: entries-only error %q, want the full parse's %q, mentioning %q", tc.name, lean, full, tc.want)
		}
	}
	m, err := ParseManifestEntries("manifest.json", entry(`, "parameters": [{"name": "obj", "kind": "POSITIONAL_OR_KEYWORD"}], "docstring": "Serialize obj."`))
	if err != nil {
		t.Fatal(err)
	}
	s := m.Symbols["Json.dumps/1"]
	if s == nil || s.Node.Get("parameters") != nil {
		t.Fatalf("parameters kept by the entries-only parse: %+v", s)
	}
	if !s.Docstring.Present || s.Docstring.Value != "" {
		t.Errorf("docstring = %+v, want present and empty", s.Docstring)
	}
}
