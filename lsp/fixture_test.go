//go:build unix

package lsp

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// sharedFacts caches interpreter facts across the tests of the package.
var sharedFacts = pyenv.NewFactsCache("")

// fixtureGenerator is the generator fingerprint the fixture locks carry;
// servers under test accept it.
var fixtureGenerator = analysis.Fingerprint{Name: "fixture generator", Hash: strings.Repeat("ab", 32)}

// fixtureMix is a project with a stdlib library and a pip package, both
// generate: :used.
const fixtureMix = `defmodule Fixture.MixProject do
  use Mix.Project

  def project do
    [
      app: :fixture,
      version: "0.1.0",
      deps: deps(),
      python_deps: python_deps()
    ]
  end

  defp deps do
    [{:snakebridge, "~> 0.16"}]
  end

  defp python_deps do
    [
      {:json, :stdlib, include: ["dumps"]},
      {:examplepkg, "1.0.0"}
    ]
  end
end
`

// fixture is a fresh SnakeBridge project with its own virtual environment.
type fixture struct {
	root   string
	venv   string
	python string
	site   string
}

// newVenv creates a virtual environment without pip (fast) from Debian's
// python3.
func newVenv(t testing.TB, dir string) (python, site string) {
	t.Helper()
	base := testenv.SystemPython(t)
	if out, err := exec.Command(base, "-m", "venv", "--without-pip", dir).CombinedOutput(); err != nil {
		t.Fatalf("creating a venv: %v\n%s", err, out)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "lib", "python3*", "site-packages"))
	if len(matches) != 1 {
		t.Fatalf("no site-packages in %s", dir)
	}
	return filepath.Join(dir, "bin", "python3"), matches[0]
}

// newFixture writes a fresh project: mix.exs, config, a SnakeBridge
// dependency, a venv, and a lock, manifest and generated files that match
// the current state exactly.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	dir := t.TempDir()
	root := filepath.Join(dir, "app")
	f := &fixture{root: root, venv: filepath.Join(dir, "venv")}
	f.python, f.site = newVenv(t, f.venv)
	// examplepkg is importable through a .pth directory but not in the
	// venv's own site-packages, which is all `uv pip freeze` (and so the
	// lock) sees: the requirement is met (no python_package_missing) and
	// the lock records it as unknown until it is installed in the venv.
	extra := filepath.Join(dir, "extra")
	writeFile(t, filepath.Join(extra, "examplepkg-1.0.0.dist-info", "METADATA"), "Metadata-Version: 2.1\nName: examplepkg\nVersion: 1.0.0\n")
	writeFile(t, filepath.Join(f.site, "extra.pth"), extra+"\n")
	files := map[string]string{
		"mix.exs":                           fixtureMix,
		"config/config.exs":                 "import Config\n\nconfig :snakebridge, scan_paths: [\"lib\"]\n",
		"lib/app.ex":                        "defmodule App do\n  def hello, do: :world\nend\n",
		"deps/snakebridge/mix.exs":          "defmodule SnakeBridge.MixProject do\n  use Mix.Project\n  @version \"0.16.0\"\nend\n",
		"deps/snakebridge/priv/python/x.py": "# introspection helper\n",
		"priv/python/.keep":                 "",
	}
	for rel, content := range files {
		writeFile(t, filepath.Join(root, rel), content)
	}
	f.relock(t)
	return f
}

// relock rewrites lock, manifest and generated files to match the project
// as it is now (what a successful regeneration produces).
func (f *fixture) relock(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	opts := analysis.Options{Python: f.python, Facts: sharedFacts}
	proj := analysis.Load(ctx, f.root, opts)
	if len(proj.Unreadable) > 0 {
		t.Fatalf("fixture unreadable: %v", proj.Unreadable)
	}
	facts, err := sharedFacts.Facts(ctx, f.python)
	if err != nil {
		t.Fatalf("facts: %v", err)
	}
	dists, _ := pyenv.Installed(facts.SitePackages)
	pkgs := analysis.ObservedPackages(analysis.Requirements(proj.Libraries), dists)
	libs := map[string]any{}
	for _, l := range proj.Libraries {
		h, err := l.ConfigHash(f.root, term.AtomsUTF8)
		if err != nil {
			t.Fatal(err)
		}
		var req any
		if r := l.Version.Requested(); r != nil {
			req = *r
		}
		libs[l.PythonName] = map[string]any{"config_hash": h, "hash": nil, "requested": req, "resolved": req}
		for _, rel := range proj.ExpectedFiles(l) {
			writeFile(t, filepath.Join(f.root, filepath.FromSlash(rel)), "# generated for the fixture\n")
		}
	}
	packages := map[string]any{}
	for name, v := range pkgs {
		var version any
		if v != "" {
			version = v
		}
		packages[name] = map[string]any{"version": version, "hash": nil}
	}
	lock := map[string]any{
		"version":       "0.16.0",
		"compatibility": map[string]any{"compute_capability_min": nil, "cuda_min": nil},
		"environment": map[string]any{
			"elixir_version": "1.14.0", "otp_version": "26", "generator_hash": fixtureGenerator.Hash,
			"python_packages_hash": pkgs.Hash(), "python_platform": "x86_64-pc-linux-gnu",
			"python_runtime_hash": pyenv.RuntimeHash(f.python), "python_version": facts.Version,
			"snakebridge_version": "0.16.0",
			"platform":            map[string]any{"arch": "x86_64", "os": "linux"},
			"hardware":            map[string]any{"accelerator": "cpu", "cpu_features": []string{}, "gpu_count": 0},
		},
		"libraries":       libs,
		"python_packages": packages,
	}
	writeJSON(t, filepath.Join(f.root, analysis.LockFile), lock)
	writeJSON(t, filepath.Join(f.root, ".snakebridge", "manifest.json"), map[string]any{
		"version": "0.16.0", "symbols": map[string]any{}, "classes": map[string]any{}, "modules": map[string]any{},
	})
	rep := analysis.CheckProject(ctx, analysis.Load(ctx, f.root, opts), analysis.Options{Python: f.python, Facts: sharedFacts, Generators: []analysis.Fingerprint{fixtureGenerator}})
	if rep.ExitCode() != analysis.ExitFresh {
		t.Fatalf("the fixture is not fresh: %+v", rep.Findings)
	}
}

// installDist adds a distribution to the venv, as pip would.
func (f *fixture) installDist(t testing.TB, name, version string) string {
	t.Helper()
	dir := filepath.Join(f.site, name+"-"+version+".dist-info")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "METADATA"), "Metadata-Version: 2.1\nName: "+name+"\nVersion: "+version+"\n")
	return dir
}

// serverOptions are the options of a server testing the fixture.
func (f *fixture) serverOptions() Options {
	return Options{Generators: []analysis.Fingerprint{fixtureGenerator}, Getenv: testEnv(), RegenDebounce: 50e6, WatchBatchDelay: 50e6}
}

// settings makes the server use the fixture's venv.
func (f *fixture) settings() map[string]any {
	return map[string]any{"pythonPath": f.python, "telemetry": true}
}

// testEnv is a minimal environment: no VIRTUAL_ENV or SNAKEBRIDGE_* leaking
// from the developer's shell.
func testEnv() func(string) (string, bool) {
	env := map[string]string{"PATH": "/usr/bin:/bin", "HOME": os.Getenv("HOME"), "MIX_ENV": "dev"}
	return func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeJSON(t testing.TB, path string, v any) {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, string(data))
}
