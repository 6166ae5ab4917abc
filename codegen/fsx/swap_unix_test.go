//go:build unix

package fsx

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestSymlinkSwappedDuringCommitStaysInside: a directory of the generated
// tree, checked by the guard when its changes were staged, is replaced by
// a symlink to a directory outside the project while the commit lands
// (AfterWrite of an earlier change). Nothing may be written outside:
// before, the rename followed the new symlink. Each change lands in the
// directory it was checked in, wherever that directory now is.
func TestSymlinkSwappedDuringCommitStaysInside(t *testing.T) {
	for _, remove := range []bool{false, true} {
		name := "write"
		if remove {
			name = "remove"
		}
		t.Run(name, func(t *testing.T) {
			g := newGuardTree(t)
			gen := filepath.Join(g.root, "lib", "snakebridge_generated")
			first := filepath.Join(gen, "a", "x.ex")
			target := filepath.Join(gen, "b", "victim.ex")
			mustWrite(t, filepath.Join(gen, "b", "keep.ex"), []byte("b"))
			if remove {
				mustWrite(t, target, []byte("generated"))
			}
			c := Commit{Writer: Writer{Guard: &Guard{Root: g.root}}}
			c.Put(first, []byte("x"), 0o644)
			if remove {
				c.Remove(target)
			} else {
				c.Put(target, []byte("written through the swap"), 0o644)
			}
			moved := filepath.Join(g.root, "moved-b")
			c.Hooks.AfterWrite = func(n int) {
				if n != 1 {
					return
				}
				if err := os.Rename(filepath.Join(gen, "b"), moved); err != nil {
					t.Error(err)
				}
				if err := os.Symlink(g.outside, filepath.Join(gen, "b")); err != nil {
					t.Error(err)
				}
			}
			_, err := c.Apply(context.Background())
			if err != nil {
				t.Logf("Apply: %v", err)
			}
			got, rerr := os.ReadFile(g.victim)
			if rerr != nil || string(got) != "precious" {
				t.Fatalf("the file outside the project was changed: %q, %v", got, rerr)
			}
			entries, _ := os.ReadDir(g.outside)
			if len(entries) != 1 {
				t.Fatalf("something was written outside the project: %v", entries)
			}
			_, statErr := os.Stat(filepath.Join(moved, "victim.ex"))
			if remove != os.IsNotExist(statErr) {
				t.Errorf("the change did not land in the directory it was checked in (%v)", statErr)
			}
		})
	}
}

// TestBeforeLandStopsTheCommit: BeforeLand runs once, after staging and
// before anything lands; its error leaves every target as it was and no
// temp file behind.
func TestBeforeLandStopsTheCommit(t *testing.T) {
	g := newGuardTree(t)
	existing := filepath.Join(g.root, "lib", "app.ex")
	fresh := filepath.Join(g.root, "lib", "gen", "new.ex")
	calls := 0
	c := Commit{Writer: Writer{Guard: &Guard{Root: g.root}}, BeforeLand: func() error {
		calls++
		return os.ErrPermission
	}}
	c.Put(existing, []byte("changed"), 0o644)
	c.Put(fresh, []byte("new"), 0o644)
	res, err := c.Apply(context.Background())
	if err != os.ErrPermission || calls != 1 || len(res.Written) != 0 {
		t.Fatalf("Apply = %+v, %v after %d calls; want the gate's error, nothing written", res, err, calls)
	}
	if got, _ := os.ReadFile(existing); string(got) != "app" {
		t.Errorf("%s changed: %q", existing, got)
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("%s was written", fresh)
	}
	temps, _ := SweepTemps(g.root, true)
	if len(temps) > 0 {
		t.Errorf("temp files left: %v", temps)
	}
}
