//go:build unix

package codegen

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestManifestWrittenBesideItself: the manifest is encoded straight into
// its temp file in the project, never in os.TempDir() (a tmpfs /tmp held
// sympy's 312 MB explicit manifest in memory before, then it was copied
// again): with TMPDIR unusable the run succeeds, leaves no temp file, and
// a run that re-encodes an identical manifest leaves the file untouched.
func TestManifestWrittenBesideItself(t *testing.T) {
	g := newGenerator(t)
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	g.generate()
	manifest := filepath.Join(g.root, ".snakebridge", "manifest.json")
	before, err := os.Stat(manifest)
	if err != nil {
		t.Fatal(err)
	}
	// A hand-edited binding makes the run commit again, with an identical
	// manifest.
	binding := filepath.Join(g.root, "lib/snakebridge_generated/math/__init__.ex")
	if err := os.WriteFile(binding, []byte("# hand edit\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := g.generate(); len(res.Written) == 0 {
		t.Fatal("the hand-edited binding was not restored")
	}
	after, err := os.Stat(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if ino(before) != ino(after) || !before.ModTime().Equal(after.ModTime()) {
		t.Errorf("an identical manifest was rewritten (inode %d→%d)", ino(before), ino(after))
	}
	entries, err := os.ReadDir(filepath.Dir(manifest))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "manifest.json" && e.Name() != "registry.json" {
			t.Errorf("%s left in %s", e.Name(), filepath.Dir(manifest))
		}
	}
}

func ino(fi os.FileInfo) uint64 { return fi.Sys().(*syscall.Stat_t).Ino }
