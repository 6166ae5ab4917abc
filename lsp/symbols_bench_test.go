//go:build unix

package lsp

import (
	"context"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// sciProject writes a project with numpy and sympy generate: :all and
// generates it with the real generator (its caches are the user's, so a
// second run reuses the introspection).
func sciProject(b *testing.B, py string) string {
	b.Helper()
	root := filepath.Join(b.TempDir(), "sci")
	writeFile(b, filepath.Join(root, "mix.exs"), `defmodule Sci.MixProject do
  use Mix.Project

  def project do
    [app: :sci, version: "0.1.0", python_deps: [
      {:numpy, "1.24.2", generate: :all},
      {:sympy, "1.11.1", generate: :all}
    ]]
  end
end
`)
	writeFile(b, filepath.Join(root, "lib", "sci.ex"), sciSource)
	env := codegen.DefaultEnvironment()
	defer env.Close()
	if _, err := codegen.Generate(context.Background(), codegen.Request{Project: root, Python: py, Environment: env}); err != nil {
		b.Fatalf("generating numpy and sympy: %v", err)
	}
	return root
}

const sciSource = `defmodule Sci do
  alias Sympy, as: S

  def m(x), do: Numpy.mean(x, axis: 0)
  def s(names), do: names |> S.symbols()
end
`

// BenchmarkHoverNumpySympy hovers a numpy function, a sympy function
// through an alias and pipe, and a module, 10,000 times per op on a
// project with numpy and sympy generate: :all, and reports the median
// and p95 latency of a request and how much the heap grew between the
// 1,000th and the 10,000th request (the index is read, never copied).
func BenchmarkHoverNumpySympy(b *testing.B) {
	py := testenv.SystemPython(b, "numpy", "sympy")
	root := sciProject(b, py)
	c := startClient(b, clientOptions{folders: []string{root}, settings: map[string]any{"pythonPath": py}, server: Options{Getenv: testEnv()}})
	c.initialize()
	c.waitStatus(root, 0, "fresh", state(StateFresh))
	src := filepath.Join(root, "lib", "sci.ex")
	c.open(src)
	positions := []position{{3, 23}, {4, 32}, {3, 17}} // mean, symbols, Numpy
	for _, pos := range positions {
		if c.hoverAt(src, pos) == nil {
			b.Fatalf("no hover at %+v", pos)
		}
	}
	const requests = 10000
	lat := make([]time.Duration, 0, requests)
	time.Sleep(3 * defaultIdleRelease) // the parse caches' release, as in BenchmarkRequestsHeapGrowth
	var growth float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		lat = lat[:0]
		var base runtime.MemStats
		for j := 0; j < requests; j++ {
			if j == 1000 {
				runtime.GC()
				runtime.ReadMemStats(&base)
			}
			start := time.Now()
			c.hoverAt(src, positions[j%len(positions)])
			lat = append(lat, time.Since(start))
		}
		runtime.GC()
		var end runtime.MemStats
		runtime.ReadMemStats(&end)
		growth = (float64(end.HeapAlloc) - float64(base.HeapAlloc)) / 1024
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(growth, "heap-growth-KB")
	c.shutdown()
}
