package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

func TestPythonFlag(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"python3", "python3"}, // a command: looked up on PATH
		{"/usr/bin/python3", "/usr/bin/python3"},
		{"~/venv/bin/python3", "~/venv/bin/python3"}, // the resolver expands ~
		{".venv/bin/python3", filepath.Join(cwd, ".venv/bin/python3")},
		{"../env/bin/python3", filepath.Join(filepath.Dir(cwd), "env/bin/python3")},
	} {
		got, err := pythonFlag(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("pythonFlag(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestRelativePythonIsTakenFromTheCurrentDirectory: `check --python
// env/bin/python3 proj` and `generate` run from the directory holding env/
// use that venv, not proj/env/bin/python3.
func TestRelativePythonIsTakenFromTheCurrentDirectory(t *testing.T) {
	py := testenv.SystemPython(t)
	root := t.TempDir()
	proj := filepath.Join(root, "proj")
	testenv.CopyTracked(t, filepath.Join(testenv.RepoRoot(t), "examples", "demo"), proj)
	if out, err := exec.Command(py, "-m", "venv", "--without-pip", filepath.Join(root, "env")).CombinedOutput(); err != nil {
		t.Fatalf("creating a venv: %v\n%s", err, out)
	}
	venvPython := filepath.Join(root, "env", "bin", "python3")

	out, stderr, code := runBinary(t, root, "generate", "--python", "env/bin/python3", "proj")
	if code != 0 {
		t.Fatalf("generate exit %d\nstdout: %s\nstderr: %s", code, out, stderr)
	}
	out, stderr, code = runBinary(t, root, "check", "--json", "--python", "env/bin/python3", "proj")
	var report struct {
		Fresh  bool `json:"fresh"`
		Python struct {
			Executable string `json:"executable"`
			Source     string `json:"source"`
		} `json:"python"`
		Findings []struct {
			Code string `json:"code"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("check output is not JSON (%v):\n%s\n%s", err, out, stderr)
	}
	if code != 0 || !report.Fresh || report.Python.Executable != venvPython || report.Python.Source != "--python" {
		t.Fatalf("check exit %d, want 0 with %s from --python:\n%s", code, venvPython, out)
	}
}
