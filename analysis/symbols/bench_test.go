package symbols_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// BenchmarkBuildNumpySympy builds the index of a project with numpy and
// sympy generate: :all (generated first with the real generator, whose
// caches are the user's) and reports the heap the index keeps.
func BenchmarkBuildNumpySympy(b *testing.B) {
	py := testenv.SystemPython(b, "numpy", "sympy")
	root := filepath.Join(b.TempDir(), "sci")
	if err := os.MkdirAll(root, 0o755); err != nil {
		b.Fatal(err)
	}
	mix := `defmodule Sci.MixProject do
  use Mix.Project

  def project do
    [app: :sci, version: "0.1.0", python_deps: [
      {:numpy, "1.24.2", generate: :all},
      {:sympy, "1.11.1", generate: :all}
    ]]
  end
end
`
	if err := os.WriteFile(filepath.Join(root, "mix.exs"), []byte(mix), 0o644); err != nil {
		b.Fatal(err)
	}
	env := codegen.DefaultEnvironment()
	defer env.Close()
	if _, err := codegen.Generate(context.Background(), codegen.Request{Project: root, Python: py, Environment: env}); err != nil {
		b.Fatalf("generating numpy and sympy: %v", err)
	}
	var kept float64
	functions := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		ix, err := symbols.Build(context.Background(), root, manifestRel, registryRel)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		kept = (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / (1 << 20)
		functions = 0
		for _, m := range ix.Modules() {
			functions += len(m.Functions)
		}
		runtime.KeepAlive(ix)
		b.StartTimer()
	}
	b.ReportMetric(kept, "index-MiB")
	b.ReportMetric(float64(functions), "functions")
}
