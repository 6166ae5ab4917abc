//go:build unix

package privdir

import (
	"fmt"
	"os"
	"syscall"
)

// verify checks that dir is owned by the effective user and writable by
// nobody else; an own directory readable by others is tightened to 0700.
func verify(dir string) error {
	info, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("checking %s: %w", dir, err)
	}
	if info.Mode()&os.ModeSymlink != 0 {
		// The user's own symlink (a cache moved to another disk) is fine;
		// one planted by someone else in a shared directory is not.
		if err := owned(dir, info); err != nil {
			return err
		}
		if info, err = os.Stat(dir); err != nil {
			return fmt.Errorf("checking %s: %w", dir, err)
		}
	}
	if !info.IsDir() {
		return fmt.Errorf("%s: %w: it is not a directory", dir, ErrNotPrivate)
	}
	if err := owned(dir, info); err != nil {
		return err
	}
	perm := info.Mode().Perm()
	if perm&0o022 != 0 {
		return fmt.Errorf("%s: %w: others can write to it (mode %04o); remove it or run chmod 700 on it", dir, ErrNotPrivate, perm)
	}
	if perm&0o077 != 0 {
		if err := os.Chmod(dir, perm&0o700); err != nil {
			return fmt.Errorf("making %s private: %w", dir, err)
		}
	}
	return nil
}

func owned(dir string, info os.FileInfo) error {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("%s: %w: its owner is unknown", dir, ErrNotPrivate)
	}
	if uid := os.Geteuid(); int(st.Uid) != uid {
		return fmt.Errorf("%s: %w: it belongs to uid %d, not to you (uid %d); remove it or set XDG_CACHE_HOME", dir, ErrNotPrivate, st.Uid, uid)
	}
	return nil
}
