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
