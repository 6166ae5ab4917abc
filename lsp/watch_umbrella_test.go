//go:build unix

package lsp

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// umbrellaMix is the root mix.exs of an umbrella project.
const umbrellaMix = "defmodule Umbrella.MixProject do\n  use Mix.Project\n  def project, do: [apps_path: \"apps\"]\nend\n"

// writeUmbrella writes an umbrella beside the fixture: apps/app<i> for i
// below n, each a copy of the fixture. The first shared apps use what the
// umbrella holds once for all of them, as an umbrella's apps do: SnakeBridge
// at deps/snakebridge (deps_path: "../../deps") and the configuration
// (config_path: "../../config/config.exs"); the others keep their own.
func writeUmbrella(t testing.TB, f *fixture, n, shared int) (umbrella string, apps []string) {
	t.Helper()
	umbrella = filepath.Join(filepath.Dir(f.root), "umbrella")
	writeFile(t, filepath.Join(umbrella, "mix.exs"), umbrellaMix)
	writeFile(t, filepath.Join(umbrella, "config", "config.exs"), "import Config\n\nconfig :snakebridge, scan_paths: [\"lib\"]\n")
	testenv.CopyTree(t, filepath.Join(f.root, "deps"), filepath.Join(umbrella, "deps"), nil)
	sharedMix := strings.Replace(fixtureMix, "deps: deps(),", `deps: deps(), deps_path: "../../deps", config_path: "../../config/config.exs",`, 1)
	for i := range n {
		app := filepath.Join(umbrella, "apps", "app"+strconv.Itoa(i))
		testenv.CopyTree(t, f.root, app, nil)
		apps = append(apps, app)
		if i >= shared {
			continue
		}
		for _, own := range []string{"deps", "config"} {
			if err := os.RemoveAll(filepath.Join(app, own)); err != nil {
				t.Fatal(err)
			}
		}
		writeFile(t, filepath.Join(app, "mix.exs"), sharedMix)
		af := *f
		af.root = app
		af.relock(t)
	}
	return umbrella, apps
}

// batchProjects waits for a watcher batch after since that re-checked
// something and returns every project re-checked by the batches since.
func (c *fakeClient) batchProjects(since int) []string {
	c.t.Helper()
	var out []string
	c.waitFor("a watcher batch that re-checks projects", func() bool {
		out = nil
		for i, e := range c.telemetry {
			if c.telemetrySeq[i] <= since || e.Event != "snakebridge.server.watch_batch.stop" {
				continue
			}
			ps, _ := e.Details["projects"].([]any)
			for _, p := range ps {
				if s, _ := p.(string); !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
		}
		return len(out) > 0
	})
	sort.Strings(out)
	return out
}

// TestUmbrellaSharedInputsRecheckTheirApps edits what the apps of an
// umbrella share (the umbrella's config, SnakeBridge's mix.exs) and
// what one app owns (its mix.exs): each edit re-checks exactly the apps
// that read the file, though the shared directories are watched once.
func TestUmbrellaSharedInputsRecheckTheirApps(t *testing.T) {
	f := newFixture(t)
	umbrella, apps := writeUmbrella(t, f, 3, 2)
	c := startClient(t, clientOptions{folders: []string{umbrella}, settings: f.settings(), server: f.serverOptions()})
	c.initialize()
	for _, app := range apps {
		c.waitStatus(app, 0, "the app's first status", state(StateFresh))
	}
	waitWatched(c, apps)
	edits := []struct {
		name string
		path string
		want []string
	}{
		{"shared config", filepath.Join(umbrella, "config", "config.exs"), apps[:2]},
		{"shared SnakeBridge's mix.exs", filepath.Join(umbrella, "deps", "snakebridge", "mix.exs"), apps[:2]},
		{"one app's mix.exs", filepath.Join(apps[0], "mix.exs"), apps[:1]},
		{"the unshared app's mix.exs", filepath.Join(apps[2], "mix.exs"), apps[2:]},
	}
	for _, e := range edits {
		old, err := os.ReadFile(e.path)
		if err != nil {
			t.Fatal(err)
		}
		m := c.mark()
		writeFile(t, e.path, string(old)+"# edited\n")
		if got := c.batchProjects(m); !slices.Equal(got, e.want) {
			t.Errorf("editing the %s re-checked %v, want %v", e.name, got, e.want)
		}
		for _, app := range e.want {
			c.waitStatus(app, m, "the re-check", func(StatusParams) bool { return true })
		}
	}
	// An error in the shared config is each sharing app's, published on
	// the umbrella's file, and cleared with it.
	config := filepath.Join(umbrella, "config", "config.exs")
	good, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	m := c.mark()
	writeFile(t, config, "import Config\nconfig :snakebridge, scan_paths:\n")
	for _, app := range apps[:2] {
		c.waitStatus(app, m, "the shared config's error", state(StateError))
	}
	if got := c.problems(config); len(got) == 0 {
		t.Errorf("no diagnostics on the umbrella's config")
	}
	m = c.mark()
	writeFile(t, config, string(good))
	for _, app := range apps[:2] {
		c.waitStatus(app, m, "fresh again", state(StateFresh))
	}
	c.waitFor("the shared config's diagnostics cleared", func() bool {
		r := c.diags[config]
		return r != nil && r.seq > m && len(r.diags) == 0
	})
	c.server.watch.mu.Lock()
	for _, dir := range []string{filepath.Join(umbrella, "config"), filepath.Join(umbrella, "deps", "snakebridge")} {
		if n := c.server.watch.refs[dir]; n != 2 {
			t.Errorf("%s: %d apps hold its watch, want 2", dir, n)
		}
	}
	c.server.watch.mu.Unlock()
	c.shutdown()
}

// waitWatched waits until every app's watch set is the one its last
// check asks for (not the base set installed before the first check), and
// the hub is at rest. install records the spec before it watches the new
// directories and seeds their digests, and seeding re-checks an app whose
// file changed since its check: an edit made in that window is noticed by
// the seeding, not by a batch, which is what callers of batchProjects
// count on. So waitWatched also passes a turn of the hub's loop (installs
// run on it) and asks there that no install, batch or check is pending.
func waitWatched(c *fakeClient, apps []string) {
	c.t.Helper()
	for {
		var h *watchHub
		c.waitFor("every app's watch set", func() bool {
			c.server.mu.Lock()
			h = c.server.watch
			c.server.mu.Unlock()
			return h != nil && watchedAsChecked(h, len(apps))
		})
		rest := make(chan bool, 1)
		if !h.onLoop(func(context.Context) { rest <- hubAtRest(h) && watchedAsChecked(h, len(apps)) }) {
			c.t.Fatal("the watcher stopped before the apps' watch sets were installed")
		}
		if <-rest {
			return
		}
	}
}

// watchedAsChecked reports whether n projects have their watches installed
// and each one's spec is the one its last check asks for.
func watchedAsChecked(h *watchHub, n int) bool {
	h.mu.Lock()
	specs := make(map[*project]watchSpec, len(h.specs))
	for p, sp := range h.specs {
		specs[p] = sp
	}
	installed := len(h.projDirs)
	h.mu.Unlock()
	if installed != n || len(specs) != n {
		return false
	}
	for p, sp := range specs {
		p.mu.Lock()
		loaded := p.loaded != nil
		p.mu.Unlock()
		if !loaded || !reflect.DeepEqual(sp, p.computeSpec(context.Background())) {
			return false
		}
	}
	return true
}

// hubAtRest reports, on the hub's loop (so no install is running), that
// no project's check is pending or running, then that no install is
// requested and no batch pending: in that order, since a check requests
// an install before it ends, and file events reach the batch through the
// loop.
func hubAtRest(h *watchHub) bool {
	h.mu.Lock()
	var projects []*project
	for p := range h.specs {
		projects = append(projects, p)
	}
	h.mu.Unlock()
	for _, p := range projects {
		if p.checks.Busy() {
			return false
		}
	}
	h.mu.Lock()
	installs := len(h.installs)
	h.mu.Unlock()
	return installs == 0 && !h.batch.Busy()
}

// TestUmbrellaSharedConfigDiagnosticsMerge gives the apps sharing an
// umbrella's config different problems on it: app0 misses the wheel file
// the config names, app1's generated_dir leads outside it through a
// symlink. The config shows both, each naming its app, and fixing app0's
// leaves app1's: one app's publication neither hides nor clears the other's.
func TestUmbrellaSharedConfigDiagnosticsMerge(t *testing.T) {
	f := newFixture(t)
	umbrella, apps := writeUmbrella(t, f, 2, 2)
	config := filepath.Join(umbrella, "config", "config.exs")
	writeFile(t, config, "import Config\n\nconfig :snakebridge,\n  scan_paths: [\"lib\"],\n  generated_dir: \"lib/snakebridge_generated\",\n  wheel_config_path: \"wheels.json\"\n")
	writeFile(t, filepath.Join(apps[1], "wheels.json"), "{}\n")
	gen := filepath.Join(apps[1], "lib", "snakebridge_generated")
	outside := filepath.Join(umbrella, "outside_generated")
	if err := os.MkdirAll(gen, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(gen, outside); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, gen); err != nil {
		t.Fatal(err)
	}
	c := startClient(t, clientOptions{folders: []string{umbrella}, settings: f.settings(), server: f.serverOptions()})
	c.initialize()
	// codes and seq read the config's last publication with c.mu held (in
	// waitFor's conditions).
	codes := func() (seq int, out []string) {
		if r := c.diags[config]; r != nil {
			seq = r.seq
			for _, d := range r.diags {
				out = append(out, d.Code)
			}
		}
		return seq, out
	}
	c.waitStatus(apps[1], 0, "app1's unsafe generated_dir", state(StateError))
	c.waitFor("both apps' problems on the shared config", func() bool {
		_, got := codes()
		return slices.Contains(got, "wheel_config_invalid") && slices.Contains(got, "unsafe_path")
	})
	for _, d := range c.diagnosticsOf(config) {
		want := map[string]string{"wheel_config_invalid": "app0", "unsafe_path": "app1"}[d.Code]
		if want == "" {
			continue
		}
		var named []string
		for _, r := range d.RelatedInformation {
			named = append(named, r.Message)
		}
		if !slices.Contains(named, "reported by app "+want) {
			t.Errorf("%s on the shared config: related %q, want it to name %s", d.Code, named, want)
		}
	}
	waitWatched(c, apps)
	m := c.mark()
	writeFile(t, filepath.Join(apps[0], "wheels.json"), "{}\n")
	c.waitFor("app0's problem fixed, app1's kept", func() bool {
		seq, got := codes()
		return seq > m && !slices.Contains(got, "wheel_config_invalid") && slices.Contains(got, "unsafe_path")
	})
	c.shutdown()
}
