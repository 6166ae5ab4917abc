package lockfile

import (
	"bytes"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// readContractCases are manifests whose keys collide after normalisation,
// in every order, beside the fixtures: what ReadManifest keeps and what
// its visitor ends with must be ParseManifest's answer.
var readContractCases = []string{
	`{"symbols": {"Elixir.A.f/1": {"name": "p1"}, "A.f/1": {"name": "u"}, "Elixir.A.f/1": {"name": "p2"}}}`,
	`{"symbols": {"A.f/1": {"name": "u1"}, "Elixir.A.f/1": {"name": "p"}, "A.f/1": {"name": "u2"}}}`,
	`{"symbols": {"Elixir.A.f/1": {"name": "p1"}, "Elixir.A.f/1": {"name": "p2"}}}`,
	`{"symbols": {"Elixir.f": {"name": "x"}, "f": {"name": "y"}}}`,
	`{"classes": {"pkg.thing": {"class": "a"}, "Elixir.Pkg.Thing": {"class": "b"}, "Pkg.thing": {"class": "c"}}}`,
	`{"classes": {"Pkg.Thing": {"class": "a"}, "Pkg.Thing": {"class": "b"}}}`,
	`{"modules": {"json": {"docstring": "one"}, "json": {"docstring": "two"}}, "version": "0.16.0"}`,
	`{"version": "0.16.0", "symbols": {}, "classes": null}`,
}

func readContractInputs(t *testing.T) map[string][]byte {
	t.Helper()
	in := map[string][]byte{}
	for i, c := range readContractCases {
		in["case "+string(rune('a'+i))] = []byte(c)
	}
	for _, path := range entriesFixtures {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		in[path] = data
	}
	return in
}

// TestReadManifestKeepsWhatParseManifestKeeps: with KeepNodes the result
// is ParseManifest's, entry for entry and node for node; lean, the same
// entries without nodes and with empty docstrings; and a visitor that
// keeps entries by key ends with exactly the result's entries.
func TestReadManifestKeepsWhatParseManifestKeeps(t *testing.T) {
	for name, data := range readContractInputs(t) {
		want, err := ParseManifest("manifest.json", data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, keep := range []bool{true, false} {
			syms, classes, mods := map[string]*Symbol{}, map[string]*Class{}, map[string]*ModuleEntry{}
			got, err := ReadManifest("manifest.json", bytes.NewReader(data), ReadOptions{KeepNodes: keep, Visit: ManifestVisitor{
				Symbol: func(s *Symbol) { syms[s.Key] = s },
				Class:  func(c *Class) { classes[c.Key] = c },
				Module: func(m *ModuleEntry) { mods[m.Key] = m },
			}})
			if err != nil {
				t.Fatalf("%s (keep %v): %v", name, keep, err)
			}
			if !reflect.DeepEqual(keys(syms), keys(want.Symbols)) || !reflect.DeepEqual(keys(classes), keys(want.Classes)) || !reflect.DeepEqual(keys(mods), keys(want.Modules)) {
				t.Errorf("%s (keep %v): visitor ended with %v %v %v, want %v %v %v", name, keep,
					keys(syms), keys(classes), keys(mods), keys(want.Symbols), keys(want.Classes), keys(want.Modules))
			}
			if got.Version != want.Version {
				t.Errorf("%s: version %+v, want %+v", name, got.Version, want.Version)
			}
			for k, w := range want.Symbols {
				compareSymbol(t, name, keep, got.Symbols[k], w)
				if syms[k] != nil && syms[k].Name != w.Name {
					t.Errorf("%s: visitor's last %s is %+v, want %+v", name, k, syms[k].Name, w.Name)
				}
			}
			for k, w := range want.Classes {
				compareClass(t, name, keep, got.Classes[k], w)
				if classes[k] != nil && classes[k].Class != w.Class {
					t.Errorf("%s: visitor's last class %s is %+v, want %+v", name, k, classes[k].Class, w.Class)
				}
			}
			for k, w := range want.Modules {
				g := got.Modules[k]
				if g == nil {
					t.Errorf("%s: module %s missing", name, k)
					continue
				}
				if keep && !reflect.DeepEqual(g, w) {
					t.Errorf("%s: module %s = %+v, want %+v", name, k, g, w)
				}
				if !keep && (g.Node != nil || g.ModuleVersion != w.ModuleVersion) {
					t.Errorf("%s: lean module %s = %+v, want %+v without node", name, k, g, w)
				}
			}
		}
	}
}

func compareSymbol(t *testing.T, name string, keep bool, g, w *Symbol) {
	t.Helper()
	if g == nil {
		t.Errorf("%s: symbol %s missing", name, w.Key)
		return
	}
	if keep {
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: symbol %s = %+v, want %+v", name, w.Key, g, w)
		}
		return
	}
	lean := *w
	lean.Node = nil
	if w.Docstring.Present {
		lean.Docstring = Opt[string]{Present: true, Null: w.Docstring.Null}
	}
	if !reflect.DeepEqual(*g, lean) {
		t.Errorf("%s: lean symbol %s = %+v, want %+v", name, w.Key, *g, lean)
	}
}

func compareClass(t *testing.T, name string, keep bool, g, w *Class) {
	t.Helper()
	if g == nil {
		t.Errorf("%s: class %s missing", name, w.Key)
		return
	}
	if keep {
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: class %s = %+v, want %+v", name, w.Key, g, w)
		}
		return
	}
	lean := *w
	lean.Node = nil
	if w.Docstring.Present {
		lean.Docstring = Opt[string]{Present: true, Null: w.Docstring.Null}
	}
	lean.Methods = nil
	for _, m := range w.Methods {
		m.Node = nil
		lean.Methods = append(lean.Methods, m)
	}
	if !reflect.DeepEqual(*g, lean) {
		t.Errorf("%s: lean class %s = %+v, want %+v", name, w.Key, *g, lean)
	}
}

func keys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// TestReadManifestErrors: ReadManifest fails where ParseManifest fails,
// with the same message, and refuses more than MaxSize bytes.
func TestReadManifestErrors(t *testing.T) {
	for _, in := range []string{
		``,
		`[]`,
		`{"symbols": {"A.f/1": {"name": 1}}}`,
		`{"symbols": {"A.f/1": {"name": "f"}}, "classes": {"A": {"methods": {}}}}`,
		`{"symbols": {"A.f/1": {"docstring": 42}}}`,
		`{"symbols": {"A.f/1": {"name": "f"}}} x`,
		"{\"symbols\": {\"A.f/1\": {\"name\": \"f\",\n \"parameters\": [1 2]}}}",
		`{"version": 1, "symbols": {"A.f/1": {"name": 1}}}`,
	} {
		_, want := ParseManifest("manifest.json", []byte(in))
		if want == nil {
			t.Fatalf("%q: ParseManifest accepted it", in)
		}
		for _, keep := range []bool{true, false} {
			_, got := ReadManifest("manifest.json", strings.NewReader(in), ReadOptions{KeepNodes: keep})
			if got == nil || got.Error() != want.Error() {
				t.Errorf("%q (keep %v): error %v, want %v", in, keep, got, want)
			}
		}
	}
	big := `{"version": "` + strings.Repeat("x", 100) + `"}`
	_, err := ReadManifest("manifest.json", strings.NewReader(big), ReadOptions{MaxSize: 50})
	if err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("over MaxSize: error %v, want too large", err)
	}
}
