// Package neovim holds the Neovim integration test of snakebridge-lsp:
// Neovim runs headless as a real client against the built binary.
package neovim

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// TestNeovimCallsInTheEditor: hover on a call, completion after `Math.`
// and a call diagnostic on an unsaved Elixir buffer, in a real client.
func TestNeovimCallsInTheEditor(t *testing.T) {
	nvim := testenv.Tool(t, "nvim")
	python := testenv.SystemPython(t)
	project := filepath.Join(t.TempDir(), "demo")
	testenv.CopyTracked(t, filepath.Join(testenv.RepoRoot(t), "examples", "demo"), project)
	runScript(t, nvim, "calls.lua", project, "SNAKEBRIDGE_PYTHON="+python)
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

// TestNeovimReadmeSnippet runs the README's blocks marked neovim-test (the
// 0.7–0.10 set-up, :SnakeBridge and the statusline) as they are written,
// with the built server as snakebridge-lsp and Debian's python3 first on
// PATH, as a user who followed the README would have them.
func TestNeovimReadmeSnippet(t *testing.T) {
	nvim := testenv.Tool(t, "nvim")
	python := testenv.SystemPython(t)
	tmp := t.TempDir()
	project := filepath.Join(tmp, "demo")
	testenv.CopyTracked(t, filepath.Join(testenv.RepoRoot(t), "examples", "demo"), project)
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := markedBlocks(string(readme))
	if err != nil {
		t.Fatalf("README.md: %v", err)
	}
	snippet := filepath.Join(tmp, "snippet.lua")
	if err := os.WriteFile(snippet, []byte(strings.Join(blocks, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	binDir := filepath.Join(tmp, "bin")
	buildServer(t, filepath.Join(binDir, "snakebridge-lsp"))
	path := binDir + string(os.PathListSeparator) + filepath.Dir(python) + string(os.PathListSeparator) + os.Getenv("PATH")
	runScript(t, nvim, "readme.lua", project, "PATH="+path, "SNAKEBRIDGE_SNIPPET="+snippet)
}

// markedBlocks returns the Lua code blocks that follow a line starting with
// "<!-- neovim-test", in order.
func markedBlocks(md string) ([]string, error) {
	var blocks []string
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "<!-- neovim-test") {
			continue
		}
		if i+1 >= len(lines) || strings.TrimSpace(lines[i+1]) != "```lua" {
			return nil, fmt.Errorf("line %d: a neovim-test marker must be followed by a ```lua block", i+1)
		}
		var b []string
		j := i + 2
		for ; j < len(lines) && strings.TrimSpace(lines[j]) != "```"; j++ {
			b = append(b, lines[j])
		}
		if j == len(lines) {
			return nil, fmt.Errorf("line %d: the block never ends", i+2)
		}
		blocks = append(blocks, strings.Join(b, "\n"))
		i = j
	}
	if len(blocks) == 0 {
		return nil, fmt.Errorf("no block is marked <!-- neovim-test -->")
	}
	return blocks, nil
}

// buildServer builds the server into bin.
func buildServer(t *testing.T, bin string) {
	t.Helper()
	build := exec.Command("go", "build", "-o", bin, "./cmd/snakebridge-lsp")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the server: %v\n%s", err, out)
	}
}

// runScript builds the server and runs test/<script> in headless Neovim in
// project, with private XDG directories and env added.
func runScript(t *testing.T, nvim, script, project string, env ...string) {
	t.Helper()
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "snakebridge-lsp")
	buildServer(t, bin)
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
