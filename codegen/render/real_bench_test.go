package render

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// realLibrary is a library introspected with the real interpreter once per
// test binary run: the benchmarks measure rendering, not Python.
type realLibrary struct {
	once sync.Once
	lib  model.Library
	m    *model.Manifest
	err  error
}

// benchCache keeps introspection results between benchmark runs (entries
// are validated against the installed packages, so a stale one is a miss).
func benchCache(b *testing.B) string {
	dir := filepath.Join(os.TempDir(), "snakebridge-lsp-bench-cache")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	return dir
}

// load introspects lib.PythonName with cfg (generate: :all, no submodule
// discovery, as the pipeline does by default) and builds its manifest.
func (r *realLibrary) load(b *testing.B, lib model.Library, cfg pyhelper.Config) (model.Library, *model.Manifest) {
	b.Helper()
	py := testenv.SystemPython(b, lib.PythonName)
	r.once.Do(func() {
		interp := pyhelper.Interpreter{Path: py, ProjectRoot: b.TempDir(), Env: []string{"PYTHONDONTWRITEBYTECODE=1"}}
		req := pyhelper.Request{Module: lib.PythonName, Config: cfg}
		resp, err := pyhelper.RunScript(context.Background(), interp, req, pyhelper.Options{CacheDir: benchCache(b)})
		if err != nil {
			r.err = err
			return
		}
		res, err := resp.Module()
		if err != nil {
			r.err = err
			return
		}
		r.lib = lib
		r.m, _, r.err = model.FromModule(lib, res, model.BuildOptions{})
	})
	if r.err != nil {
		b.Fatalf("introspecting %s: %v", lib.PythonName, r.err)
	}
	return r.lib, r.m
}

var numpyBench, sympyBench realLibrary

func numpyLibrary(b *testing.B) (model.Library, *model.Manifest) {
	return numpyBench.load(b, model.Library{PythonName: "numpy", Module: "Numpy", Version: "stdlib", Stdlib: true,
		PythonVersion: "3.11"}, pyhelper.Config{})
}

func sympyLibrary(b *testing.B) (model.Library, *model.Manifest) {
	return sympyBench.load(b, model.Library{PythonName: "sympy", Module: "Sympy", Version: "stdlib", Stdlib: true,
		PythonVersion: "3.11"}, pyhelper.Config{ClassMethodScope: "defined"})
}

func benchRender(b *testing.B, lib model.Library, m *model.Manifest) {
	b.ReportAllocs()
	var bytes, files int
	defer reportCPU(b)()
	for b.Loop() {
		out, err := Library(lib, m, testOptions)
		if err != nil {
			b.Fatal(err)
		}
		bytes, files = 0, len(out)
		for _, f := range out {
			bytes += len(f.Content)
		}
	}
	b.ReportMetric(float64(bytes), "output-bytes")
	b.ReportMetric(float64(files), "files")
}

// reportCPU reports the process's CPU time per iteration (all threads,
// the garbage collector's included) when the returned function is called:
// on a shared machine it varies less than the wall time.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRenderNumpy renders numpy's bindings (generate: :all) from a
// manifest built of cached introspection.
func BenchmarkRenderNumpy(b *testing.B) {
	lib, m := numpyLibrary(b)
	benchRender(b, lib, m)
}

// BenchmarkRenderSympyDefined renders sympy's bindings with
// class_method_scope: :defined.
func BenchmarkRenderSympyDefined(b *testing.B) {
	lib, m := sympyLibrary(b)
	benchRender(b, lib, m)
}
