//go:build linux

package fsx

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// stageTemp writes content to a new file in dir that has no name yet
// (O_TMPFILE): it disappears if the process dies before linkTemp names
// it. ok is false when dir's file system cannot make such files; the
// caller then writes a named temp file when the change lands.
func stageTemp(dir *os.File, content io.Reader, perm fs.FileMode) (f *os.File, ok bool, err error) {
	fd, err := unix.Openat(int(dir.Fd()), ".", unix.O_RDWR|unix.O_TMPFILE|unix.O_CLOEXEC, uint32(perm.Perm()))
	switch {
	case errors.Is(err, unix.EOPNOTSUPP), errors.Is(err, unix.EISDIR), errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS):
		return nil, false, nil
	case err != nil:
		return nil, true, fmt.Errorf("creating a temporary file in %s: %w", dir.Name(), err)
	}
	f = os.NewFile(uintptr(fd), dir.Name())
	if _, err := io.Copy(f, content); err != nil {
		_ = f.Close()
		return nil, true, fmt.Errorf("writing the temporary copy: %w", bare(err))
	}
	return f, true, nil
}

// linkTemp gives a staged file a temp name (returned: a base name) in the
// open directory dir, ready to be renamed into place. ok is false when
// this system cannot link it (no /proc); the caller then writes a named
// temp file instead.
func linkTemp(f *os.File, dir *os.File) (name string, ok bool, err error) {
	src := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	for range 10 {
		name = fmt.Sprintf("%s%016x", TempPrefix, rand.Uint64())
		err = unix.Linkat(unix.AT_FDCWD, src, int(dir.Fd()), name, unix.AT_SYMLINK_FOLLOW)
		switch {
		case err == nil:
			return name, true, nil
		case errors.Is(err, unix.EEXIST):
			continue
		case errors.Is(err, unix.ENOENT), errors.Is(err, unix.ENOTDIR), errors.Is(err, unix.EPERM):
			return "", false, nil
		default:
			return "", true, fmt.Errorf("naming the temporary copy: %w", err)
		}
	}
	return "", true, fmt.Errorf("no unused temporary file name in %s", dir.Name())
}

// startWriteBack asks the kernel to start writing f's data out: fsyncs
// issued after it for many files mostly wait for I/O already under way.
// It is only a hint, so its failure is not an error.
func startWriteBack(f *os.File) {
	_ = unix.SyncFileRange(int(f.Fd()), 0, 0, unix.SYNC_FILE_RANGE_WRITE)
}
