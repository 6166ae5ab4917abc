package codegen_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/telemetry"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// phaseTimes sums the durations of the compile phases a run reports, so a
// benchmark can tell where its time goes.
type phaseTimes struct {
	mu sync.Mutex
	ms map[string]float64
}

// Emit adds a finished phase's duration.
func (p *phaseTimes) Emit(e telemetry.Event) {
	if e.DurationMS == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ms == nil {
		p.ms = map[string]float64{}
	}
	p.ms[e.Phase] += *e.DurationMS
}

// reset forgets the phases recorded so far (those of a warm-up).
func (p *phaseTimes) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ms = nil
}

// report adds each phase's mean milliseconds per iteration to b. Files are
// rendered as they land, so generate-ms (rendering) is part of commit-ms.
func (p *phaseTimes) report(b *testing.B, iterations int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for phase, ms := range p.ms {
		b.ReportMetric(ms/float64(max(iterations, 1)), phase+"-ms")
	}
}

// benchCacheDir keeps introspection results between benchmark runs: the
// benchmarks measure the pipeline from cached introspection, and a fresh
// cache would make every -count run introspect numpy and sympy again in
// its warm-up. Entries are validated against the installed packages, so
// a stale one is a miss, never a wrong result.
func benchCacheDir(b *testing.B) string {
	dir := filepath.Join(os.TempDir(), "snakebridge-lsp-bench-cache")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	return dir
}

// inMemoryEnv, when set, puts the benchmark projects in memory (/dev/shm)
// instead of the temp directory's disk: the difference of the two runs is
// what the fsyncs of the commit cost.
const inMemoryEnv = "CODEGEN_BENCH_IN_MEMORY"

// benchProject writes a project whose python_deps is deps.
func benchProject(b *testing.B, deps string) string {
	dir := b.TempDir()
	if os.Getenv(inMemoryEnv) != "" {
		dir = scratchDir(b)
	}
	mix := "defmodule Bench.MixProject do\n  use Mix.Project\n\n  def project do\n" +
		"    [app: :bench, version: \"0.1.0\", deps: [], python_deps: [" + deps + "]]\n  end\nend\n"
	if err := os.WriteFile(filepath.Join(dir, "mix.exs"), []byte(mix), 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// clearBindings removes everything a run writes, so the next one writes
// it all again.
func clearBindings(b *testing.B, dir string) {
	for _, rel := range []string{"lib/snakebridge_generated", ".snakebridge", "priv/snakebridge", "snakebridge.lock"} {
		if err := os.RemoveAll(filepath.Join(dir, rel)); err != nil {
			b.Fatal(err)
		}
	}
}

// benchGenerateFromScratch measures rendering and committing a project's
// bindings from cached introspection: a warm-up run fills the caches, and
// every iteration generates into a project cleared of its bindings.
func benchGenerateFromScratch(b *testing.B, deps string, modules ...string) {
	py := testenv.SystemPython(b, modules...)
	dir := benchProject(b, deps)
	env := testEnvironment(b, benchCacheDir(b))
	phases := &phaseTimes{}
	req := codegen.Request{Project: dir, Python: py, Environment: env, Telemetry: phases}
	warm := mustGenerate(b, req)
	files := len(warm.Written)
	phases.reset()
	b.ReportAllocs()
	iterations := 0
	for b.Loop() {
		iterations++
		b.StopTimer()
		clearBindings(b, dir)
		settleDisk()
		b.StartTimer()
		res := mustGenerate(b, req)
		if len(res.Written) != files {
			b.Fatalf("an iteration wrote %d files, the warm-up %d", len(res.Written), files)
		}
	}
	b.ReportMetric(float64(files), "files")
	phases.report(b, iterations)
}

// BenchmarkGenerateNumpyCached renders and commits numpy's bindings
// (generate: :all) from cached introspection.
func BenchmarkGenerateNumpyCached(b *testing.B) {
	benchGenerateFromScratch(b, "{:numpy, :stdlib, generate: :all}", "numpy")
}

// BenchmarkGenerateSympyDefined renders and commits sympy's bindings with
// class_method_scope: :defined from cached introspection.
func BenchmarkGenerateSympyDefined(b *testing.B) {
	benchGenerateFromScratch(b, "{:sympy, :stdlib, generate: :all, class_method_scope: :defined}", "sympy")
}

// stdlib5 is the five-library project of issue 14's "stdlib ×5" row.
const stdlib5 = "{:json, :stdlib}, {:math, :stdlib}, {:pathlib, :stdlib}, {:collections, :stdlib}, {:email, :stdlib}"

// BenchmarkGenerateStdlib5Cold is a first `generate` in a fresh process:
// no interpreter facts, no introspection results, no Erlang facts cached,
// no bindings on disk. The Erlang/Elixir probe runs alongside
// introspection (issue 14 target 3: ≤ 0.5 s); probe-ms is one bare probe
// (a BEAM start), timed between iterations: no cold run can be faster.
func BenchmarkGenerateStdlib5Cold(b *testing.B) {
	py := testenv.SystemPython(b)
	dir := benchProject(b, stdlib5)
	phases := &phaseTimes{}
	iterations := 0
	var probe time.Duration
	for b.Loop() {
		iterations++
		b.StopTimer()
		clearBindings(b, dir)
		env := coldEnvironment(b)
		t0 := time.Now()
		codegen.DetectErlang(context.Background())
		probe += time.Since(t0)
		settleDisk()
		b.StartTimer()
		mustGenerate(b, codegen.Request{Project: dir, Python: py, Environment: env, Telemetry: phases})
		if err := env.Close(); err != nil {
			b.Fatal(err)
		}
	}
	phases.report(b, iterations)
	b.ReportMetric(float64(probe.Milliseconds())/float64(max(iterations, 1)), "probe-ms")
}

// coldEnvironment is a CLI process's Environment with every cache empty.
func coldEnvironment(b *testing.B) *codegen.Environment {
	caches := b.TempDir()
	env := codegen.DefaultEnvironment()
	env.Facts = pyenv.NewFactsCache(filepath.Join(caches, "pyfacts"))
	env.Erlang = codegen.NewErlangCache(filepath.Join(caches, "erlang"))
	env.Pyhelper.CacheDir = filepath.Join(caches, "pyhelper")
	return env
}

// BenchmarkRegenerateUnchanged is the demo regenerated when nothing
// changed, with the language server's long-lived Environment: it must
// write nothing.
func BenchmarkRegenerateUnchanged(b *testing.B) {
	benchRegenerateUnchanged(b, demoProject(b, b.TempDir(), demoJSONOriginal))
}

// BenchmarkRegenerateUnchangedNumpy is BenchmarkRegenerateUnchanged for
// numpy's bindings (88 files, a 9.4 MB manifest): what a regeneration the
// language server starts costs when nothing changed.
func BenchmarkRegenerateUnchangedNumpy(b *testing.B) {
	benchRegenerateUnchanged(b, benchProject(b, "{:numpy, :stdlib, generate: :all}"), "numpy")
}

// BenchmarkRegenerateUnchangedSympy is BenchmarkRegenerateUnchanged for
// sympy's generate: :all (387 files, a 93 MB manifest), the language
// server's no-op regeneration of issue 14 target 1 (≤ 0.3 s).
func BenchmarkRegenerateUnchangedSympy(b *testing.B) {
	benchRegenerateUnchanged(b, benchProject(b, "{:sympy, :stdlib, generate: :all}"), "sympy")
}

// benchRegenerateUnchanged generates dir once, then measures generating
// it again, which must find nothing changed and write nothing.
func benchRegenerateUnchanged(b *testing.B, dir string, modules ...string) {
	py := testenv.SystemPython(b, modules...)
	env := testEnvironment(b, benchCacheDir(b))
	req := codegen.Request{Project: dir, Python: py, Environment: env}
	mustGenerate(b, req)
	// A file's identity is trusted once its last change is older than the
	// trust window; until then a run compares its content.
	time.Sleep(2100 * time.Millisecond)
	mustGenerate(b, req)
	b.ReportAllocs()
	for b.Loop() {
		if res := mustGenerate(b, req); len(res.Written) > 0 || !res.UpToDate {
			b.Fatalf("a regeneration where nothing changed wrote %v (up to date: %v)", res.Written, res.UpToDate)
		}
	}
}
