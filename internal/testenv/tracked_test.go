package testenv

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// filesUnder lists the regular files under dir, "/"-separated and sorted.
func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCopyTrackedLeavesUntrackedOut builds the state `make run` used to
// leave in examples/demo — a lock, a manifest and generated bindings next
// to the committed sources, some git-ignored — and checks that a copy has
// the committed sources only.
func TestCopyTrackedLeavesUntrackedOut(t *testing.T) {
	git := Tool(t, "git")
	repo := t.TempDir()
	writeFiles(t, repo, map[string]string{
		".gitignore":                       "/lib/snakebridge_generated/\n",
		"demo/mix.exs":                     "defmodule D do end\n",
		"demo/lib/demo.ex":                 "defmodule Demo do end\n",
		"demo/snakebridge.lock":            "{}",
		"demo/.snakebridge/manifest.json":  "{}",
		"demo/lib/snakebridge_generated/a": "generated",
	})
	for _, args := range [][]string{{"init", "-q"}, {"add", ".gitignore", "demo/mix.exs", "demo/lib/demo.ex"}} {
		cmd := exec.Command(git, args...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	dst := filepath.Join(t.TempDir(), "copy")
	CopyTracked(t, filepath.Join(repo, "demo"), dst)
	if got, want := filesUnder(t, dst), []string{"lib/demo.ex", "mix.exs"}; !slices.Equal(got, want) {
		t.Errorf("copied %v, want only the tracked %v", got, want)
	}
}

// TestDemoIsTheCommittedDemo fails when a test's copy of examples/demo
// holds anything git does not track there — a lock or bindings that an
// earlier `make run` or editor session generated in the checkout.
func TestDemoIsTheCommittedDemo(t *testing.T) {
	git := Tool(t, "git")
	src := filepath.Join(RepoRoot(t), "examples", "demo")
	cmd := exec.Command(git, "ls-files", "--", ".")
	cmd.Dir = src
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files in %s: %v", src, err)
	}
	want := strings.Fields(string(out))
	slices.Sort(want)
	got := filesUnder(t, Demo(t))
	if !slices.Equal(got, want) {
		t.Errorf("the demo copy has %v, git tracks %v", got, want)
	}
	for _, f := range got {
		if generatedEntries[f] || strings.HasPrefix(f, "lib/snakebridge_generated/") || strings.HasPrefix(f, ".snakebridge/") {
			t.Errorf("the demo copy holds the generated file %s", f)
		}
	}
}

// copiesOfExamples matches a test reaching into examples/ by a relative
// path ("../examples/demo", filepath.Join("..", "examples", …)) instead of
// going through Demo or CopyTracked, which leave untracked state behind.
var copiesOfExamples = regexp.MustCompile(`\.\./(\.\./)*examples/|"\.\.",\s*("\.\.",\s*)*"examples"`)

// TestNoTestReadsExamplesDirectly keeps every test on the tracked copy of
// the demo: a test that copied or read examples/ directly would see what
// `make run` or an editor generated there.
func TestNoTestReadsExamplesDirectly(t *testing.T) {
	root := RepoRoot(t)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "bin" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			code := strings.TrimSpace(line)
			if copiesOfExamples.MatchString(code) && !strings.HasPrefix(code, "//") && !strings.Contains(code, "regexp.MustCompile") {
				t.Errorf("%s:%d reads examples/ directly (use testenv.Demo or testenv.CopyTracked): %s", path, i+1, code)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
