//go:build unix

package lsp

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
)

// gatedGenerate is a generator double for scheduling tests: each run
// records its request and waits for the test to release it. The real
// pipeline's behaviour is covered by the tests of regen_test.go.
type gatedGenerate struct {
	mu      sync.Mutex
	reqs    []codegen.Request
	active  int
	overlap bool
	release chan struct{}
	started chan struct{}
}

func newGatedGenerate() *gatedGenerate {
	return &gatedGenerate{release: make(chan struct{}), started: make(chan struct{}, 16)}
}

func (g *gatedGenerate) generate(ctx context.Context, req codegen.Request) (*codegen.Result, error) {
	g.mu.Lock()
	g.reqs = append(g.reqs, req)
	g.active++
	if g.active > 1 {
		g.overlap = true
	}
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.active--
		g.mu.Unlock()
	}()
	g.started <- struct{}{}
	req.Progress(codegen.Progress{Phase: "introspect", Library: "json", Done: 0, Total: 2})
	select {
	case <-g.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	req.Progress(codegen.Progress{Phase: "introspect", Library: "examplepkg", Done: 1, Total: 2})
	return &codegen.Result{Project: req.Project}, nil
}

func (g *gatedGenerate) requests() []codegen.Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]codegen.Request(nil), g.reqs...)
}

func TestRegenerationQueueCollapsesAndSerialises(t *testing.T) {
	f := newFixture(t)
	g := newGatedGenerate()
	opts := f.serverOptions()
	opts.Generate = g.generate
	c := startClient(t, clientOptions{folders: []string{filepath.Dir(f.root)}, settings: f.settings(), server: opts})
	c.initialize()
	c.waitStatus(f.root, 0, "fresh", state(StateFresh))
	uri := pathToURI(f.root)

	// Three requests inside the debounce window: one run, the union of
	// their libraries.
	for _, libs := range [][]string{{"json"}, {"examplepkg"}, {"json"}} {
		if err := c.executeCommand(CommandRegenerate, nil, uri, libs); err != nil {
			t.Fatal(err)
		}
	}
	<-g.started
	if reqs := g.requests(); len(reqs) != 1 || !reflect.DeepEqual(reqs[0].Libraries, []string{"examplepkg", "json"}) {
		t.Fatalf("first run: %+v", reqs)
	}
	if reqs := g.requests(); reqs[0].Python != f.python || reqs[0].Project != f.root || reqs[0].Echo == nil || reqs[0].Progress == nil || reqs[0].Telemetry == nil {
		t.Fatalf("the request lacks the project's settings: %+v", reqs[0])
	}

	// Requests during the run wait for it: still one run at a time.
	for i := 0; i < 5; i++ {
		if err := c.executeCommand(CommandRegenerate, nil, uri); err != nil {
			t.Fatal(err)
		}
	}
	var reports []map[string]any
	if err := c.executeCommand(CommandCheck, &reports, uri); err != nil {
		t.Fatal(err)
	}
	if n := len(g.requests()); n != 1 {
		t.Fatalf("%d runs while the first is in progress", n)
	}
	m := c.mark()
	g.release <- struct{}{}
	<-g.started
	reqs := g.requests()
	if len(reqs) != 2 || reqs[1].Libraries != nil {
		t.Fatalf("the follow-up run should regenerate everything once: %+v", reqs)
	}
	g.release <- struct{}{}
	c.waitStatus(f.root, m, "fresh after the runs", state(StateFresh))
	c.waitFor("two progress ends", func() bool {
		n := 0
		for _, p := range c.progress {
			if p.kind == "end" && p.message == "done" {
				n++
			}
		}
		return n == 2
	})
	g.mu.Lock()
	overlap := g.overlap
	g.mu.Unlock()
	if overlap {
		t.Fatal("two regenerations of one project ran at once")
	}
	if n := len(g.requests()); n != 2 {
		t.Fatalf("%d runs, want 2", n)
	}
	c.shutdown()
}

func TestRegenerateCommandErrors(t *testing.T) {
	f := newFixture(t)
	c := startFixture(t, f, false, false)
	c.waitStatus(f.root, 0, "fresh", state(StateFresh))
	cases := []struct {
		name string
		args []any
	}{
		{"unknown project", []any{pathToURI(t.TempDir())}},
		{"not a URI", []any{42}},
		{"unknown library", []any{pathToURI(f.root), []string{"nope"}}},
		{"bad libraries", []any{pathToURI(f.root), map[string]int{"x": 1}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := c.executeCommand(CommandRegenerate, nil, tc.args...)
			if err == nil {
				t.Fatal("want an error")
			}
		})
	}
	if err := c.executeCommand("snakebridge.nope", nil); err == nil {
		t.Fatal("an unknown command must fail")
	}
	c.shutdown()
}

// TestRegenerateBeforeFirstCheck sends snakebridge.regenerate for an
// unknown library before the project's first check has finished (the
// interpreter takes a second to answer): the name is still refused. Before,
// it was accepted unchecked.
func TestRegenerateBeforeFirstCheck(t *testing.T) {
	f := newFixture(t)
	slow := filepath.Join(t.TempDir(), "slowpython")
	writeFile(t, slow, "#!/bin/sh\nsleep 1\nexec "+f.python+" \"$@\"\n")
	if err := os.Chmod(slow, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := f.serverOptions()
	opts.Facts = pyenv.NewFactsCache("")
	c := startClient(t, clientOptions{folders: []string{filepath.Dir(f.root)}, settings: map[string]any{"pythonPath": slow}, server: opts})
	c.initialize()
	err := c.executeCommand(CommandRegenerate, nil, pathToURI(f.root), []string{"nope"})
	if err == nil || !strings.Contains(err.Error(), `library "nope" is not configured`) {
		t.Fatalf("want the unknown library refused, got %v", err)
	}
	c.shutdown()
}

// TestRepliesDoNotEchoHugeArguments sends megabyte-long values where a
// command, a URI or a library name belongs: the error replies stay short.
func TestRepliesDoNotEchoHugeArguments(t *testing.T) {
	f := newFixture(t)
	c := startFixture(t, f, false, false)
	c.waitStatus(f.root, 0, "fresh", state(StateFresh))
	huge := strings.Repeat("é", 1<<19) // 1 MiB of UTF-8
	cases := []struct {
		name    string
		command string
		args    []any
	}{
		{"command", huge, nil},
		{"URI", CommandRegenerate, []any{"file:///" + huge}},
		{"not a URI", CommandRegenerate, []any{[]string{huge}}},
		{"library", CommandRegenerate, []any{pathToURI(f.root), []string{huge}}},
		{"libraries", CommandRegenerate, []any{pathToURI(f.root), map[string]string{"x": huge}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := c.executeCommand(tc.command, nil, tc.args...)
			if err == nil {
				t.Fatal("want an error")
			}
			if len(err.Error()) > 1000 || !utf8.ValidString(err.Error()) {
				t.Fatalf("the reply is %d bytes (valid UTF-8: %v): %.200s", len(err.Error()), utf8.ValidString(err.Error()), err.Error())
			}
		})
	}
	if err := c.request(huge, map[string]any{}, nil); err == nil || len(err.Error()) > 1000 {
		t.Fatalf("an unknown method's reply: %.200v", err)
	}
	c.shutdown()
}
