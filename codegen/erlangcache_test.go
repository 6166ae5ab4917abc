package codegen

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// fakeBEAM writes executables named like the BEAM tools into a fresh
// directory; each logs its start to the returned log file, then prints
// the probe's answer (or fails, for answer ""). It returns the directory
// and the log.
func fakeBEAM(t *testing.T, answers map[string]string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	log := filepath.Join(t.TempDir(), "starts.log")
	for name, answer := range answers {
		writeFakeTool(t, filepath.Join(dir, name), log, answer)
	}
	return dir, log
}

func writeFakeTool(t *testing.T, path, log, answer string) {
	t.Helper()
	body := "#!/bin/sh\necho \"" + filepath.Base(path) + "\" >> '" + log + "'\n"
	if answer == "" {
		body += "exit 1\n"
	} else {
		body += "printf '%s\\n' '" + strings.ReplaceAll(answer, "\n", "' '") + "'\n"
	}
	if err := os.WriteFile(path, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
}

// starts returns the tools started so far, in order.
func starts(t *testing.T, log string) []string {
	t.Helper()
	data, err := os.ReadFile(log)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(data))
}

const (
	fakeElixirAnswer = "27\nx86_64-fake-linux-gnu\n1.17.3"
	fakeErlAnswer    = "27\nx86_64-fake-linux-gnu"
)

// TestGenerateProbesErlangOncePerBinaries runs generate as separate CLI
// processes would (a fresh Environment each time, one cache directory):
// the first run starts one BEAM, the next none, and a replaced elixir is
// probed again even when it keeps its size and timestamp.
func TestGenerateProbesErlangOncePerBinaries(t *testing.T) {
	py := testenv.SystemPython(t)
	bin, log := fakeBEAM(t, map[string]string{"elixir": fakeElixirAnswer, "erl": fakeErlAnswer})
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	root := t.TempDir()
	mix := "defmodule P.MixProject do\n  use Mix.Project\n\n  def project do\n" +
		"    [app: :p, version: \"0.1.0\", deps: [], python_deps: [{:json, :stdlib}]]\n  end\nend\n"
	if err := os.WriteFile(filepath.Join(root, "mix.exs"), []byte(mix), 0o644); err != nil {
		t.Fatal(err)
	}
	cache, pycache := t.TempDir(), t.TempDir()
	generate := func() {
		t.Helper()
		env := DefaultEnvironment()
		env.Erlang = NewErlangCache(cache)
		env.Pyhelper = pyhelper.Options{CacheDir: pycache}
		defer env.Close()
		if _, err := Generate(context.Background(), Request{Project: root, Python: py, Environment: env}); err != nil {
			t.Fatalf("Generate: %v", err)
		}
	}

	generate()
	if got := starts(t, log); len(got) != 1 || got[0] != "elixir" {
		t.Fatalf("a cold run started %v, want exactly one elixir", got)
	}
	lock := readLockEnvironment(t, root)
	for key, want := range map[string]string{"otp_version": "27", "python_platform": "x86_64-fake-linux-gnu", "elixir_version": "1.17.3"} {
		if lock[key] != want {
			t.Errorf("lock environment.%s = %q, want the probe's %q", key, lock[key], want)
		}
	}

	generate()
	if got := starts(t, log); len(got) != 1 {
		t.Fatalf("a run with known binaries started %v after the first run's elixir", got[1:])
	}

	// Replaced by a new file of the same size and timestamp (an upgrade
	// the package manager preserved times for): only its inode differs.
	ex := filepath.Join(bin, "elixir")
	st, err := os.Stat(ex)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(ex)
	if err != nil {
		t.Fatal(err)
	}
	// Written beside and renamed over, as dpkg does, so the new file
	// cannot reuse the old one's inode.
	next := ex + ".dpkg-new"
	if err := os.WriteFile(next, data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(next, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(next, ex); err != nil {
		t.Fatal(err)
	}
	generate()
	if got := starts(t, log); len(got) != 2 {
		t.Fatalf("after elixir was replaced the runs started %v, want one more elixir", got)
	}

	// A touched erl (the tool elixir runs) is probed again too.
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(filepath.Join(bin, "erl"), later, later); err != nil {
		t.Fatal(err)
	}
	generate()
	if got := starts(t, log); len(got) != 3 || got[2] != "elixir" {
		t.Fatalf("after erl was touched the runs started %v, want one more elixir", got)
	}
}

// readLockEnvironment returns the string fields of the lock's environment.
func readLockEnvironment(t *testing.T, root string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "snakebridge.lock"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lockfile.ParseLock("snakebridge.lock", data)
	if err != nil {
		t.Fatal(err)
	}
	e := l.Environment
	return map[string]string{"otp_version": e.OTPVersion.Value, "python_platform": e.PythonPlatform.Value, "elixir_version": e.ElixirVersion.Value}
}

// TestErlangCacheProbes covers the probe's cases without a project: which
// tool is started, what is learned, and what is remembered.
func TestErlangCacheProbes(t *testing.T) {
	tests := []struct {
		name   string
		tools  map[string]string
		want   ErlangFacts
		starts []string // by the first Facts call
		cached bool     // the second call starts nothing
	}{
		{"elixir answers everything", map[string]string{"elixir": fakeElixirAnswer, "erl": fakeErlAnswer},
			ErlangFacts{OTPVersion: "27", PythonPlatform: "x86_64-fake-linux-gnu", ElixirVersion: "1.17.3"}, []string{"elixir"}, true},
		{"erl alone cannot tell Elixir's version", map[string]string{"erl": fakeErlAnswer},
			ErlangFacts{OTPVersion: "27", PythonPlatform: "x86_64-fake-linux-gnu"}, []string{"erl"}, true},
		{"a broken elixir falls back to erl, not remembered", map[string]string{"elixir": "", "erl": fakeErlAnswer},
			ErlangFacts{OTPVersion: "27", PythonPlatform: "x86_64-fake-linux-gnu"}, []string{"elixir", "erl"}, false},
		{"a failed erl is not remembered", map[string]string{"erl": ""}, ErlangFacts{}, []string{"erl"}, false},
		{"no BEAM at all is remembered", map[string]string{}, ErlangFacts{}, nil, true},
		{"elixir printing too little", map[string]string{"elixir": "27", "erl": fakeErlAnswer},
			ErlangFacts{OTPVersion: "27", PythonPlatform: "x86_64-fake-linux-gnu"}, []string{"elixir", "erl"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bin, log := fakeBEAM(t, tt.tools)
			t.Setenv("PATH", bin)
			dir := t.TempDir()
			if got := NewErlangCache(dir).Facts(context.Background()); got != tt.want {
				t.Errorf("Facts = %+v, want %+v", got, tt.want)
			}
			if got := starts(t, log); strings.Join(got, " ") != strings.Join(tt.starts, " ") {
				t.Errorf("started %v, want %v", got, tt.starts)
			}
			// A new process: only the disk cache can answer.
			got := NewErlangCache(dir).Start(context.Background())()
			if got != tt.want {
				t.Errorf("second Facts = %+v, want %+v", got, tt.want)
			}
			again := len(starts(t, log)) > len(tt.starts)
			if again == tt.cached {
				t.Errorf("second call started a BEAM: %v; want remembered: %v", again, tt.cached)
			}
		})
	}
}

// TestErlangCacheDirIsPrivate: the cache lives outside the project, where
// another user must not plant an answer.
func TestErlangCacheDirIsPrivate(t *testing.T) {
	bin, _ := fakeBEAM(t, map[string]string{"erl": fakeErlAnswer})
	t.Setenv("PATH", bin)
	dir := filepath.Join(t.TempDir(), "cache", "snakebridge-lsp")
	NewErlangCache(dir).Facts(context.Background())
	st, err := os.Stat(dir)
	if err != nil {
		t.Fatalf("the cache directory was not created: %v", err)
	}
	if perm := st.Mode().Perm(); perm != 0o700 {
		t.Errorf("cache directory mode %o, want 0700", perm)
	}
}

// TestDetectErlangMatchesTools: the single probe reports exactly what erl
// and elixir, asked separately as before, report.
func TestDetectErlangMatchesTools(t *testing.T) {
	erl := testenv.Tool(t, "erl")
	ex := testenv.Tool(t, "elixir")
	ctx := context.Background()
	out, err := exec.CommandContext(ctx, erl, "-noshell", "-eval",
		`io:format("~s~n~s~n", [erlang:system_info(otp_release), erlang:system_info(system_architecture)]), halt().`).Output()
	if err != nil {
		t.Fatalf("erl: %v", err)
	}
	erlLines := strings.Split(strings.TrimSpace(string(out)), "\n")
	out, err = exec.CommandContext(ctx, ex, "-e", "IO.puts(System.version())").Output()
	if err != nil {
		t.Fatalf("elixir: %v", err)
	}
	want := ErlangFacts{OTPVersion: erlLines[0], PythonPlatform: erlLines[1], ElixirVersion: strings.TrimSpace(string(out))}
	got, err := probeErlang(ctx)
	if err != nil {
		t.Fatalf("probe: %v", err)
	}
	if got != want || want.OTPVersion == "" || want.ElixirVersion == "" {
		t.Errorf("probe = %+v, the tools say %+v", got, want)
	}
}

// TestErlangCacheIgnoresSharedDir: an answer planted in a directory other
// users can write to is not believed.
func TestErlangCacheIgnoresSharedDir(t *testing.T) {
	bin, log := fakeBEAM(t, map[string]string{"erl": fakeErlAnswer})
	t.Setenv("PATH", bin)
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	planted := `{"key":"` + toolStamp("erl") + "|" + toolStamp("elixir") + `","facts":{"OTPVersion":"99","ElixirVersion":"9.9.9","PythonPlatform":"planted"}}`
	if err := os.WriteFile(filepath.Join(dir, "erlang-facts.json"), []byte(planted), 0o666); err != nil {
		t.Fatal(err)
	}
	want := ErlangFacts{OTPVersion: "27", PythonPlatform: "x86_64-fake-linux-gnu"}
	if got := NewErlangCache(dir).Facts(context.Background()); got != want {
		t.Errorf("Facts = %+v from a world-writable cache, want the probe's %+v", got, want)
	}
	if got := starts(t, log); len(got) != 1 {
		t.Errorf("started %v, want one erl", got)
	}
}
