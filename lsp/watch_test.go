//go:build unix

package lsp

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// brokenWatcher is a Watcher whose Add fails with addErr and which never
// reports events; the test pushes errors through errs.
type brokenWatcher struct {
	addErr error
	events chan fsnotify.Event
	errs   chan error
}

func newBrokenWatcher(addErr error) *brokenWatcher {
	return &brokenWatcher{addErr: addErr, events: make(chan fsnotify.Event), errs: make(chan error, 1)}
}

func (w *brokenWatcher) Add(string) error              { return w.addErr }
func (w *brokenWatcher) Remove(string) error           { return nil }
func (w *brokenWatcher) Events() <-chan fsnotify.Event { return w.events }
func (w *brokenWatcher) Errors() <-chan error          { return w.errs }
func (w *brokenWatcher) Close() error                  { return nil }

func TestWatchLimitsDegradeToRescans(t *testing.T) {
	cases := []struct {
		name       string
		newWatcher func() (Watcher, error)
		warning    string
		overflow   chan error
	}{
		{"ENOSPC on add", func() (Watcher, error) { return newBrokenWatcher(syscall.ENOSPC), nil }, "max_user_watches", nil},
		{"EMFILE on create", func() (Watcher, error) { return nil, syscall.EMFILE }, "max_user_instances", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			opts := f.serverOptions()
			opts.NewWatcher = tc.newWatcher
			opts.PollInterval = 100e6
			c := startClient(t, clientOptions{folders: []string{filepath.Dir(f.root)}, settings: f.settings(), server: opts})
			c.initialize()
			st := c.waitStatus(f.root, 0, "a watching warning", func(st StatusParams) bool {
				return len(st.Warnings) > 0
			})
			if !strings.Contains(st.Warnings[0], tc.warning) || !strings.Contains(st.Warnings[0], "rescan") {
				t.Errorf("warning %q should name the limit and the fallback", st.Warnings[0])
			}
			m := c.mark()
			f.installDist(t, "examplepkg", "1.0.0")
			c.waitStatus(f.root, m, "stale, found by a rescan", state(StateStale))
			c.shutdown()
		})
	}
}

func TestEventOverflowRescans(t *testing.T) {
	f := newFixture(t)
	w := newBrokenWatcher(nil)
	opts := f.serverOptions()
	opts.NewWatcher = func() (Watcher, error) { return w, nil }
	c := startClient(t, clientOptions{folders: []string{filepath.Dir(f.root)}, settings: f.settings(), server: opts})
	c.initialize()
	c.waitStatus(f.root, 0, "fresh", state(StateFresh))
	c.waitFor("the watch set", func() bool {
		c.server.mu.Lock()
		h := c.server.watch
		c.server.mu.Unlock()
		if h == nil {
			return false
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		return contains(h.projDirs[c.server.allProjects()[0]], f.site)
	})
	// A change whose events were lost: only the overflow says so.
	m := c.mark()
	writeFile(t, filepath.Join(f.root, "mix.exs"), strings.Replace(fixtureMix, `"1.0.0"`, `"1.1.0"`, 1))
	w.errs <- fsnotify.ErrEventOverflow
	st := c.waitStatus(f.root, m, "stale after the rescan", state(StateStale))
	c.waitStatus(f.root, m, "the overflow warning", func(st StatusParams) bool { return len(st.Warnings) > 0 })
	_ = st
	c.shutdown()
}

func TestLimitErrorNamesTheLimit(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{syscall.ENOSPC, "max_user_watches"},
		{&os.PathError{Op: "add", Path: "/x", Err: syscall.EMFILE}, "max_user_instances"},
		{errors.New("other"), ""},
	} {
		got := limitError(tc.err)
		if (tc.want == "" && got != "") || !strings.Contains(got, tc.want) {
			t.Errorf("limitError(%v) = %q, want it to mention %q", tc.err, got, tc.want)
		}
	}
}

// startBurstClient serves a watched fixture whose server batches watcher
// events for 200 ms and would regenerate on save (autoRegenerate: onSave)
// through g, which never blocks.
func startBurstClient(tb testing.TB) (*fixture, *fakeClient, *gatedGenerate) {
	f := newFixture(tb)
	g := newGatedGenerate()
	close(g.release)
	opts := f.serverOptions()
	opts.WatchBatchDelay = 200 * time.Millisecond
	opts.Generate = g.generate
	settings := f.settings()
	settings["autoRegenerate"] = "onSave"
	c := startClient(tb, clientOptions{folders: []string{filepath.Dir(f.root)}, settings: settings, server: opts})
	c.initialize()
	c.waitStatus(f.root, 0, "fresh", state(StateFresh))
	waitWatching(tb, c, f)
	return f, c, g
}

// checkBarrier runs the check command and returns the generation of the
// latest status: checks are serial, so the command's check comes last.
func checkBarrier(tb testing.TB, c *fakeClient, root string) uint64 {
	tb.Helper()
	var reports []map[string]any
	if err := c.executeCommand(CommandCheck, &reports, pathToURI(root)); err != nil {
		tb.Fatal(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.statuses[len(c.statuses)-1].Generation
}

// TestBurstOfEventsIsOneCheck writes a source file 100 times in a burst:
// one batch, one check, and no regeneration (watcher events never
// regenerate, even with autoRegenerate: onSave).
func TestBurstOfEventsIsOneCheck(t *testing.T) {
	f, c, g := startBurstClient(t)
	barrier := func() uint64 { return checkBarrier(t, c, f.root) }
	before := barrier()
	m := c.mark()
	app := filepath.Join(f.root, "lib", "app.ex")
	for i := 0; i < 100; i++ {
		writeFile(t, app, fmt.Sprintf("defmodule App do\n  def hello, do: Json.dumps(%d)\nend\n", i))
	}
	c.waitStatus(f.root, m, "stale after the burst", state(StateStale))
	last := barrier()
	c.mu.Lock()
	batches := 0
	for i, e := range c.telemetry {
		if c.telemetrySeq[i] > m && e.Event == "snakebridge.server.watch_batch.stop" {
			batches++
		}
	}
	c.mu.Unlock()
	if watcherChecks := last - before - 1; watcherChecks != 1 {
		t.Errorf("%d checks after 100 events, want 1", watcherChecks)
	}
	if batches != 1 {
		t.Errorf("%d batches for one burst, want 1", batches)
	}
	if n := len(g.requests()); n != 0 {
		t.Errorf("%d regenerations from watcher events", n)
	}
	c.shutdown()
}

// TestDeepEditNoticed edits a source in the 2,500th directory of lib/:
// with the default budget the directory is watched; with a budget too
// small for the tree, the status warns and a rescan notices the edit.
// Before, each recursive root stopped at 2,000 directories in silence.
func TestDeepEditNoticed(t *testing.T) {
	cases := []struct {
		name        string
		budget      int
		wantWarning bool
	}{
		{"watched", 0, false},
		{"past the budget", 100, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			const n = 2500
			var last string
			for i := 0; i < n; i++ {
				last = filepath.Join(f.root, "lib", fmt.Sprintf("d%04d", i))
				if err := os.Mkdir(last, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			opts := f.serverOptions()
			opts.MaxWatchedDirs = tc.budget
			opts.PollInterval = 100e6
			c := startClient(t, clientOptions{folders: []string{filepath.Dir(f.root)}, settings: f.settings(), server: opts})
			c.initialize()
			st := c.waitStatus(f.root, 0, "fresh", state(StateFresh))
			if tc.wantWarning {
				st = c.waitStatus(f.root, 0, "a watching warning", func(st StatusParams) bool { return len(st.Warnings) > 0 })
				if w := st.Warnings[0]; !strings.Contains(w, "directories under "+filepath.Join(f.root, "lib")) || !strings.Contains(w, "rescan") {
					t.Errorf("warning %q should name the directory and the rescan", w)
				}
			} else {
				waitWatching(t, c, f)
				c.waitFor("the 2,500th directory watched", func() bool {
					c.server.mu.Lock()
					h := c.server.watch
					c.server.mu.Unlock()
					h.mu.Lock()
					defer h.mu.Unlock()
					return h.refs[last] > 0
				})
			}
			m := c.mark()
			writeFile(t, filepath.Join(last, "deep.ex"), "defmodule Deep do\n  def x, do: Json.dumps(1)\nend\n")
			c.waitStatus(f.root, m, "stale after an edit in the 2,500th directory", state(StateStale))
			if got := c.codes(filepath.Join(f.root, "mix.exs")); !contains(got, "used_symbols_missing") {
				t.Fatalf("diagnostics: %v", got)
			}
			if !tc.wantWarning {
				if ws := c.server.watchWarnings(); len(ws) != 0 {
					t.Errorf("no degradation expected, got %v", ws)
				}
			}
			c.shutdown()
		})
	}
}
