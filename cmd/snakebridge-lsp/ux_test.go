package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// TestFlagErrorsAndHelp: a bad flag is reported once (the flag package
// used to print it too, with the defaults) and exits 2; -h and --help
// print the command's usage on stdout and exit 0.
func TestFlagErrorsAndHelp(t *testing.T) {
	for _, tt := range []struct{ cmd, flag string }{
		{"check", "-json"},
		{"generate", "-library"},
		{"serve", "-logfile"},
	} {
		t.Run(tt.cmd, func(t *testing.T) {
			stdout, stderr, code := runBinary(t, t.TempDir(), tt.cmd, "--bogus")
			if code != 2 || strings.Count(stderr, "-bogus") != 1 || stdout != "" {
				t.Errorf("bad flag: exit %d, want 2 with the error once\nstderr: %s\nstdout: %s", code, stderr, stdout)
			}
			for _, help := range []string{"-h", "--help"} {
				stdout, stderr, code := runBinary(t, t.TempDir(), tt.cmd, help)
				if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "usage: snakebridge-lsp "+tt.cmd+" ") || !strings.Contains(stdout, tt.flag) {
					t.Errorf("%s: exit %d, want 0 with the usage on stdout\nstdout: %s\nstderr: %s", help, code, stdout, stderr)
				}
			}
		})
	}
}

// TestGenerateLastLine: the last line of generate says "generated in" only
// when every library was generated; strict mode prints its note and no
// such line, and a failed run says that it failed.
func TestGenerateLastLine(t *testing.T) {
	py := testenv.SystemPython(t)
	t.Run("strict", func(t *testing.T) {
		demo := testenv.Demo(t)
		t.Setenv("SNAKEBRIDGE_STRICT", "1")
		stdout, stderr, code := runBinary(t, demo, "generate", "--python", py)
		if code != 0 || !strings.Contains(stdout, "nothing was regenerated") || strings.Contains(stdout, "generated in") {
			t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
	})
	t.Run("every library failed", func(t *testing.T) {
		demo := testenv.Demo(t)
		stdout, stderr, code := runBinary(t, demo, "generate", "--python", filepath.Join(demo, "no-such-python"))
		last := lastLine(stdout)
		if code != 1 || strings.Contains(stdout, "generated in") || last != ".: failed: 3 libraries failed"+last[strings.LastIndex(last, " ("):] {
			t.Errorf("exit %d, last line %q\nstdout: %s\nstderr: %s", code, last, stdout, stderr)
		}
	})
	t.Run("one library failed", func(t *testing.T) {
		demo := testenv.Demo(t)
		mix := filepath.Join(demo, "mix.exs")
		src, err := os.ReadFile(mix)
		if err != nil {
			t.Fatal(err)
		}
		edited := strings.Replace(string(src), "{:math, :stdlib},", "{:math, :stdlib},\n      {:no_such_package_here, \"1.0\", generate: :all},", 1)
		if edited == string(src) {
			t.Fatal("the demo's mix.exs has no {:math, :stdlib} entry")
		}
		if err := os.WriteFile(mix, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		stdout, stderr, code := runBinary(t, demo, "generate", "--python", py)
		last := lastLine(stdout)
		if code != 1 || strings.Contains(stdout, "generated in") || !strings.HasPrefix(last, ".: failed: 1 of 4 libraries failed; the others were committed (") {
			t.Errorf("exit %d, last line %q\nstdout: %s\nstderr: %s", code, last, stdout, stderr)
		}
	})
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
