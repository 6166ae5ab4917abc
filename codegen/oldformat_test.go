package codegen

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// snapshot maps every file under root to its content.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGenerateRefusesOlderFormat: on math_demo as SnakeBridge 0.6 had it
// (libraries: in the dependency, a 0.6 lock, single-file bindings),
// generate used to read "no python_deps" as "no libraries", delete both
// committed bindings and rewrite the lock empty, with exit 0. It must
// refuse and change nothing; check says why (exit 2).
func TestGenerateRefusesOlderFormat(t *testing.T) {
	py := testenv.SystemPython(t)
	root := upstreamProject(t, "math_demo_0.6")
	before := snapshot(t, root)

	r := analysis.Check(context.Background(), root, analysis.Options{Python: py})
	if r.ExitCode() != analysis.ExitUnevaluable || len(r.Findings) != 1 || r.Findings[0].Code != analysis.CodeFormatUnsupported {
		t.Fatalf("check: exit %d, findings %v", r.ExitCode(), r.Findings)
	}
	if msg := r.Findings[0].Message; !strings.Contains(msg, "SnakeBridge 0.6.0") || !strings.Contains(msg, "SnakeBridge 0.16") {
		t.Errorf("message: %s", msg)
	}

	res, err := Generate(context.Background(), Request{Project: root, Python: py, Builtin: true, Environment: testEnvironment(t)})
	if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "snakebridge_format_unsupported") {
		t.Fatalf("generate: result %+v, error %v; want the format refused", res, err)
	}
	after := snapshot(t, root)
	for name, content := range before {
		if after[name] != content {
			t.Errorf("%s was changed or removed", name)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s was written", name)
		}
	}
}

// TestGenerateRefusesUnsupportedInstall: with a SnakeBridge whose formats we
// do not write installed, our generator would write a lock naming that
// release in 0.16's formats; it refuses and writes nothing.
func TestGenerateRefusesUnsupportedInstall(t *testing.T) {
	py := testenv.SystemPython(t)
	for _, version := range []string{"0.17.0", "0.6.0"} {
		t.Run(version, func(t *testing.T) {
			root := upstreamProject(t, "math_demo")
			files := map[string]string{
				"deps/snakebridge/mix.exs":                          "defmodule SnakeBridge.MixProject do\n  @version \"" + version + "\"\nend\n",
				"deps/snakebridge/priv/python/introspect.py":        "# introspect\n",
				"deps/snakebridge/priv/python/snakebridge_types.py": "# types\n",
			}
			for name, body := range files {
				path := filepath.Join(root, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, root)
			_, err := Generate(context.Background(), Request{Project: root, Python: py, Builtin: true, Environment: testEnvironment(t)})
			if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "SnakeBridge "+version) || !strings.Contains(err.Error(), "snakebridge_format_unsupported") {
				t.Fatalf("generate: %v; want the installed SnakeBridge %s refused", err, version)
			}
			after := snapshot(t, root)
			if len(after) != len(before) {
				t.Errorf("files before %d, after %d", len(before), len(after))
			}
			for name, content := range before {
				if after[name] != content {
					t.Errorf("%s was changed or removed", name)
				}
			}
		})
	}
}
