package analysis

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// evilPython writes an executable at path that, when run, leaves a marker
// file: the proof that a check ran it.
func evilPython(t *testing.T, path string) (marker string) {
	t.Helper()
	marker = filepath.Join(t.TempDir(), "ran")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("#!/bin/sh\necho \"$0\" >> '"+marker+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return marker
}

func ran(marker string) bool {
	_, err := os.Stat(marker)
	return err == nil
}

// TestUntrustedCheckRunsNoInterpreterTheProjectChose covers every way a
// checkout chooses its interpreter: untrusted, none runs and the report
// says which facts were skipped; trusted (--trust), each one runs.
func TestUntrustedCheckRunsNoInterpreterTheProjectChose(t *testing.T) {
	cases := []struct {
		name   string
		evil   string // relative to the project root
		config string
		source string
	}{
		{name: ".venv without pyvenv.cfg", evil: ".venv/bin/python3", source: ".venv"},
		{name: "../.venv, outside the project", evil: "../.venv/bin/python3", source: "../.venv"},
		{name: "config :snakebridge", evil: "evil.sh", config: `config :snakebridge, python_executable: "./evil.sh"`,
			source: "config :snakebridge, python_executable"},
		{name: "config :snakepit", evil: "tools/evil.sh", config: `config :snakepit, python_executable: "tools/evil.sh"`,
			source: "config :snakepit, python_executable"},
		{name: "Snakepit's package venv", evil: "priv/snakepit/python/venv/bin/python3", source: "snakepit package venv"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, trusted := range []bool{false, true} {
				f := newFixture(t)
				f.resolve, f.untrusted = true, !trusted
				f.env["PATH"] = "/nonexistent"
				if tc.config != "" {
					f.files["config/config.exs"] = "import Config\n" + tc.config + "\n"
				}
				marker := evilPython(t, filepath.Join(f.root, filepath.FromSlash(tc.evil)))
				r := f.check()
				if r.Python == nil || r.Python.Source != tc.source {
					t.Fatalf("trusted=%v: python = %+v, want source %q:\n%s", trusted, r.Python, tc.source, describe(r))
				}
				if trusted {
					if !ran(marker) {
						t.Fatalf("a trusted check did not run %s:\n%s", tc.evil, describe(r))
					}
					if findingByCode(r, CodeInterpreterNotRun) != nil {
						t.Errorf("trusted check reports interpreter_not_run:\n%s", describe(r))
					}
					continue
				}
				if ran(marker) {
					t.Fatalf("an untrusted check ran %s", tc.evil)
				}
				nf := findingByCode(r, CodeInterpreterNotRun)
				if nf == nil || nf.Severity != SeverityInfo {
					t.Fatalf("no info finding interpreter_not_run:\n%s", describe(r))
				}
				for _, want := range []string{"not trusted", "--trust", "SNAKEBRIDGE_LSP_TRUST=1", "not checked: python_version, python_packages", tc.source} {
					if !strings.Contains(nf.Message, want) {
						t.Errorf("message %q does not say %q", nf.Message, want)
					}
				}
				if !r.Python.NotRun || strings.Join(r.Python.Skipped, ",") != "python_version,python_packages" {
					t.Errorf("python = %+v, want not_run with python_version and python_packages skipped", r.Python)
				}
				if code := r.ExitCode(); code == ExitUnevaluable {
					t.Errorf("exit %d: an untrusted project is still checked", code)
				}
			}
		})
	}
}

// TestUserChosenInterpreterRunsUntrusted: --python and PATH are the user's
// choice, so an untrusted check runs them and reports no skipped facts.
func TestUserChosenInterpreterRunsUntrusted(t *testing.T) {
	f := newFixture(t)
	f.untrusted = true
	evilPython(t, filepath.Join(f.root, ".venv/bin/python3")) // loses to --python
	r := f.check()
	if len(r.Findings) != 0 || r.Python == nil || r.Python.NotRun || r.Python.Version == "" {
		t.Fatalf("python = %+v:\n%s", r.Python, describe(r))
	}
}

// TestUntrustedVenvIsReadFromItsFiles: a real venv is checked statically —
// packages from its site-packages, the version from pyvenv.cfg when its
// python is its own copy — and its python never runs.
func TestUntrustedVenvIsReadFromItsFiles(t *testing.T) {
	py := testenv.SystemPython(t)
	f := newFixture(t)
	venv := filepath.Join(f.root, ".venv")
	if out, err := exec.Command(py, "-m", "venv", "--copies", "--without-pip", venv).CombinedOutput(); err != nil {
		testenv.Missing(t, "python3 -m venv failed (python3-venv missing?): "+string(out))
	}
	exe := filepath.Join(venv, "bin", "python3")
	marker := evilPython(t, exe) // the copy is replaced: running it would show
	site, err := filepath.Glob(filepath.Join(venv, "lib", "python3*", "site-packages"))
	if err != nil || len(site) != 1 {
		t.Fatalf("site-packages of the venv: %v %v", site, err)
	}
	dist := filepath.Join(site[0], "tinypkg-1.2.3.dist-info")
	if err := os.MkdirAll(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dist, "METADATA"), []byte("Metadata-Version: 2.1\nName: tinypkg\nVersion: 1.2.3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f.resolve, f.untrusted = true, true
	f.files["mix.exs"] = strings.Replace(fixtureMix, "{:math, :stdlib},", "{:math, :stdlib},\n      {:tinypkg, \"1.2.3\"},", 1)
	f.files["snakebridge.lock"] = f.lock(func(v map[string]string) {
		v["python_version"] = `"3.0.1"`
		v["python_runtime_hash"] = `"` + fileSHA256(t, exe) + `"`
		v["python_packages"] = `{"tinypkg": {"version": "1.0.0", "hash": null}}`
	})
	r := f.check()
	if ran(marker) {
		t.Fatal("an untrusted check ran the venv's python")
	}
	for _, want := range []Code{CodeInterpreterNotRun, CodePythonVersionDrift, CodePythonPackagesDrift} {
		if findingByCode(r, want) == nil {
			t.Errorf("no %s:\n%s", want, describe(r))
		}
	}
	if msg := findingByCode(r, CodePythonPackagesDrift); msg != nil && !strings.Contains(msg.Message, "tinypkg 1.0.0 → 1.2.3") {
		t.Errorf("packages drift %q does not come from the venv's site-packages", msg.Message)
	}
	if r.Python == nil || !r.Python.NotRun || len(r.Python.Skipped) != 0 || r.Python.Version != pythonVersion(t, py) {
		t.Errorf("python = %+v, want not run, version %s from pyvenv.cfg, nothing skipped", r.Python, pythonVersion(t, py))
	}
}
