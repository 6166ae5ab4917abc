package fsx

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/privdir"
)

// ErrLocked is wrapped by TryLock's error when another process (or another
// ProjectLock of this one) holds the project lock.
var ErrLocked = errors.New("another snakebridge-lsp run is writing this project")

// ProjectLock is the held write lock of one project. It is not safe for
// concurrent use; each writer takes its own.
type ProjectLock struct {
	root string
	path string
	f    *os.File
}

// Root is the project root the lock was taken for, symlinks resolved.
func (l *ProjectLock) Root() string { return l.root }

// Path is the lock file.
func (l *ProjectLock) Path() string { return l.path }

// LockPath is the lock file of the project at root: <dir>/<sha256 of the
// absolute, symlink-resolved root>.lock, where dir is
// os.UserCacheDir()/snakebridge-lsp/locks, or $XDG_RUNTIME_DIR/... when there
// is no cache directory, or a per-user directory under os.TempDir(). It is
// kept out of the project so that nothing shows in `git status`, and is
// never deleted (deleting a flock file lets two writers lock two inodes).
//
// The cache directory comes first because it depends only on $HOME (or
// $XDG_CACHE_HOME), which an editor, a terminal and an ssh session agree on,
// whereas $XDG_RUNTIME_DIR is missing from many non-login sessions: two
// processes that chose different directories would not exclude each other.
func LockPath(root string) (string, error) {
	real, err := realPath(root)
	if err != nil {
		return "", fmt.Errorf("locking project %s: %w", root, bare(err))
	}
	sum := sha256.Sum256([]byte(real))
	return filepath.Join(lockDir(), hex.EncodeToString(sum[:])+".lock"), nil
}

func lockDir() string {
	base, elems := lockBase()
	return filepath.Join(append([]string{base}, elems...)...)
}

// lockBase splits lockDir into the trusted base directory and the levels
// this tool creates below it, each of which must be private (another user
// who created /tmp/snakebridge-lsp-<uid> first could plant a symlink named
// like a lock file and have us truncate a file of ours).
func lockBase() (base string, elems []string) {
	if d, err := os.UserCacheDir(); err == nil {
		return d, []string{"snakebridge-lsp", "locks"}
	}
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		return d, []string{"snakebridge-lsp", "locks"}
	}
	return os.TempDir(), []string{fmt.Sprintf("snakebridge-lsp-%d", os.Getuid()), "locks"}
}

// openLock opens (creating it and its private directory) the lock file of
// root; O_NOFOLLOW refuses a symlink in place of the lock file.
func openLock(root string) (*ProjectLock, error) {
	path, err := LockPath(root)
	if err != nil {
		return nil, err
	}
	base, elems := lockBase()
	if _, err := privdir.Under(base, elems...); err != nil {
		return nil, fmt.Errorf("locking project %s: %w", root, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|openNoFollow, 0o600)
	if err != nil {
		return nil, fmt.Errorf("locking project %s: opening %s: %w", root, path, bare(err))
	}
	real, _ := realPath(root)
	return &ProjectLock{root: real, path: path, f: f}, nil
}

// stamp records the holder in the lock file, for the messages of waiters.
// It is informative only: the flock is the lock.
func (l *ProjectLock) stamp() {
	if l.f.Truncate(0) == nil {
		_, _ = l.f.WriteAt(fmt.Appendf(nil, "pid %d\nroot %s\n", os.Getpid(), l.root), 0)
	}
}

// holder describes the process that last stamped the lock file.
func (l *ProjectLock) holder() string {
	b, err := os.ReadFile(l.path)
	if err != nil {
		return "unknown process"
	}
	first, _, _ := strings.Cut(string(b), "\n")
	if !strings.HasPrefix(first, "pid ") {
		return "unknown process"
	}
	return "process " + strings.TrimPrefix(first, "pid ")
}
