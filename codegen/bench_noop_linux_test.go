//go:build linux

package codegen_test

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// BenchmarkNoopGenerateSympy is `generate` of sympy's generate: :all in a
// fresh process where nothing changed since the last run (issue 14 target
// 1: ≤ 0.3 s and ≤ 100 MB peak RSS).
func BenchmarkNoopGenerateSympy(b *testing.B) {
	benchNoopProcess(b, "{:sympy, :stdlib, generate: :all}", "sympy")
}

// BenchmarkNoopGenerateNumpy is BenchmarkNoopGenerateSympy for numpy.
func BenchmarkNoopGenerateNumpy(b *testing.B) {
	benchNoopProcess(b, "{:numpy, :stdlib, generate: :all}", "numpy")
}

// benchNoopProcess generates deps once, then measures generating again in
// a child process (this test binary, as the CLI would: a fresh
// Environment), reporting its wall time and peak RSS.
func benchNoopProcess(b *testing.B, deps string, modules ...string) {
	py := testenv.SystemPython(b, modules...)
	dir := benchProject(b, deps)
	state := b.TempDir()
	run := func() (time.Duration, float64, string) {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), childModeEnv+"=noop", childProjectEnv+"="+dir, childPythonEnv+"="+py,
			childCacheEnv+"="+benchCacheDir(b), childStateEnv+"="+state)
		start := time.Now()
		out, err := cmd.Output()
		elapsed := time.Since(start)
		if err != nil {
			b.Fatalf("generating in a child: %v\n%s", err, out)
		}
		rss := float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024 // KiB on Linux
		return elapsed, rss, strings.TrimSpace(string(out))
	}
	run() // generates and records
	// A file's identity is trusted once its last change is older than the
	// trust window; until then a run compares its content.
	time.Sleep(2100 * time.Millisecond)
	run()
	var total time.Duration
	peak := 0.0
	iterations := 0
	for b.Loop() {
		elapsed, rss, out := run()
		if out != "up to date" {
			b.Fatalf("a run where nothing changed said %q", out)
		}
		total += elapsed
		peak = max(peak, rss)
		iterations++
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(max(iterations, 1)), "noop-ms")
	b.ReportMetric(peak, "peak-rss-MB")
}
