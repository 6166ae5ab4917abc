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

// binary is the real snakebridge-lsp, built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "snakebridge-lsp-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "snakebridge-lsp")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		panic("building snakebridge-lsp: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runBinary runs the real binary with a private cache dir and returns
// stdout, stderr and the exit status.
func runBinary(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+t.TempDir(), "MIX_ENV=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

func demoCopy(t *testing.T) string {
	t.Helper()
	return testenv.Demo(t)
}

func TestCheckDemoJSON(t *testing.T) {
	demo := demoCopy(t)
	out, stderr, code := runBinary(t, demo, "check", "--json", "--python", "/usr/bin/python3")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stale: never generated); stderr: %s", code, stderr)
	}
	var report struct {
		Project string `json:"project"`
		Fresh   bool   `json:"fresh"`
		Python  struct {
			Executable, Source, Version string
		} `json:"python"`
		Libraries []struct {
			Name           string  `json:"name"`
			Module         string  `json:"module"`
			ConfigHash     string  `json:"config_hash"`
			LockConfigHash *string `json:"lock_config_hash"`
		} `json:"libraries"`
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, out)
	}
	if report.Project != "." || report.Fresh || report.Python.Source != "--python" || report.Python.Executable != "/usr/bin/python3" {
		t.Errorf("report header = %+v", report)
	}
	names := []string{}
	for _, l := range report.Libraries {
		names = append(names, l.Name+"="+l.Module)
		if len(l.ConfigHash) != 64 || l.LockConfigHash != nil {
			t.Errorf("library %s hashes: %q / %v", l.Name, l.ConfigHash, l.LockConfigHash)
		}
	}
	if strings.Join(names, " ") != "math=Math json=Json demo_stats=DemoStats" {
		t.Errorf("libraries = %v", names)
	}
	if report.Libraries[0].ConfigHash != "6ac7c38bd097f896730dbff4c5faa0a21d616f1c767f8eb9a75fae578663a071" {
		t.Errorf("math config_hash = %s", report.Libraries[0].ConfigHash)
	}
	if len(report.Findings) != 1 || report.Findings[0]["code"] != "lock_missing" {
		t.Fatalf("findings = %v", report.Findings)
	}
	for _, key := range []string{"code", "severity", "library", "file", "range", "message", "expected", "actual"} {
		if _, ok := report.Findings[0][key]; !ok {
			t.Errorf("finding lacks %q: %v", key, report.Findings[0])
		}
	}
}

func TestCheckHumanOutputAndExitCodes(t *testing.T) {
	demo := demoCopy(t)
	out, _, code := runBinary(t, filepath.Dir(demo), "check", "--python", "/usr/bin/python3", "demo")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "demo/mix.exs:") || !strings.Contains(lines[0], "error:") || !strings.HasSuffix(lines[0], "[lock_missing]") {
		t.Errorf("first line %q is not file:line:col: error: message [code]", lines[0])
	}
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "demo: stale (1 error)") || !strings.Contains(last, "python") {
		t.Errorf("summary line %q", last)
	}

	if err := os.WriteFile(filepath.Join(demo, "mix.exs"), []byte("defmodule Broken do\n  def project, do: [python_deps: [{:math, \"1\" <> x}]]\nend\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = runBinary(t, demo, "check")
	if code != 2 || !strings.Contains(out, "mix.exs:2:") || !strings.Contains(out, "[mixexs_unreadable]") {
		t.Errorf("unreadable mix.exs: exit %d\n%s", code, out)
	}

	_, stderr, code := runBinary(t, demo, "check", "--bogus")
	if code != 2 || !strings.Contains(stderr, "bogus") {
		t.Errorf("bad flag: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = runBinary(t, demo, "frobnicate")
	if code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, stderr %q", code, stderr)
	}
}

func TestCheckAllFindsUmbrellaApps(t *testing.T) {
	root := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("mix.exs", "defmodule U.MixProject do\n  def project, do: [apps_path: \"apps\"]\nend\n")
	write("apps/one/mix.exs", "defmodule One.MixProject do\n  def project, do: [app: :one, python_deps: []]\nend\n")
	write("apps/two/mix.exs", "defmodule Two.MixProject do\n  def project, do: [app: :two, python_deps: [:math]]\nend\n")
	write("deps/other/mix.exs", "defmodule Other do\n  def project, do: [python_deps: [:math]]\nend\n")
	out, stderr, code := runBinary(t, root, "check", "--all", "--json", "--python", "/usr/bin/python3")
	if code != 1 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var all struct {
		Projects []struct {
			Project string `json:"project"`
			Fresh   bool   `json:"fresh"`
		} `json:"projects"`
	}
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(all.Projects) != 2 || all.Projects[0].Project != "apps/one" || !all.Projects[0].Fresh || all.Projects[1].Project != "apps/two" || all.Projects[1].Fresh {
		t.Errorf("projects = %+v", all.Projects)
	}
}

func TestVersionCommand(t *testing.T) {
	out, _, code := runBinary(t, ".", "version")
	if code != 0 || !strings.HasPrefix(out, "snakebridge-lsp ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
}
