//go:build unix

package fsx

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// guardTree is a project root with a generated dir, plus a directory
// outside it holding a file the guard must protect.
type guardTree struct {
	root, outside, victim string
}

func newGuardTree(t *testing.T) guardTree {
	t.Helper()
	g := guardTree{root: t.TempDir(), outside: t.TempDir()}
	g.victim = filepath.Join(g.outside, "victim.ex")
	mustWrite(t, g.victim, []byte("precious"))
	mustWrite(t, filepath.Join(g.root, "lib", "app.ex"), []byte("app"))
	mustWrite(t, filepath.Join(g.root, "deps", "snakebridge", "mix.exs"), []byte("deps"))
	return g
}

func (g guardTree) symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func TestGuardCheck(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, g guardTree) string // returns the path to check
		ok    bool
	}{
		{"new file under root", func(t *testing.T, g guardTree) string {
			return filepath.Join(g.root, "lib", "snakebridge_generated", "json", "__init__.ex")
		}, true},
		{"existing file", func(t *testing.T, g guardTree) string {
			return filepath.Join(g.root, "lib", "app.ex")
		}, true},
		{"the root itself", func(t *testing.T, g guardTree) string { return g.root }, true},
		{"dotdot out of root", func(t *testing.T, g guardTree) string {
			return filepath.Join(g.root, "lib", "..", "..", filepath.Base(g.outside), "victim.ex")
		}, false},
		{"generated_dir symlinked outside", func(t *testing.T, g guardTree) string {
			g.symlink(t, g.outside, filepath.Join(g.root, "lib", "snakebridge_generated"))
			return filepath.Join(g.root, "lib", "snakebridge_generated", "json", "__init__.ex")
		}, false},
		{"generated_dir symlinked to /tmp", func(t *testing.T, g guardTree) string {
			g.symlink(t, os.TempDir(), filepath.Join(g.root, "lib", "snakebridge_generated"))
			return filepath.Join(g.root, "lib", "snakebridge_generated", "x.ex")
		}, false},
		{"parent symlinked outside, file existing there", func(t *testing.T, g guardTree) string {
			g.symlink(t, g.outside, filepath.Join(g.root, "lib", "gen"))
			return filepath.Join(g.root, "lib", "gen", "victim.ex")
		}, false},
		{"target file is a symlink outside", func(t *testing.T, g guardTree) string {
			link := filepath.Join(g.root, "lib", "gen", "json.ex")
			g.symlink(t, g.victim, link)
			return link
		}, false},
		{"target file is a symlink inside", func(t *testing.T, g guardTree) string {
			link := filepath.Join(g.root, "lib", "gen", "json.ex")
			g.symlink(t, filepath.Join(g.root, "lib", "app.ex"), link)
			return link
		}, false},
		{"dangling symlink as a directory", func(t *testing.T, g guardTree) string {
			g.symlink(t, filepath.Join(g.outside, "nowhere"), filepath.Join(g.root, "lib", "gen"))
			return filepath.Join(g.root, "lib", "gen", "x.ex")
		}, false},
		{"directory symlink staying inside", func(t *testing.T, g guardTree) string {
			g.symlink(t, filepath.Join(g.root, "deps"), filepath.Join(g.root, "lib", "gen"))
			return filepath.Join(g.root, "lib", "gen", "new.ex")
		}, true},
		{"relative symlink climbing out", func(t *testing.T, g guardTree) string {
			rel, _ := filepath.Rel(filepath.Join(g.root, "lib"), g.outside)
			g.symlink(t, rel, filepath.Join(g.root, "lib", "gen"))
			return filepath.Join(g.root, "lib", "gen", "x.ex")
		}, false},
		{"sibling with the root as a prefix", func(t *testing.T, g guardTree) string {
			sibling := g.root + "-evil"
			t.Cleanup(func() { _ = os.RemoveAll(sibling) })
			return filepath.Join(sibling, "x.ex")
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newGuardTree(t)
			path := tc.setup(t, g)
			err := (&Guard{Root: g.root}).Check(path)
			if tc.ok {
				if err != nil {
					t.Fatalf("Check(%s) = %v, want nil", path, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Check(%s) accepted a path leading out of the project", path)
			}
			if !errors.Is(err, ErrOutsideRoot) || !strings.Contains(err.Error(), path) {
				t.Fatalf("Check(%s) = %q: want ErrOutsideRoot naming the path", path, err)
			}
			// A guarded writer refuses it too and touches nothing outside.
			w := Writer{Guard: &Guard{Root: g.root}}
			if _, err := w.WriteFile(path, []byte("overwritten"), 0o644); !errors.Is(err, ErrOutsideRoot) {
				t.Fatalf("guarded WriteFile(%s) = %v", path, err)
			}
			if _, err := w.Remove(path); !errors.Is(err, ErrOutsideRoot) {
				t.Fatalf("guarded Remove(%s) = %v", path, err)
			}
			if got := mustRead(t, g.victim); string(got) != "precious" {
				t.Fatalf("the file outside was changed: %q", got)
			}
			if files := allFiles(t, g.outside); len(files) != 1 {
				t.Fatalf("files appeared outside the project: %v", files)
			}
		})
	}
}

// TestGuardRootThroughSymlink: a project opened through a symlinked path
// (e.g. ~/code -> /data/code) is still itself.
func TestGuardRootThroughSymlink(t *testing.T) {
	real := t.TempDir()
	link := filepath.Join(t.TempDir(), "project")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	w := Writer{Guard: &Guard{Root: link}}
	for _, p := range []string{filepath.Join(link, "lib", "x.ex"), filepath.Join(real, "lib", "y.ex")} {
		if _, err := w.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatalf("WriteFile(%s) under a symlinked root: %v", p, err)
		}
	}
	if files := allFiles(t, real); len(files) != 2 {
		t.Fatalf("files %v", files)
	}
}

func TestGuardMissingRoot(t *testing.T) {
	root := filepath.Join(t.TempDir(), "missing")
	err := (&Guard{Root: root}).Check(filepath.Join(root, "x.ex"))
	if err == nil || !strings.Contains(err.Error(), root) {
		t.Fatalf("Check under a missing root = %v", err)
	}
}

// TestGuardRemembersDirectoriesNotFiles: a Guard that found a directory
// free of symlinks still refuses a symlink planted at a file's place in
// it, and one that replaces a file it already checked.
func TestGuardRemembersDirectoriesNotFiles(t *testing.T) {
	g := newGuardTree(t)
	guard := &Guard{Root: g.root}
	lib := filepath.Join(g.root, "lib")
	if err := guard.Check(filepath.Join(lib, "app.ex")); err != nil {
		t.Fatalf("Check(app.ex) = %v", err)
	}
	if !guard.knownPlain(lib) {
		t.Fatal("the guard did not remember lib as plain")
	}
	g.symlink(t, g.victim, filepath.Join(lib, "planted.ex"))
	if err := guard.Check(filepath.Join(lib, "planted.ex")); !errors.Is(err, ErrOutsideRoot) {
		t.Fatalf("Check(planted symlink) = %v, want ErrOutsideRoot", err)
	}
	if err := os.Remove(filepath.Join(lib, "app.ex")); err != nil {
		t.Fatal(err)
	}
	g.symlink(t, g.victim, filepath.Join(lib, "app.ex"))
	if err := guard.Check(filepath.Join(lib, "app.ex")); !errors.Is(err, ErrOutsideRoot) {
		t.Fatalf("Check(app.ex replaced by a symlink) = %v, want ErrOutsideRoot", err)
	}
	if err := guard.Check(filepath.Join(lib, "new.ex")); err != nil {
		t.Fatalf("Check(new.ex) = %v", err)
	}
}
