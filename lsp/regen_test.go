//go:build unix

package lsp

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/telemetry"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// demoProject copies examples/demo into a temporary directory.
func demoProject(t *testing.T) string {
	t.Helper()
	return testenv.Demo(t)
}

// countingGenerate wraps the real pipeline and counts its runs.
type countingGenerate struct {
	runs    atomic.Int32
	active  atomic.Int32
	overlap atomic.Bool
	// after, if set, sees each successful result.
	after func(*codegen.Result)
}

func (g *countingGenerate) generate(ctx context.Context, req codegen.Request) (*codegen.Result, error) {
	g.runs.Add(1)
	if g.active.Add(1) > 1 {
		g.overlap.Store(true)
	}
	defer g.active.Add(-1)
	res, err := codegen.Generate(ctx, req)
	if err == nil && g.after != nil {
		g.after(res)
	}
	return res, err
}

func startDemo(t *testing.T, root string, gen *countingGenerate, settings map[string]any, dynamic bool) *fakeClient {
	t.Helper()
	py := testenv.SystemPython(t)
	if settings == nil {
		settings = map[string]any{}
	}
	settings["pythonPath"] = py
	settings["telemetry"] = true
	c := startClient(t, clientOptions{
		folders: []string{root}, settings: settings, dynamicWatch: dynamic, relativePatterns: dynamic,
		server: Options{Getenv: testEnv(), Generate: gen.generate, RegenDebounce: 50e6, WatchBatchDelay: 50e6},
	})
	c.initialize()
	return c
}

// codeActions requests the code actions for the diagnostics of path.
func (c *fakeClient) codeActions(path string, diags []clientDiag, only ...string) []codeActionJSON {
	c.t.Helper()
	ctx := map[string]any{"diagnostics": diags}
	if len(only) > 0 {
		ctx["only"] = only
	}
	var actions []codeActionJSON
	err := c.request("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": pathToURI(path)},
		"range":        map[string]any{"start": map[string]int{"line": 0, "character": 0}, "end": map[string]int{"line": 0, "character": 0}},
		"context":      ctx,
	}, &actions)
	if err != nil {
		c.t.Fatalf("codeAction: %v", err)
	}
	return actions
}

type codeActionJSON struct {
	Title       string       `json:"title"`
	Kind        string       `json:"kind"`
	Diagnostics []clientDiag `json:"diagnostics"`
	Command     *struct {
		Title     string `json:"title"`
		Command   string `json:"command"`
		Arguments []any  `json:"arguments"`
	} `json:"command"`
}

func findAction(actions []codeActionJSON, title, kind string) *codeActionJSON {
	for i := range actions {
		if actions[i].Title == title && actions[i].Kind == kind {
			return &actions[i]
		}
	}
	return nil
}

func TestDemoQuickFixRegenerates(t *testing.T) {
	for _, dynamic := range []bool{false, true} {
		name := map[bool]string{false: "fsnotify", true: "client-watchers"}[dynamic]
		t.Run(name, func(t *testing.T) {
			root := demoProject(t)
			gen := &countingGenerate{}
			c := startDemo(t, root, gen, nil, dynamic)
			mix := filepath.Join(root, "mix.exs")
			c.open(mix)
			c.waitStatus(root, 0, "stale", state(StateStale))
			diags := c.diagnosticsOf(mix)
			if len(diags) == 0 || diags[0].Code != "lock_missing" {
				t.Fatalf("want lock_missing on mix.exs, got %+v", diags)
			}

			actions := c.codeActions(mix, diags)
			fix := findAction(actions, "Regenerate bindings", "quickfix")
			if fix == nil || fix.Command == nil || fix.Command.Command != CommandRegenerate {
				t.Fatalf("no Regenerate bindings quick fix in %+v", actions)
			}
			if len(fix.Diagnostics) != len(diags) {
				t.Errorf("the quick fix should name the diagnostics it fixes")
			}
			// A client lists quick fixes and source actions in one menu.
			titled := map[string]string{}
			for _, a := range actions {
				if k, dup := titled[a.Title]; dup {
					t.Errorf("a %s and a %s action share the title %q", k, a.Kind, a.Title)
				}
				titled[a.Title] = a.Kind
			}
			source := c.codeActions(mix, nil, "source")
			if findAction(source, "SnakeBridge: regenerate the bindings of `json`", codeActionKindRegenerate) == nil {
				t.Errorf("the source actions should offer each library: %+v", source)
			}

			m := c.mark()
			var res RegenerateResult
			if err := c.executeCommand(fix.Command.Command, &res, fix.Command.Arguments...); err != nil {
				t.Fatalf("executing the quick fix: %v", err)
			}
			if !res.Scheduled {
				t.Fatalf("result %+v", res)
			}
			c.waitStatus(root, m, "regenerating", state(StateRegenerating))
			st := c.waitStatus(root, m, "fresh after the regeneration", state(StateFresh))
			if got := c.problems(mix); len(got) != 0 {
				t.Fatalf("problems after the regeneration: %v (status %+v)", got, st)
			}
			for _, rel := range []string{"snakebridge.lock", ".snakebridge/manifest.json", "lib/snakebridge_generated/json/__init__.ex", "lib/snakebridge_generated/math/__init__.ex"} {
				if _, err := os.Stat(filepath.Join(root, rel)); err != nil {
					t.Errorf("the regeneration did not write %s: %v", rel, err)
				}
			}
			c.mu.Lock()
			kinds := map[string]int{}
			pcts := 0
			for _, p := range c.progress {
				if p.seq > m {
					kinds[p.kind]++
					if p.kind == "report" && p.percentage != nil {
						pcts++
					}
				}
			}
			var compile []telemetry.Event
			for _, e := range c.telemetry {
				if strings.HasPrefix(e.Event, "snakebridge.compile.") {
					compile = append(compile, e)
				}
			}
			errMsgs := len(c.messages)
			c.mu.Unlock()
			if kinds["begin"] != 1 || kinds["end"] != 1 || kinds["report"] == 0 || pcts == 0 {
				t.Errorf("progress: %v (%d reports with a percentage)", kinds, pcts)
			}
			if len(compile) == 0 {
				t.Errorf("no compile telemetry from the generator")
			}
			if errMsgs != 0 {
				t.Errorf("a successful regeneration showed messages: %+v", c.messages)
			}
			if gen.runs.Load() != 1 {
				t.Errorf("%d generator runs, want 1", gen.runs.Load())
			}
			c.shutdown()
		})
	}
}

// slowProject is a project whose only library takes a minute to import,
// so that a regeneration is still running when the test acts on it.
func slowProject(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "slow")
	writeFile(t, filepath.Join(root, "mix.exs"), `defmodule Slow.MixProject do
  use Mix.Project

  def project do
    [app: :slow, version: "0.1.0", python_deps: [{:slowmod, :stdlib, module_name: Slowmod, include: ["f"]}]]
  end
end
`)
	writeFile(t, filepath.Join(root, "priv", "python", "slowmod.py"), "import time\ntime.sleep(120)\n\ndef f():\n    return 1\n")
	writeFile(t, filepath.Join(root, "lib", "slow.ex"), "defmodule Slow do\nend\n")
	return root
}

// pythonChildren lists the processes whose parent is this test process
// and whose command line mentions python.
func pythonChildren(t testing.TB) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		testenv.Missing(t, "no /proc: "+err.Error())
	}
	me := os.Getpid()
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid …: comm may hold spaces, so split after ')'.
		s := string(stat)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) < 2 {
			continue
		}
		if ppid, _ := strconv.Atoi(fields[1]); ppid != me {
			continue
		}
		cmd, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if strings.Contains(string(cmd), "python") && !strings.Contains(s, ") Z ") {
			out = append(out, pid)
		}
	}
	return out
}

func (c *fakeClient) startSlowRegeneration(root string) int {
	c.t.Helper()
	c.waitStatus(root, 0, "stale", state(StateStale))
	m := c.mark()
	if err := c.executeCommand(CommandRegenerate, nil, pathToURI(root)); err != nil {
		c.t.Fatalf("regenerate: %v", err)
	}
	c.waitStatus(root, m, "regenerating", state(StateRegenerating))
	c.waitFor("the Python worker", func() bool { return len(pythonChildren(c.t)) > 0 })
	return m
}

func TestCancelRegeneration(t *testing.T) {
	for _, how := range []string{"command", "progress"} {
		t.Run(how, func(t *testing.T) {
			root := slowProject(t)
			gen := &countingGenerate{}
			c := startDemo(t, root, gen, nil, false)
			m := c.startSlowRegeneration(root)
			switch how {
			case "command":
				var res map[string]int
				if err := c.executeCommand(CommandCancel, &res, pathToURI(root)); err != nil || res["cancelled"] != 1 {
					t.Fatalf("cancel: %v %v", res, err)
				}
			case "progress":
				var token string
				c.waitFor("a progress token", func() bool {
					for _, p := range c.progress {
						if p.seq > m && p.kind == "begin" {
							token = p.token
							return true
						}
					}
					return false
				})
				c.notify("window/workDoneProgress/cancel", map[string]any{"token": token})
			}
			st := c.waitStatus(root, m, "stale again", state(StateStale))
			c.waitFor("progress end", func() bool {
				for _, p := range c.progress {
					if p.seq > m && p.kind == "end" && p.message == "cancelled" {
						return true
					}
				}
				return false
			})
			if len(c.messages) != 0 {
				t.Errorf("a cancellation is not a failure worth a message: %+v", c.messages)
			}
			if got := c.codes(filepath.Join(root, "mix.exs")); contains(got, codeRegenerationFailed) {
				t.Errorf("a cancellation left a failure diagnostic: %v (%+v)", got, st)
			}
			c.waitFor("the Python worker to end", func() bool { return len(pythonChildren(t)) == 0 })
			c.shutdown()
		})
	}
}

func TestKillPythonWorkerMidRun(t *testing.T) {
	root := slowProject(t)
	gen := &countingGenerate{}
	c := startDemo(t, root, gen, nil, false)
	m := c.startSlowRegeneration(root)
	for _, pid := range pythonChildren(t) {
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatalf("kill %d: %v", pid, err)
		}
	}
	st := c.waitStatus(root, m, "error after the crash", state(StateError))
	mix := filepath.Join(root, "mix.exs")
	var failure *clientDiag
	for _, d := range c.diagnosticsOf(mix) {
		if d.Code == codeRegenerationFailed {
			failure = &d
		}
	}
	if failure == nil {
		t.Fatalf("no regeneration_failed diagnostic; status %+v, diagnostics %v", st, c.codes(mix))
	}
	if !strings.Contains(failure.Message, "slowmod") || !strings.Contains(strings.ToLower(failure.Message), "kill") {
		t.Errorf("the failure should carry pyhelper's typed error about the killed worker: %q", failure.Message)
	}
	c.mu.Lock()
	msgs := append([]showMessage(nil), c.messages...)
	c.mu.Unlock()
	if len(msgs) != 1 || msgs[0].Type != 1 {
		t.Errorf("want one error message, got %+v", msgs)
	}
	// The server still serves: a check answers.
	var reports []map[string]any
	if err := c.executeCommand(CommandCheck, &reports, pathToURI(root)); err != nil || len(reports) != 1 {
		t.Fatalf("check after the crash: %v %v", reports, err)
	}
	c.shutdown()
	if left := pythonChildren(t); len(left) != 0 {
		t.Errorf("python processes left: %v", left)
	}
}

// waitOwnWritesBatch waits for a watcher batch, after mark, that held our
// own writes, and returns the projects it re-checked.
func (c *fakeClient) waitOwnWritesBatch(since int) []any {
	c.t.Helper()
	var projects []any
	c.waitFor("a watcher batch with the generator's writes", func() bool {
		for i, e := range c.telemetry {
			if c.telemetrySeq[i] <= since || e.Event != "snakebridge.server.watch_batch.stop" {
				continue
			}
			if own, _ := e.Details["own_writes"].(float64); own > 0 {
				projects, _ = e.Details["projects"].([]any)
				return true
			}
		}
		return false
	})
	return projects
}

// waitRegenerationsSettled waits until no project has a regeneration
// pending or running, nor a check running or pending. A run asks for its
// check before it ends and a check queues any regeneration before it
// ends, so reading the queues in the order regenerations, checks,
// regenerations sees a regeneration a check queued.
func (c *fakeClient) waitRegenerationsSettled() {
	c.t.Helper()
	projects := c.server.allProjects() // not under c.mu, which waitFor holds
	idle := func() bool {
		for _, p := range projects {
			if p.queue.busy() || p.checks.Busy() || p.queue.busy() {
				return false
			}
		}
		return true
	}
	c.waitFor("the regenerations and their checks to end", idle)
}

func TestAutoRegenerateOnSaveNeverLoops(t *testing.T) {
	for _, dynamic := range []bool{false, true} {
		name := map[bool]string{false: "fsnotify", true: "client-watchers"}[dynamic]
		t.Run(name, func(t *testing.T) {
			root := demoProject(t)
			gen := &countingGenerate{}
			c := startDemo(t, root, gen, map[string]any{"autoRegenerate": "onSave"}, dynamic)
			if dynamic {
				// An editor's watcher reports the generator's writes too.
				gen.after = func(res *codegen.Result) {
					for _, f := range []string{"snakebridge.lock", ".snakebridge/manifest.json", "priv/snakebridge/registry.json"} {
						c.fileEvent(filepath.Join(root, f), fileChanged)
					}
					for _, lr := range res.Libraries {
						for _, f := range lr.FilesWritten {
							c.fileEvent(filepath.Join(root, f), fileChanged)
						}
					}
				}
			}
			mix := filepath.Join(root, "mix.exs")
			c.waitStatus(root, 0, "stale", state(StateStale))
			if gen.runs.Load() != 0 {
				t.Fatal("opening a stale project must not regenerate: autoRegenerate is onSave")
			}

			// Saving mix.exs while the project is stale regenerates once.
			m := c.mark()
			c.open(mix)
			c.save(mix)
			c.waitStatus(root, m, "regenerating after the save", state(StateRegenerating))
			c.waitStatus(root, m, "fresh", state(StateFresh))
			c.waitOwnWritesBatch(m)
			c.waitRegenerationsSettled()
			if n := gen.runs.Load(); n != 1 {
				t.Fatalf("%d regenerations after one save, want 1", n)
			}

			// A new call in lib/ (generate: :used) is stale on save.
			m = c.mark()
			demo := filepath.Join(root, "lib", "demo.ex")
			src, _ := os.ReadFile(demo)
			next := strings.Replace(string(src), "Math.sqrt(a2 + b2)", "Math.floor(Math.sqrt(a2 + b2))", 1)
			c.open(demo)
			c.change(demo, next)
			c.writeFile(demo, next)
			c.save(demo)
			c.waitStatus(root, m, "regenerating after the new call", state(StateRegenerating))
			c.waitStatus(root, m, "fresh with the new call", state(StateFresh))
			c.waitOwnWritesBatch(m)
			// "fresh" may come from a check the watcher started while the
			// run was still finishing: wait for the run, and the check it
			// asks for at its end, before looking for a queued one.
			c.waitRegenerationsSettled()
			if n := gen.runs.Load(); n != 2 {
				t.Fatalf("%d regenerations after two stale saves, want 2", n)
			}
			for _, p := range c.server.allProjects() {
				if p.queue.busy() {
					t.Fatal("a regeneration is queued after the generator's own writes")
				}
			}
			if gen.overlap.Load() {
				t.Fatal("two regenerations ran at once")
			}
			// Saving a fresh project does nothing.
			c.save(mix)
			var reports []map[string]any
			if err := c.executeCommand(CommandCheck, &reports, pathToURI(root)); err != nil {
				t.Fatal(err)
			}
			c.waitRegenerationsSettled()
			if n := gen.runs.Load(); n != 2 {
				t.Fatalf("saving a fresh project regenerated (%d runs)", n)
			}
			c.shutdown()
		})
	}
}

func TestRestartPythonStopsWorkersAndRestartsTheRun(t *testing.T) {
	root := slowProject(t)
	c := startDemo(t, root, &countingGenerate{}, nil, false)
	c.startSlowRegeneration(root)
	before := pythonChildren(t)
	m := c.mark()
	var res map[string]int
	if err := c.executeCommand(CommandRestartPython, &res, pathToURI(root)); err != nil || res["regenerationsRestarted"] != 1 {
		c.dump()
		t.Fatalf("restartPython: %v %v", res, err)
	}
	c.waitFor("the old workers to stop", func() bool {
		for _, pid := range pythonChildren(t) {
			if contains(intsToStrings(before), strconv.Itoa(pid)) {
				return false
			}
		}
		return true
	})
	// The interrupted regeneration runs again, with a new worker.
	c.waitStatus(root, m, "regenerating again", state(StateRegenerating))
	c.waitFor("a new worker", func() bool { return len(pythonChildren(t)) > 0 })
	if err := c.executeCommand(CommandCancel, nil, pathToURI(root)); err != nil {
		t.Fatal(err)
	}
	c.waitStatus(root, m, "stale after the cancel", state(StateStale))
	c.shutdown()
}

func intsToStrings(xs []int) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strconv.Itoa(x)
	}
	return out
}

// TestMissingPackageFailureIsADiagnostic regenerates a library whose
// package is not installed: the failure is a diagnostic on the library's
// tuple carrying pyhelper's typed error, a single error message, and the
// status says so.
func TestMissingPackageFailureIsADiagnostic(t *testing.T) {
	root := demoProject(t)
	mix := filepath.Join(root, "mix.exs")
	src, _ := os.ReadFile(mix)
	withMissing := strings.Replace(string(src), "{:math, :stdlib},", "{:math, :stdlib},\n      {:nosuchpkg_sbl, \"1.0.0\", include: [\"f\"]},", 1)
	writeFile(t, mix, withMissing)
	c := startDemo(t, root, &countingGenerate{}, nil, false)
	c.waitStatus(root, 0, "stale", state(StateStale))
	m := c.mark()
	if err := c.executeCommand(CommandRegenerate, nil, pathToURI(root)); err != nil {
		t.Fatal(err)
	}
	st := c.waitStatus(root, m, "error after the failure", state(StateError))
	if !strings.Contains(st.Message, "nosuchpkg_sbl") {
		t.Errorf("status message %q", st.Message)
	}
	var failure *clientDiag
	for _, d := range c.diagnosticsOf(mix) {
		if d.Code == codeRegenerationFailed {
			failure = &d
		}
	}
	if failure == nil {
		t.Fatalf("no regeneration_failed diagnostic: %v", c.codes(mix))
	}
	t.Logf("failure diagnostic: %s", failure.Message)
	if !strings.Contains(failure.Message, "not installed") || !strings.Contains(failure.Message, "nosuchpkg_sbl") {
		t.Errorf("the diagnostic should carry the typed error: %q", failure.Message)
	}
	if line := failure.Range.Start.Line; !strings.Contains(strings.Split(withMissing, "\n")[line], "nosuchpkg_sbl") {
		t.Errorf("the diagnostic is on line %d, not on the library's tuple", line+1)
	}
	c.mu.Lock()
	msgs := append([]showMessage(nil), c.messages...)
	c.mu.Unlock()
	if len(msgs) != 1 || msgs[0].Type != 1 {
		t.Errorf("want one error message, got %+v", msgs)
	}
	// The other libraries were generated.
	if _, err := os.Stat(filepath.Join(root, "lib", "snakebridge_generated", "json", "__init__.ex")); err != nil {
		t.Errorf("json was not generated: %v", err)
	}
	c.shutdown()
}

// TestUnsavedEditsNeverReachTheLock regenerates while mix.exs has an
// unsaved edit: the lock follows the disk, the diagnostics follow the
// buffer, and closing the buffer without saving leaves the project fresh.
func TestUnsavedEditsNeverReachTheLock(t *testing.T) {
	root := demoProject(t)
	c := startDemo(t, root, &countingGenerate{}, nil, false)
	mix := filepath.Join(root, "mix.exs")
	c.waitStatus(root, 0, "stale", state(StateStale))
	disk, _ := os.ReadFile(mix)
	c.open(mix)
	m := c.mark()
	c.change(mix, strings.Replace(string(disk), "{:math, :stdlib},", `{:math, :stdlib, include: ["floor"]},`, 1))
	c.waitStatus(root, m, "the buffer's check", func(StatusParams) bool { return true })
	m = c.mark()
	if err := c.executeCommand(CommandRegenerate, nil, pathToURI(root)); err != nil {
		t.Fatal(err)
	}
	run := c.waitStatusRecord(root, m, "regenerating", state(StateRegenerating))
	st := c.waitStatus(root, run.seq, "checked after the run", func(st StatusParams) bool { return st.State != StateRegenerating })
	if st.State != StateStale {
		t.Fatalf("with the unsaved edit the project must stay stale, got %+v", st)
	}
	if got := c.problems(mix); len(got) != 1 || got[0] != "config_hash_mismatch" {
		t.Fatalf("the buffer's diagnostics: %v", got)
	}
	rep := analysis.Check(context.Background(), root, analysis.Options{Python: testenv.SystemPython(t), Facts: sharedFacts, Getenv: testEnv(), Generators: c.server.opts.Generators})
	if rep.ExitCode() != analysis.ExitFresh {
		t.Fatalf("the lock does not follow the disk: %+v", rep.Findings)
	}
	m = c.mark()
	c.close(mix)
	c.waitStatus(root, m, "fresh once the edit is dropped", state(StateFresh))
	c.shutdown()
}

// TestIntrospectionTimeoutSetting bounds the slow import with the
// introspectionTimeout setting: the run fails with pyhelper's timeout.
func TestIntrospectionTimeoutSetting(t *testing.T) {
	root := slowProject(t)
	c := startDemo(t, root, &countingGenerate{}, map[string]any{"introspectionTimeout": 0.5}, false)
	c.waitStatus(root, 0, "stale", state(StateStale))
	m := c.mark()
	if err := c.executeCommand(CommandRegenerate, nil, pathToURI(root)); err != nil {
		t.Fatal(err)
	}
	st := c.waitStatus(root, m, "error after the timeout", state(StateError))
	var msg string
	for _, d := range c.diagnosticsOf(filepath.Join(root, "mix.exs")) {
		if d.Code == codeRegenerationFailed {
			msg = d.Message
		}
	}
	t.Logf("failure: %s", msg)
	if !strings.Contains(strings.ToLower(msg), "time") || !strings.Contains(msg, "slowmod") {
		t.Fatalf("want a timeout failure for slowmod, got %q (status %+v)", msg, st)
	}
	c.shutdown()
}

// TestRegenerationWhereNothingChanged: the server's regeneration of a
// project that nothing changed since its last one stops before
// introspection, writes nothing, and says so when its progress ends.
func TestRegenerationWhereNothingChanged(t *testing.T) {
	root := demoProject(t)
	c := startDemo(t, root, &countingGenerate{}, nil, false)
	c.waitStatus(root, 0, "stale", state(StateStale))
	regenerate := func(desc string) int {
		m := c.mark()
		if err := c.executeCommand(CommandRegenerate, nil, pathToURI(root)); err != nil {
			t.Fatalf("regenerate: %v", err)
		}
		c.waitStatus(root, m, "regenerating", state(StateRegenerating))
		c.waitStatus(root, m, desc, state(StateFresh))
		return m
	}
	regenerate("fresh after the first regeneration")
	lock := filepath.Join(root, "snakebridge.lock")
	before, err := os.Stat(lock)
	if err != nil {
		t.Fatal(err)
	}
	m := regenerate("fresh after the second regeneration")
	c.waitFor("the second run's progress end", func() bool { // waitFor holds c.mu
		for _, p := range c.progress {
			if p.seq > m && p.kind == "end" {
				return true
			}
		}
		return false
	})
	c.mu.Lock()
	var ends []string
	for _, p := range c.progress {
		if p.seq > m && p.kind == "end" {
			ends = append(ends, p.message)
		}
	}
	c.mu.Unlock()
	if len(ends) != 1 || ends[0] != codegen.UpToDateMessage {
		t.Fatalf("the second run's progress ended with %q, want %q", ends, codegen.UpToDateMessage)
	}
	if after, err := os.Stat(lock); err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Fatalf("the lock was rewritten by a run where nothing changed")
	}
	c.shutdown()
}
