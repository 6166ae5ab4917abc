//go:build unix && !aix

package fsx

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// Polling bounds of Lock: a blocked flock(2) cannot be cancelled, so Lock
// retries a non-blocking one, backing off to lockPollMax.
const (
	lockPollMin = 2 * time.Millisecond
	lockPollMax = 50 * time.Millisecond
)

// Lock takes the write lock of the project at root, waiting while another
// writer holds it, until ctx ends (there is no other deadline). The lock is
// an flock(2) on LockPath(root): the kernel releases it when the holder
// exits or is killed, so a crashed writer never blocks the next one.
// Separate ProjectLocks exclude each other even within one process.
func Lock(ctx context.Context, root string) (*ProjectLock, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("locking project %s: %w", root, err)
	}
	l, err := openLock(root)
	if err != nil {
		return nil, err
	}
	for delay := lockPollMin; ; delay = min(2*delay, lockPollMax) {
		ok, err := l.try()
		if err != nil || ok {
			return l, err
		}
		select {
		case <-ctx.Done():
			holder := l.holder()
			_ = l.f.Close()
			return nil, fmt.Errorf("waiting for the lock of project %s (held by %s, lock file %s): %w", root, holder, l.path, ctx.Err())
		case <-time.After(delay):
		}
	}
}

// TryLock takes the write lock of the project at root if it is free, and
// otherwise fails at once with an error wrapping ErrLocked.
func TryLock(root string) (*ProjectLock, error) {
	l, err := openLock(root)
	if err != nil {
		return nil, err
	}
	ok, err := l.try()
	if err != nil {
		return nil, err
	}
	if !ok {
		holder := l.holder()
		_ = l.f.Close()
		return nil, fmt.Errorf("locking project %s: %w (held by %s, lock file %s)", root, ErrLocked, holder, l.path)
	}
	return l, nil
}

// try attempts the flock once; on a hard error the file is closed.
func (l *ProjectLock) try() (bool, error) {
	for {
		err := unix.Flock(int(l.f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case err == nil:
			l.stamp()
			return true, nil
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.EWOULDBLOCK):
			return false, nil
		}
		_ = l.f.Close()
		return false, fmt.Errorf("locking project %s: flock %s: %w", l.root, l.path, err)
	}
}

// Unlock releases the lock; later calls do nothing.
func (l *ProjectLock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	f := l.f
	l.f = nil
	err := unix.Flock(int(f.Fd()), unix.LOCK_UN)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("unlocking project %s: %w", l.root, err)
	}
	return nil
}
