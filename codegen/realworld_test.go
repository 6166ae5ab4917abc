package codegen

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/elixirtest"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// realWorldMix declares the standard library the way upstream's examples
// do, and Debian's numpy and sympy.
const realWorldMix = `defmodule RealWorld.MixProject do
  use Mix.Project

  def project do
    [app: :real_world, version: "0.1.0", python_deps: python_deps()]
  end

  defp python_deps do
    [
      {:math, :stdlib, generate: :all},
      {:json, :stdlib, generate: :all, submodules: true},
      {:pathlib, :stdlib, generate: :all},
      {:numpy, :stdlib, generate: :all},
      {:sympy, :stdlib, generate: :all, class_method_scope: :defined}
    ]
  end
end
`

// TestRealLibrariesGenerateFreshAndCompile generates the standard library,
// numpy and sympy with real Python, checks the project is fresh, and
// compiles every generated file with real Elixir against a stub of the
// SnakeBridge runtime API, warnings as errors, checking that the formatter
// would leave each file unchanged. It is the slowest test of the suite
// (one Elixir compilation of everything), so it runs once.
func TestRealLibrariesGenerateFreshAndCompile(t *testing.T) {
	py := testenv.SystemPython(t, "numpy", "sympy")
	testenv.Tool(t, "elixir")
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "mix.exs"), []byte(realWorldMix), 0o644); err != nil {
		t.Fatal(err)
	}
	g := &generator{t: t, root: root, python: py, env: testEnvironment(t)}
	res, err := Generate(context.Background(), Request{Project: root, Python: py, Environment: g.env})
	if err != nil {
		t.Fatal(err)
	}
	if errs := libraryErrors(res); len(errs) != 0 {
		t.Fatalf("library errors: %v", errs)
	}
	if r := g.check(); !r.Fresh {
		t.Fatalf("after generate, check says: %v", staleCodes(r))
	}
	files := generatedFiles(t, filepath.Join(root, "lib", "snakebridge_generated"))
	counts := map[string]int{}
	for _, f := range files {
		rel, _ := filepath.Rel(filepath.Join(root, "lib", "snakebridge_generated"), f)
		counts[strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]]++
	}
	for _, lib := range []string{"math", "json", "pathlib", "numpy", "sympy"} {
		if counts[lib] == 0 {
			t.Errorf("no files generated for %s (%v)", lib, counts)
		}
	}
	if counts["json"] < 10 {
		t.Errorf("json with submodules generated only %d files", counts["json"])
	}
	stubs, err := filepath.Glob(filepath.Join("render", "testdata", "runtime_stub", "*.ex"))
	if err != nil || len(stubs) == 0 {
		t.Fatalf("runtime stub not found: %v", err)
	}
	out := elixirtest.Run(t, append(stubs, files...), true)
	for file := range out.Unformatted {
		t.Errorf("%s is not as Code.format_string!/1 formats it", file)
	}
	for _, p := range out.Problems {
		t.Errorf("compiler: %s", p)
	}
	if out.Compiled < len(files) {
		t.Errorf("compiled %d modules from %d files", out.Compiled, len(files))
	}
	for _, mod := range []string{"Numpy", "Numpy.Ndarray", "Sympy", "Json.Decoder.JSONDecoder", "Pathlib.Path", "Math"} {
		if _, ok := out.Exports[mod]; !ok {
			t.Errorf("module %s was not compiled", mod)
		}
	}
}

func generatedFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".ex") {
			out = append(out, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
