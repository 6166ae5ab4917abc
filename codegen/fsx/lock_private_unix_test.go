//go:build unix && !aix

package fsx

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/privdir"
)

// TestLockRefusesPlantedFallbackDirectory: with neither HOME nor
// XDG_CACHE_HOME nor XDG_RUNTIME_DIR (systemd units, env -i), locks live in
// $TMPDIR/snakebridge-lsp-<uid>. Another user who created it first, with a
// lock symlink pointing at one of our files, must not make us truncate it.
func TestLockRefusesPlantedFallbackDirectory(t *testing.T) {
	tmp := t.TempDir()
	if err := os.Chmod(tmp, 0o1777); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", "")
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("XDG_RUNTIME_DIR", "")
	t.Setenv("TMPDIR", tmp)
	root := t.TempDir()
	victim := filepath.Join(t.TempDir(), "precious")
	if err := os.WriteFile(victim, []byte("keep me\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path, err := LockPath(root)
	if err != nil {
		t.Fatal(err)
	}
	planted := filepath.Join(tmp, fmt.Sprintf("snakebridge-lsp-%d", os.Getuid()))
	if filepath.Dir(filepath.Dir(path)) != planted {
		t.Fatalf("lock path %s is not under %s", path, planted)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, path); err != nil {
		t.Fatal(err)
	}
	// Someone else's directory: chowned to nobody when we can, else
	// writable by everyone (which anybody could have made it).
	for _, dir := range []string{filepath.Dir(path), planted} {
		if os.Geteuid() == 0 {
			err = os.Chown(dir, 65534, 65534)
		} else {
			err = os.Chmod(dir, 0o777)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	l, err := Lock(context.Background(), root)
	if err == nil {
		l.Unlock()
		t.Fatal("locked through a directory another user controls")
	}
	if !errors.Is(err, privdir.ErrNotPrivate) {
		t.Fatalf("error %v does not say the directory is not private", err)
	}
	if data, _ := os.ReadFile(victim); string(data) != "keep me\n" {
		t.Fatalf("the symlinked file was changed: %q", data)
	}
}

// TestLockRefusesSymlinkedLockFile: even in a private directory, a lock
// file that is a symlink is not followed.
func TestLockRefusesSymlinkedLockFile(t *testing.T) {
	lockHome(t)
	root := t.TempDir()
	victim := filepath.Join(t.TempDir(), "precious")
	if err := os.WriteFile(victim, []byte("keep me\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path, err := LockPath(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, path); err != nil {
		t.Fatal(err)
	}
	if l, err := Lock(context.Background(), root); err == nil {
		l.Unlock()
		t.Fatal("locked through a symlinked lock file")
	}
	if data, _ := os.ReadFile(victim); string(data) != "keep me\n" {
		t.Fatalf("the symlinked file was changed: %q", data)
	}
}
