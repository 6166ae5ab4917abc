// Package privdir creates the directories snakebridge-lsp keeps outside a
// project (caches, the written-out introspection script, lock files, worker
// working directories) so that no other local user can plant files in them.
//
// A private directory is a real directory (or a symlink owned by the user to
// one), owned by the current user, that nobody else can write to; Ensure
// creates it with mode 0700 and tightens an own directory that others could
// only read. A directory that another user owns, or that others can write to,
// is refused: it may already hold their files (an argparse.py on the worker's
// import path, a lock symlink pointing at one of the user's files).
package privdir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrNotPrivate is wrapped by Ensure's error when a directory exists but may
// be controlled by someone else.
var ErrNotPrivate = errors.New("not a private directory")

// Ensure makes dir a private directory of the current user, creating missing
// parents (mode 0700) and dir itself. Only dir is verified: its parent is the
// caller's trusted base (the user cache directory, or the sticky system
// temporary directory, where nobody can move another user's entry away).
func Ensure(dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Dir(dir), err)
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	return verify(dir)
}

// Under creates each successive element below base, verifying every one
// (see Ensure), and returns the joined path. base itself is trusted (the user
// cache directory, $XDG_RUNTIME_DIR, the sticky system temporary directory);
// it is created (0700) when missing but not checked.
func Under(base string, elems ...string) (string, error) {
	if err := os.MkdirAll(base, 0o700); err != nil {
		return "", fmt.Errorf("creating %s: %w", base, err)
	}
	dir := base
	for _, e := range elems {
		dir = filepath.Join(dir, e)
		if err := Ensure(dir); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// Temp creates a fresh private directory under the private directory parent
// (os.MkdirTemp creates it 0700 with a random name).
func Temp(parent, pattern string) (string, error) {
	if err := Ensure(parent); err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp(parent, pattern)
	if err != nil {
		return "", fmt.Errorf("creating a directory in %s: %w", parent, err)
	}
	return dir, nil
}
