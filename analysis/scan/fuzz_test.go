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
