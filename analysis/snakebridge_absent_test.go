package analysis

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
)

// ourGenerator stands for snakebridge-lsp's own fingerprint, which the CLI
// and the server always pass as an extra accepted generator.
var ourGenerator = Fingerprint{Name: "snakebridge-lsp test", Hash: strings.Repeat("5", 64)}

// withoutSnakebridge removes deps/snakebridge from the fixture.
func withoutSnakebridge(f *fixture) {
	for name := range f.files {
		if strings.HasPrefix(name, "deps/") {
			delete(f.files, name)
		}
	}
}

func (f *fixture) checkWith(gens ...Fingerprint) *Report {
	f.t.Helper()
	f.write()
	env := f.env
	opts := Options{Python: f.python, Facts: pyenv.NewFactsCache(""), Generators: gens,
		Getenv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}
	return Check(context.Background(), f.root, opts)
}

// TestSnakebridgeNotInstalledSkipsGeneratorCheck: without SnakeBridge the
// generator hash of a lock SnakeBridge wrote cannot be verified, so the check
// is skipped (info only, exit 0) even though snakebridge-lsp's own generator
// is accepted too; a lock our generator wrote is still verified.
func TestSnakebridgeNotInstalledSkipsGeneratorCheck(t *testing.T) {
	ours := func(hash string) func(f *fixture) {
		return func(f *fixture) {
			lock := f.lock(func(v map[string]string) { v["generator_hash"] = fmt.Sprintf("%q", hash) })
			f.files["snakebridge.lock"] = strings.Replace(lock, `"libraries": {`,
				fmt.Sprintf(`"generator": {"hash": %q, "name": "snakebridge-lsp", "version": "test"},
  "libraries": {`, hash), 1)
		}
	}
	cases := []struct {
		name  string
		setup func(f *fixture)
		want  string
		exit  int
	}{
		{"upstream lock", func(f *fixture) {}, "[snakebridge_not_installed]", 0},
		{"our lock, our generator", ours(ourGenerator.Hash), "[snakebridge_not_installed]", 0},
		{"our lock, another version of our generator", ours(strings.Repeat("6", 64)), "[generator_hash_mismatch snakebridge_not_installed]", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			withoutSnakebridge(f)
			c.setup(f)
			r := f.checkWith(ourGenerator)
			if got := fmt.Sprint(codes(r)); got != c.want || r.ExitCode() != c.exit {
				t.Fatalf("codes %s exit %d, want %s exit %d:\n%s", got, r.ExitCode(), c.want, c.exit, describe(r))
			}
			info := findingByCode(r, CodeSnakebridgeNotInstalled)
			if !strings.Contains(info.Message, "no deps/snakebridge and no path dependency") || !strings.Contains(info.Message, "skipped") {
				t.Errorf("message: %s", info.Message)
			}
		})
	}
}

// TestSnakebridgePathDependencyNotFound: upstream's examples depend on
// SnakeBridge through path: "../.."; copied elsewhere, the message says
// that the path dependency is not there rather than that there is none.
func TestSnakebridgePathDependencyNotFound(t *testing.T) {
	cases := []struct{ path, want string }{
		{"../..", "path dependency ../.. not found: " + "%s has no priv/python"},
		{"../snakebridge", "path dependency ../snakebridge not found: %s does not exist"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			f := newFixture(t)
			withoutSnakebridge(f)
			f.files["mix.exs"] = strings.Replace(fixtureMix, `{:snakebridge, "~> 0.16"}`, fmt.Sprintf(`{:snakebridge, path: %q}`, c.path), 1)
			r := f.checkWith(ourGenerator)
			if got := fmt.Sprint(codes(r)); got != "[snakebridge_not_installed]" || r.ExitCode() != 0 {
				t.Fatalf("codes %s exit %d:\n%s", got, r.ExitCode(), describe(r))
			}
			want := fmt.Sprintf(c.want, filepath.Join(f.root, c.path))
			if msg := findingByCode(r, CodeSnakebridgeNotInstalled).Message; !strings.Contains(msg, want) || !strings.Contains(msg, "point path:") {
				t.Errorf("message %q does not say %q", msg, want)
			}
		})
	}
}

// TestSnakebridgeUnderDepsPath: an umbrella's apps fetch their
// dependencies into the umbrella's deps/ (deps_path: "../../deps"), so
// SnakeBridge is found there, named by messages as such, and its files are
// the app's inputs.
func TestSnakebridgeUnderDepsPath(t *testing.T) {
	base := newFixture(t)
	want := fmt.Sprint(codes(base.checkWith(ourGenerator)))
	f := newFixture(t)
	for name, body := range f.files {
		if rest, ok := strings.CutPrefix(name, "deps/"); ok {
			delete(f.files, name)
			f.files["../shared/deps/"+rest] = body
		}
	}
	f.files["mix.exs"] = strings.Replace(fixtureMix, "deps: deps(),", `deps: deps(), deps_path: "../shared/deps",`, 1)
	if got := fmt.Sprint(codes(f.checkWith(ourGenerator))); got != want {
		t.Errorf("codes %s, want %s as with deps/snakebridge", got, want)
	}
	shared := filepath.Join(filepath.Dir(f.root), "shared", "deps", "snakebridge")
	proj := Load(context.Background(), f.root, Options{})
	if proj.Snakebridge == nil || proj.Snakebridge.Dir != shared {
		t.Fatalf("SnakeBridge found at %+v, want %s", proj.Snakebridge, shared)
	}
	if in, ok := InputOf(proj.Inputs(), filepath.Join(shared, "mix.exs")); !ok || in.Role != RoleGenerator {
		t.Errorf("SnakeBridge's mix.exs under deps_path is not a generator input: %+v", in)
	}
	if msg := SnakebridgeAbsence(filepath.Join(t.TempDir(), "apps", "app"), proj.Mix); msg != "no ../shared/deps/snakebridge and no path dependency" {
		t.Errorf("absence message %q", msg)
	}
}
