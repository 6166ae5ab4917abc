// Package neovim holds the Neovim integration test of snakebridge-lsp:
// Neovim runs headless as a real client against the built binary.
package neovim

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

func TestNeovimRegeneratesTheDemo(t *testing.T) {
	nvim := testenv.Tool(t, "nvim")
	python := testenv.SystemPython(t)
	tmp := t.TempDir()
	project := filepath.Join(tmp, "demo")
	testenv.CopyTracked(t, filepath.Join(testenv.RepoRoot(t), "examples", "demo"), project)
	runScript(t, nvim, "regenerate.lua", project, "SNAKEBRIDGE_PYTHON="+python)
}

// TestNeovimUntrustedThenTrusted starts the server as the README's
// init_options = { trusted = false } does on a project whose
// .venv/bin/python3 leaves a marker when run, then grants trust.
func TestNeovimUntrustedThenTrusted(t *testing.T) {
	nvim := testenv.Tool(t, "nvim")
	tmp := t.TempDir()
	project := filepath.Join(tmp, "demo")
	testenv.CopyTracked(t, filepath.Join(testenv.RepoRoot(t), "examples", "demo"), project)
	marker := filepath.Join(tmp, "ran")
	evil := filepath.Join(project, ".venv", "bin", "python3")
	if err := os.MkdirAll(filepath.Dir(evil), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(evil, []byte("#!/bin/sh\ntouch '"+marker+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	runScript(t, nvim, "trust.lua", project, "SNAKEBRIDGE_MARKER="+marker)
}

// runScript builds the server and runs test/<script> in headless Neovim in
// project, with private XDG directories and env added.
func runScript(t *testing.T, nvim, script, project string, env ...string) {
	t.Helper()
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "snakebridge-lsp")
	build := exec.Command("go", "build", "-o", bin, "./cmd/snakebridge-lsp")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the server: %v\n%s", err, out)
	}
	scriptPath, err := filepath.Abs(filepath.Join("test", script))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+scriptPath)
	cmd.Dir = project
	cmdEnv := os.Environ()
	for _, xdg := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"} {
		dir := filepath.Join(tmp, "xdg", xdg)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		cmdEnv = append(cmdEnv, xdg+"="+dir)
	}
	cmd.Env = append(append(cmdEnv, "SNAKEBRIDGE_LSP="+bin, "SNAKEBRIDGE_PROJECT="+project), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	t.Logf("nvim output:\n%s", stdout.String())
	if ctx.Err() != nil {
		t.Fatalf("nvim did not finish in time\nstderr:\n%s", stderr.String())
	}
	if err != nil {
		logs, _ := filepath.Glob(filepath.Join(tmp, "xdg", "*", "nvim", "lsp.log"))
		for _, l := range logs {
			data, _ := os.ReadFile(l)
			t.Logf("%s:\n%s", l, data)
		}
		t.Fatalf("nvim: %v\nstderr:\n%s", err, stderr.String())
	}
	if !bytes.Contains(stdout.Bytes(), []byte("OK")) {
		t.Fatalf("the script did not finish:\n%s\n%s", stdout.String(), stderr.String())
	}
}
