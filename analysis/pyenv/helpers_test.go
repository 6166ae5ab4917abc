//go:build !windows

package pyenv

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/stretchr/testify/require"
)

// testRoot holds environments shared by the tests of this package (venvs
// with pip-installed distributions take seconds to build).
var testRoot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pyenv-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testRoot = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// lab is a pair of real venvs made by Debian's python3 -m venv:
// sys with --system-site-packages and three locally built distributions,
// iso without system site packages.
type lab struct {
	sysVenv, isoVenv string
	extraAbs         string // directory added by an absolute .pth line
	extraRel         string // directory added by a relative .pth line
}

var (
	labOnce sync.Once
	labVal  lab
	labErr  error
)

func getLab(t testing.TB) lab {
	t.Helper()
	py := testenv.SystemPython(t, "pip", "setuptools")
	labOnce.Do(func() { labVal, labErr = buildLab(py, filepath.Join(testRoot, "lab")) })
	require.NoError(t, labErr)
	return labVal
}

func buildLab(py, root string) (lab, error) {
	l := lab{sysVenv: filepath.Join(root, "sysvenv"), isoVenv: filepath.Join(root, "isovenv")}
	steps := [][]string{
		{py, "-m", "venv", "--without-pip", "--system-site-packages", l.sysVenv},
		{py, "-m", "venv", "--without-pip", l.isoVenv},
	}
	for _, s := range steps {
		if err := runCmd(root, s...); err != nil {
			return l, err
		}
	}
	src := filepath.Join(root, "src")
	files := map[string]string{
		// setuptools writes Name: Typing-Ext.Demo (safe_name) into METADATA.
		"typing_demo/setup.py": "from setuptools import setup\n" +
			"setup(name='Typing_Ext.Demo', version='4.5.6', py_modules=['tedemo'])\n",
		"typing_demo/tedemo.py": "X = 1\n",
		"zed/pyproject.toml": "[build-system]\nrequires = ['setuptools']\nbuild-backend = 'setuptools.build_meta'\n" +
			"[project]\nname = 'Zed_Pkg'\nversion = '0.9'\n",
		"zed/zed_pkg/__init__.py": "",
		"editme/pyproject.toml": "[build-system]\nrequires = ['setuptools']\nbuild-backend = 'setuptools.build_meta'\n" +
			"[project]\nname = 'Edit.Me'\nversion = '2.0'\n",
		"editme/edit_me/__init__.py": "",
	}
	for rel, content := range files {
		if err := writeFile(filepath.Join(src, rel), content, 0o644); err != nil {
			return l, err
		}
	}
	vpy := filepath.Join(l.sysVenv, "bin", "python3")
	wheels := filepath.Join(root, "wheels")
	pip := []string{vpy, "-m", "pip", "--disable-pip-version-check", "--no-input", "-q"}
	installs := [][]string{
		// Built to a wheel and installed from a find-links "index": no
		// direct_url.json, so uv freeze prints it as name==version.
		append(pip[:len(pip):len(pip)], "wheel", "--no-index", "--no-build-isolation", "--no-deps", "-w", wheels, filepath.Join(src, "typing_demo")),
		append(pip[:len(pip):len(pip)], "install", "--no-index", "--find-links", wheels, "Typing_Ext.Demo"),
		// From a local path (direct_url.json) and editable (PEP 660).
		append(pip[:len(pip):len(pip)], "install", "--no-index", "--no-build-isolation",
			filepath.Join(src, "zed"), "-e", filepath.Join(src, "editme")),
	}
	for _, s := range installs {
		if err := runCmd(root, s...); err != nil {
			return l, err
		}
	}
	sites, _ := filepath.Glob(filepath.Join(l.sysVenv, "lib", "python3*", "site-packages"))
	if len(sites) != 1 {
		return l, fmt.Errorf("expected one site-packages in %s, found %v", l.sysVenv, sites)
	}
	site := sites[0]
	l.extraAbs = filepath.Join(root, "extra-abs")
	l.extraRel = filepath.Join(site, "extra-rel")
	for _, d := range []string{l.extraAbs, l.extraRel} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return l, err
		}
	}
	pth := "# a comment\n" + l.extraAbs + "\nimport os\nextra-rel\n" + filepath.Join(root, "missing") + "\n\n"
	return l, writeFile(filepath.Join(site, "zz_extra.pth"), pth, 0o644)
}

func runCmd(dir string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PIP_NO_INDEX=1", "PYTHONNOUSERSITE=1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

func writeFile(path, content string, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(content), mode)
}

// pyJSON runs a real interpreter and decodes the JSON it prints.
func pyJSON(t testing.TB, py string, script string, out any) {
	t.Helper()
	cmd := exec.Command(py, "-I", "-c", script)
	cmd.Env = append(os.Environ(), "PYTHONNOUSERSITE=1")
	b, err := cmd.Output()
	require.NoError(t, err, "running %s", py)
	require.NoError(t, json.Unmarshal(b, out), "output of %s: %s", py, b)
}

// realSysPath is sys.path as the interpreter itself reports it under -I,
// existing entries only.
func realSysPath(t testing.TB, py string) []string {
	t.Helper()
	var path []string
	pyJSON(t, py, "import json, sys; print(json.dumps(sys.path))", &path)
	return existingUnique(path)
}

// countingCache wraps the real probe and records which executables ran.
func countingCache(dir string) (*FactsCache, func() []string) {
	c := NewFactsCache(dir)
	var mu sync.Mutex
	var ran []string
	real := c.run
	c.run = func(ctx context.Context, exe string) (probe, error) {
		mu.Lock()
		ran = append(ran, exe)
		mu.Unlock()
		return real(ctx, exe)
	}
	return c, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), ran...)
	}
}
