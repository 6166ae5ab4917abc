//go:build linux

package codegen_test

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// BenchmarkGenerateSympyExplicitCold is the largest configuration of issue
// 14 target 2: sympy generate: :all, module_mode: :explicit (1,507 files,
// a 312 MB manifest), a first generate with every cache empty. Targets:
// ≤ 12 s, Go peak ≤ 300 MB, Python worker peak ≤ 300 MB. go-peak-MiB is
// this process's peak resident set during the run (reset before it);
// py-peak-MiB the largest of the child processes reaped so far (the
// introspection worker, which the Environment's Close waits for).
func BenchmarkGenerateSympyExplicitCold(b *testing.B) {
	py := testenv.SystemPython(b, "sympy")
	dir := benchProject(b, "{:sympy, :stdlib, generate: :all, module_mode: :explicit}")
	phases := &phaseTimes{}
	iterations := 0
	var goPeak, pyPeak float64
	for b.Loop() {
		iterations++
		b.StopTimer()
		clearBindings(b, dir)
		env := coldEnvironment(b)
		settleDisk()
		resetPeakRSS(b)
		b.StartTimer()
		res := mustGenerate(b, codegen.Request{Project: dir, Python: py, Environment: env, Telemetry: phases})
		b.StopTimer()
		goPeak = max(goPeak, peakRSSMiB(b))
		if err := env.Close(); err != nil {
			b.Fatal(err)
		}
		pyPeak = max(pyPeak, childrenPeakMiB())
		if len(res.Written) == 0 {
			b.Fatal("the run wrote nothing")
		}
		b.StartTimer()
	}
	phases.report(b, iterations)
	b.ReportMetric(goPeak, "go-peak-MiB")
	b.ReportMetric(pyPeak, "py-peak-MiB")
}

// resetPeakRSS makes /proc/self/status's VmHWM start again from the
// current resident set.
func resetPeakRSS(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Fatalf("resetting the peak resident set: %v", err)
	}
}

// peakRSSMiB is this process's VmHWM.
func peakRSSMiB(b *testing.B) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				b.Fatalf("VmHWM %q: %v", rest, err)
			}
			return kb / 1024
		}
	}
	b.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// childrenPeakMiB is the largest peak resident set of the child processes
// reaped so far.
func childrenPeakMiB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024
}
