package safefile

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// within fails the test instead of hanging the suite when f blocks (a FIFO
// opened without O_NONBLOCK waits for a writer forever).
func within(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("blocked for 10 s")
	}
}

// hostile makes a file of each kind a checkout can hold instead of a
// regular file.
func hostile(t *testing.T) map[string]string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or /dev/zero")
	}
	dir := t.TempDir()
	zero := filepath.Join(dir, "zero")
	require.NoError(t, os.Symlink("/dev/zero", zero))
	fifo := filepath.Join(dir, "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	sub := filepath.Join(dir, "dir")
	require.NoError(t, os.Mkdir(sub, 0o700))
	return map[string]string{"a character device": zero, "a FIFO": fifo, "a directory": sub}
}

// TestRefusesWhatIsNotARegularFile: a symlink to /dev/zero, a FIFO with no
// writer and a directory are refused at once by every entry point, with an
// error that says what the file is.
func TestRefusesWhatIsNotARegularFile(t *testing.T) {
	for kind, path := range hostile(t) {
		t.Run(kind, func(t *testing.T) {
			within(t, func() {
				_, err := ReadFile(path, MaxSmall)
				require.ErrorIs(t, err, ErrNotRegular)
				require.Contains(t, err.Error(), "not a regular file ("+kind+")")
				var pe *fs.PathError
				require.ErrorAs(t, err, &pe)
				require.Equal(t, path, pe.Path)

				_, err = Hash(path, MaxHashed, sha256.New())
				require.ErrorIs(t, err, ErrNotRegular)
				f, _, err := Open(path)
				require.ErrorIs(t, err, ErrNotRegular)
				require.Nil(t, f)
			})
		})
	}
}

// TestReadsAtMostTheLimit: a file over the limit is refused (by its size,
// before reading), one at the limit is read whole, and a reader longer
// than its announced size (a growing file, a /proc file reporting 0) is
// cut one byte past the limit.
func TestReadsAtMostTheLimit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	require.NoError(t, os.WriteFile(path, []byte("0123456789"), 0o644))

	data, info, err := ReadFileInfo(path, 10)
	require.NoError(t, err)
	require.Equal(t, "0123456789", string(data))
	require.EqualValues(t, 10, info.Size())

	_, err = ReadFile(path, 9)
	require.ErrorIs(t, err, ErrTooLarge)
	require.Contains(t, err.Error(), "file too large: 10 bytes (limit 9 bytes)")

	_, err = ReadAll(strings.NewReader(strings.Repeat("x", 100)), "grows", 0, 50)
	require.ErrorIs(t, err, ErrTooLarge)
	got, err := ReadAll(strings.NewReader(strings.Repeat("x", 100)), "grows", 3, 100)
	require.NoError(t, err)
	require.Len(t, got, 100)

	h := sha256.New()
	_, err = Hash(path, 10, h)
	require.NoError(t, err)
	require.Equal(t, sha256.Sum256([]byte("0123456789")), [32]byte(h.Sum(nil)))
	_, err = Hash(path, 9, sha256.New())
	require.ErrorIs(t, err, ErrTooLarge)

	_, err = ReadFile(filepath.Join(dir, "absent"), 10)
	require.True(t, errors.Is(err, fs.ErrNotExist), "absence stays recognisable: %v", err)
}

// TestFollowsSymlinksToRegularFiles: what counts is the file opened.
func TestFollowsSymlinksToRegularFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	require.NoError(t, os.WriteFile(target, []byte("ok"), 0o644))
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(target, link))
	data, err := ReadFile(link, 10)
	require.NoError(t, err)
	require.Equal(t, "ok", string(data))
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 1023: "1023 bytes", 1024: "1 KiB", 1536: "1.5 KiB",
		256 << 20: "256 MiB", 312 * 1000 * 1000: "297.5 MiB", 4 << 30: "4 GiB",
	} {
		require.Equal(t, want, FormatSize(n), n)
	}
}
