//go:build unix

package fsx

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
)

// spoolFor returns an in-place spool for target holding data, written in
// pieces, with the inode of its file.
func spoolFor(t *testing.T, w Writer, target string, data []byte) (*Spool, uint64) {
	t.Helper()
	s, err := NewSpoolFor(w, target, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	for len(data) > 0 {
		n := min(len(data), 100_000)
		if _, err := s.Write(data[:n]); err != nil {
			t.Fatal(err)
		}
		data = data[n:]
	}
	fi, err := s.f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return s, fi.Sys().(*syscall.Stat_t).Ino
}

// identity is a file's inode and modification time.
func identity(t *testing.T, path string) (uint64, int64) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino, fi.ModTime().UnixNano()
}

// names lists the entries of dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestSpoolForLandsByRename: a spool made for its target is written in the
// target's directory, never in os.TempDir() (here unusable), and lands as
// that very file (same inode: renamed, not copied); before, the spool was
// an unlinked file of os.TempDir() copied into the project.
func TestSpoolForLandsByRename(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	root := t.TempDir()
	w := Writer{Guard: &Guard{Root: root}}
	target := filepath.Join(root, ".snakebridge", "manifest.json")
	data := bytes.Repeat([]byte("0123456789abcdef"), compareChunk/16+100)
	s, ino := spoolFor(t, w, target, data)
	c := Commit{Writer: w}
	c.PutSpool(target, s, 0o644)
	res, err := c.Apply(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Written, []string{target}) {
		t.Fatalf("Apply: %+v", res)
	}
	if got, _ := identity(t, target); got != ino {
		t.Errorf("the target is inode %d, the spool was %d: the content was copied", got, ino)
	}
	if !bytes.Equal(mustRead(t, target), data) {
		t.Error("the target does not hold the spooled content")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, filepath.Dir(target)); !reflect.DeepEqual(got, []string{"manifest.json"}) {
		t.Errorf("the directory holds %v after landing and closing", got)
	}
	if !bytes.Equal(mustRead(t, target), data) {
		t.Error("closing a landed spool changed its target")
	}
}

// TestSpoolForUnchanged: a spool holding what its target already holds
// lands nothing: the file keeps its inode and mtime, and the spool's temp
// goes when it is closed.
func TestSpoolForUnchanged(t *testing.T) {
	root := t.TempDir()
	w := Writer{Guard: &Guard{Root: root}}
	target := filepath.Join(root, ".snakebridge", "manifest.json")
	data := bytes.Repeat([]byte("abcdefgh"), compareChunk/8*2+7)
	if _, err := w.WriteFile(target, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ino, mtime := identity(t, target)
	s, _ := spoolFor(t, w, target, data)
	c := Commit{Writer: w}
	c.PutSpool(target, s, 0o644)
	res, err := c.Apply(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Unchanged, []string{target}) || len(res.Written) != 0 {
		t.Fatalf("Apply: %+v", res)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if gotIno, gotMtime := identity(t, target); gotIno != ino || gotMtime != mtime {
		t.Errorf("the unchanged target was rewritten: inode %d→%d, mtime %d→%d", ino, gotIno, mtime, gotMtime)
	}
	if got := names(t, filepath.Dir(target)); !reflect.DeepEqual(got, []string{"manifest.json"}) {
		t.Errorf("the directory holds %v", got)
	}
}

// TestSpoolForNotLanded: a spool closed without landing (a failed run)
// leaves the previous file as it was and nothing beside it.
func TestSpoolForNotLanded(t *testing.T) {
	root := t.TempDir()
	w := Writer{Guard: &Guard{Root: root}}
	target := filepath.Join(root, "manifest.json")
	if _, err := w.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _ := spoolFor(t, w, target, []byte("new content"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := string(mustRead(t, target)); got != "old" {
		t.Errorf("the target holds %q", got)
	}
	if got := names(t, root); !reflect.DeepEqual(got, []string{"manifest.json"}) {
		t.Errorf("the directory holds %v", got)
	}
}

// TestSpoolForSymlinks: a spool is never made through a symlink that
// leaves the project, and one swapped in after the spool was made does
// not redirect its landing: nothing reaches the outside directory.
func TestSpoolForSymlinks(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	w := Writer{Guard: &Guard{Root: root}}
	if err := os.Symlink(outside, filepath.Join(root, "out")); err != nil {
		t.Fatal(err)
	}
	if s, err := NewSpoolFor(w, filepath.Join(root, "out", "manifest.json"), 0o644); err == nil {
		_ = s.Close()
		t.Fatal("NewSpoolFor wrote through a symlink leaving the project")
	}
	target := filepath.Join(root, "meta", "manifest.json")
	s, _ := spoolFor(t, w, target, []byte("content"))
	if err := os.Rename(filepath.Join(root, "meta"), filepath.Join(root, "moved")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "meta")); err != nil {
		t.Fatal(err)
	}
	c := Commit{Writer: w}
	c.PutSpool(target, s, 0o644)
	_, _ = c.Apply(context.Background()) // refused by the guard or landed in the checked directory
	_ = s.Close()
	if got := names(t, outside); len(got) != 0 {
		t.Errorf("the outside directory holds %v", got)
	}
}
