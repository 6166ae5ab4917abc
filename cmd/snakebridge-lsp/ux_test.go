package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
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

// TestHumanOutputNamesCallSites: under a used_symbols_missing finding the
// text output lists the calls behind it as file:line:col (the first ten,
// then how many more), as --json's related does.
func TestHumanOutputNamesCallSites(t *testing.T) {
	py := testenv.SystemPython(t)
	demo := testenv.Demo(t)
	if stdout, stderr, code := runBinary(t, demo, "generate", "--python", py); code != 0 {
		t.Fatalf("generate: exit %d\n%s\n%s", code, stdout, stderr)
	}
	src := "defmodule Extra do\n  def go, do: Math.frobnicate(1.0)\n"
	for i := range 11 {
		src += fmt.Sprintf("  def f%d, do: Math.frobnicate(%d.0)\n", i, i)
	}
	src += "end\n"
	if err := os.WriteFile(filepath.Join(demo, "lib", "extra.ex"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runBinary(t, demo, "check", "--python", py)
	lines := strings.Split(stdout, "\n")
	at := slices.IndexFunc(lines, func(l string) bool { return strings.HasSuffix(l, "[used_symbols_missing]") })
	if code != 1 || at < 0 || len(lines) < at+13 {
		t.Fatalf("exit %d, no used_symbols_missing with its calls\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	want := []string{"    lib/extra.ex:2:15: call to Math.frobnicate/1", "    lib/extra.ex:3:15: call to Math.frobnicate/1"}
	if got := lines[at+1 : at+3]; !slices.Equal(got, want) {
		t.Errorf("call sites under the finding = %q, want %q\n%s", got, want, stdout)
	}
	if got := lines[at+11]; got != "    ... and 2 more (check --json lists every one)" {
		t.Errorf("line after the tenth call site = %q\n%s", got, stdout)
	}
}
