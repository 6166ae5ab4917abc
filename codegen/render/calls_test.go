package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/elixirtest"
)

// TestDemoCallsReachTheRuntimeAsBefore calls every demo wrapper with
// argument lists whose last arguments are options, positionals, other
// lists and callbacks, against a runtime that returns what it is given,
// and compares the outcomes with testdata/calls/demo.txt, recorded from an
// earlier rendering (go test -update-surface). The surface comparison says
// the API is the same; this says every call does the same.
func TestDemoCallsReachTheRuntimeAsBefore(t *testing.T) {
	recorder, err := filepath.Abs(filepath.Join("testdata", "runtime_recorder", "runtime.ex"))
	if err != nil {
		t.Fatal(err)
	}
	paths := writeTree(t, t.TempDir(), renderDemo(t))
	res := elixirtest.CallsRun(t, append([]string{recorder}, paths...))
	for _, p := range res.Problems {
		t.Errorf("compiling: %s", p)
	}
	if len(res.Calls) < 100 {
		t.Fatalf("only %d calls reported:\n%s", len(res.Calls), res.Output)
	}
	got := strings.Join(res.Calls, "\n") + "\n"
	golden := filepath.Join("testdata", "calls", "demo.txt")
	if *updateSurface {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update-surface to create it)", err)
	}
	if got != string(want) {
		t.Errorf("calls differ from %s:\n%s", golden, firstDiff(got, string(want)))
	}
}
