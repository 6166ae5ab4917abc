package fsx

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// dirHandle is a directory of a commit, opened once through the project
// root (os.Root: no path component, symlinks included, may lead out of
// it). Every later operation on the directory's entries — temp files,
// renames, removals, the final sync — is relative to the open directory,
// so a component replaced by a symlink after the guard checked it cannot
// redirect a write outside the project: the change lands in the
// directory that was checked, wherever it is now.
type dirHandle struct {
	root *os.Root
	file *os.File // the directory itself: its descriptor and fsync
}

func (h *dirHandle) close() {
	_ = h.file.Close()
	_ = h.root.Close()
}

// dirs opens and keeps the directories of one Commit.Apply.
type dirs struct {
	guard   *Guard
	base    *os.Root // the resolved project root; nil without a guard
	spells  []string // the spellings of the root the paths may use
	handles map[string]*dirHandle
}

// open returns the handle of dir (absolute, clean), creating dir and its
// missing parents first when create is set.
func (d *dirs) open(dir string, create bool) (*dirHandle, error) {
	if h, ok := d.handles[dir]; ok {
		return h, nil
	}
	var r *os.Root
	var err error
	if d.guard == nil {
		// No guard: the writer writes anywhere, as a path would.
		if create {
			if err := mkdirAll(dir); err != nil {
				return nil, err
			}
		}
		r, err = os.OpenRoot(dir)
	} else {
		r, err = d.openGuarded(dir, create)
	}
	if err != nil {
		return nil, err
	}
	f, err := r.Open(".")
	if err != nil {
		_ = r.Close()
		return nil, err
	}
	h := &dirHandle{root: r, file: f}
	if d.handles == nil {
		d.handles = map[string]*dirHandle{}
	}
	d.handles[dir] = h
	return h, nil
}

// openGuarded opens dir through the project root, creating it when asked.
func (d *dirs) openGuarded(dir string, create bool) (*os.Root, error) {
	if d.base == nil {
		root, err := d.guard.resolvedRoot()
		if err != nil {
			return nil, err
		}
		if d.base, err = os.OpenRoot(root); err != nil {
			return nil, err
		}
		d.spells = rootSpellings(d.guard.Root, root)
	}
	rel, ok := "", false
	for _, s := range d.spells {
		if dir == s {
			rel, ok = ".", true
			break
		}
		if within(s, dir) {
			rel, ok = strings.TrimPrefix(dir[len(s):], string(filepath.Separator)), true
			break
		}
	}
	if !ok {
		return nil, fmt.Errorf("%w: %s is not below %s", ErrOutsideRoot, dir, d.guard.Root)
	}
	if create {
		if err := mkdirAllIn(d.base, rel); err != nil {
			return nil, err
		}
	}
	return d.base.OpenRoot(rel)
}

// closeAll closes every handle and the root.
func (d *dirs) closeAll() {
	for _, h := range d.handles {
		h.close()
	}
	if d.base != nil {
		_ = d.base.Close()
	}
}

// mkdirAllIn is mkdirAll inside root: it creates rel and its missing
// parents, syncing each parent so that the new entries survive a crash
// together with the file written into them.
func mkdirAllIn(root *os.Root, rel string) error {
	if rel == "." {
		return nil
	}
	fi, err := root.Stat(rel)
	if err == nil {
		if fi.IsDir() {
			return nil
		}
		return fmt.Errorf("%s is not a directory", rel)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	parent := filepath.Dir(rel)
	if err := mkdirAllIn(root, parent); err != nil {
		return err
	}
	if err := root.Mkdir(rel, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	p, err := root.Open(parent)
	if err != nil {
		return err
	}
	defer p.Close()
	return syncOpenDir(p)
}
