package elixir

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
)

// addFixtures seeds a fuzzer with the files matching pattern.
func addFixtures(f *testing.F, pattern string) {
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

// checkError requires err to be nil or a positioned *Error.
func checkError(t *testing.T, err error) {
	if err == nil {
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error is not an *Error: %v", err)
	}
	if e.Range.Start.Line < 0 || e.Range.Start.Character < 0 || e.Msg == "" {
		t.Fatalf("bad error: %#v", e)
	}
}

// checkNode requires the Elems of lists and tuples to mirror their terms.
func checkNode(t *testing.T, n *Node, depth int) {
	if depth > MaxDepth+10 {
		t.Fatal("node deeper than the nesting limit")
	}
	switch v := n.Term.(type) {
	case term.List:
		if len(n.Elems) != len(v) {
			t.Fatalf("list of %d terms has %d elems", len(v), len(n.Elems))
		}
	case term.Tuple:
		if len(n.Elems) != len(v) {
			t.Fatalf("tuple of %d terms has %d elems", len(v), len(n.Elems))
		}
	}
	for _, e := range n.Elems {
		checkNode(t, e, depth+1)
	}
}

func FuzzParseMixExs(f *testing.F) {
	addFixtures(f, filepath.Join("testdata", "mix", "*.exs"))
	f.Fuzz(func(t *testing.T, src []byte) {
		m, err := ParseMixExs("mix.exs", src)
		checkError(t, err)
		if err == nil && m.PythonDeps != nil {
			if _, ok := m.PythonDeps.Term.(term.List); !ok {
				t.Fatalf("python_deps is not a list: %s", term.Inspect(m.PythonDeps.Term))
			}
			checkNode(t, m.PythonDeps, 0)
		}
	})
}

func FuzzParseConfig(f *testing.F) {
	addFixtures(f, filepath.Join("testdata", "config", "*", "*.exs"))
	f.Fuzz(func(t *testing.T, src []byte) {
		// Every imported file has the same contents: imports end in a
		// cycle error or in a file without imports.
		read := func(p string) ([]byte, error) {
			if filepath.Base(p) == "missing.exs" {
				return nil, fs.ErrNotExist
			}
			return src, nil
		}
		env := ConfigEnv{MixEnv: "test", Getenv: func(k string) (string, bool) { return "v:" + k, k != "UNSET" }}
		c, err := ParseConfig(filepath.Join("config", "config.exs"), src, env, read)
		checkError(t, err)
		if err == nil {
			for _, m := range []map[string]Setting{c.Snakebridge, c.Snakepit} {
				for _, s := range m {
					checkNode(t, s.Node, 0)
				}
			}
		}
	})
}
