package symbols

import (
	"bytes"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
)

const entriesManifest = `{
  "symbols": {
    "Json.dumps/1": {"module": "Json", "name": "dumps", "python_module": "json",
      "parameters": [{"name": "obj", "kind": "POSITIONAL_OR_KEYWORD"}], "docstring": "Serialize obj."},
    "Json.dumps/2": {"module": "Json", "name": "dumps", "python_module": "json", "docstring": "Other arity."}
  },
  "modules": {"json": {"python_module": "json", "docstring": "JSON."}}
}
`

// read runs the visitor of a build over data and returns what it kept.
func readEntries(t *testing.T, data []byte) (*builder, *entries) {
	t.Helper()
	b := &builder{ix: &Index{strs: []string{""}}, strs: map[string]uint32{"": 0}, mods: map[string]*moduleBuild{}}
	var e entries
	lm, err := lockfile.ReadManifest("manifest.json", bytes.NewReader(data), lockfile.ReadOptions{Visit: e.visitor(b)})
	if err != nil {
		t.Fatal(err)
	}
	e.keep(lm)
	return b, &e
}

// TestEntriesTakeWhatTheIndexNeedsWhileVisited: the nodes are gone after
// the read, yet the entries hold the parameters, and the docstrings'
// positions resolve to the strings in the file.
func TestEntriesTakeWhatTheIndexNeedsWhileVisited(t *testing.T) {
	data := []byte(entriesManifest)
	b, e := readEntries(t, data)
	if len(e.symbols) != 2 || len(e.modules) != 1 {
		t.Fatalf("kept %d symbols, %d modules; want 2, 1", len(e.symbols), len(e.modules))
	}
	f := e.symbols["Json.dumps/1"].f
	if f.nParams != 1 || b.ix.strs[b.ix.params[f.params].name] != "obj" {
		t.Fatalf("Json.dumps/1 kept %d parameters", f.nParams)
	}
	if !b.resolveDocsFrom(bytes.NewReader(data)) {
		t.Fatal("the docstrings' positions do not hold strings in the file read")
	}
	if got := string(data[f.doc.off : f.doc.off+f.doc.n]); got != `"Serialize obj."` {
		t.Fatalf("Json.dumps/1's docstring span holds %s", got)
	}
	if m := e.modules["json"]; string(data[m.doc.off:m.doc.off+m.doc.n]) != `"JSON."` {
		t.Fatalf("json's docstring span is wrong")
	}
}

// TestDocsOfAnotherVersionAreRefused: a file whose lines moved since the
// read (rewritten in place) does not hold the docstrings where the read
// saw them; the build is told so, and starts again.
func TestDocsOfAnotherVersionAreRefused(t *testing.T) {
	b, _ := readEntries(t, []byte(entriesManifest))
	if b.resolveDocsFrom(bytes.NewReader([]byte("\n" + entriesManifest))) {
		t.Fatal("positions from one version were resolved in another")
	}
}

// TestEntriesOrderDoesNotDecide: of one function's entries (one per
// arity) the same one wins whatever order they are visited in.
func TestEntriesOrderDoesNotDecide(t *testing.T) {
	swapped := []byte(`{"symbols": {
    "Json.dumps/2": {"module": "Json", "name": "dumps", "docstring": "Other arity."},
    "Json.dumps/1": {"module": "Json", "name": "dumps", "parameters": [{"name": "obj"}], "docstring": "Serialize obj."}
  }}
`)
	for _, data := range [][]byte{[]byte(entriesManifest), swapped} {
		b, e := readEntries(t, data)
		b.manifest(e)
		if f := b.mods["Json"].funcs["dumps"]; f == nil || f.nParams != 1 {
			t.Fatalf("Json.dumps is not the /1 entry in\n%s", data)
		}
	}
}
