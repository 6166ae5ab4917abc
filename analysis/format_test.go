package analysis

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestOlderFormatsAreUnsupported: a project in the format of a SnakeBridge
// release before python_deps (0.7.8), or with a lock of a release before it
// or after 0.16, cannot be evaluated; the boundaries are read normally.
func TestOlderFormatsAreUnsupported(t *testing.T) {
	oldDep := func(f *fixture) {
		mix := strings.Replace(fixtureMix, `{:snakebridge, "~> 0.16"}`, `{:snakebridge, "~> 0.6", libraries: [json: :stdlib, math: :stdlib]}`, 1)
		f.files["mix.exs"] = strings.Replace(mix, "      python_deps: python_deps()\n", "", 1)
	}
	lockVersion := func(v string) func(f *fixture) {
		return func(f *fixture) {
			f.files["snakebridge.lock"] = strings.Replace(f.files["snakebridge.lock"], `"version": "0.16.0"`, fmt.Sprintf(`"version": %q`, v), 1)
		}
	}
	cases := []struct {
		name     string
		setup    func(f *fixture)
		want     string // codes
		file     string
		line     int
		contains []string
	}{
		{"libraries in the dependency", func(f *fixture) { oldDep(f); lockVersion("0.6.2")(f) },
			"[snakebridge_format_unsupported]", "mix.exs", 12, []string{"configured for SnakeBridge 0.6.2", "libraries: in the :snakebridge dependency", "upgrade the project to SnakeBridge 0.16", "python_deps"}},
		{"libraries in the dependency, no lock", func(f *fixture) { oldDep(f); delete(f.files, "snakebridge.lock") },
			"[snakebridge_format_unsupported]", "mix.exs", 12, []string{"configured for SnakeBridge ~> 0.6"}},
		{"libraries in config", func(f *fixture) {
			f.files["mix.exs"] = strings.Replace(fixtureMix, "      python_deps: python_deps()\n", "", 1)
			f.files["config/config.exs"] = "import Config\n\nconfig :snakebridge,\n  libraries: [json: :stdlib, math: :stdlib]\n"
		}, "[snakebridge_format_unsupported]", "config/config.exs", 3, []string{"config :snakebridge, libraries:", "upgrade the project to SnakeBridge 0.16"}},
		{"libraries in config, computed", func(f *fixture) {
			f.files["mix.exs"] = strings.Replace(fixtureMix, "      python_deps: python_deps()\n", "", 1)
			f.files["config/config.exs"] = "import Config\n\nconfig :snakebridge,\n  libraries: Enum.map([:json, :math], &{&1, :stdlib})\n"
		}, "[snakebridge_format_unsupported]", "config/config.exs", 3, []string{"config :snakebridge, libraries:"}},
		{"lock of 0.6", lockVersion("0.6.0"),
			"[snakebridge_format_unsupported]", "snakebridge.lock", 18, []string{"written by SnakeBridge 0.6.0", "0.7.8 to 0.16.x"}},
		{"lock of 0.17", lockVersion("0.17.0"),
			"[snakebridge_format_unsupported]", "snakebridge.lock", 18, []string{"SnakeBridge 0.17.0, newer", "upgrade snakebridge-lsp"}},
		{"lock of 0.7.8 is read", lockVersion("0.7.8"), "[]", "", 0, nil},
		{"lock of 0.16.9 is read", lockVersion("0.16.9"), "[]", "", 0, nil},
		{"python_deps wins over libraries:", func(f *fixture) {
			f.files["mix.exs"] = strings.Replace(fixtureMix, `{:snakebridge, "~> 0.16"}`, `{:snakebridge, "~> 0.16", libraries: [json: :stdlib]}`, 1)
		}, "[]", "", 0, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			c.setup(f)
			// The lock's top-level version is what is read; the environment's
			// snakebridge_version stays 0.16.0, so it does not mismatch.
			r := f.check()
			if got := fmt.Sprint(codes(r)); got != c.want {
				t.Fatalf("codes = %s, want %s:\n%s", got, c.want, describe(r))
			}
			if c.file == "" {
				if r.ExitCode() != ExitFresh {
					t.Errorf("exit %d", r.ExitCode())
				}
				return
			}
			if r.ExitCode() != ExitUnevaluable {
				t.Errorf("exit %d, want 2", r.ExitCode())
			}
			got := findingByCode(r, CodeFormatUnsupported)
			if got.File != c.file || got.Range.Start.Line != c.line {
				t.Errorf("at %s:%d, want %s:%d", got.File, got.Range.Start.Line, c.file, c.line)
			}
			for _, s := range c.contains {
				if !strings.Contains(got.Message, s) {
					t.Errorf("message %q lacks %q", got.Message, s)
				}
			}
		})
	}
}

// TestFindProjectsFindsOlderFormats: check --all reports a project of the
// format before python_deps instead of passing over it.
func TestFindProjectsFindsOlderFormats(t *testing.T) {
	f := newFixture(t)
	mix := strings.Replace(fixtureMix, `{:snakebridge, "~> 0.16"}`, `{:snakebridge, path: "../..", libraries: [math: :stdlib]}`, 1)
	f.files["mix.exs"] = strings.Replace(mix, "      python_deps: python_deps()\n", "", 1)
	f.write()
	dirs, err := FindProjects(context.Background(), f.root)
	if err != nil || len(dirs) != 1 || dirs[0] != f.root {
		t.Fatalf("FindProjects = %v, %v", dirs, err)
	}
}
