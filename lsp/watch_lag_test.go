//go:build unix

package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/fsnotify/fsnotify"
)

// laggingWatcher is the real fsnotify watcher whose events the test holds
// back and lets through, as a loaded machine delays them: the kernel has
// queued the event, the server's loop has not received it yet.
type laggingWatcher struct {
	Watcher
	events chan fsnotify.Event
	done   chan struct{}
	once   sync.Once

	mu   sync.Mutex
	gate chan struct{} // closed while events pass
}

func newLaggingWatcher() (*laggingWatcher, error) {
	inner, err := newFSWatcher()
	if err != nil {
		return nil, err
	}
	w := &laggingWatcher{Watcher: inner, events: make(chan fsnotify.Event), done: make(chan struct{}), gate: make(chan struct{})}
	close(w.gate)
	go w.forward()
	return w, nil
}

func (w *laggingWatcher) forward() {
	defer close(w.events)
	for ev := range w.Watcher.Events() {
		w.mu.Lock()
		gate := w.gate
		w.mu.Unlock()
		select {
		case <-gate:
		case <-w.done:
			return
		}
		select {
		case w.events <- ev:
		case <-w.done:
			return
		}
	}
}

// hold keeps the events that follow from the server until release.
func (w *laggingWatcher) hold() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.gate = make(chan struct{})
}

func (w *laggingWatcher) release() {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case <-w.gate:
	default:
		close(w.gate)
	}
}

func (w *laggingWatcher) Events() <-chan fsnotify.Event { return w.events }

func (w *laggingWatcher) Close() error {
	w.once.Do(func() { close(w.done) })
	return w.Watcher.Close()
}

// TestSaveCheckedBeforeItsEventArrives saves a new call in lib/ while the
// watcher's event for the write is still on its way (a loaded machine):
// the check the save causes must read the saved file, not the scan the
// watcher vouched for before the write, and the verdict must stay stale
// once the late event arrives. Both an edit of a scanned source and a new
// source (the remembered list of sources) are covered.
func TestSaveCheckedBeforeItsEventArrives(t *testing.T) {
	for _, tc := range []struct{ name, file, module string }{
		{"edited source", "app.ex", "App"},
		{"new source", "fresh.ex", "Fresh"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			lw, err := newLaggingWatcher()
			if err != nil {
				t.Fatal(err)
			}
			opts := f.serverOptions()
			opts.NewWatcher = func() (Watcher, error) { return lw, nil }
			c := startClient(t, clientOptions{folders: []string{filepath.Dir(f.root)}, settings: f.settings(), server: opts})
			c.initialize()
			call := "defmodule " + tc.module + " do\n  def hello, do: Json.dumps(%{a: 1})\nend\n"
			mix := filepath.Join(f.root, "mix.exs")
			path := filepath.Join(f.root, "lib", tc.file)
			c.waitStatus(f.root, 0, "fresh", state(StateFresh))
			waitWatching(t, c, f)
			// Checks with the watches in place: the watcher now vouches
			// for lib/'s sources and for the list of them.
			checkBarrier(t, c, f.root)
			checkBarrier(t, c, f.root)

			// The editor opens the file (a new one is empty) and types
			// the call: the unsaved buffer of an existing source is
			// scanned (a file not yet on disk is not a source yet).
			text, exists := "", false
			if data, err := os.ReadFile(path); err == nil {
				text, exists = string(data), true
			}
			c.mu.Lock()
			c.versions[path] = 1
			c.mu.Unlock()
			c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
				"uri": pathToURI(path), "languageId": "elixir", "version": 1, "text": text,
			}})
			m := c.mark()
			c.change(path, call)
			if exists {
				c.waitStatus(f.root, m, "stale while the call is unsaved", state(StateStale))
			}
			checkBarrier(t, c, f.root)

			// Saved while the write's event lags.
			lw.hold()
			if err := os.WriteFile(path, []byte(call), 0o644); err != nil {
				t.Fatal(err)
			}
			m = c.mark()
			c.save(path)
			var st StatusParams
			c.waitStatus(f.root, m, "the save's check", func(s StatusParams) bool { st = s; return true })
			if st.State != StateStale {
				t.Errorf("the save's check found the project %s: it used the scan from before the write", st.State)
			}

			// The late event changes nothing: the verdict stays stale.
			lw.release()
			checkBarrier(t, c, f.root)
			c.waitStatus(f.root, m, "stale with the event in", state(StateStale))
			c.mu.Lock()
			last := c.statuses[len(c.statuses)-1]
			c.mu.Unlock()
			if last.State != StateStale {
				t.Errorf("after the late event the project is %s", last.State)
			}
			if got := c.codes(mix); len(got) != 1 || got[0] != "used_symbols_missing" || !strings.Contains(c.diagnosticsOf(mix)[0].Message, "Json.dumps/1") {
				t.Errorf("diagnostics on mix.exs: %v", c.diagnosticsOf(mix))
			}
			c.shutdown()
		})
	}
}
