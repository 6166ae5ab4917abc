package fsx

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// applyBatch bounds the changes staged at once (each holds an open file
// and a copy of its data on disk).
const applyBatch = 256

// syncers bounds the fsyncs issued at once: the file system commits
// concurrent ones together, which is most of the gain.
const syncers = 8

// applier is one Commit.Apply. Changes are applied in batches of three
// passes, each change still landing whole, in commit order:
//
//  1. stage: check each path with the guard, skip unchanged files, create
//     missing directories (synced as they are created) and write each new
//     content to a temp file of the target's directory that has no name
//     yet (Linux O_TMPFILE: it vanishes if the process dies);
//  2. sync the staged temp files, concurrently;
//  3. land the changes in order: name the temp file, tell Echo, rename it
//     over the target (or remove the file), call the AfterWrite hook.
//
// The directories of the landed changes are synced once at the end. So
// every target is wholly old or wholly new after a crash, the writes of
// one Apply are durable when it returns (before a later Commit starts),
// and a killed process leaves at most the one named temp file of the
// change it was landing. Where unnamed files are not available, a change
// writes and syncs its named temp file when it lands instead.
type applier struct {
	c       *Commit
	ctx     context.Context
	res     Result
	changes int
	dirs    map[string]*os.File // to sync at the end
	opened  dirs                // the directories of the changes, opened once
	gated   bool                // Commit.BeforeLand was called
}

// staged is a change ready to land.
type staged struct {
	o    *op
	path string // cleaned
	dir  string
	h    *dirHandle // dir, opened when the change was checked
	tmp  *os.File   // the new content, unnamed; nil: write it when landing
	// spool is set when tmp is an in-place spool's file (NewSpoolFor),
	// which the spool owns: it is not closed with the batch.
	spool *spoolDir
}

func (a *applier) run() error {
	for next := 0; next < len(a.c.ops); {
		batch, after, stageErr := a.stage(next)
		if stageErr != nil {
			// A change that cannot even be staged (a full disk, a read-only
			// directory) lands nothing of its batch: the files keep their
			// previous content rather than a half-applied mix.
			closeStaged(batch)
			return stageErr
		}
		n, syncErr := syncStaged(batch)
		if err := a.beforeLand(n); err != nil {
			closeStaged(batch)
			return err
		}
		landErr := a.land(batch[:n])
		closeStaged(batch[n:])
		switch {
		case landErr != nil:
			return landErr
		case syncErr != nil:
			return syncErr
		}
		next = after
	}
	return nil
}

// beforeLand calls Commit.BeforeLand once, before the first of n changes
// lands.
func (a *applier) beforeLand(n int) error {
	if a.gated || n == 0 || a.c.BeforeLand == nil {
		return nil
	}
	a.gated = true
	return a.c.BeforeLand()
}

// stage prepares the changes from ops[from] on, up to applyBatch of them;
// it returns them, the index of the first op not looked at, and the error
// that stopped it (the changes before the failing op are returned).
func (a *applier) stage(from int) ([]staged, int, error) {
	var batch []staged
	i := from
	for ; i < len(a.c.ops) && len(batch) < applyBatch; i++ {
		o := &a.c.ops[i]
		if err := a.ctx.Err(); err != nil {
			return batch, i, fmt.Errorf("applying changes: stopped before %s: %w", o.path, err)
		}
		s, change, err := a.stageOne(o)
		if err != nil {
			return batch, i, err
		}
		if change {
			batch = append(batch, s)
		}
	}
	return batch, i, nil
}

// stageOne checks one op and prepares it; change is false for a file that
// already holds its content (recorded as unchanged) or is already gone.
func (a *applier) stageOne(o *op) (s staged, change bool, err error) {
	w := a.c.Writer
	s = staged{o: o, path: filepath.Clean(o.path)}
	s.dir = filepath.Dir(s.path)
	if w.Guard != nil {
		if err := w.Guard.Check(s.path); err != nil {
			return s, false, err
		}
	}
	if o.remove {
		h, err := a.opened.open(s.dir, false)
		if errors.Is(err, fs.ErrNotExist) {
			return s, false, nil
		}
		if err != nil {
			return s, false, fmt.Errorf("removing %s: %w", s.path, bare(err))
		}
		s.h = h
		fi, err := h.root.Lstat(filepath.Base(s.path))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return s, false, nil
		case err != nil:
			return s, false, fmt.Errorf("removing %s: %w", s.path, bare(err))
		case fi.IsDir():
			return s, false, fmt.Errorf("removing %s: it is a directory", s.path)
		}
		return s, true, nil
	}
	same, err := o.same(s.path)
	if err != nil {
		return s, false, fmt.Errorf("writing %s: %w", s.path, err)
	}
	if same {
		a.res.Unchanged = append(a.res.Unchanged, o.path)
		return s, false, nil
	}
	if o.spool != nil && o.spool.inPlace(s.path) {
		// The content is already in a temp file of the target's directory,
		// opened when the spool was made: it lands by a rename there.
		s.h, s.tmp, s.spool = o.spool.at.h, o.spool.f, o.spool.at
		return s, true, nil
	}
	h, err := a.opened.open(s.dir, true)
	if err != nil {
		return s, false, fmt.Errorf("writing %s: creating directory %s: %w", s.path, s.dir, bare(err))
	}
	s.h = h
	tmp, _, err := stageTemp(h.file, o.content(), o.perm)
	if err != nil {
		return s, false, fmt.Errorf("writing %s: %w", s.path, err)
	}
	s.tmp = tmp
	return s, true, nil
}

// syncStaged syncs the staged temp files and returns how many of the
// batch, from its start, are durable, with the error of the first that
// is not.
func syncStaged(batch []staged) (int, error) {
	for i := range batch {
		if batch[i].tmp != nil {
			startWriteBack(batch[i].tmp)
		}
	}
	errs := make([]error, len(batch))
	sem := make(chan struct{}, syncers)
	var wg sync.WaitGroup
	for i := range batch {
		if batch[i].tmp == nil {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			if err := batch[i].tmp.Sync(); err != nil {
				errs[i] = fmt.Errorf("writing %s: syncing the temporary copy: %w", batch[i].path, bare(err))
			}
			<-sem
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return i, err
		}
	}
	return len(batch), nil
}

// land applies the staged changes in order; it closes their temp files.
func (a *applier) land(batch []staged) error {
	defer closeStaged(batch)
	for _, s := range batch {
		if err := a.ctx.Err(); err != nil {
			return fmt.Errorf("applying changes: stopped before %s: %w", s.o.path, err)
		}
		var changed bool
		var err error
		if s.o.remove {
			changed, err = a.remove(s)
		} else {
			changed, err = a.write(s)
		}
		if err != nil {
			return err
		}
		if changed {
			a.changes++
			if a.c.Hooks.AfterWrite != nil {
				a.c.Hooks.AfterWrite(a.changes)
			}
		}
	}
	return nil
}

func (a *applier) remove(s staged) (bool, error) {
	if err := s.h.root.Remove(filepath.Base(s.path)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, fmt.Errorf("removing %s: %w", s.path, bare(err))
	}
	a.dirs[s.dir] = s.h.file
	a.res.Removed = append(a.res.Removed, s.o.path)
	return true, nil
}

// write names the staged content (or writes a synced temp file) and
// renames it over the target.
func (a *applier) write(s staged) (bool, error) {
	// Names are relative to the directory opened when the change was
	// checked: a symlink swapped in since cannot redirect them.
	var tmp string
	ok := false
	if s.spool != nil && s.spool.temp != "" {
		tmp, ok = s.spool.temp, true
	} else if s.tmp != nil {
		var err error
		tmp, ok, err = linkTemp(s.tmp, s.h.file)
		if err != nil {
			return false, fmt.Errorf("writing %s: %w", s.path, err)
		}
	}
	if !ok {
		var err error
		if tmp, err = writeTempIn(s.h.root, s.dir, s.o.content(), s.o.perm); err != nil {
			return false, fmt.Errorf("writing %s: %w", s.path, err)
		}
	}
	if a.c.Writer.Echo != nil {
		a.c.Writer.Echo(s.path, s.o.sum())
	}
	if err := s.h.root.Rename(tmp, filepath.Base(s.path)); err != nil {
		if s.spool == nil || tmp != s.spool.temp {
			_ = s.h.root.Remove(tmp) // a spool's own name goes when it is closed
		}
		return false, fmt.Errorf("writing %s: renaming the temporary copy into place: %w", s.path, bare(err))
	}
	if s.spool != nil {
		s.spool.landed = true
	}
	a.dirs[s.dir] = s.h.file
	a.res.Written = append(a.res.Written, s.o.path)
	return true, nil
}

func closeStaged(batch []staged) {
	for i := range batch {
		if batch[i].tmp != nil && batch[i].spool == nil {
			_ = batch[i].tmp.Close()
		}
		batch[i].tmp = nil
	}
}

// syncDirs makes the renames and removals durable: each directory once,
// concurrently; it reports the first failure in directory order.
func (a *applier) syncDirs() error {
	dirs := make([]string, 0, len(a.dirs))
	for d := range a.dirs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	errs := make([]error, len(dirs))
	sem := make(chan struct{}, syncers)
	var wg sync.WaitGroup
	for i, d := range dirs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			if err := syncOpenDir(a.dirs[d]); err != nil {
				errs[i] = fmt.Errorf("applying changes: the new content is in place but syncing directory %s failed: %w", d, bare(err))
			}
			<-sem
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
