//go:build unix

package lsp

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/jsonrpc"
)

// BenchmarkDidSaveToDiagnostics measures didSave of mix.exs until the
// diagnostics of mix.exs are published (no Python involved: the
// interpreter's facts are cached, as after the first check).
func BenchmarkDidSaveToDiagnostics(b *testing.B) {
	f := newFixture(b)
	mix := filepath.Join(f.root, "mix.exs")
	writeFile(b, mix, strings.Replace(fixtureMix, `"1.0.0"`, `"1.1.0"`, 1)) // stale: something to publish
	c := startClient(b, clientOptions{folders: []string{filepath.Dir(f.root)}, settings: f.settings(), server: f.serverOptions()})
	c.initialize()
	c.waitStatus(f.root, 0, "stale", state(StateStale))
	c.open(mix)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := c.mark()
		c.save(mix)
		c.waitFor("diagnostics after the save", func() bool {
			r := c.diags[mix]
			return r != nil && r.seq > m
		})
	}
	b.StopTimer()
	c.shutdown()
}

// BenchmarkStartupToFirstDiagnostics starts the server process (this test
// binary running the real stdio loop) on a copy of the demo and measures
// until the first diagnostics of mix.exs arrive. The interpreter's facts
// come from the on-disk cache, as they do after the first run.
func BenchmarkStartupToFirstDiagnostics(b *testing.B) {
	py := testenv.SystemPython(b)
	root := testenv.Demo(b)
	facts := b.TempDir()
	startup := func() {
		cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
		cmd.Env = append(os.Environ(), "SNAKEBRIDGE_LSP_TEST_SERVE=1", "SNAKEBRIDGE_LSP_TEST_FACTS="+facts)
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		first := make(chan struct{})
		conn := jsonrpc.NewConn(pipeRWC{stdout, stdin}, jsonrpc.Options{})
		go conn.Serve(context.Background(), func(ctx context.Context, req *jsonrpc.Request) (any, error) {
			if req.Method == "textDocument/publishDiagnostics" {
				select {
				case <-first:
				default:
					close(first)
				}
			}
			return nil, nil
		})
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		conn.Call(ctx, "initialize", map[string]any{
			"capabilities": map[string]any{}, "initializationOptions": map[string]any{"pythonPath": py},
			"workspaceFolders": []any{map[string]string{"uri": pathToURI(root), "name": "demo"}},
		}, nil)
		conn.Notify("initialized", map[string]any{})
		select {
		case <-first:
		case <-ctx.Done():
			b.Fatal("no diagnostics")
		}
		b.StopTimer()
		conn.Call(ctx, "shutdown", nil, nil)
		conn.Notify("exit", nil)
		cmd.Wait()
		conn.Close()
		b.StartTimer()
	}
	b.StopTimer()
	startup() // fills the facts cache
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		startup()
	}
}

// BenchmarkWatcherBurst writes one source file 100 times in a burst and
// reports how many checks and regenerations followed (the issue requires
// exactly one check and at most one regeneration).
func BenchmarkWatcherBurst(b *testing.B) {
	f, c, g := startBurstClient(b)
	app := filepath.Join(f.root, "lib", "app.ex")
	barrier := func() uint64 { return checkBarrier(b, c, f.root) }
	checks := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		before := barrier()
		m := c.mark()
		for j := 0; j < 100; j++ {
			os.WriteFile(app, []byte("defmodule App do\n  def hello, do: "+strconv.Itoa(i*100+j)+"\nend\n"), 0o644)
		}
		c.waitStatus(f.root, m, "the check after the burst", func(st StatusParams) bool { return st.Generation > before })
		checks += int(barrier() - before - 1)
	}
	b.StopTimer()
	b.ReportMetric(float64(checks)/float64(b.N), "checks/op")
	b.ReportMetric(float64(len(g.requests()))/float64(b.N), "regenerations/op")
	if checks != b.N {
		b.Fatalf("%d checks for %d bursts, want exactly one each", checks, b.N)
	}
	c.shutdown()
}

// BenchmarkIdleRSS runs the real binary on a project with numpy and sympy
// (generate: :all),
// regenerates it, waits for the server to idle and reports the resident
// memory of the Go process (the Python workers are other processes).
func BenchmarkIdleRSS(b *testing.B) {
	py := testenv.SystemPython(b, "numpy", "sympy")
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
	writeFile(b, filepath.Join(root, "lib", "sci.ex"), "defmodule Sci do\n  def m(x), do: Numpy.mean(x)\nend\n")
	bin := filepath.Join(b.TempDir(), "snakebridge-lsp")
	build := exec.Command("go", "build", "-o", bin, "./cmd/snakebridge-lsp")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building the server: %v\n%s", err, out)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rss := idleRSS(b, bin, root, py)
		b.ReportMetric(rss, "rss-MB")
	}
}

func idleRSS(b *testing.B, bin, root, py string) float64 {
	b.Helper()
	cmd := exec.Command(bin, "serve", "--stdio")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer cmd.Wait()
	conn := jsonrpc.NewConn(pipeRWC{stdout, stdin}, jsonrpc.Options{})
	fresh := make(chan struct{}, 16)
	go conn.Serve(context.Background(), func(ctx context.Context, req *jsonrpc.Request) (any, error) {
		if req.Method == MethodStatus {
			var st StatusParams
			json.Unmarshal(req.Params, &st)
			if st.State == StateFresh {
				fresh <- struct{}{}
			}
		}
		if req.Method == "workspace/configuration" {
			return []any{map[string]any{"pythonPath": py}}, nil
		}
		return nil, nil
	})
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := conn.Call(ctx, "initialize", map[string]any{
		"capabilities":          map[string]any{"workspace": map[string]any{"configuration": true}},
		"initializationOptions": map[string]any{"pythonPath": py},
		"workspaceFolders":      []any{map[string]string{"uri": pathToURI(root), "name": "sci"}},
	}, nil); err != nil {
		b.Fatal(err)
	}
	conn.Notify("initialized", map[string]any{})
	if err := conn.Call(ctx, "workspace/executeCommand", map[string]any{"command": CommandRegenerate, "arguments": []any{pathToURI(root)}}, nil); err != nil {
		b.Fatal(err)
	}
	select {
	case <-fresh:
	case <-ctx.Done():
		b.Fatal("the regeneration did not finish")
	}
	// Idle: the warm workers (not counted) and their client stay; the
	// server releases freed memory after a quiet second.

	// A check is a barrier: the checks after the regeneration are done
	// when it answers. The server then idles and releases memory.
	if err := conn.Call(ctx, "workspace/executeCommand", map[string]any{"command": CommandCheck}, nil); err != nil {
		b.Fatal(err)
	}
	// The symbol index is kept while the project is open: a workspace
	// symbol request waits for its build, so the figure includes it.
	var syms []any
	if err := conn.Call(ctx, "workspace/symbol", map[string]any{"query": "mean"}, &syms); err != nil || len(syms) == 0 {
		b.Fatalf("workspace/symbol: %v, %d symbols", err, len(syms))
	}
	time.Sleep(3 * defaultIdleRelease)
	rss := steadyRSSMB(b, cmd.Process.Pid)
	conn.Call(ctx, "shutdown", nil, nil)
	conn.Notify("exit", nil)
	return rss
}

type pipeRWC struct {
	r interface{ Read([]byte) (int, error) }
	w interface {
		Write([]byte) (int, error)
		Close() error
	}
}

func (p pipeRWC) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p pipeRWC) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p pipeRWC) Close() error                { return p.w.Close() }

// steadyRSSMB samples a process's resident memory until it stops moving
// (the server releases memory after a quiet second), for at most 20 s.
func steadyRSSMB(b *testing.B, pid int) float64 {
	prev, stable := processRSSMB(b, pid), 0
	for i := 0; i < 20 && stable < 2; i++ {
		time.Sleep(time.Second)
		cur := processRSSMB(b, pid)
		if d := cur - prev; d < 1 && d > -1 {
			stable++
		} else {
			stable = 0
		}
		prev = cur
	}
	return prev
}

// processRSSMB reads VmRSS of a process in MB.
func processRSSMB(b *testing.B, pid int) float64 {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		testenv.Missing(b, "no /proc: "+err.Error())
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return float64(kb) / 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}

// BenchmarkMixEditDiagnostics5000Sources edits mix.exs of a project with
// 5,000 Elixir sources and measures until its diagnostics are published;
// every source's scan comes from the server's cache (the sources did not
// change). It reports the median and the 95th percentile of the edits.
func BenchmarkMixEditDiagnostics5000Sources(b *testing.B) {
	f := newFixture(b)
	writeSources(b, f.root, 5000)
	mix := filepath.Join(f.root, "mix.exs")
	stale := strings.Replace(fixtureMix, `"1.0.0"`, `"1.1.0"`, 1) // stale: something to publish
	writeFile(b, mix, stale)
	c := startClient(b, clientOptions{folders: []string{filepath.Dir(f.root)}, settings: f.settings(), server: f.serverOptions()})
	c.initialize()
	c.waitStatus(f.root, 0, "stale", state(StateStale))
	c.open(mix)
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := c.mark()
		start := time.Now()
		c.save(mix)
		c.waitFor("diagnostics after the save", func() bool {
			r := c.diags[mix]
			return r != nil && r.seq > m
		})
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	b.ReportMetric(ms(times[len(times)/2]), "median-ms")
	b.ReportMetric(ms(times[(len(times)*95+99)/100-1]), "p95-ms")
	c.shutdown()
}

// BenchmarkUmbrella50Apps starts the server on an umbrella project of 50
// apps and measures until every app has its first status (its first check
// done and its diagnostics published). It reports the inotify watches the
// kernel holds once every app's watch set is the one its check asks for,
// and the Go heap the server holds then (the most over the iterations; the
// server runs in the test process, so this is not the process RSS the
// README quotes for the binary).
//
// "shared": the apps share what an umbrella holds once (deps_path and
// config_path name the umbrella's deps/ and config/) and have no priv/, as
// `mix new` apps; each costs 3 watches (its directory, lib/,
// .snakebridge/). "copies": each app is a whole copy of the fixture, with
// its own config/, deps/snakebridge and priv/python; each costs 8.
func BenchmarkUmbrella50Apps(b *testing.B) {
	for _, shape := range []struct {
		name   string
		shared int
	}{{"shared", 50}, {"copies", 0}} {
		b.Run(shape.name, func(b *testing.B) { benchUmbrella(b, shape.shared) })
	}
}

func benchUmbrella(b *testing.B, shared int) {
	f := newFixture(b)
	umbrella, apps := writeUmbrella(b, f, 50, shared)
	for _, app := range apps[:shared] {
		if err := os.RemoveAll(filepath.Join(app, "priv")); err != nil {
			b.Fatal(err)
		}
	}
	var watches, heap float64
	// The clients of earlier iterations stay reachable until the
	// benchmark's cleanups run: the heap the server adds is measured.
	heapInUse := func() float64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapInuse) / (1 << 20)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		before := heapInUse()
		b.StartTimer()
		c := startClient(b, clientOptions{folders: []string{umbrella}, settings: f.settings(), server: f.serverOptions()})
		c.initialize()
		for _, app := range apps {
			c.waitStatus(app, 0, "the app's first status", state(StateFresh))
		}
		b.StopTimer()
		waitWatched(c, apps)
		n, ok := kernelWatches()
		if !ok {
			testenv.Missing(b, "no /proc to count inotify watches")
		}
		watches = float64(n)
		heap = max(heap, heapInUse()-before)
		c.shutdown()
		b.StartTimer()
	}
	b.ReportMetric(watches, "watches")
	b.ReportMetric(heap, "heap-MB")
}
