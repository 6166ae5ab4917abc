//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/fsx"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// runBounded is runBinary with a deadline, so that a command that blocks
// fails the test instead of hanging the suite.
func runBounded(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+t.TempDir(), "MIX_ENV=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%v blocked for 60 s", args)
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()
}

// TestHostileLockThroughTheBinary: a FIFO or a symlink to /dev/zero as
// snakebridge.lock makes check and generate refuse the project at once
// (exit 2, naming the file) instead of hanging or reading forever.
func TestHostileLockThroughTheBinary(t *testing.T) {
	py := testenv.SystemPython(t)
	for _, kind := range []string{"fifo", "devzero"} {
		t.Run(kind, func(t *testing.T) {
			dir := demoCopy(t)
			lock := filepath.Join(dir, "snakebridge.lock")
			_ = os.Remove(lock)
			var err error
			if kind == "fifo" {
				err = syscall.Mkfifo(lock, 0o644)
			} else {
				err = os.Symlink("/dev/zero", lock)
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, cmd := range []string{"check", "generate"} {
				stdout, stderr, code := runBounded(t, dir, cmd, "--python", py, ".")
				out := stdout + stderr
				if code != 2 || !strings.Contains(out, "snakebridge.lock") || !strings.Contains(out, "not a regular file") {
					t.Errorf("%s: exit %d, output:\n%s", cmd, code, out)
				}
			}
			if st, err := os.Lstat(lock); err != nil || st.Mode().IsRegular() {
				t.Errorf("the lock was replaced: %v %v", st, err)
			}
		})
	}
}

// sleepyModule is the demo's priv/python module made to record the pid of
// the Python worker importing it and then hang, so that the signal lands
// while generate runs.
const sleepyModule = "import os, time\nopen(os.environ[\"SLEEPY_PIDFILE\"], \"w\").write(str(os.getpid()))\ntime.sleep(120)\n"

// TestSignalsStopGenerateCleanly: SIGTERM stops generate as SIGINT does
// (before, SIGTERM killed it outright, leaving its Python worker running):
// an ordinary exit status, the worker gone, no temp file, and the project
// lock released for the next run.
func TestSignalsStopGenerateCleanly(t *testing.T) {
	py := testenv.SystemPython(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := demoCopy(t)
			module := filepath.Join(dir, "priv", "python", "demo_stats.py")
			original, err := os.ReadFile(module)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(module, []byte(sleepyModule), 0o644); err != nil {
				t.Fatal(err)
			}
			pidfile := filepath.Join(t.TempDir(), "pid")
			cache := t.TempDir()
			cmd := exec.Command(binary, "generate", "--python", py, ".")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache, "MIX_ENV=", "SLEEPY_PIDFILE="+pidfile)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { _ = cmd.Process.Kill() }()
			worker := waitForPid(t, pidfile)
			defer func() { _ = syscall.Kill(worker, syscall.SIGKILL) }()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Fatalf("generate still runs 30 s after %v:\n%s", sig, out.String())
			}
			ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if ws.Signaled() || ws.ExitStatus() != 1 {
				t.Fatalf("after %v: %v, want exit status 1 from a handled signal:\n%s", sig, cmd.ProcessState, out.String())
			}
			if !gone(worker, 10*time.Second) {
				t.Errorf("the Python worker %d outlived generate", worker)
			}
			_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
				if err == nil && fsx.IsTempFile(d.Name()) {
					t.Errorf("temp file left: %s", path)
				}
				return nil
			})
			if err := os.WriteFile(module, original, 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			next := exec.CommandContext(ctx, binary, "generate", "--python", py, ".")
			next.Dir = dir
			next.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache, "MIX_ENV=")
			if b, err := next.CombinedOutput(); err != nil {
				t.Fatalf("the next generate (is the lock released?): %v\n%s", err, b)
			}
		})
	}
}

// waitForPid waits for path to hold a process id.
func waitForPid(t *testing.T, path string) int {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 {
				return pid
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the module under introspection never ran")
	return 0
}

// gone reports whether process pid ends within d.
func gone(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if syscall.Kill(pid, 0) != nil {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}
