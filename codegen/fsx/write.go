package fsx

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// TempPrefix begins the base name of every temp file this package creates.
// It is a dot-name (mix's source globs and most watchers' defaults skip
// those) and the random suffix never ends in ".ex", so a leftover can never
// be compiled as a module.
const TempPrefix = ".snakebridge-lsp-tmp-"

// IsTempFile reports whether name (a base name or a path) is a temp file of
// this package, which a watcher should ignore.
func IsTempFile(name string) bool {
	return strings.HasPrefix(filepath.Base(name), TempPrefix)
}

// Writer writes and removes files crash-safely. The zero value writes
// anywhere without notifying anyone; the generator sets Guard.
type Writer struct {
	// Guard, when set, must accept every path before it is written or
	// removed.
	Guard *Guard
	// Echo, when set, is called just before a changed file is renamed into
	// place, with its path (as given, filepath.Clean'ed) and the SHA-256 of
	// its new content, so the language server can recognise the watcher
	// event of its own write. It runs in the writing goroutine.
	Echo func(path string, sum [sha256.Size]byte)
}

// WriteFile is Writer{}.WriteFile: an atomic write-if-changed without a
// guard or an echo hook.
func WriteFile(path string, data []byte, perm fs.FileMode) (changed bool, err error) {
	return Writer{}.WriteFile(path, data, perm)
}

// WriteFile makes path hold exactly data. When the file already holds those
// bytes nothing is written (so no watcher fires) and changed is false.
// Otherwise the data goes to a temp file in the same directory, which is
// fsynced and renamed over path, and the directory is fsynced; missing
// parent directories are created (0755). A replaced file gets perm (less the
// umask), not its previous mode. A symlink at path is replaced by the new
// file, never written through (and a Guard refuses it outright).
//
// On any error before the rename the target is untouched and no temp file
// remains. An error with changed true means the new content is in place but
// the directory could not be synced.
func (w Writer) WriteFile(path string, data []byte, perm fs.FileMode) (changed bool, err error) {
	path = filepath.Clean(path)
	if w.Guard != nil {
		if err := w.Guard.Check(path); err != nil {
			return false, err
		}
	}
	same, err := sameContent(path, data)
	if err != nil {
		return false, fmt.Errorf("writing %s: %w", path, err)
	}
	if same {
		return false, nil
	}
	dir := filepath.Dir(path)
	if err := mkdirAll(dir); err != nil {
		return false, fmt.Errorf("writing %s: creating directory %s: %w", path, dir, bare(err))
	}
	tmp, err := writeTemp(dir, data, perm)
	if err != nil {
		return false, fmt.Errorf("writing %s: %w", path, err)
	}
	if w.Echo != nil {
		w.Echo(path, sha256.Sum256(data))
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return false, fmt.Errorf("writing %s: renaming the temporary copy into place: %w", path, bare(err))
	}
	if err := syncDir(dir); err != nil {
		return true, fmt.Errorf("writing %s: the new content is in place but syncing directory %s failed: %w", path, dir, bare(err))
	}
	return true, nil
}

// Remove deletes the file at path (not a directory). A missing file is not
// an error: removed is then false.
func (w Writer) Remove(path string) (removed bool, err error) {
	path = filepath.Clean(path)
	if w.Guard != nil {
		if err := w.Guard.Check(path); err != nil {
			return false, err
		}
	}
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("removing %s: %w", path, bare(err))
	}
	if fi.IsDir() {
		return false, fmt.Errorf("removing %s: it is a directory", path)
	}
	if err := os.Remove(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, fmt.Errorf("removing %s: %w", path, bare(err))
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return true, fmt.Errorf("removing %s: removed but syncing its directory failed: %w", path, bare(err))
	}
	return true, nil
}

// SweepTemps removes the temp files this package left in dir (and, when
// recursive, below it, without following symlinks) when a previous run was
// killed between creating and renaming them. Call it at the start of a run,
// while holding the project lock: a concurrent writer's in-flight temp file
// would be swept too. A missing dir is not an error.
func SweepTemps(dir string, recursive bool) (removed []string, err error) {
	sweep := func(path string) error {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing leftover temporary file %s: %w", path, bare(err))
		}
		removed = append(removed, path)
		return nil
	}
	if !recursive {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("sweeping temporary files in %s: %w", dir, bare(err))
		}
		for _, e := range entries {
			if !e.IsDir() && IsTempFile(e.Name()) {
				if err := sweep(filepath.Join(dir, e.Name())); err != nil {
					return removed, err
				}
			}
		}
		return removed, nil
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return fmt.Errorf("sweeping temporary files in %s: %w", path, bare(err))
		}
		if d.IsDir() || !IsTempFile(d.Name()) {
			return nil
		}
		return sweep(path)
	})
	return removed, err
}

// sameContent reports whether path is a regular file holding exactly data.
// A symlink is never "the same": it is replaced, not written through.
func sameContent(path string, data []byte) (bool, error) {
	return sameAs(path, bytes.NewReader(data), int64(len(data)))
}

// compareChunk is how much of a large file sameAs compares at a time.
const compareChunk = 1 << 20

// sameAs reports whether path is a regular file holding exactly the size
// bytes of content; a large file is compared a chunk at a time.
func sameAs(path string, content io.ReaderAt, size int64) (bool, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, bare(err)
	}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		return false, nil
	case fi.IsDir():
		return false, errors.New("the target is a directory")
	case !fi.Mode().IsRegular():
		// Never open it: reading a FIFO would block.
		return false, fmt.Errorf("the target is not a regular file (%s)", fi.Mode().Type())
	case fi.Size() != size:
		return false, nil
	}
	f, _, err := safefile.OpenNoFollow(path)
	if err != nil {
		return false, fmt.Errorf("reading the current content: %w", bare(err))
	}
	defer f.Close()
	chunk := min(size, compareChunk)
	have, want := make([]byte, chunk+1), make([]byte, chunk)
	for off := int64(0); off < size; off += chunk {
		m := min(chunk, size-off)
		if _, err := io.ReadFull(f, have[:m]); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				return false, nil // shrunk since the Lstat
			}
			return false, fmt.Errorf("reading the current content: %w", bare(err))
		}
		if _, err := content.ReadAt(want[:m], off); err != nil && !errors.Is(err, io.EOF) {
			return false, fmt.Errorf("reading the new content: %w", err)
		}
		if !bytes.Equal(have[:m], want[:m]) {
			return false, nil
		}
	}
	// One byte more tells a file that grew since the Lstat.
	n, err := f.Read(have[:1])
	if err != nil && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("reading the current content: %w", bare(err))
	}
	return n == 0, nil
}

// mkdirAll creates dir and its missing parents, syncing each parent so the
// new entries survive a crash together with the file written into them.
func mkdirAll(dir string) error {
	fi, err := os.Stat(dir)
	if err == nil {
		if fi.IsDir() {
			return nil
		}
		return fmt.Errorf("%s is not a directory", dir)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	parent := filepath.Dir(dir)
	if parent == dir {
		return err
	}
	if err := mkdirAll(parent); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return syncDir(parent)
}

// writeTemp writes data to a new synced temp file in dir and returns its
// path; on error nothing is left behind.
func writeTemp(dir string, data []byte, perm fs.FileMode) (string, error) {
	f, name, err := createTemp(dir, perm)
	if err != nil {
		return "", fmt.Errorf("creating a temporary file in %s: %w", dir, bare(err))
	}
	if err := fillTemp(f, bytes.NewReader(data)); err != nil {
		_ = os.Remove(name)
		return "", err
	}
	return name, nil
}

// fillTemp writes content to a new temp file, syncs and closes it; the
// error names the step that failed.
func fillTemp(f *os.File, content io.Reader) error {
	step := "writing"
	_, err := io.Copy(f, content)
	if err == nil {
		step = "syncing"
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		step = "closing"
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s the temporary copy: %w", step, bare(err))
	}
	return nil
}

// writeTempIn is writeTemp in the directory open as root (dir names it in
// errors); it returns the temp file's base name.
func writeTempIn(root *os.Root, dir string, content io.Reader, perm fs.FileMode) (string, error) {
	f, name, err := createTempIn(root, dir, perm)
	if err != nil {
		return "", err
	}
	if err := fillTemp(f, content); err != nil {
		_ = root.Remove(name)
		return "", err
	}
	return name, nil
}

// createTempIn creates a fresh file named TempPrefix+<random> in the
// directory open as root (dir names it in errors) and returns it with its
// base name.
func createTempIn(root *os.Root, dir string, perm fs.FileMode) (*os.File, string, error) {
	var f *os.File
	var name string
	var err error
	for range 10 {
		name = fmt.Sprintf("%s%016x", TempPrefix, rand.Uint64())
		f, err = root.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return nil, "", fmt.Errorf("creating a temporary file in %s: %w", dir, bare(err))
	}
	return f, name, nil
}

// createTemp creates a fresh file named TempPrefix+<random> in dir with
// perm (less the umask, as os.WriteFile would).
func createTemp(dir string, perm fs.FileMode) (*os.File, string, error) {
	for range 10 {
		name := filepath.Join(dir, fmt.Sprintf("%s%016x", TempPrefix, rand.Uint64()))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, name, err
	}
	return nil, "", fmt.Errorf("no unused temporary file name in %s", dir)
}

// bare strips the operation and path of an *fs.PathError or *os.LinkError,
// which name our temp file rather than the file the caller cares about;
// the errno stays wrapped for errors.Is.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
