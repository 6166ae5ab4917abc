package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

const trustMix = `defmodule Trust.MixProject do
  use Mix.Project

  def project do
    [app: :trust, version: "0.1.0", deps: [{:snakebridge, "~> 0.16"}], python_deps: [{:json, :stdlib}]]
  end
end
`

// runWithEnv runs the real binary in dir with env added to a minimal
// environment and a private cache.
func runWithEnv(t *testing.T, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"HOME=" + os.Getenv("HOME"), "MIX_ENV="}, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return out.String(), exitErr.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), 0
}

func writeExec(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
}

func countLines(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(data), "\n")
}

// TestCheckRunsTheProjectsInterpreterOnlyWhenTrusted: a checkout whose
// .venv/bin/python3 is a script leaving a marker is checked without
// running it; --trust and SNAKEBRIDGE_LSP_TRUST=1 run it.
func TestCheckRunsTheProjectsInterpreterOnlyWhenTrusted(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		env   []string
		runs  bool
		extra string // --all: the project is a subdirectory
	}{
		{name: "untrusted", args: []string{"check", "--json"}},
		{name: "untrusted, human output", args: []string{"check"}},
		{name: "untrusted --all", args: []string{"check", "--all", "--json"}, extra: "app"},
		{name: "--trust", args: []string{"check", "--trust", "--json"}, runs: true},
		{name: "SNAKEBRIDGE_LSP_TRUST=1", args: []string{"check", "--json"}, env: []string{"SNAKEBRIDGE_LSP_TRUST=1"}, runs: true},
		{name: "SNAKEBRIDGE_LSP_TRUST=0", args: []string{"check", "--json"}, env: []string{"SNAKEBRIDGE_LSP_TRUST=0"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			top := t.TempDir()
			proj := filepath.Join(top, tc.extra)
			writeExec(t, filepath.Join(proj, "mix.exs"), trustMix)
			marker := filepath.Join(t.TempDir(), "ran")
			writeExec(t, filepath.Join(proj, ".venv", "bin", "python3"), "#!/bin/sh\necho ran >> '"+marker+"'\n")
			env := append([]string{"PATH=/usr/bin:/bin", "XDG_CACHE_HOME=" + t.TempDir()}, tc.env...)
			out, code := runWithEnv(t, top, env, tc.args...)
			if got := countLines(t, marker) > 0; got != tc.runs {
				t.Fatalf("ran the project's .venv/bin/python3 = %v, want %v (exit %d):\n%s", got, tc.runs, code, out)
			}
			if tc.runs {
				return
			}
			if !strings.Contains(strings.Join(tc.args, " "), "--json") {
				for _, want := range []string{"[interpreter_not_run]", "not checked: python_version, python_packages", "not run: the project is not trusted"} {
					if !strings.Contains(out, want) {
						t.Errorf("human output does not say %q:\n%s", want, out)
					}
				}
				return
			}
			var rep struct {
				Python *struct {
					NotRun  bool `json:"not_run"`
					Skipped []string
				}
				Findings []struct{ Code, Severity, Message string }
			}
			if tc.extra != "" {
				var all struct{ Projects []json.RawMessage }
				if err := json.Unmarshal([]byte(out), &all); err != nil || len(all.Projects) != 1 {
					t.Fatalf("%v: %s", err, out)
				}
				out = string(all.Projects[0])
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if rep.Python == nil || !rep.Python.NotRun || len(rep.Python.Skipped) == 0 {
				t.Errorf("python = %+v, want not_run and the skipped facts", rep.Python)
			}
			found := false
			for _, f := range rep.Findings {
				found = found || (f.Code == "interpreter_not_run" && f.Severity == "info" && strings.Contains(f.Message, "--trust"))
			}
			if !found {
				t.Errorf("no info finding interpreter_not_run naming --trust:\n%s", out)
			}
		})
	}
}

// TestCachedCheckThroughAPyenvShimStartsNoProcess puts a pyenv shim first
// on PATH whose pyenv records every start: the second check starts none.
func TestCachedCheckThroughAPyenvShimStartsNoProcess(t *testing.T) {
	py := testenv.SystemPython(t)
	root := filepath.Join(t.TempDir(), "pyenv")
	log := filepath.Join(root, "starts.log")
	writeExec(t, filepath.Join(root, "shims", "python3"), `#!/usr/bin/env bash
set -e
[ -n "$PYENV_DEBUG" ] && set -x

program="${0##*/}"

export PYENV_ROOT="`+root+`"
SHIM_PATH=${0%/*}
if [[ $SHIM_PATH != "`+root+`/shims" ]]; then
  export _PYENV_SHIM_PATH="$SHIM_PATH"
fi
exec "`+root+`/libexec/pyenv" exec "$program" "$@"
`)
	writeExec(t, filepath.Join(root, "libexec", "pyenv"), "#!/bin/sh\necho start >> '"+log+"'\nshift 2\nexec '"+py+"' \"$@\"\n")
	if err := os.WriteFile(filepath.Join(root, "version"), []byte("3.11.7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	proj := t.TempDir()
	writeExec(t, filepath.Join(proj, "mix.exs"), trustMix)
	env := []string{"PATH=" + filepath.Join(root, "shims") + ":/usr/bin:/bin", "XDG_CACHE_HOME=" + t.TempDir()}
	for i := 0; i < 3; i++ {
		out, _ := runWithEnv(t, proj, env, "check", "--json")
		if !strings.Contains(out, `"source": "PATH"`) {
			t.Fatalf("the shim on PATH was not used:\n%s", out)
		}
		if n := countLines(t, log); n != 1 {
			t.Fatalf("check %d: %d starts of the shim, want 1 (a cached check starts no process)", i+1, n)
		}
	}
}
