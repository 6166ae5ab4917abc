package fsx

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// UpstreamLockSuffix ends the names of the lock files upstream's
// write_if_changed holds while it writes one generated file (compat §6.1).
const UpstreamLockSuffix = ".ex.lock"

// StaleUpstreamAge is the age from which an upstream lock file nobody holds
// open counts as abandoned. Upstream holds one only while it writes a
// single file, and its own writers give up after 5 s (100 × 50 ms), so a
// lock this old outlived a killed `mix compile`.
const StaleUpstreamAge = 60 * time.Second

// upstreamPoll is how often WaitUpstream looks again.
const upstreamPoll = 50 * time.Millisecond

// ErrStaleUpstreamLock is wrapped by the *StaleLockError WaitUpstream
// returns for an abandoned upstream lock file.
var ErrStaleUpstreamLock = errors.New("stale SnakeBridge lock file")

// StaleLockError names an abandoned upstream *.ex.lock file, which blocks
// upstream's own next `mix compile` (it raises "Failed to acquire lock").
type StaleLockError struct {
	Path string
	Age  time.Duration
}

// Error tells the user what the file is and what to do about it.
func (e *StaleLockError) Error() string {
	return fmt.Sprintf("%v: %s is %s old and no process has it open; a `mix compile` was probably killed while writing it — remove it if no mix compile is running",
		ErrStaleUpstreamLock, e.Path, e.Age.Round(time.Second))
}

// Unwrap makes errors.Is(err, ErrStaleUpstreamLock) hold.
func (e *StaleLockError) Unwrap() error { return ErrStaleUpstreamLock }

// UpstreamWriters lists the *.ex.lock files under generatedDir, sorted: each
// is a generated file upstream's `mix compile` is writing right now (or was
// writing when it was killed). A missing generatedDir has none. A symlinked
// generatedDir is followed (upstream writes through it) and the paths are
// then under its target.
func UpstreamWriters(generatedDir string) ([]string, error) {
	dir := generatedDir
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if dir, err = filepath.EvalSymlinks(dir); err != nil {
			return nil, fmt.Errorf("looking for SnakeBridge lock files in %s: %w", generatedDir, bare(err))
		}
	}
	var locks []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			// A lock file can vanish between listing and visiting.
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return fmt.Errorf("looking for SnakeBridge lock files in %s: %w", path, bare(err))
		}
		if d.Type().IsRegular() && strings.HasSuffix(d.Name(), UpstreamLockSuffix) {
			locks = append(locks, path)
		}
		return nil
	})
	sort.Strings(locks)
	return locks, err
}

// WaitUpstream waits until no upstream writer holds a lock file under
// generatedDir, or ctx ends. A lock file older than StaleUpstreamAge that
// no process has open (checked on Linux; elsewhere the age alone decides)
// ends the wait with a *StaleLockError naming it, instead of blocking
// until ctx ends.
func WaitUpstream(ctx context.Context, generatedDir string) error {
	for {
		locks, err := UpstreamWriters(generatedDir)
		if err != nil {
			return err
		}
		if len(locks) == 0 {
			return nil
		}
		if err := staleAmong(locks); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for SnakeBridge's mix compile to finish writing %s: %w",
				strings.TrimSuffix(locks[0], ".lock"), ctx.Err())
		case <-time.After(upstreamPoll):
		}
	}
}

// staleAmong returns a *StaleLockError for the first abandoned lock.
func staleAmong(locks []string) error {
	for _, lock := range locks {
		fi, err := os.Lstat(lock)
		if err != nil {
			continue // finished meanwhile
		}
		age := time.Since(fi.ModTime())
		if age >= StaleUpstreamAge && !heldOpen(lock) {
			return &StaleLockError{Path: lock, Age: age}
		}
	}
	return nil
}
