//go:build unix

package lsp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// watchModes runs a scenario with the server's own watcher (Neovim on
// Linux) and with client watchers (VS Code), relative patterns included.
var watchModes = []struct {
	name         string
	dynamicWatch bool
	relative     bool
}{
	{"fsnotify", false, false},
	{"client-absolute-globs", true, false},
	{"client-relative-patterns", true, true},
}

func startFixture(t *testing.T, f *fixture, dynamic, relative bool) *fakeClient {
	t.Helper()
	c := startClient(t, clientOptions{
		folders: []string{filepath.Dir(f.root)}, settings: f.settings(), server: f.serverOptions(),
		dynamicWatch: dynamic, relativePatterns: relative,
	})
	c.initialize()
	return c
}

// waitWatching waits until the server watches the whole project, the
// venv's site-packages included: its client registration, or its fsnotify
// watches.
func waitWatching(t testing.TB, c *fakeClient, f *fixture) {
	t.Helper()
	if c.opts.dynamicWatch {
		c.waitFor("watcher registration", func() bool {
			for _, globs := range c.registrations {
				for _, g := range globs {
					if g.base == f.site || strings.HasPrefix(g.pattern, f.site+"/") {
						return true
					}
				}
			}
			return false
		})
		return
	}
	c.waitFor("fsnotify watches", func() bool {
		c.server.mu.Lock()
		h := c.server.watch
		c.server.mu.Unlock()
		if h == nil {
			return false
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		for p, dirs := range h.projDirs {
			if p.root == f.root && contains(dirs, f.site) {
				return true
			}
		}
		return false
	})
	// The install that watched site-packages goes on to record the new
	// directories' digests, and asks for a check when a file there is
	// racily new (seedDigests): wait for it to end, so that this check is
	// requested before whatever the test does next. The hub's loop runs
	// installs one at a time, and runs this after the one in progress.
	c.server.mu.Lock()
	h := c.server.watch
	c.server.mu.Unlock()
	done := make(chan struct{})
	select {
	case h.runs <- func(context.Context) { close(done) }:
		<-done
	case <-time.After(30 * time.Second):
		t.Fatal("the watcher's loop did not finish installing")
	}
}

func TestFixtureFreshThenBufferAndDiskEdits(t *testing.T) {
	for _, mode := range watchModes {
		t.Run(mode.name, func(t *testing.T) {
			f := newFixture(t)
			c := startFixture(t, f, mode.dynamicWatch, mode.relative)
			mix := filepath.Join(f.root, "mix.exs")
			st := c.waitStatus(f.root, 0, "fresh", state(StateFresh))
			if st.Python == nil || st.Python.Executable != f.python || st.Python.Source != pythonPathSource {
				t.Fatalf("status python = %+v, want %s from the pythonPath setting", st.Python, f.python)
			}
			if got := c.codes(mix); len(got) != 0 {
				t.Fatalf("a fresh project has diagnostics on mix.exs: %v", got)
			}
			waitWatching(t, c, f)

			// An unsaved buffer edit changes an option: stale at once.
			c.open(mix)
			edited := strings.Replace(fixtureMix, `include: ["dumps"]`, `include: ["dumps", "loads"]`, 1)
			m := c.mark()
			c.change(mix, edited)
			c.waitStatus(f.root, m, "stale after a buffer edit", state(StateStale))
			diags := c.diagnosticsOf(mix)
			if len(diags) != 1 || diags[0].Code != "config_hash_mismatch" || diags[0].Source != "snakebridge" {
				t.Fatalf("diagnostics after the buffer edit: %+v", diags)
			}
			d := diags[0]
			if d.Range.Start.Line != 18 || d.Range.Start.Character != 6 {
				t.Errorf("the diagnostic should start at the json tuple (19:7), got %d:%d", d.Range.Start.Line+1, d.Range.Start.Character+1)
			}
			if len(d.RelatedInformation) == 0 || !strings.HasSuffix(d.RelatedInformation[0].Location.URI, "/snakebridge.lock") {
				t.Errorf("the diagnostic should point at the lock: %+v", d.RelatedInformation)
			}
			// The disk still holds the old mix.exs: the lock must not move.
			data, _ := os.ReadFile(mix)
			if string(data) != fixtureMix {
				t.Fatal("the buffer edit reached the disk")
			}

			// Reverting the buffer clears the diagnostic: the newest check wins.
			m = c.mark()
			c.change(mix, fixtureMix)
			c.waitStatus(f.root, m, "fresh after reverting", state(StateFresh))
			if got := c.codes(mix); len(got) != 0 {
				t.Fatalf("diagnostics stayed after the revert: %v", got)
			}
			c.close(mix)

			// A disk edit of the closed file is noticed by the watcher.
			// (A check may read the file while it is being written; the
			// write's event then brings the right diagnostics.)
			m = c.mark()
			c.writeFile(mix, edited)
			c.waitFor("config_hash_mismatch from the disk edit", func() bool {
				r := c.diags[mix]
				return r != nil && r.seq > m && len(r.diags) == 1 && r.diags[0].Code == "config_hash_mismatch"
			})
			c.waitStatus(f.root, m, "stale after a disk edit", state(StateStale))
			m = c.mark()
			c.writeFile(mix, fixtureMix)
			c.waitStatus(f.root, m, "fresh after restoring the disk", state(StateFresh))
			if got := c.codes(mix); len(got) != 0 {
				t.Fatalf("diagnostics stayed: %v", got)
			}
			c.shutdown()
		})
	}
}

func TestVenvPackageAppearsAndDisappears(t *testing.T) {
	for _, mode := range watchModes {
		t.Run(mode.name, func(t *testing.T) {
			f := newFixture(t)
			c := startFixture(t, f, mode.dynamicWatch, mode.relative)
			lock := filepath.Join(f.root, "snakebridge.lock")
			c.waitStatus(f.root, 0, "fresh", state(StateFresh))
			waitWatching(t, c, f)

			// pip installs examplepkg: a new .dist-info directory appears.
			m := c.mark()
			dist := f.installDist(t, "examplepkg", "1.0.0")
			c.fileEvent(dist, fileCreated)
			c.waitStatus(f.root, m, "stale after the install", state(StateStale))
			diags := c.diagnosticsOf(lock)
			if len(diags) != 1 || diags[0].Code != "python_packages_drift" || !strings.Contains(diags[0].Message, "examplepkg an unknown version → 1.0.0") {
				t.Fatalf("diagnostics on the lock: %+v", diags)
			}
			if rel := diags[0].RelatedInformation; len(rel) == 0 || !strings.HasSuffix(rel[0].Location.URI, "/mix.exs") {
				t.Errorf("the drift should point at mix.exs: %+v", rel)
			}

			// pip uninstall: the directory goes away, the drift with it.
			m = c.mark()
			c.removeAll(dist)
			c.waitStatus(f.root, m, "fresh after the uninstall", state(StateFresh))
			if got := c.codes(lock); len(got) != 0 {
				t.Fatalf("diagnostics stayed on the lock: %v", got)
			}
			c.shutdown()
		})
	}
}

func TestNewCallInLibWithGenerateUsed(t *testing.T) {
	for _, mode := range watchModes[:2] {
		t.Run(mode.name, func(t *testing.T) {
			f := newFixture(t)
			c := startFixture(t, f, mode.dynamicWatch, mode.relative)
			mix := filepath.Join(f.root, "mix.exs")
			app := filepath.Join(f.root, "lib", "app.ex")
			c.waitStatus(f.root, 0, "fresh", state(StateFresh))
			waitWatching(t, c, f)

			// Typed in the editor, not saved: the buffer is scanned.
			c.open(app)
			original, err := os.ReadFile(app)
			if err != nil {
				t.Fatal(err)
			}
			src := "defmodule App do\n  def hello, do: Json.dumps(%{a: 1})\nend\n"
			m := c.mark()
			c.change(app, src)
			c.waitStatus(f.root, m, "stale while the new call is unsaved", state(StateStale))
			if got := c.codes(mix); len(got) != 1 || got[0] != "used_symbols_missing" {
				t.Fatalf("diagnostics for the unsaved call: %v", got)
			}
			m = c.mark()
			c.change(app, string(original))
			c.waitStatus(f.root, m, "fresh once the unsaved call is typed away", state(StateFresh))

			// Edited in the editor and saved: the save re-checks.
			m = c.mark()
			c.change(app, src)
			if err := os.WriteFile(app, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			c.save(app)
			c.waitStatus(f.root, m, "stale after the new call", state(StateStale))
			diags := c.diagnosticsOf(mix)
			if len(diags) != 1 || diags[0].Code != "used_symbols_missing" || !strings.Contains(diags[0].Message, "Json.dumps/1") {
				t.Fatalf("diagnostics: %+v", diags)
			}
			found := false
			for _, r := range diags[0].RelatedInformation {
				if strings.HasSuffix(r.Location.URI, "/lib/app.ex") && r.Location.Range.Start.Line == 1 {
					found = true
				}
			}
			if !found {
				t.Errorf("the diagnostic should point at the call in lib/app.ex: %+v", diags[0].RelatedInformation)
			}
			c.close(app)

			// A new file written by another tool, never opened.
			m = c.mark()
			c.writeFile(app, "defmodule App do\n  def hello, do: :world\nend\n")
			c.waitStatus(f.root, m, "fresh after removing the call", state(StateFresh))
			m = c.mark()
			c.writeFile(filepath.Join(f.root, "lib", "deep", "more.ex"), "defmodule More do\n  def x, do: Json.dumps(1)\nend\n")
			c.waitStatus(f.root, m, "stale after a new file in a new directory", state(StateStale))
			if got := c.codes(mix); len(got) != 1 || got[0] != "used_symbols_missing" {
				t.Fatalf("diagnostics: %v", got)
			}
			c.shutdown()
		})
	}
}

// TestOneServerManyProjects serves two workspace folders: each project has
// its own status and diagnostics, and removing a folder drops its project.
func TestOneServerManyProjects(t *testing.T) {
	a, b := newFixture(t), newFixture(t)
	c := startClient(t, clientOptions{
		folders: []string{filepath.Dir(a.root), filepath.Dir(b.root)}, settings: a.settings(), server: a.serverOptions(),
	})
	c.initialize()
	c.waitStatus(a.root, 0, "a fresh", state(StateFresh))
	// b's venv is not the pythonPath: its lock's runtime describes another
	// interpreter path, but the same base Python; it is checked with a's.
	c.waitStatus(b.root, 0, "b checked", func(StatusParams) bool { return true })

	m := c.mark()
	c.writeFile(filepath.Join(a.root, "mix.exs"), strings.Replace(fixtureMix, `"1.0.0"`, `"3.0.0"`, 1))
	c.waitStatus(a.root, m, "a stale", state(StateStale))
	if got := c.codes(filepath.Join(b.root, "mix.exs")); contains(got, "requested_version_mismatch") {
		t.Fatalf("an edit of a changed b: %v", got)
	}

	m = c.mark()
	c.notify("workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{
		"added": []any{}, "removed": []any{map[string]string{"uri": pathToURI(filepath.Dir(a.root)), "name": "a"}},
	}})
	c.waitFor("a's diagnostics cleared", func() bool {
		r := c.diags[filepath.Join(a.root, "mix.exs")]
		return r != nil && r.seq > m && len(r.diags) == 0
	})
	if err := c.executeCommand(CommandRegenerate, nil, pathToURI(a.root)); err == nil {
		t.Fatal("a project of a removed folder is still served")
	}
	var statuses []StatusParams
	if err := c.executeCommand(CommandShowStatus, &statuses); err != nil || len(statuses) != 1 || statuses[0].Project != pathToURI(b.root) {
		t.Fatalf("statuses after removing a: %+v %v", statuses, err)
	}
	c.shutdown()
}

// TestUmbrellaApps finds each app of an umbrella project.
func TestUmbrellaApps(t *testing.T) {
	f := newFixture(t)
	umbrella := filepath.Join(filepath.Dir(f.root), "umbrella")
	writeFile(t, filepath.Join(umbrella, "mix.exs"), "defmodule Umbrella.MixProject do\n  use Mix.Project\n  def project, do: [apps_path: \"apps\"]\nend\n")
	app := filepath.Join(umbrella, "apps", "one")
	testenv.CopyTree(t, f.root, app, nil)
	c := startClient(t, clientOptions{folders: []string{umbrella}, settings: f.settings(), server: f.serverOptions()})
	c.initialize()
	c.waitStatus(app, 0, "the app's status", func(StatusParams) bool { return true })
	for _, p := range c.server.allProjects() {
		if p.root != app {
			t.Errorf("unexpected project %s", p.root)
		}
	}
	c.shutdown()
}

// TestConfigurationIsPulledAgain changes pythonPath in the editor: the
// server pulls the section again and re-checks with it.
func TestConfigurationIsPulledAgain(t *testing.T) {
	f := newFixture(t)
	c := startFixture(t, f, false, false)
	mix := filepath.Join(f.root, "mix.exs")
	c.waitStatus(f.root, 0, "fresh", state(StateFresh))
	m := c.mark()
	c.mu.Lock()
	c.opts.settings = map[string]any{"pythonPath": filepath.Join(f.venv, "bin", "nope"), "telemetry": true}
	c.mu.Unlock()
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	st := c.waitStatus(f.root, m, "stale without an interpreter", state(StateStale))
	if st.Python != nil || !contains(c.codes(mix), "interpreter_not_found") {
		t.Fatalf("status %+v, diagnostics %v", st, c.codes(mix))
	}
	m = c.mark()
	c.mu.Lock()
	c.opts.settings = f.settings()
	c.mu.Unlock()
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	c.waitStatus(f.root, m, "fresh again", state(StateFresh))
	c.shutdown()
}

// TestPushedConfiguration covers clients without workspace/configuration:
// the settings come with the notification.
func TestPushedConfiguration(t *testing.T) {
	f := newFixture(t)
	c := startClient(t, clientOptions{
		folders: []string{filepath.Dir(f.root)}, server: f.serverOptions(), noConfiguration: true,
		initOptions: map[string]any{"snakebridge": f.settings()},
	})
	c.initialize()
	c.waitStatus(f.root, 0, "fresh with initializationOptions", state(StateFresh))
	m := c.mark()
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"snakebridge": map[string]any{"pythonPath": "/nonexistent/python3"}}})
	c.waitStatus(f.root, m, "stale with the pushed setting", state(StateStale))
	c.mu.Lock()
	requests := append([]string(nil), c.requests...)
	c.mu.Unlock()
	if contains(requests, "workspace/configuration") {
		t.Fatalf("the server asked a client without the capability: %v", requests)
	}
	c.shutdown()
}

// TestIdleDropsParseCaches: checks keep the lock and manifest parsed for
// the next check, and the server drops those parses once idle, so that a
// generate: :all manifest does not stay in memory.
func TestIdleDropsParseCaches(t *testing.T) {
	t.Run("kept while busy", func(t *testing.T) {
		f := newFixture(t)
		opts := f.serverOptions()
		opts.Parsed = analysis.NewParseCache()
		opts.IdleRelease = time.Hour
		c := startClient(t, clientOptions{folders: []string{filepath.Dir(f.root)}, settings: f.settings(), server: opts})
		c.initialize()
		c.waitStatus(f.root, 0, "fresh", state(StateFresh))
		// Nothing drops them before the quiet time (a check that follows
		// would fill the cache again at once, so dropping is shown below
		// with a short quiet time rather than by calling idle here).
		if opts.Parsed.Len() == 0 {
			t.Fatal("the check kept no parse")
		}
		c.shutdown()
	})
	t.Run("dropped when idle", func(t *testing.T) {
		f := newFixture(t)
		opts := f.serverOptions()
		opts.Parsed = analysis.NewParseCache()
		opts.IdleRelease = 50 * time.Millisecond
		c := startClient(t, clientOptions{folders: []string{filepath.Dir(f.root)}, settings: f.settings(), server: opts})
		c.initialize()
		c.waitStatus(f.root, 0, "fresh", state(StateFresh))
		deadline := time.Now().Add(10 * time.Second)
		for opts.Parsed.Len() != 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%d parses kept after the server went idle", opts.Parsed.Len())
			}
			time.Sleep(10 * time.Millisecond)
		}
		c.shutdown()
	})
}
