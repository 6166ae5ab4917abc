package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// pythonVersion is the one part of the sample that depends on the machine.
var pythonVersion = regexp.MustCompile(`python [0-9][0-9.]* at `)

// TestREADMECheckSample runs the README's `snakebridge-lsp check
// examples/demo` on the committed demo, with Debian's python3 first on
// PATH, and compares its output with the sample the README shows.
func TestREADMECheckSample(t *testing.T) {
	testenv.SystemPython(t)
	readme, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const prompt = "$ snakebridge-lsp check examples/demo\n"
	_, sample, ok := strings.Cut(string(readme), prompt)
	if !ok {
		t.Fatalf("README.md has no %q sample", strings.TrimSpace(prompt))
	}
	sample, _, _ = strings.Cut(sample, "```")

	dir := t.TempDir()
	testenv.CopyTracked(t, filepath.Join(testenv.RepoRoot(t), "examples", "demo"), filepath.Join(dir, "examples", "demo"))
	t.Setenv("PATH", "/usr/bin:/bin")
	for _, v := range []string{"VIRTUAL_ENV", "SNAKEPIT_PYTHON", "SNAKEBRIDGE_STRICT", "SNAKEBRIDGE_SKIP"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	out, stderr, code := runBinary(t, dir, "check", "examples/demo")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stale)\n%s\n%s", code, out, stderr)
	}
	got, want := pythonVersion.ReplaceAllString(out, "python X at "), pythonVersion.ReplaceAllString(sample, "python X at ")
	if got != want {
		t.Errorf("README.md's sample is not what check prints; it prints:\n%s\nthe README shows:\n%s", out, sample)
	}
}
