package scan

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
)

func FuzzScanFile(f *testing.F) {
	for _, pattern := range []string{"testdata/*.ex", "testdata/project/lib/*/*.ex", "testdata/project/lib/*/*/*.ex"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range files {
			src, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		calls, err := ScanFile("f.ex", src, modules)
		var e *elixir.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("error is not an *elixir.Error: %v", err)
		}
		// A cold scan skips the sources that mention no module; that is
		// sound only if every call comes from a source that does.
		if len(calls) > 0 && !mentionsModule(src, modules) {
			t.Fatalf("calls %+v found in a source that mentions none of %v", calls, modules)
		}
		for _, c := range calls {
			if c.Arity < 0 || c.Function == "" || c.Module == "" {
				t.Fatalf("bad call %+v", c)
			}
			r := c.Range
			if r.Start.Line > r.End.Line || (r.Start.Line == r.End.Line && r.Start.Character > r.End.Character) {
				t.Fatalf("inverted range %+v", c)
			}
		}
	})
}

// FuzzContextAt asks for the context at a position of arbitrary source: it
// must not panic, and a call context must name its function.
func FuzzContextAt(f *testing.F) {
	f.Add([]byte("x |> Numpy.mean(a, axis: 0"), 0, 20)
	f.Add([]byte("alias Numpy.{Linalg\nLinalg.\n\"é😀\""), 1, 7)
	f.Add([]byte("Numpy.mean(fn -> ) ] end"), 0, 12)
	f.Fuzz(func(t *testing.T, src []byte, line, char int) {
		c := ContextAt(src, elixir.Position{Line: line, Character: char}, modules)
		if c.Kind == CallContext && (c.Call == nil || c.Call.Function == "" || c.Call.Arg < 0) {
			t.Fatalf("bad call context %+v", c)
		}
	})
}
