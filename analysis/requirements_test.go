package analysis

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// requirementsMix configures packages a venv over Debian's Python serves
// in every way: numpy pinned to a version Debian does not have, sympy
// with a range its version meets, pylatexenc not installed at all,
// math-verify installed under another spelling of its name, and a version
// upstream turns into a requirement pip rejects.
const requirementsMix = `defmodule Proof.MixProject do
  use Mix.Project

  def project do
    [app: :proof, version: "0.1.0", deps: [{:snakebridge, "~> 0.16"}], python_deps: python_deps()]
  end

  defp python_deps do
    [
      {:numpy, "1.26.4", module_name: Numpy},
      {:sympy, "~> 1.11", module_name: Sympy},
      {:pylatexenc, "~> 2.10", module_name: PyLatexEnc},
      {:math_verify, "~> 0.1", module_name: MathVerify, pypi_package: "math-verify"},
      {:legacy, "<2.0"},
      {:json, :stdlib}
    ]
  end
end
`

// plantDistribution installs a distribution's metadata the way pip lays
// it out, which is all check reads.
func plantDistribution(t *testing.T, siteDir, dirName, name, version string) {
	t.Helper()
	dir := filepath.Join(siteDir, dirName)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	meta := "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n\n"
	if err := os.WriteFile(filepath.Join(dir, "METADATA"), []byte(meta), 0o644); err != nil {
		t.Fatal(err)
	}
}

func venvSitePackages(t *testing.T, venv string) string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(venv, "lib", "python3*", "site-packages"))
	if err != nil || len(matches) != 1 {
		t.Fatalf("site-packages of %s: %v %v", venv, matches, err)
	}
	return matches[0]
}

// TestRequirementFindings: each configured package the chosen interpreter
// cannot serve is reported on its library, naming the package, the
// interpreter and where it came from, the versions, and the fix.
func TestRequirementFindings(t *testing.T) {
	py := testenv.SystemPython(t, "numpy", "sympy")
	f := newFixture(t)
	venv := filepath.Join(f.root, ".venv")
	if out, err := exec.Command(py, "-m", "venv", "--system-site-packages", "--without-pip", venv).CombinedOutput(); err != nil {
		testenv.Missing(t, "python3 -m venv failed (python3-venv missing?): "+string(out))
	}
	plantDistribution(t, venvSitePackages(t, venv), "Math_Verify-0.8.0.dist-info", "Math_Verify", "0.8.0")
	numpyVersion := moduleVersion(t, py, "numpy")
	f.resolve = true
	f.files["mix.exs"] = requirementsMix
	delete(f.files, "snakebridge.lock")
	r := f.check()

	byLib := map[string]string{}
	for _, fd := range r.Findings {
		if fd.Library != nil {
			byLib[*fd.Library] = string(fd.Code)
		}
	}
	want := map[string]string{
		"numpy":      "python_requirement_unsatisfied",
		"pylatexenc": "python_package_missing",
		"legacy":     "python_requirement_unsatisfied",
	}
	if len(byLib) != len(want) {
		t.Errorf("library findings = %v, want %v:\n%s", byLib, want, describe(r))
	}
	for lib, code := range want {
		if byLib[lib] != code {
			t.Errorf("%s: %q, want %q:\n%s", lib, byLib[lib], code, describe(r))
		}
	}
	interp := filepath.Join(venv, "bin", "python3")
	numpy := libraryFinding(r, "numpy")
	for _, s := range []string{"numpy==1.26.4", "numpy " + numpyVersion, interp, "(from .venv)"} {
		if numpy == nil || !strings.Contains(numpy.Message, s) {
			t.Errorf("numpy message lacks %q: %+v", s, numpy)
		}
	}
	if numpy != nil && (numpy.Expected != "numpy==1.26.4" || numpy.Actual != numpyVersion) {
		t.Errorf("numpy expected/actual = %v/%v", numpy.Expected, numpy.Actual)
	}
	missing := libraryFinding(r, "pylatexenc")
	for _, s := range []string{"package pylatexenc", "pylatexenc~=2.10", interp, "(from .venv)", "mix snakebridge.setup", "uv pip install --python " + interp + " 'pylatexenc~=2.10'"} {
		if missing == nil || !strings.Contains(missing.Message, s) {
			t.Errorf("pylatexenc message lacks %q: %+v", s, missing)
		}
	}
	if legacy := libraryFinding(r, "legacy"); legacy == nil || !strings.Contains(legacy.Message, `"legacy==<2.0"`) {
		t.Errorf("legacy message does not name the rejected requirement: %+v", legacy)
	}

	// Serving the configuration makes the findings go.
	f.files["mix.exs"] = strings.NewReplacer(`"1.26.4"`, `"`+numpyVersion+`"`, `{:pylatexenc, "~> 2.10", module_name: PyLatexEnc},`, "", `{:legacy, "<2.0"},`, "").Replace(requirementsMix)
	if err := os.Remove(filepath.Join(f.root, "mix.exs")); err != nil {
		t.Fatal(err)
	}
	r = f.check()
	for _, fd := range r.Findings {
		if fd.Code == CodePythonPackageMissing || fd.Code == CodePythonRequirementUnsatisfied {
			t.Errorf("after fixing mix.exs: %s", describe(r))
		}
	}
}

func libraryFinding(r *Report, lib string) *Finding {
	for i := range r.Findings {
		if l := r.Findings[i].Library; l != nil && *l == lib {
			return &r.Findings[i]
		}
	}
	return nil
}

func moduleVersion(t *testing.T, py, module string) string {
	t.Helper()
	out, err := exec.Command(py, "-c", "import "+module+"; print("+module+".__version__)").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// TestResolvedVersions: the version a library resolves to is the
// installed one, found by PEP 503 name, in canonical form.
func TestResolvedVersions(t *testing.T) {
	site := t.TempDir()
	plantDistribution(t, site, "Math_Verify-0.8.0.dist-info", "Math_Verify", "0.8.0")
	plantDistribution(t, site, "numpy-1.24.2.dist-info", "numpy", "1.24.02")
	visible, errs := pyenv.Installed([]string{site})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	p := &Project{Libraries: librariesFrom(t, []string{
		`{:numpy, "1.26.4"}`, `{:math_verify, "~> 0.1", pypi_package: "math-verify"}`, `{:sympy, "~> 1.12"}`, `{:json, :stdlib}`,
	})}
	got := p.ResolvedVersions(visible)
	var keys []string
	for k, v := range got {
		keys = append(keys, k+"="+v)
	}
	sort.Strings(keys)
	if strings.Join(keys, " ") != "math_verify=0.8.0 numpy=1.24.2" {
		t.Errorf("ResolvedVersions = %v", keys)
	}
}

// TestRequirementFindingsUntrusted: for an untrusted project's own venv,
// which check must not run, the installed packages are read from its
// files, and a missing package is still reported.
func TestRequirementFindingsUntrusted(t *testing.T) {
	py := testenv.SystemPython(t)
	f := newFixture(t)
	venv := filepath.Join(f.root, ".venv")
	if out, err := exec.Command(py, "-m", "venv", "--without-pip", venv).CombinedOutput(); err != nil {
		testenv.Missing(t, "python3 -m venv failed (python3-venv missing?): "+string(out))
	}
	plantDistribution(t, venvSitePackages(t, venv), "Math_Verify-0.8.0.dist-info", "Math_Verify", "0.8.0")
	f.resolve, f.untrusted = true, true
	f.files["mix.exs"] = strings.Replace(fixtureMix, "{:math, :stdlib},", `{:math, :stdlib},
      {:numpy, "1.26.4", module_name: Numpy},
      {:math_verify, "~> 0.1", module_name: MathVerify, pypi_package: "math-verify"},`, 1)
	delete(f.files, "snakebridge.lock")
	r := f.check()
	if r.Python == nil || !r.Python.NotRun {
		t.Fatalf("the project's venv was run: %+v", r.Python)
	}
	if got := strings.Join(codes(r), ","); got != "interpreter_not_run,lock_missing,python_package_missing" {
		t.Fatalf("codes = %s:\n%s", got, describe(r))
	}
	if missing := libraryFinding(r, "numpy"); missing == nil || missing.Code != CodePythonPackageMissing {
		t.Errorf("numpy: %+v", missing)
	}
}
