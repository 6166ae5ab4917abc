//go:build unix

package fsx

import (
	"errors"
	"os"
	"syscall"
)

// openNoFollow makes the read of an existing target fail instead of
// following a symlink swapped in after our Lstat.
const openNoFollow = syscall.O_NOFOLLOW

// syncDir makes the entries of dir (a rename, a create, a removal) durable.
// File systems that cannot sync a directory say EINVAL or ENOTSUP; there is
// nothing more we can do for them, so that is not an error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		return nil
	}
	return err
}

// syncOpenDir is syncDir for a directory already open.
func syncOpenDir(d *os.File) error {
	err := d.Sync()
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		return nil
	}
	return err
}
