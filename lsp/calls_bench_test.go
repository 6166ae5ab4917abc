//go:build unix

package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/jsonrpc"
)

// sciBench is a project with numpy and sympy generated in full. It lives
// in the temp directory across benchmark runs: a generation that finds it
// up to date writes nothing, so only the first run introspects.
func sciBench(b *testing.B) (root, py string) {
	b.Helper()
	py = testenv.SystemPython(b, "numpy", "sympy")
	root = filepath.Join(os.TempDir(), "snakebridge-lsp-calls-bench")
	writeFile(b, filepath.Join(root, "mix.exs"), `defmodule Sci.MixProject do
  use Mix.Project

  def project do
    [app: :sci, version: "0.1.0", deps: [], python_deps: [
      {:numpy, "1.24.2", generate: :all},
      {:sympy, "1.11.1", generate: :all}
    ]]
  end
end
`)
	writeFile(b, filepath.Join(root, "lib", "sci.ex"), "defmodule Sci do\n  def s, do: Sympy.\nend\n")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	if _, err := codegen.Generate(ctx, codegen.Request{Project: root, Python: py}); err != nil {
		b.Fatalf("generating numpy and sympy: %v", err)
	}
	return root, py
}

// percentile is the p-th percentile (0–100) of durations, in ms.
func percentile(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	k := int(float64(len(s)-1) * p / 100)
	return float64(s[k]) / 1e6
}

// BenchmarkCompletionSympy times textDocument/completion after `Sympy.`
// through the in-process connection, request sent to answer received,
// numpy and sympy generated in full (issue 12: ≤ 10 ms p95).
func BenchmarkCompletionSympy(b *testing.B) {
	root, py := sciBench(b)
	c := startClient(b, clientOptions{
		folders: []string{root}, settings: map[string]any{"pythonPath": py},
		server: Options{Getenv: testEnv()},
	})
	c.initialize()
	c.waitStatus(root, 0, "the first check", func(StatusParams) bool { return true })
	src := filepath.Join(root, "lib", "sci.ex")
	c.open(src)
	at := position{Line: 1, Character: len("  def s, do: Sympy.")}
	items := len(c.completionAt(src, at)) // builds the index
	if items < 100 {
		b.Fatalf("%d completion items after Sympy.", items)
	}
	params := map[string]any{"textDocument": map[string]any{"uri": pathToURI(src)}, "position": at}
	var ds []time.Duration
	for b.Loop() {
		// The answer is parsed once, as the message it arrives in, but
		// not decoded into Go structs: an editor's own decoding is its
		// own (Go's struct decoding of 900 items would be most of the
		// figure).
		var raw json.RawMessage
		t0 := time.Now()
		if err := c.request("textDocument/completion", params, &raw); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t0))
	}
	b.ReportMetric(percentile(ds, 95), "p95-ms")
	b.ReportMetric(float64(items), "items")
	c.shutdown()
}

// BenchmarkCompletionSympyServer times the server's side of the same
// request: the handler and the response frame the connection writes
// (jsonrpc.EncodeResult), without the transport and the client's parsing.
func BenchmarkCompletionSympyServer(b *testing.B) {
	root, py := sciBench(b)
	c := startClient(b, clientOptions{
		folders: []string{root}, settings: map[string]any{"pythonPath": py},
		server: Options{Getenv: testEnv()},
	})
	c.initialize()
	c.waitStatus(root, 0, "the first check", func(StatusParams) bool { return true })
	src := filepath.Join(root, "lib", "sci.ex")
	c.open(src)
	raw, err := json.Marshal(map[string]any{
		"textDocument": map[string]any{"uri": pathToURI(src)},
		"position":     position{Line: 1, Character: len("  def s, do: Sympy.")},
	})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	answer := func() int {
		res, err := c.server.completion(ctx, raw)
		if err != nil {
			b.Fatal(err)
		}
		out, err := jsonrpc.EncodeResult(&jsonrpc.ID{Num: 1}, res)
		if err != nil {
			b.Fatal(err)
		}
		return len(out)
	}
	size := answer()
	var ds []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		answer()
		ds = append(ds, time.Since(t0))
	}
	b.ReportMetric(percentile(ds, 95), "p95-ms")
	b.ReportMetric(float64(size)/1024, "response-KB")
	c.shutdown()
}

// sciIndex loads the benchmark project and builds its symbol index.
func sciIndex(b *testing.B) (*analysis.Project, *symbols.Index) {
	root, py := sciBench(b)
	proj := analysis.Load(context.Background(), root, analysis.Options{Python: py})
	ix, err := symbols.Build(context.Background(), root, filepath.Join(root, filepath.FromSlash(proj.ManifestFile())),
		filepath.Join(root, filepath.FromSlash(proj.Settings.RegistryPath)))
	if err != nil {
		b.Fatal(err)
	}
	return proj, ix
}

// callsFile2000 is a 2,000-line Elixir source calling numpy and sympy:
// good calls, a misspelt function, a wrong arity and an unknown keyword
// every 20 lines.
func callsFile2000() []byte {
	var sb strings.Builder
	sb.WriteString("defmodule Sci.Many do\n  alias Numpy.Linalg, as: LA\n")
	for i := 0; sb.Len() == 0 || strings.Count(sb.String(), "\n") < 1998; i++ {
		fmt.Fprintf(&sb, "  def f%d(x) do\n", i)
		sb.WriteString("    x\n    |> Numpy.mean(axis: 0)\n    |> Numpy.sqrt()\n")
		sb.WriteString("    y = LA.norm(x, ord: 2)\n    z = Sympy.symbols(\"x y\")\n")
		sb.WriteString("    Numpy.meen(x)\n    Numpy.mean(x, 1, 2, 3, 4, 5, 6, 7)\n")
		sb.WriteString("    Numpy.mean(x, axes: 0)\n    Sympy.simplify(z)\n")
		sb.WriteString("    {y, z, Numpy.sum(x, keepdims: true)}\n")
		sb.WriteString("    # a comment mentioning Numpy.mean(x)\n    \"a string: Numpy.mean(\"\n")
		sb.WriteString("    Enum.map(x, &Numpy.abs/1)\n    :ok\n  end\n\n")
	}
	sb.WriteString("end\n")
	return []byte(sb.String())
}

// BenchmarkCallDiagnostics2000Lines computes the call diagnostics of a
// 2,000-line source against numpy and sympy's index (issue 12: ≤ 20 ms).
func BenchmarkCallDiagnostics2000Lines(b *testing.B) {
	proj, ix := sciIndex(b)
	src := callsFile2000()
	path := filepath.Join(proj.Root, "lib", "many.ex")
	n := len(callDiagnostics(proj, ix, "file:///x", 1, path, src))
	if n < 300 {
		b.Fatalf("%d call diagnostics, want the planted ones", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		callDiagnostics(proj, ix, "file:///x", 1, path, src)
	}
	b.ReportMetric(float64(n), "diagnostics")
	b.ReportMetric(float64(strings.Count(string(src), "\n")), "lines")
}

// BenchmarkRequestsHeapGrowth sends 10,000 completion and signature help
// requests over the in-process connection and reports how much the live heap grew between the 1,000th and
// the 10,000th (issue 12: no allocation growth across 10,000 requests).
func BenchmarkRequestsHeapGrowth(b *testing.B) {
	root, py := sciBench(b)
	c := startClient(b, clientOptions{
		folders: []string{root}, settings: map[string]any{"pythonPath": py},
		server: Options{Getenv: testEnv()},
	})
	c.initialize()
	c.waitStatus(root, 0, "the first check", func(StatusParams) bool { return true })
	src := filepath.Join(root, "lib", "sci.ex")
	c.open(src)
	text := "defmodule Sci do\n  def s(x), do: Numpy.mean(x, axis: 0, ke)\n  def t, do: Sympy.sim\nend\n"
	c.change(src, text)
	sig := position{Line: 1, Character: len("  def s(x), do: Numpy.mean(x, ax")}
	kw := position{Line: 1, Character: len("  def s(x), do: Numpy.mean(x, axis: 0, ke")}
	member := position{Line: 2, Character: len("  def t, do: Sympy.sim")}
	heap := func() float64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapAlloc) / 1024
	}
	// The server drops its parse caches a second after the last check (up to
	// hundreds of MB with numpy and sympy): let that happen first, or the
	// heap "shrinks" across the loop and the figure says nothing.
	time.Sleep(3 * defaultIdleRelease)
	var growth float64
	for b.Loop() {
		var base float64
		for i := 0; i < 10000; i++ {
			if i == 1000 {
				base = heap()
			}
			// A tenth are the 900-item member list, whose decoding in the
			// client dominates the run.
			switch {
			case i%10 == 0:
				c.completionAt(src, member)
			case i%2 == 0:
				c.signatureAt(src, sig)
			default:
				c.completionAt(src, kw)
			}
		}
		growth = heap() - base
	}
	b.ReportMetric(growth, "growth-KB")
	c.shutdown()
}
