// Package testenv lets tests that need a real external tool (erl, elixir,
// python3 with numpy, nvim) find it, and fail rather than skip under CI=true.
package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// InCI reports whether the tests run under CI (CI=true), where a missing tool
// is a failure: CI installs every tool the tests need.
func InCI() bool { return os.Getenv("CI") == "true" }

// Tool returns the path of the named executable, or skips the test (fails
// it under CI) when it is not installed.
func Tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name+" is not installed ("+err.Error()+")")
	}
	return path
}

// Missing skips the test with reason, or fails it under CI.
func Missing(t testing.TB, reason string) {
	t.Helper()
	if InCI() {
		t.Fatalf("required test tool missing under CI=true: %s", reason)
	}
	t.Skipf("skipping: %s (set CI=true to make this a failure)", reason)
}

// SystemPython returns Debian's /usr/bin/python3, the interpreter that owns
// the python3-numpy and python3-sympy packages, checking that the named
// modules import. It skips (fails under CI) when they are not available.
func SystemPython(t testing.TB, modules ...string) string {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		Missing(t, py+" is not installed")
	}
	for _, m := range modules {
		if out, err := exec.Command(py, "-c", "import "+m).CombinedOutput(); err != nil {
			Missing(t, "python module "+m+" is not importable by "+py+": "+string(out))
		}
	}
	return py
}
