// Package safefile opens and reads the files a project controls. A checkout
// may hold a symlink to /dev/zero or a FIFO where a lock, a manifest or a
// config file belongs (git stores symlinks): opening a FIFO for reading
// blocks until a writer appears, and a device reads forever. Every read of
// a project file goes through Open, ReadFile or Hash, which open without
// blocking, refuse anything that is not a regular file (judged by fstat of
// the opened descriptor, so a swap between a check and the open cannot
// slip through) and read at most a stated number of bytes.
//
// The limits are documented in docs/security.md ("Files the tool reads and
// writes, and their limits"); keep the two in step.
package safefile

import (
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
)

// Limits on what one read takes in. Each is far above any real file of its
// kind and low enough that a hostile file cannot exhaust memory.
const (
	// MaxSource bounds Elixir sources, mix.exs and config files.
	MaxSource = 64 << 20
	// MaxData bounds the JSON files SnakeBridge keeps (snakebridge.lock,
	// the manifest, the registry); the generator refuses to write more.
	// The largest real one we know is sympy's manifest in module_mode
	// :explicit, 312 MB (1,356 classes listing 153,000 inherited methods,
	// as upstream's schema has them): the limit leaves it room to grow.
	MaxData = 512 << 20
	// MaxSmall bounds small metadata files (pyvenv.cfg, dist-info
	// METADATA, .pth files, mix.lock, caches of our own).
	MaxSmall = 16 << 20
	// MaxHashed bounds files that are hashed by streaming (Python
	// sources, generated files, docs manifests, interpreters): memory
	// stays constant, the bound only stops an endless file.
	MaxHashed = 4 << 30
)

// ErrNotRegular is matched (errors.Is) by the error for anything that is
// not a regular file: a FIFO, a device, a socket, a directory.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is matched (errors.Is) by the error for a file over the
// limit of its read.
var ErrTooLarge = errors.New("file too large")

// NotRegularError names what was found instead of a regular file.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("not a regular file (%s)", describeMode(e.Mode))
}

// Is makes errors.Is(err, ErrNotRegular) true.
func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

// TooLargeError says how large a file was (at least) and the limit.
type TooLargeError struct{ Size, Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("file too large: %d bytes (limit %s)", e.Size, FormatSize(e.Limit))
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

func describeMode(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	default:
		return m.Type().String()
	}
}

// FormatSize prints a byte count for messages: bytes below 1 KiB, else
// KiB, MiB or GiB with one decimal where it matters.
func FormatSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	units := []string{"KiB", "MiB", "GiB", "TiB"}
	v := float64(n) / unit
	i := 0
	for v >= unit && i < len(units)-1 {
		v /= unit
		i++
	}
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d %s", int64(v), units[i])
	}
	return fmt.Sprintf("%.1f %s", v, units[i])
}

// Open opens path for reading without blocking (a FIFO without a writer
// does not hang) and returns the file with the fstat of the opened
// descriptor. Anything but a regular file is closed and refused with an
// *fs.PathError wrapping a *NotRegularError. Symlinks are followed: what
// counts is the file finally opened.
func Open(path string) (*os.File, fs.FileInfo, error) {
	return open(path, 0)
}

func open(path string, flags int) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags|flags, 0)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, &fs.PathError{Op: "open", Path: path, Err: &NotRegularError{Mode: info.Mode()}}
	}
	return f, info, nil
}

// OpenNoFollow is Open that also refuses a symlink as the last component
// of path (where the platform has O_NOFOLLOW): for files the tool wrote
// itself, where a symlink can only have been planted.
func OpenNoFollow(path string) (*os.File, fs.FileInfo, error) {
	return open(path, noFollow)
}

// ReadFile reads the regular file at path, at most limit bytes: a larger
// file (by fstat, or one that grows while read) is refused with an
// *fs.PathError wrapping a *TooLargeError, before its content is read
// when its size says so.
func ReadFile(path string, limit int64) ([]byte, error) {
	data, _, err := ReadFileInfo(path, limit)
	return data, err
}

// ReadFileInfo is ReadFile that also returns the fstat of the file read
// (for caches keyed by file version).
func ReadFileInfo(path string, limit int64) ([]byte, fs.FileInfo, error) {
	f, info, err := Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := ReadAll(f, path, info.Size(), limit)
	if err != nil {
		return nil, nil, err
	}
	return data, info, nil
}

// ReadAll reads r to its end, at most limit bytes; size is the expected
// size (fstat), used to refuse early and to allocate once. path names the
// file in errors.
func ReadAll(r io.Reader, path string, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, tooLarge(path, size, limit)
	}
	// As os.ReadFile: one allocation when the size is right, growth by
	// append otherwise; the LimitReader stops an endless file one byte
	// past the limit.
	lr := io.LimitReader(r, limit+1)
	buf := make([]byte, 0, max(size, 0)+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
	}
	if int64(len(buf)) > limit {
		return nil, tooLarge(path, int64(len(buf)), limit)
	}
	return buf, nil
}

func tooLarge(path string, size, limit int64) error {
	return &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Size: size, Limit: limit}}
}

// Hash streams the regular file at path into h, at most limit bytes, and
// returns the fstat of the file hashed.
func Hash(path string, limit int64, h hash.Hash) (fs.FileInfo, error) {
	f, info, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info.Size() > limit {
		return nil, tooLarge(path, info.Size(), limit)
	}
	n, err := io.Copy(h, io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	if n > limit {
		return nil, tooLarge(path, n, limit)
	}
	return info, nil
}
