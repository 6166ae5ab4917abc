//go:build linux

package pyhelper

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"golang.org/x/sys/unix"
)

// Benchmarks report medians over their iterations; run them with
// -benchtime=5x (or more) for the medians of >= 5 runs the targets ask for:
//
//	go test -run '^$' -bench . -benchtime 5x ./pyhelper/
//
// ns/op of the root benchmarks is the introspection only; the bare import
// of the same module, measured in the same iterations, is reported beside it.

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// maxRSSMiB is the peak resident set of a finished child (Linux: KiB units).
func maxRSSMiB(state *os.ProcessState) float64 {
	if state == nil {
		return 0
	}
	if ru, ok := state.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss) / 1024
	}
	return 0
}

// cpuTime is the user+system time of a finished child: on a machine shared
// with other jobs it inflates far less than the elapsed time, so the
// ratios of CPU times stay comparable where elapsed ones do not.
func cpuTime(state *os.ProcessState) time.Duration {
	if state == nil {
		return 0
	}
	return state.UserTime() + state.SystemTime()
}

// bareImport times `python -c "import <module>"` with the environment a
// user's Python gets (Interpreter.Environ): elapsed time, CPU time, peak RSS.
func bareImport(b *testing.B, interp Interpreter, module string) (time.Duration, time.Duration, float64) {
	return bareImportIn(b, interp, interp.Environ(), module)
}

// bareImportTuned is bareImport with the allocator setting the script
// runs with (scriptEnviron): the ratio to it says how much of the
// introspection's advantage is the setting, which speeds the import too.
func bareImportTuned(b *testing.B, interp Interpreter, module string) time.Duration {
	env, _ := scriptEnviron(interp.Environ())
	d, _, _ := bareImportIn(b, interp, env, module)
	return d
}

func bareImportIn(b *testing.B, interp Interpreter, env []string, module string) (time.Duration, time.Duration, float64) {
	cmd := exec.Command(interp.Path, "-c", "import "+module)
	cmd.Env = env
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("import %s: %v: %s", module, err, out)
	}
	return time.Since(start), cpuTime(cmd.ProcessState), maxRSSMiB(cmd.ProcessState)
}

// reportAgainstImport reports the medians of an introspection's and the bare
// import's times, measured in the same iterations, and their ratios:
// x-import is the figure (the import as the user's Python runs
// it), x-import-tuned the ratio to the import under the script's allocator
// setting.
func reportAgainstImport(b *testing.B, intro, imports, introCPU, importsCPU, tuned []time.Duration) {
	b.ReportMetric(ms(median(intro)), "introspect-ms")
	b.ReportMetric(ms(median(imports)), "import-ms")
	b.ReportMetric(float64(median(intro))/float64(median(imports)), "x-import")
	b.ReportMetric(float64(median(introCPU))/float64(median(importsCPU)), "x-import-cpu")
	b.ReportMetric(float64(median(intro))/float64(median(tuned)), "x-import-tuned")
}

// onOneCPU runs fn with the calling goroutine's thread bound to one CPU
// (the last it may use), so that the processes fn starts run there: on the
// development VM the same one-shot introspection of numpy took 440-475 ms
// of CPU on CPU 0 and 310-330 ms on CPU 1, and a pair of runs landing on
// different CPUs moved the ratio by half. Both sides of every ratio run
// on the same CPU.
func onOneCPU(b *testing.B, fn func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var allowed unix.CPUSet
	if err := unix.SchedGetaffinity(0, &allowed); err != nil {
		b.Logf("CPU affinity unavailable (%v): processes run on any CPU", err)
		fn()
		return
	}
	last := -1
	for cpu := 0; cpu < len(allowed)*64; cpu++ {
		if allowed.IsSet(cpu) {
			last = cpu
		}
	}
	var one unix.CPUSet
	one.Set(last)
	if err := unix.SchedSetaffinity(0, &one); err != nil {
		b.Logf("CPU affinity unavailable (%v): processes run on any CPU", err)
		fn()
		return
	}
	defer unix.SchedSetaffinity(0, &allowed)
	fn()
}

// benchRoot: full root-module introspection by the one-shot script against
// the bare import, alternating in each iteration, both on one CPU.
func benchRoot(b *testing.B, module string) {
	onOneCPU(b, func() { benchRootOnCPU(b, module) })
}

func benchRootOnCPU(b *testing.B, module string) {
	py := testenv.SystemPython(b, module)
	interp := Interpreter{Path: py, ProjectRoot: b.TempDir()}
	opts := Options{CacheDir: b.TempDir()}.withDefaults()
	req := Request{Module: module, NoCache: true}
	if _, _, err := runScript(context.Background(), interp, req, opts); err != nil { // byte code, OS caches
		b.Fatal(err)
	}
	var intro, imports, introCPU, importsCPU, tuned []time.Duration
	var peak, importPeak float64
	size := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d, cpu, rss := bareImport(b, interp, module)
		imports, importsCPU = append(imports, d), append(importsCPU, cpu)
		importPeak = max(importPeak, rss)
		tuned = append(tuned, bareImportTuned(b, interp, module))
		b.StartTimer()
		start := time.Now()
		resp, state, err := runScript(context.Background(), interp, req, opts)
		intro = append(intro, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		introCPU = append(introCPU, cpuTime(state))
		peak = max(peak, maxRSSMiB(state))
		size = len(resp.Raw)
	}
	b.StopTimer()
	reportAgainstImport(b, intro, imports, introCPU, importsCPU, tuned)
	b.ReportMetric(peak, "peak-rss-MiB")
	b.ReportMetric(importPeak, "import-rss-MiB")
	b.ReportMetric(float64(size)/(1<<20), "doc-MiB")
}

// Targets: <= 1.5x the bare import (issue 14 target 6; it was 4x), <= 1.2 s,
// <= 150 MB peak RSS. x-import compares elapsed times, x-import-cpu CPU
// times (the figure to read when other jobs load the machine).
func BenchmarkIntrospectSympyRoot(b *testing.B) { benchRoot(b, "sympy") }

// Targets: <= 0.35 s, <= 2x the bare import (issue 14 target 6).
func BenchmarkIntrospectNumpyRoot(b *testing.B) { benchRoot(b, "numpy") }

// benchRootWorker: what `generate` and the server pay for a library not yet
// introspected — a fresh client, so a fresh worker that imports the module,
// describes it and sends the document over its authenticated channel —
// against the bare import, alternating in each iteration, both on one CPU.
// CPU times are the children's (the worker is reaped by Close).
func benchRootWorker(b *testing.B, module string) {
	onOneCPU(b, func() { benchRootWorkerOnCPU(b, module) })
}

func benchRootWorkerOnCPU(b *testing.B, module string) {
	py := testenv.SystemPython(b, module)
	interp := Interpreter{Path: py, ProjectRoot: b.TempDir()}
	cacheDir := b.TempDir()
	introspect := func() (time.Duration, time.Duration) {
		var before, after syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &before)
		start := time.Now()
		c, err := New(interp, Options{CacheDir: cacheDir})
		if err != nil {
			b.Fatal(err)
		}
		_, err = c.Introspect(context.Background(), Request{Module: module, NoCache: true})
		elapsed := time.Since(start)
		c.Close()
		if err != nil {
			b.Fatal(err)
		}
		_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &after)
		cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
		return elapsed, cpu
	}
	introspect() // byte code, OS caches
	var intro, imports, introCPU, importsCPU, tuned []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d, cpu, _ := bareImport(b, interp, module)
		imports, importsCPU = append(imports, d), append(importsCPU, cpu)
		tuned = append(tuned, bareImportTuned(b, interp, module))
		b.StartTimer()
		d, cpu = introspect()
		intro, introCPU = append(intro, d), append(introCPU, cpu)
	}
	b.StopTimer()
	reportAgainstImport(b, intro, imports, introCPU, importsCPU, tuned)
}

// The product's path for issue 14 target 6 (the script alone is
// BenchmarkIntrospectSympyRoot): <= 1.5x the bare import.
func BenchmarkIntrospectSympyRootWorker(b *testing.B) { benchRootWorker(b, "sympy") }

// <= 2x the bare import.
func BenchmarkIntrospectNumpyRootWorker(b *testing.B) { benchRootWorker(b, "numpy") }

// benchCacheHit: a repeated request for an unchanged library; target
// <= 5 ms without starting Python. fresh=false repeats it in one client (the
// editor case: memory, validated against the files); fresh=true uses a new
// client each time (a new process: the disk cache).
func benchCacheHit(b *testing.B, module string, fresh bool) {
	py := testenv.SystemPython(b, module)
	interp := Interpreter{Path: py, ProjectRoot: b.TempDir()}
	cacheDir := b.TempDir()
	warm, err := New(interp, Options{CacheDir: cacheDir})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := warm.Introspect(context.Background(), Request{Module: module}); err != nil {
		b.Fatal(err)
	}
	warm.Close()
	c, err := New(interp, Options{CacheDir: cacheDir})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if fresh {
			if c, err = New(interp, Options{CacheDir: cacheDir}); err != nil {
				b.Fatal(err)
			}
		}
		resp, err := c.Introspect(context.Background(), Request{Module: module})
		times = append(times, time.Since(start))
		if err != nil || !resp.FromCache {
			b.Fatalf("not a cache hit: %v", err)
		}
		if liveWorkers(c) != 0 {
			b.Fatal("a cache hit started python")
		}
	}
	b.StopTimer()
	b.ReportMetric(ms(median(times)), "median-ms")
}

func BenchmarkCacheHitSympy(b *testing.B)     { benchCacheHit(b, "sympy", false) }
func BenchmarkCacheHitNumpy(b *testing.B)     { benchCacheHit(b, "numpy", false) }
func BenchmarkCacheHitDiskSympy(b *testing.B) { benchCacheHit(b, "sympy", true) }
func BenchmarkCacheHitDiskNumpy(b *testing.B) { benchCacheHit(b, "numpy", true) }

// BenchmarkDecodeSympyModule is the consumer's cost of turning a (cached)
// sympy document into typed Go values; not part of the cache-hit target.
func BenchmarkDecodeSympyModule(b *testing.B) {
	py := testenv.SystemPython(b, "sympy")
	resp, err := RunScript(context.Background(), Interpreter{Path: py}, Request{Module: "sympy"}, Options{CacheDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(resp.Raw)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := decodeModule(resp.Raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWarmSymbolsNumpy10: a warm worker answers a --symbols batch of
// ten numpy functions (both caches bypassed); target <= 30 ms.
func BenchmarkWarmSymbolsNumpy10(b *testing.B) {
	py := testenv.SystemPython(b, "numpy")
	c, err := New(Interpreter{Path: py, ProjectRoot: b.TempDir()}, Options{CacheDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	req := Request{Mode: ModeSymbols, Module: "numpy", NoCache: true,
		Symbols: []string{"sum", "mean", "zeros", "array", "dot", "linspace", "concatenate", "reshape", "where", "unique"}}
	if _, err := c.Introspect(context.Background(), req); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := c.Introspect(context.Background(), req); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	b.ReportMetric(ms(median(times)), "median-ms")
}

// BenchmarkWarmNumpyRoot: a warm worker re-describes the numpy root module
// (caches bypassed): what an editor pays after a change the cache cannot
// vouch for.
func BenchmarkWarmNumpyRoot(b *testing.B) {
	py := testenv.SystemPython(b, "numpy")
	c, err := New(Interpreter{Path: py, ProjectRoot: b.TempDir()}, Options{CacheDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	req := Request{Module: "numpy", NoCache: true}
	if _, err := c.Introspect(context.Background(), req); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := c.Introspect(context.Background(), req); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	b.ReportMetric(ms(median(times)), "median-ms")
}
