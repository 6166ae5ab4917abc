package codegen

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// TestGenerateRefusesOptionsOfTheWrongType: an option SnakeBridge passes
// through unnormalised, written with a type the generator cannot use, is
// refused with its file and line instead of being generated as unset.
func TestGenerateRefusesOptionsOfTheWrongType(t *testing.T) {
	py := testenv.SystemPython(t)
	root := upstreamProject(t, "math_demo")
	mixPath := filepath.Join(root, "mix.exs")
	src, err := os.ReadFile(mixPath)
	if err != nil {
		t.Fatal(err)
	}
	patched := strings.Replace(string(src), "{:math, :stdlib}", "{:math, :stdlib, typeshed_path: 5}", 1)
	if patched == string(src) {
		t.Fatal("the fixture's mix.exs has no {:math, :stdlib} entry")
	}
	if err := os.WriteFile(mixPath, []byte(patched), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Generate(context.Background(), Request{Project: root, Python: py, Builtin: true, Environment: testEnvironment(t)})
	want := "mix.exs:30:24: error: library math: typeshed_path must be a string, got 5"
	if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), want) {
		t.Fatalf("generate: %v, want refused with %q", err, want)
	}
	if _, err := os.Stat(filepath.Join(root, "lib", "snakebridge_generated")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused generation wrote bindings: %v", err)
	}
}
