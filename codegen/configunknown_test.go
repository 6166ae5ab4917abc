package codegen

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// TestGenerateAroundUnknownConfig: a configuration whose dynamic part sets
// only keys generation does not use is generated (and checked fresh, with
// the warning); one whose dynamic part may shape the output is refused.
func TestGenerateAroundUnknownConfig(t *testing.T) {
	py := testenv.SystemPython(t)
	cases := []struct {
		name   string
		config string
		refuse string // in the error; "" generates
	}{
		// helper_allowlist: :none because our generator writes no helpers
		// (helpers_missing would otherwise be the one stale finding).
		{"venv_path under a file condition", "import Config\n\nconfig :snakebridge, helper_allowlist: :none\n\nif File.dir?(Path.expand(\"../.venv\", __DIR__)) do\n  config :snakebridge, venv_path: Path.expand(\"../.venv\", __DIR__)\nend\n", ""},
		{"signature_sources computed", "import Config\n\nconfig :snakebridge, signature_sources: Enum.reject([:runtime, :stub], &(&1 == :stub))\n", "how signatures are introspected"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := upstreamProject(t, "math_demo")
			if err := os.WriteFile(filepath.Join(root, "config", "config.exs"), []byte(c.config), 0o644); err != nil {
				t.Fatal(err)
			}
			env := testEnvironment(t)
			res, err := Generate(context.Background(), Request{Project: root, Python: py, Builtin: true, Environment: env})
			if c.refuse != "" {
				if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), c.refuse) {
					t.Fatalf("generate: %v, want refused (%s)", err, c.refuse)
				}
				if _, err := os.Stat(filepath.Join(root, "lib", "snakebridge_generated")); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("a refused generation wrote bindings: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if errs := libraryErrors(res); len(errs) != 0 {
				t.Fatalf("library errors: %v", errs)
			}
			fps, err := Fingerprints()
			if err != nil {
				t.Fatal(err)
			}
			r := analysis.Check(context.Background(), root, analysis.Options{Python: py, Facts: env.Facts, Generators: fps})
			var codes []string
			for _, f := range r.Findings {
				if f.Severity != analysis.SeverityInfo {
					codes = append(codes, string(f.Code))
				}
			}
			if strings.Join(codes, ",") != "config_partially_unreadable" || !r.Fresh {
				t.Fatalf("after generate: fresh %v, findings %v", r.Fresh, r.Findings)
			}
		})
	}
}
