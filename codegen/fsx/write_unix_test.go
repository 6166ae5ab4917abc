//go:build unix

package fsx

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWriteFileRefusesFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.ex")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	// Reading a FIFO would block forever; the test would hang, not fail.
	_, err := WriteFile(fifo, []byte("x"), 0o644)
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("writing over a FIFO: %v", err)
	}
	requireNoTemps(t, dir)
}

// TestWriteFileReplacesSymlinkNotItsTarget: without a guard a symlink at
// the target is replaced by the new file; the file it pointed to keeps its
// content.
func TestWriteFileReplacesSymlinkNotItsTarget(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "victim.txt")
	mustWrite(t, victim, []byte("precious"))
	link := filepath.Join(dir, "x.ex")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	for _, data := range []string{"new", "precious"} { // also when equal to the target's bytes
		changed, err := WriteFile(link, []byte(data), 0o644)
		if err != nil || !changed {
			t.Fatalf("WriteFile over a symlink = %v, %v", changed, err)
		}
		fi, _ := os.Lstat(link)
		if !fi.Mode().IsRegular() || string(mustRead(t, link)) != data {
			t.Fatalf("the symlink was not replaced by a regular file holding %q", data)
		}
		if got := mustRead(t, victim); string(got) != "precious" {
			t.Fatalf("wrote through the symlink: victim holds %q", got)
		}
		_ = os.Remove(link)
		_ = os.Symlink(victim, link)
	}
}

// TestWriteFilePermissionDenied runs the write as an unprivileged user
// (root bypasses permissions) in a child process.
func TestWriteFilePermissionDenied(t *testing.T) {
	base, err := os.MkdirTemp("", "fsx-perm-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(base) })
	dir := filepath.Join(base, "lib")
	path := filepath.Join(dir, "x.ex")
	mustWrite(t, path, []byte("old content\n"))
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })

	var msg string
	var permission bool
	if os.Geteuid() != 0 {
		_, err := WriteFile(path, []byte("new content\n"), 0o644)
		if err == nil {
			t.Fatal("writing into a read-only directory succeeded")
		}
		msg, permission = err.Error(), errors.Is(err, os.ErrPermission)
	} else {
		msg, permission = writeAsNobody(t, base, path)
	}
	if !permission || !strings.Contains(msg, path) || !strings.Contains(msg, "permission denied") {
		t.Fatalf("error %q: want a permission error naming %s", msg, path)
	}
	if got := mustRead(t, path); string(got) != "old content\n" {
		t.Fatalf("the old file was changed: %q", got)
	}
	requireNoTemps(t, base)
}
