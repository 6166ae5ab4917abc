package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runCached runs the real binary with the given cache directory, so that
// successive runs share their saved scans.
func runCached(t *testing.T, dir, cache string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache, "MIX_ENV=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return stdout.String(), stderr.String(), exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), 0
}

// TestCheckWithSavedScans: `check` run after earlier runs saved their
// scans prints exactly what a run without saved scans prints, after a new
// source calling a missing function, its removal, and with a cache
// directory that is not private (then noted on stderr and not used).
func TestCheckWithSavedScans(t *testing.T) {
	demo := demoCopy(t)
	cache := t.TempDir()
	if _, stderr, code := runCached(t, demo, cache, "generate", "--python", "/usr/bin/python3"); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	same := func(step string, wantCode int) string {
		t.Helper()
		want, _, code := runCached(t, demo, t.TempDir(), "check", "--python", "/usr/bin/python3")
		if code != wantCode {
			t.Fatalf("%s: uncached check exit %d, want %d:\n%s", step, code, wantCode, want)
		}
		for run := range 2 { // the run that saves, then the one that loads
			got, stderr, code := runCached(t, demo, cache, "check", "--python", "/usr/bin/python3")
			if got != want || code != wantCode {
				t.Fatalf("%s (run %d): exit %d, printed\n%s\nwithout saved scans exit %d:\n%s\nstderr: %s", step, run, code, got, wantCode, want, stderr)
			}
		}
		return want
	}
	same("generated", 0)
	extra := filepath.Join(demo, "lib", "extra.ex")
	if err := os.WriteFile(extra, []byte("defmodule Demo.Extra do\n  def h(a, b), do: Math.hypot(a, b)\nend\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := same("a new source calling a function not generated", 1); !strings.Contains(out, "Math.hypot/2") {
		t.Fatalf("the new call is not reported:\n%s", out)
	}
	if err := os.Remove(extra); err != nil {
		t.Fatal(err)
	}
	same("the source removed", 0)
	main := filepath.Join(demo, "lib", "demo.ex")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "\nend", "\n  def extra(x), do: Math.frexp(x)\nend", 1)
	if err := os.WriteFile(main, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := same("an edited source calling a function not generated", 1); !strings.Contains(out, "Math.frexp/1") {
		t.Fatalf("the new call is not reported:\n%s", out)
	}
	if err := os.WriteFile(main, src, 0o644); err != nil {
		t.Fatal(err)
	}
	same("the edit undone", 0)

	scans := filepath.Join(cache, "snakebridge-lsp", "scans")
	if err := os.Chmod(scans, 0o777); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCached(t, demo, cache, "check", "--python", "/usr/bin/python3")
	if code != 0 || !strings.Contains(stderr, "not using the scan cache") || !strings.Contains(stderr, scans) {
		t.Fatalf("a scan cache directory others can write to: exit %d, stderr: %s", code, stderr)
	}
}
