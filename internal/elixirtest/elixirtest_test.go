package elixirtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunReportsProblems makes sure the checks the render tests rely on
// can fail: an unformatted file and a file compiling with a warning.
func TestRunReportsProblems(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"good.ex":        "defmodule Good do\n  def f(x), do: x\nend\n",
		"unformatted.ex": "defmodule Unformatted do\n  def f( x ), do: x\nend\n",
		"warning.ex":     "defmodule Warning do\n  def f(x), do: 1\nend\n",
	}
	var paths []string
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	res := Run(t, paths, true)
	if _, ok := res.Unformatted[filepath.Join(dir, "unformatted.ex")]; !ok || len(res.Unformatted) != 1 {
		t.Errorf("unformatted files = %v, want only unformatted.ex\n%s", res.Unformatted, res.Output)
	}
	if len(res.Problems) == 0 || !strings.Contains(strings.Join(res.Problems, "\n"), "unused") {
		t.Errorf("problems = %v, want the unused variable warning\n%s", res.Problems, res.Output)
	}
}
