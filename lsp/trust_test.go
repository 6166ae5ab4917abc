//go:build unix

package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// evilVenvPython makes the project's .venv/bin/python3 a script that
// leaves a marker each time it runs: the proof that the server ran the
// interpreter the checkout chose.
func evilVenvPython(t *testing.T, root string) (marker string) {
	t.Helper()
	marker = filepath.Join(t.TempDir(), "ran")
	exe := filepath.Join(root, ".venv", "bin", "python3")
	writeFile(t, exe, "#!/bin/sh\necho ran >> '"+marker+"'\n")
	if err := os.Chmod(exe, 0o755); err != nil {
		t.Fatal(err)
	}
	return marker
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func hasCode(codes []string, code string) bool {
	for _, c := range codes {
		if c == code {
			return true
		}
	}
	return false
}

// TestUntrustedWorkspaceRunsNothingTheProjectChose: with
// initializationOptions.trusted false the server checks a project whose
// .venv/bin/python3 is hostile without running it, even with
// autoRegenerate on and a stale save; it refuses regeneration and offers
// no regenerate action, and its status says why. Trust granted later with
// snakebridge/didChangeTrust takes effect at once.
func TestUntrustedWorkspaceRunsNothingTheProjectChose(t *testing.T) {
	f := newFixture(t)
	marker := evilVenvPython(t, f.root)
	c := startClient(t, clientOptions{
		folders:     []string{f.root},
		settings:    map[string]any{"autoRegenerate": AutoOnSave},
		initOptions: map[string]any{"trusted": false},
		server:      f.serverOptions(),
	})
	c.initialize()
	mix := filepath.Join(f.root, "mix.exs")
	st := c.waitStatus(f.root, 0, "the first check", func(st StatusParams) bool { return st.Generation > 0 })
	if st.Trusted || !strings.Contains(st.Message, "not trusted") {
		t.Errorf("status %+v does not say the workspace is not trusted", st)
	}
	if st.Python == nil || st.Python.Source != ".venv" {
		t.Fatalf("status python = %+v, want the project's .venv", st.Python)
	}
	if !hasCode(c.codes(mix), "interpreter_not_run") {
		t.Errorf("diagnostics on mix.exs = %v, want interpreter_not_run", c.codes(mix))
	}

	// A save that leaves the project stale would regenerate (onSave).
	c.open(mix)
	m := c.mark()
	c.change(mix, strings.Replace(fixtureMix, `include: ["dumps"]`, `include: ["dumps", "loads"]`, 1))
	c.save(mix)
	c.waitStatus(f.root, m, "stale after the save", state(StateStale))
	var actions []map[string]any
	if err := c.request("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": pathToURI(mix)},
		"range":        map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 0, "character": 0}},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions); err != nil || len(actions) != 0 {
		t.Errorf("code actions in an untrusted workspace: %v %v", actions, err)
	}
	err := c.executeCommand(CommandRegenerate, nil, pathToURI(f.root))
	if err == nil || !strings.Contains(err.Error(), "not trusted") {
		t.Errorf("regenerate in an untrusted workspace: %v", err)
	}
	m = c.mark()
	var rep any
	if err := c.executeCommand(CommandCheck, &rep, pathToURI(f.root)); err != nil {
		t.Fatal(err)
	}
	c.waitStatus(f.root, m, "a later check", func(StatusParams) bool { return true })
	// The check command ran after the save's check had decided whether to
	// regenerate (one check loop), so a regeneration would be pending,
	// running or done by now.
	var cancelled struct{ Cancelled int }
	if err := c.executeCommand(CommandCancel, &cancelled, pathToURI(f.root)); err != nil {
		t.Fatal(err)
	}
	if cancelled.Cancelled != 0 {
		t.Errorf("%d regenerations were scheduled in an untrusted workspace", cancelled.Cancelled)
	}
	if exists(marker) {
		t.Fatal("the untrusted server ran the project's .venv/bin/python3")
	}

	// The user trusts the workspace: the next check runs the interpreter.
	m = c.mark()
	c.notify(MethodDidChangeTrust, map[string]any{"trusted": true})
	st = c.waitStatus(f.root, m, "trusted", func(st StatusParams) bool { return st.Trusted })
	if strings.Contains(st.Message, "not trusted") {
		t.Errorf("trusted status still says not trusted: %+v", st)
	}
	if !exists(marker) {
		t.Fatal("after trust was granted, the project's interpreter was not run")
	}
	// Facts of the same file are never obtained by running it again.
	m = c.mark()
	c.change(mix, fixtureMix)
	c.waitStatus(f.root, m, "another check", func(StatusParams) bool { return true })
	if data, _ := os.ReadFile(marker); strings.Count(string(data), "\n") != 1 {
		t.Errorf("the interpreter ran %d times for one version of its file", strings.Count(string(data), "\n"))
	}
	c.shutdown()
}

// TestTrustAbsentMeansTrusted: a client that says nothing about trust
// (Neovim) gets the behaviour it always had.
func TestTrustAbsentMeansTrusted(t *testing.T) {
	f := newFixture(t)
	marker := evilVenvPython(t, f.root)
	c := startClient(t, clientOptions{folders: []string{f.root}, settings: map[string]any{}, server: f.serverOptions()})
	c.initialize()
	st := c.waitStatus(f.root, 0, "the first check", func(st StatusParams) bool { return st.Generation > 0 })
	if !st.Trusted || !exists(marker) {
		t.Fatalf("trusted = %v, ran = %v; want a trusted server that runs .venv/bin/python3", st.Trusted, exists(marker))
	}
	c.shutdown()
}

// TestUntrustedWorkspaceSettingInsideTheProjectIsNotRun: pythonPath can
// come from the workspace's own settings file, so untrusted, a relative
// value or one inside the project is the project's choice; an absolute
// path outside it is the user's and runs.
func TestUntrustedWorkspaceSettingInsideTheProjectIsNotRun(t *testing.T) {
	cases := []struct {
		name    string
		setting func(f *fixture) string
		runs    bool
	}{
		{"relative", func(*fixture) string { return "tools/python3" }, false},
		{"absolute inside the project", func(f *fixture) string { return filepath.Join(f.root, "tools", "python3") }, false},
		{"the user's venv outside the project", func(f *fixture) string { return f.python }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			marker := filepath.Join(t.TempDir(), "ran")
			exe := filepath.Join(f.root, "tools", "python3")
			writeFile(t, exe, "#!/bin/sh\necho ran >> '"+marker+"'\n")
			if err := os.Chmod(exe, 0o755); err != nil {
				t.Fatal(err)
			}
			c := startClient(t, clientOptions{
				folders:     []string{f.root},
				settings:    map[string]any{"pythonPath": tc.setting(f)},
				initOptions: map[string]any{"trusted": false},
				server:      f.serverOptions(),
			})
			c.initialize()
			st := c.waitStatus(f.root, 0, "a check with the setting", func(st StatusParams) bool {
				return st.Python != nil && st.Python.Source == pythonPathSource
			})
			if exists(marker) {
				t.Fatalf("the untrusted server ran %s", st.Python.Executable)
			}
			notRun := hasCode(c.codes(filepath.Join(f.root, "mix.exs")), "interpreter_not_run")
			if notRun == tc.runs || (tc.runs && st.Python.Version == "") {
				t.Errorf("interpreter_not_run = %v, version %q; want the setting run = %v", notRun, st.Python.Version, tc.runs)
			}
			c.shutdown()
		})
	}
}
