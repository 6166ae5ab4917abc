//go:build unix

package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/jsonrpc"
)

// TestMain lets a test re-execute the test binary as the real stdio
// server.
func TestMain(m *testing.M) {
	if os.Getenv("SNAKEBRIDGE_LSP_TEST_SERVE") == "1" {
		os.Exit(RunStdio(context.Background(), Options{Getenv: testEnv(), Facts: pyenv.NewFactsCache(os.Getenv("SNAKEBRIDGE_LSP_TEST_FACTS"))}))
	}
	os.Exit(m.Run())
}

// noLeaks fails when goroutines started after before are still running
// once everything has been shut down.
func noLeaks(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			t.Fatalf("%d goroutines left (had %d):\n%s", runtime.NumGoroutine(), before, buf[:n])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestGarbageOnTheWire(t *testing.T) {
	f := newFixture(t)
	srv, cli := socketPair(t)
	s := New(f.serverOptions())
	done := make(chan int, 1)
	go func() { done <- s.Serve(context.Background(), srv) }()
	r := jsonrpc.NewReader(cli)
	send := func(raw string) { cli.Write([]byte(raw)) }
	recv := func() map[string]any {
		cli.SetReadDeadline(time.Now().Add(waitTimeout))
		for {
			body, err := r.Read()
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			var m map[string]any
			json.Unmarshal(body, &m)
			if _, isNote := m["method"]; isNote {
				continue
			}
			return m
		}
	}
	frame := func(body string) string { return string(jsonrpc.AppendFrame(nil, []byte(body))) }
	send("\x00\x01garbage\r\n\r\n")
	if m := recv(); m["error"] == nil {
		t.Fatalf("garbage: %v", m)
	}
	send(frame(`{"jsonrpc":"2.0","id":1,"method":"textDocument/codeAction","params":{}}`))
	if m := recv(); int(m["error"].(map[string]any)["code"].(float64)) != jsonrpc.CodeServerNotInitialized {
		t.Fatalf("before initialize: %v", m)
	}
	send(frame(`{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"capabilities":{},"workspaceFolders":[{"uri":"` + pathToURI(filepath.Dir(f.root)) + `","name":"x"}]}}`))
	if m := recv(); m["result"] == nil {
		t.Fatalf("initialize: %v", m)
	}
	send(frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`))
	send(frame(`{"jsonrpc":"2.0","id":3,"method":"initialize","params":{}}`))
	if m := recv(); m["error"] == nil {
		t.Fatalf("a second initialize must fail: %v", m)
	}
	send(frame(`{"jsonrpc":"2.0","id":4,"method":"textDocument/codeAction","params":{"textDocument":{"uri":42}}}`))
	if m := recv(); int(m["error"].(map[string]any)["code"].(float64)) != jsonrpc.CodeInvalidParams {
		t.Fatalf("invalid params: %v", m)
	}
	send(frame(`{"jsonrpc":"2.0","id":5,"method":"snakebridge/noSuchRequest","params":{}}`))
	if m := recv(); int(m["error"].(map[string]any)["code"].(float64)) != jsonrpc.CodeMethodNotFound {
		t.Fatalf("unknown method: %v", m)
	}
	send(frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"not a uri","text":5}}}`))
	send(frame(`{"jsonrpc":"2.0","method":"$/unknownNotification","params":{}}`))
	send(frame(`{"jsonrpc":"2.0","id":6,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///nowhere/x.ex"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[]}}}`))
	if m := recv(); m["error"] != nil || len(m["result"].([]any)) != 0 {
		t.Fatalf("a document outside every project has no actions: %v", m)
	}
	send(frame(`{"jsonrpc":"2.0","id":7,"method":"shutdown"}`))
	if m := recv(); m["error"] != nil {
		t.Fatalf("shutdown: %v", m)
	}
	send(frame(`{"jsonrpc":"2.0","id":8,"method":"textDocument/codeAction","params":{}}`))
	if m := recv(); int(m["error"].(map[string]any)["code"].(float64)) != jsonrpc.CodeInvalidRequest {
		t.Fatalf("after shutdown: %v", m)
	}
	send(frame(`{"jsonrpc":"2.0","method":"exit"}`))
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit status %d", code)
		}
	case <-time.After(waitTimeout):
		t.Fatal("no exit")
	}
}

func TestExitWithoutShutdownAndEOF(t *testing.T) {
	before := runtime.NumGoroutine()
	for _, how := range []string{"exit", "eof"} {
		t.Run(how, func(t *testing.T) {
			f := newFixture(t)
			srv, cli := socketPair(t)
			s := New(f.serverOptions())
			done := make(chan int, 1)
			go func() { done <- s.Serve(context.Background(), srv) }()
			conn := jsonrpc.NewConn(cli, jsonrpc.Options{})
			go conn.Serve(context.Background(), func(ctx context.Context, req *jsonrpc.Request) (any, error) { return nil, nil })
			ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
			defer cancel()
			if err := conn.Call(ctx, "initialize", map[string]any{"capabilities": map[string]any{}, "rootUri": pathToURI(f.root)}, nil); err != nil {
				t.Fatal(err)
			}
			conn.Notify("initialized", map[string]any{})
			if how == "exit" {
				conn.Notify("exit", nil)
			} else {
				conn.Close()
			}
			select {
			case code := <-done:
				if code != 1 {
					t.Fatalf("exit status %d without shutdown, want 1", code)
				}
			case <-time.After(waitTimeout):
				t.Fatal("the server did not stop")
			}
			conn.Close()
		})
	}
	noLeaks(t, before)
}

func TestDisconnectMidRegenerationLeavesNothing(t *testing.T) {
	before := runtime.NumGoroutine()
	root := slowProject(t)
	c := startDemo(t, root, &countingGenerate{}, nil, false)
	c.startSlowRegeneration(root)
	c.conn.Close()
	select {
	case code := <-c.serverExit:
		c.serverExit <- code
	case <-time.After(waitTimeout):
		t.Fatal("the server did not stop when the client went away")
	}
	<-c.clientDone
	if left := pythonChildren(t); len(left) != 0 {
		t.Fatalf("python processes left: %v", left)
	}
	noLeaks(t, before)
}

func TestProjectDeletedWhileOpen(t *testing.T) {
	f := newFixture(t)
	c := startFixture(t, f, false, false)
	mix := filepath.Join(f.root, "mix.exs")
	c.waitStatus(f.root, 0, "fresh", state(StateFresh))
	c.open(mix)
	m := c.mark()
	c.change(mix, strings.Replace(fixtureMix, `"1.0.0"`, `"2.0.0"`, 1))
	c.waitStatus(f.root, m, "stale", state(StateStale))
	m = c.mark()
	if err := os.RemoveAll(f.root); err != nil {
		t.Fatal(err)
	}
	st := c.waitStatus(f.root, m, "error: deleted", state(StateError))
	if !strings.Contains(st.Message, "deleted") {
		t.Errorf("status message %q", st.Message)
	}
	c.waitFor("diagnostics cleared", func() bool { return c.diags[mix] != nil && len(c.diags[mix].diags) == 0 })
	// Still serving.
	if err := c.executeCommand(CommandRegenerate, nil, pathToURI(f.root)); err == nil {
		t.Error("regenerating a deleted project must fail")
	}
	var statuses []StatusParams
	if err := c.executeCommand(CommandShowStatus, &statuses); err != nil {
		t.Fatal(err)
	}
	c.change(mix, fixtureMix)
	c.close(mix)
	c.shutdown()
}

func TestThousandChangesInASecond(t *testing.T) {
	f := newFixture(t)
	c := startFixture(t, f, false, false)
	mix := filepath.Join(f.root, "mix.exs")
	c.waitStatus(f.root, 0, "fresh", state(StateFresh))
	c.open(mix)
	m := c.mark()
	for i := 0; i < 1000; i++ {
		text := fixtureMix
		if i%2 == 0 {
			text = strings.Replace(fixtureMix, `"1.0.0"`, fmt.Sprintf(`"1.0.%d"`, i+1), 1)
		}
		c.change(mix, text)
	}
	// The last change restored the original: fresh, whatever came before.
	c.change(mix, fixtureMix)
	var reports []map[string]any
	if err := c.executeCommand(CommandCheck, &reports, pathToURI(f.root)); err != nil {
		t.Fatal(err)
	}
	if reports[0]["fresh"] != true {
		t.Fatalf("the check after the burst: %v", reports[0]["findings"])
	}
	st := c.waitStatus(f.root, m, "fresh after the burst", func(st StatusParams) bool {
		return st.State == StateFresh && st.Generation > 1
	})
	if st.Generation > 500 {
		t.Errorf("%d checks for 1001 changes: they should collapse", st.Generation)
	}
	if got := c.problems(mix); len(got) != 0 {
		t.Fatalf("diagnostics after the burst: %v", got)
	}
	c.shutdown()
}

func TestUnreadableVenv(t *testing.T) {
	f := newFixture(t)
	// The venv's interpreter is a dangling symlink (a venv whose base
	// Python was removed).
	py := filepath.Join(f.venv, "bin", "python3")
	target, err := os.Readlink(py)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(py)
	if err := os.Symlink("/nonexistent/python3", py); err != nil {
		t.Fatal(err)
	}
	c := startFixture(t, f, false, false)
	mix := filepath.Join(f.root, "mix.exs")
	st := c.waitStatus(f.root, 0, "stale", state(StateStale))
	if got := c.codes(mix); !contains(got, "interpreter_not_found") {
		t.Fatalf("diagnostics: %v (status %+v)", got, st)
	}
	bin := filepath.Dir(py)
	c.waitFor("a watch on the interpreter's directory", func() bool {
		c.server.mu.Lock()
		h := c.server.watch
		c.server.mu.Unlock()
		if h == nil {
			return false
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.refs[bin] > 0
	})
	// Wait until the new watch has recorded what the interpreter's
	// directory held, so the repair below is a change to it.
	c.waitFor("the interpreter's digest", func() bool {
		c.server.mu.Lock()
		projects := append([]*project(nil), c.server.projectList()...)
		c.server.mu.Unlock()
		for _, p := range projects {
			p.mu.Lock()
			_, ok := p.digests[py]
			p.mu.Unlock()
			if ok {
				return true
			}
		}
		return false
	})
	// Repairing it is noticed through the interpreter's directory.
	m := c.mark()
	os.Remove(py)
	if err := os.Symlink(target, py); err != nil {
		t.Fatal(err)
	}
	c.waitStatus(f.root, m, "fresh after the repair", state(StateFresh))
	c.shutdown()
}

// TestStdioBinary runs the real stdio loop in a subprocess: stdout must
// carry only frames, stderr stays quiet, and EOF ends the process.
func TestStdioBinary(t *testing.T) {
	f := newFixture(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SNAKEBRIDGE_LSP_TEST_SERVE=1")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	write := func(body string) { stdin.Write(jsonrpc.AppendFrame(nil, []byte(body))) }
	write(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{},"initializationOptions":{"pythonPath":"` + f.python + `"},"workspaceFolders":[{"uri":"` + pathToURI(f.root) + `","name":"app"}]}}`)
	write(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	out := bufio.NewReader(stdout)
	r := jsonrpc.NewReader(out)
	sawStatus := false
	for !sawStatus {
		body, err := r.Read()
		if err != nil {
			t.Fatalf("reading frames: %v (stderr %q)", err, stderr.String())
		}
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("a frame that is not JSON: %q", body)
		}
		sawStatus = m["method"] == MethodStatus
	}
	stdin.Close()
	rest, _ := io.ReadAll(out)
	rr := jsonrpc.NewReader(bytes.NewReader(rest))
	for {
		body, err := rr.Read()
		if err == io.EOF {
			break
		}
		if err != nil || !json.Valid(body) {
			t.Fatalf("stdout carried something else than frames: %q", rest)
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- cmd.Wait() }()
	select {
	case err := <-errc:
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Fatalf("exit after EOF without shutdown: %v, want status 1", err)
		}
	case <-time.After(waitTimeout):
		cmd.Process.Kill()
		t.Fatal("the server did not exit at EOF")
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr is not quiet: %q", stderr.String())
	}
}
