//go:build !unix || aix

package fsx

import (
	"context"
	"errors"
	"fmt"
	"runtime"
)

// errNoLock explains why there is no project lock on this platform.
var errNoLock = fmt.Errorf("project locking needs flock(2), which snakebridge-lsp does not support on %s yet: %w",
	runtime.GOOS, errors.ErrUnsupported)

// Lock fails on this platform (Windows is build-only for now).
func Lock(ctx context.Context, root string) (*ProjectLock, error) {
	return nil, fmt.Errorf("locking project %s: %w", root, errNoLock)
}

// TryLock fails on this platform (Windows is build-only for now).
func TryLock(root string) (*ProjectLock, error) {
	return nil, fmt.Errorf("locking project %s: %w", root, errNoLock)
}

// Unlock does nothing: no lock can be taken here.
func (l *ProjectLock) Unlock() error { return nil }
