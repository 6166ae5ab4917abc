package pyhelper

import (
	"context"
	"errors"
	"github.com/stretchr/testify/require"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func liveWorkers(c *Client) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.live)
}

func jsonSymbols() Request {
	return Request{Mode: ModeSymbols, Module: "json", Symbols: []string{"dumps", "loads"}, NoCache: true}
}

func TestWorkerServesAndNamesProducer(t *testing.T) {
	c := newTestClient(t, fixtureInterp(t), Options{})
	resp, err := c.Introspect(context.Background(), Request{Module: "fx_dist"})
	require.NoError(t, err)
	require.False(t, resp.FromCache)
	require.Equal(t, "/usr/bin/python3", resp.Producer.Python.Executable)
	require.Equal(t, "cpython", resp.Producer.Python.Implementation)
	require.NotEmpty(t, resp.Producer.Python.Version)
	require.Equal(t, map[string]string{"fx-dist": "2.5.0", "types-fx-dist": "1.0.0"}, resp.Producer.Packages)
	result, err := resp.Module()
	require.NoError(t, err)
	require.Equal(t, &Distribution{Name: "fx-dist", Version: "2.5.0"}, result.Distribution)
	require.Equal(t, 1, liveWorkers(c))

	// The protocol fds are not the standard streams: a module printing on
	// import does not disturb it, and its output comes back as warnings.
	resp, err = c.Introspect(context.Background(), Request{Module: "fx_prints", NoCache: true})
	require.NoError(t, err)
	joined := strings.Join(resp.Warnings, "\n")
	for _, line := range []string{"hello from fx_prints", "stderr from fx_prints", "fd1 from fx_prints"} {
		require.Contains(t, joined, line)
	}
	_, err = resp.Module()
	require.NoError(t, err)
}

func TestWorkerCapsStrayOutput(t *testing.T) {
	c := newTestClient(t, fixtureInterp(t), Options{MaxCaptureBytes: 64 << 10})
	resp, err := c.Introspect(context.Background(), Request{Module: "fx_huge_output", NoCache: true})
	require.NoError(t, err)
	total := 0
	for _, w := range resp.Warnings {
		total += len(w)
	}
	require.True(t, total < 80<<10, "warnings hold %d bytes, the cap is 64 KiB", total)
	require.Contains(t, strings.Join(resp.Warnings, "\n"), "characters of further output dropped")
	// The next request on the same worker carries none of it.
	resp, err = c.Introspect(context.Background(), jsonSymbols())
	require.NoError(t, err)
	require.Empty(t, resp.Warnings)
}

// Two requests for one module import it once.
func TestWorkerImportsOnceUnderConcurrency(t *testing.T) {
	counter := filepath.Join(t.TempDir(), "imports")
	c := newTestClient(t, fixtureInterp(t, "FX_COUNTER_FILE="+counter), Options{Threads: 4})
	reqs := []Request{
		{Module: "fx_counter", NoCache: true},
		{Mode: ModeSymbols, Module: "fx_counter", Symbols: []string{"counted"}, NoCache: true},
		{Mode: ModeAttribute, Module: "fx_counter", Attribute: "counted", NoCache: true},
	}
	var wg sync.WaitGroup
	errs := make([]error, len(reqs))
	for i, req := range reqs {
		wg.Add(1)
		go func(i int, req Request) {
			defer wg.Done()
			_, errs[i] = c.Introspect(context.Background(), req)
		}(i, req)
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	data, err := os.ReadFile(counter)
	require.NoError(t, err)
	require.Equal(t, "imported\n", string(data))
}

// A worker's first request runs on its main thread, as a bare import does:
// a library that installs a signal handler when imported can be introspected
// (signal.signal raises ValueError on any other thread). A concurrent
// request still runs beside it.
func TestWorkerImportsOnTheMainThread(t *testing.T) {
	c := newTestClient(t, fixtureInterp(t), Options{Threads: 4})
	resp, err := c.Introspect(context.Background(), Request{Mode: ModeSymbols, Module: "fx_signals",
		Symbols: []string{"on_main_thread"}, NoCache: true})
	require.NoError(t, err, "the import failed off the main thread")
	doc, err := resp.Symbols()
	require.NoError(t, err)
	require.NotNil(t, doc.Symbols[0].Function, "%s", resp.Raw)
}

// A slow import does not hold up a request for another module.
func TestWorkerDoesNotSerialiseModules(t *testing.T) {
	c := newTestClient(t, fixtureInterp(t), Options{Threads: 4})
	_, err := c.Introspect(context.Background(), jsonSymbols()) // start the worker
	require.NoError(t, err)
	slow := make(chan error, 1)
	go func() {
		_, err := c.Introspect(context.Background(), Request{Module: "fx_slow", NoCache: true})
		slow <- err
	}()
	time.Sleep(100 * time.Millisecond) // let the slow import begin
	_, err = c.Introspect(context.Background(), Request{Mode: ModeSymbols, Module: "fx_stubbed", Symbols: []string{"scale"}, NoCache: true})
	require.NoError(t, err)
	select {
	case err := <-slow:
		t.Fatalf("the slow import finished first (%v): requests were serialised", err)
	default:
	}
	require.NoError(t, <-slow)
}

func TestWorkerIdleExit(t *testing.T) {
	c := newTestClient(t, fixtureInterp(t), Options{IdleTimeout: 200 * time.Millisecond})
	_, err := c.Introspect(context.Background(), jsonSymbols())
	require.NoError(t, err)
	deadline := time.Now().Add(10 * time.Second)
	for liveWorkers(c) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the idle worker did not exit")
		}
		time.Sleep(20 * time.Millisecond)
	}
	requireNoChildren(t)
	_, err = c.Introspect(context.Background(), jsonSymbols())
	require.NoError(t, err, "a new worker starts on demand")
}

// A timeout kills the worker; the other request it was running is retried
// once on a fresh worker (which imports the module again).
func TestWorkerTimeoutRetriesOthers(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "imports")
	c := newTestClient(t, fixtureInterp(t, "FX_COUNTER_FILE="+marker), Options{Threads: 4})
	other := make(chan error, 1)
	go func() {
		_, err := c.Introspect(context.Background(), Request{Module: "fx_retry", NoCache: true})
		other <- err
	}()
	waitForLines(t, marker, 1)
	_, err := c.Introspect(context.Background(), Request{Module: "fx_hangs", Timeout: 300 * time.Millisecond})
	require.ErrorIs(t, err, ErrTimeout)
	require.NoError(t, <-other, "the in-flight request is retried")
	data, err := os.ReadFile(marker)
	require.NoError(t, err)
	require.Equal(t, 2, strings.Count(string(data), "\n"), "imported by the killed worker and the new one")
	require.True(t, len(childPIDs(t)) <= 1, "the killed worker was reaped")
}

func waitForLines(t *testing.T, path string, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		data, _ := os.ReadFile(path)
		if strings.Count(string(data), "\n") >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never reached %d lines", path, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A context deadline is a timeout; plain cancellation only stops waiting and
// the result still fills the cache.
func TestWorkerContextCancellation(t *testing.T) {
	c := newTestClient(t, fixtureInterp(t), Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := c.Introspect(ctx, Request{Module: "fx_hangs"})
	require.ErrorIs(t, err, ErrTimeout)

	_, err = c.Introspect(context.Background(), jsonSymbols()) // a ready worker again
	require.NoError(t, err)
	ctx, cancel = context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.Introspect(ctx, Request{Module: "fx_slow"})
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	cancel()
	err = <-done
	require.True(t, errors.Is(err, context.Canceled), "got %v", err)
	c.pending.Wait() // the abandoned request completes in the background
	resp, err := c.Introspect(context.Background(), Request{Module: "fx_slow"})
	require.NoError(t, err)
	require.True(t, resp.FromCache, "the abandoned request's result was cached")
}

func TestWorkerRetiresOnSourceChange(t *testing.T) {
	root := t.TempDir()
	priv := filepath.Join(root, "priv", "python")
	require.NoError(t, os.MkdirAll(priv, 0o755))
	source := filepath.Join(priv, "fx_edit.py")
	require.NoError(t, os.WriteFile(source, []byte("def first():\n    pass\n"), 0o644))
	interp := Interpreter{Path: fixtureInterp(t).Path, ProjectRoot: root}
	c := newTestClient(t, interp, Options{})
	names := func(resp *Response) []string {
		result, err := resp.Module()
		require.NoError(t, err)
		var out []string
		for _, f := range result.Namespaces[""].Functions {
			out = append(out, f.Name)
		}
		return out
	}
	resp, err := c.Introspect(context.Background(), Request{Module: "fx_edit"})
	require.NoError(t, err)
	require.Equal(t, []string{"first"}, names(resp))
	require.Equal(t, []string{source}, resp.Provenance.Paths)
	resp, err = c.Introspect(context.Background(), Request{Module: "fx_edit"})
	require.NoError(t, err)
	require.True(t, resp.FromCache)

	require.NoError(t, os.WriteFile(source, []byte("def second():\n    pass\n"), 0o644))
	resp, err = c.Introspect(context.Background(), Request{Module: "fx_edit"})
	require.NoError(t, err)
	require.False(t, resp.FromCache)
	require.Equal(t, []string{"second"}, names(resp), "the stale worker was replaced")
	resp, err = c.Introspect(context.Background(), Request{Module: "fx_edit", Mode: ModeSymbols, Symbols: []string{"second"}, NoCache: true})
	require.NoError(t, err)
	doc, err := resp.Symbols()
	require.NoError(t, err)
	require.NotNil(t, doc.Symbols[0].Function)
}

func TestWorkersRouteByPackage(t *testing.T) {
	c := newTestClient(t, fixtureInterp(t), Options{Workers: 3})
	for _, module := range []string{"json", "fx_basic", "fx_stubbed", "json.decoder", "fx_basic._impl"} {
		_, err := c.Introspect(context.Background(), Request{Module: module, NoCache: true})
		require.NoError(t, err, module)
	}
	require.True(t, liveWorkers(c) <= 3)
	require.Equal(t, c.slotFor("json"), c.slotFor(Request{Module: "json.decoder"}.topLevel()))
}

func TestPrivPythonOnPath(t *testing.T) {
	interp := Interpreter{Path: fixtureInterp(t).Path, Env: []string{noBytecodeInTree(t)}, ProjectRoot: testdataPath(t, "project")}
	c := newTestClient(t, interp, Options{})
	resp, err := c.Introspect(context.Background(), Request{Mode: ModeSymbols, Module: "fx_priv", Symbols: []string{"from_priv"}})
	require.NoError(t, err)
	doc, err := resp.Symbols()
	require.NoError(t, err)
	require.Equal(t, testdataPath(t, "project", "priv", "python", "fx_priv.py"), doc.Symbols[0].Function.SourceFile)
}
