//go:build linux

package fsx

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// mount runs mount(8) with args, skipping the test (failing it under CI)
// when this user may not mount; the mount point is unmounted when the test
// ends, whatever happens.
func mount(t *testing.T, target string, args ...string) {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.Missing(t, "mounting file systems needs root")
	}
	if _, err := exec.LookPath("mount"); err != nil {
		testenv.Missing(t, "mount(8) is not installed")
	}
	out, err := exec.Command("mount", append(args, target)...).CombinedOutput()
	if err != nil {
		testenv.Missing(t, "mount "+strings.Join(args, " ")+" is not permitted here: "+strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { unmount(t, target) })
}

// remount changes the options of a mount made by mount.
func remount(t *testing.T, target, options string) {
	t.Helper()
	if out, err := exec.Command("mount", "-o", options, target).CombinedOutput(); err != nil {
		testenv.Missing(t, "mount -o "+options+" is not permitted here: "+strings.TrimSpace(string(out)))
	}
}

func unmount(t *testing.T, target string) {
	if out, err := exec.Command("umount", target).CombinedOutput(); err != nil {
		// Busy (e.g. a stray open file): detach it lazily rather than leave it.
		if out2, err2 := exec.Command("umount", "-l", target).CombinedOutput(); err2 != nil {
			t.Errorf("unmounting %s: %v: %s; lazy: %v: %s", target, err, out, err2, out2)
		}
	}
}

func TestWriteOnReadOnlyMount(t *testing.T) {
	src, mnt := t.TempDir(), t.TempDir()
	gen := filepath.Join(src, "lib", "gen")
	mustWrite(t, filepath.Join(gen, "json.ex"), []byte("old json\n"))
	mustWrite(t, filepath.Join(gen, "numpy.ex"), []byte("old numpy\n"))
	mount(t, mnt, "--bind", src)
	remount(t, mnt, "remount,bind,ro")

	target := filepath.Join(mnt, "lib", "gen", "json.ex")
	changed, err := WriteFile(target, []byte("new json\n"), 0o644)
	if err == nil || changed {
		t.Fatalf("WriteFile on a read-only mount = %v, %v", changed, err)
	}
	if !errors.Is(err, syscall.EROFS) || !strings.Contains(err.Error(), target) || !strings.Contains(err.Error(), "read-only file system") {
		t.Fatalf("error %q: want EROFS naming %s", err, target)
	}

	// An unchanged file needs no write, so it succeeds even read-only.
	if changed, err := WriteFile(filepath.Join(mnt, "lib", "gen", "numpy.ex"), []byte("old numpy\n"), 0o644); err != nil || changed {
		t.Fatalf("unchanged write on a read-only mount = %v, %v", changed, err)
	}

	var c Commit
	c.Put(filepath.Join(mnt, "lib", "gen", "numpy.ex"), []byte("old numpy\n"), 0o644)
	c.Put(filepath.Join(mnt, "lib", "gen", "new", "mod.ex"), []byte("new\n"), 0o644)
	c.Remove(filepath.Join(mnt, "lib", "gen", "json.ex"))
	res, err := c.Apply(context.Background())
	if !errors.Is(err, syscall.EROFS) || len(res.Unchanged) != 1 || len(res.Written) != 0 {
		t.Fatalf("commit on a read-only mount = %+v, %v", res, err)
	}
	if _, err := (Writer{}).Remove(filepath.Join(mnt, "lib", "gen", "json.ex")); !errors.Is(err, syscall.EROFS) {
		t.Fatalf("Remove on a read-only mount = %v", err)
	}

	if got := mustRead(t, filepath.Join(gen, "json.ex")); string(got) != "old json\n" {
		t.Fatalf("the old file changed: %q", got)
	}
	if files := allFiles(t, src); len(files) != 2 {
		t.Fatalf("files under the mount: %v", files)
	}
}

func TestWriteOnFullDisk(t *testing.T) {
	mnt := t.TempDir()
	mount(t, mnt, "-t", "tmpfs", "-o", "size=64k", "tmpfs")
	target := filepath.Join(mnt, "json.ex")
	mustWrite(t, target, []byte("old json\n"))

	changed, err := WriteFile(target, bytes.Repeat([]byte("x"), 200<<10), 0o644)
	if err == nil || changed {
		t.Fatalf("writing 200 KiB into 64 KiB = %v, %v", changed, err)
	}
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), target) || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("error %q: want ENOSPC naming %s", err, target)
	}
	if got := mustRead(t, target); string(got) != "old json\n" {
		t.Fatalf("the old file changed: %q", got)
	}
	if files := allFiles(t, mnt); len(files) != 1 {
		t.Fatalf("files left on the full disk: %v", files)
	}

	// A commit whose files do not all fit lands none of them (the batch
	// is staged before anything is renamed); the space is given back.
	var c Commit
	chunk := bytes.Repeat([]byte("y"), 24<<10)
	for _, name := range []string{"a.ex", "b.ex", "c.ex"} {
		c.Put(filepath.Join(mnt, name), chunk, 0o644)
	}
	res, err := c.Apply(context.Background())
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), filepath.Join(mnt, "c.ex")) {
		t.Fatalf("commit on a full disk = %v; want ENOSPC naming c.ex", err)
	}
	if len(res.Written) != 0 {
		t.Fatalf("written %v, want nothing", res.Written)
	}
	if files := allFiles(t, mnt); strings.Join(files, " ") != "json.ex" {
		t.Fatalf("files on the full disk: %v", files)
	}
	if _, err := WriteFile(filepath.Join(mnt, "small.ex"), []byte("fits\n"), 0o644); err != nil {
		t.Fatalf("a small write after the failure: %v (the failed temp file's space was not freed?)", err)
	}
}
