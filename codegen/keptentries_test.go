package codegen

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// upstreamProject copies a fixture of testdata/upstream (a project laid out
// as SnakeBridge's own examples are, compat §13) into a temp dir.
func upstreamProject(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("testdata", "upstream", name))); err != nil {
		t.Fatal(err)
	}
	return dst
}

// machineOTP is the OTP release of the erl on PATH, as the generator
// records it in the lock.
func machineOTP(t *testing.T) string {
	t.Helper()
	testenv.Tool(t, "erl")
	otp := DetectErlang(context.Background()).OTPVersion
	if otp == "" {
		t.Fatal("erl did not report its OTP release")
	}
	return otp
}

func parseLockAt(t *testing.T, root string) *lockfile.Lock {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "snakebridge.lock"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lockfile.ParseLock("snakebridge.lock", data)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestPartialGenerateKeepsOtherEntriesValid: math_demo's committed lock was
// written on OTP 28 (UTF-8 atoms in every config_hash). Regenerating only
// math on this machine writes this machine's otp_version; json, untouched,
// must not then look changed, and a json whose options did change must
// still say so. The same holds for a library whose generation fails (its
// priv/python module is gone) in a run of all libraries.
func TestPartialGenerateKeepsOtherEntriesValid(t *testing.T) {
	py := testenv.SystemPython(t)
	otp := machineOTP(t)
	cases := []struct {
		name     string
		editJSON bool
		failing  bool     // run all libraries with local_stats failing, not --library math
		want     []string // config_hash_mismatch findings afterwards
	}{
		{"json untouched", false, false, nil},
		{"json options changed", true, false, []string{"json"}},
		{"local_stats fails", false, true, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := upstreamProject(t, "math_demo")
			env := testEnvironment(t)
			committed, err := os.ReadFile(filepath.Join(root, "snakebridge.lock"))
			if err != nil {
				t.Fatal(err)
			}
			if analysis.AtomEncodingsFor(otp)[0] == term.AtomsUTF8 {
				// The scenario needs the machine's encoding to differ from the
				// lock's: on OTP >= 26 the committed lock is made an OTP 25 one.
				committed = latin1Lock(t, root, committed)
			}
			gen := func(libs ...string) {
				t.Helper()
				res, err := Generate(context.Background(), Request{Project: root, Python: py, Builtin: true, Libraries: libs, Environment: env})
				if err != nil {
					t.Fatal(err)
				}
				if errs := libraryErrors(res); len(errs) != 0 {
					t.Fatalf("library errors: %v", errs)
				}
			}
			// The bindings as committed: generated, then the lock as upstream
			// wrote it on the other OTP release.
			gen()
			if err := os.WriteFile(filepath.Join(root, "snakebridge.lock"), committed, 0o644); err != nil {
				t.Fatal(err)
			}
			if got := mismatches(t, root, py, env); len(got) != 0 {
				t.Fatalf("the committed lock is not fresh for its own OTP release: %v", got)
			}
			if c.editJSON {
				editFile(t, root, "mix.exs", "{:json, :stdlib, generate: :all, submodules: true}", "{:json, :stdlib, generate: :all}")
			}
			editFile(t, root, "mix.exs", "{:math, :stdlib}", `{:math, :stdlib, include: ["floor"]}`)
			kept := "json"
			if c.failing {
				kept = "local_stats"
				if err := os.Remove(filepath.Join(root, "priv", "python", "local_stats.py")); err != nil {
					t.Fatal(err)
				}
				res, err := Generate(context.Background(), Request{Project: root, Python: py, Builtin: true, Environment: env})
				if err != nil {
					t.Fatal(err)
				}
				if errs := libraryErrors(res); len(errs) != 1 || errs["local_stats"] == "" {
					t.Fatalf("library errors: %v, want local_stats only", errs)
				}
			} else {
				gen("math")
			}

			lock := parseLockAt(t, root)
			if lock.Environment.OTPVersion.Value != otp {
				t.Fatalf("otp_version = %q, want this machine's %q", lock.Environment.OTPVersion.Value, otp)
			}
			if got := mismatches(t, root, py, env); strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Fatalf("config_hash_mismatch after the partial generation: %v, want %v", got, c.want)
			}
			if !c.editJSON {
				libs := loadLibraries(t, root)
				want, _ := libs[kept].ConfigHash(root, analysis.AtomEncodingsFor(otp)[0])
				if got := lock.Libraries[kept].ConfigHash.Value; got != want {
					t.Errorf("%s's kept config_hash = %s, want %s (its options in OTP %s's encoding)", kept, got, want, otp)
				}
			}
		})
	}
}

// latin1Lock rewrites a lock's otp_version to 25 and its config_hashes to
// the Latin-1 encoding of the same options.
func latin1Lock(t *testing.T, root string, data []byte) []byte {
	t.Helper()
	out := strings.Replace(string(data), `"otp_version": "28"`, `"otp_version": "25"`, 1)
	for name, l := range loadLibraries(t, root) {
		utf8, _ := l.ConfigHash(root, term.AtomsUTF8)
		latin, _ := l.ConfigHash(root, term.AtomsLatin1)
		if !strings.Contains(out, utf8) {
			t.Fatalf("the fixture lock lacks %s's hash %s", name, utf8)
		}
		out = strings.Replace(out, utf8, latin, 1)
	}
	return []byte(out)
}

func loadLibraries(t *testing.T, root string) map[string]*analysis.Library {
	t.Helper()
	p := analysis.Load(context.Background(), root, analysis.Options{})
	if len(p.Unreadable) > 0 {
		t.Fatalf("unreadable: %v", p.Unreadable)
	}
	out := map[string]*analysis.Library{}
	for _, l := range p.Libraries {
		out[l.PythonName] = l
	}
	return out
}

// mismatches lists the libraries check reports config_hash_mismatch for.
func mismatches(t *testing.T, root, py string, env *Environment) []string {
	t.Helper()
	fps, err := Fingerprints()
	if err != nil {
		t.Fatal(err)
	}
	r := analysis.Check(context.Background(), root, analysis.Options{Python: py, Facts: env.Facts, Generators: fps})
	if r.ExitCode() == analysis.ExitUnevaluable {
		t.Fatalf("check cannot evaluate the project: %v", r.Findings)
	}
	var out []string
	for _, f := range r.Findings {
		if f.Code == analysis.CodeConfigHashMismatch {
			out = append(out, f.LibraryName())
		}
	}
	return out
}

func editFile(t *testing.T, root, rel, old, new string) {
	t.Helper()
	path := filepath.Join(root, rel)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", rel, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}
