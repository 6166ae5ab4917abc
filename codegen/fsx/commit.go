package fsx

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
)

// Commit is an ordered set of file changes that land one after another,
// each atomically, so that a crash leaves a prefix of them applied and the
// rest untouched. The generator puts the generated files first and the
// bookkeeping files (registry, manifest, snakebridge.lock) last, so a lock
// file that is new implies that everything it describes is new too.
//
// The zero value is an empty commit that writes without a guard.
type Commit struct {
	// Writer writes and removes the files; set its Guard and Echo.
	Writer Writer
	// Hooks are test-only fault-injection points.
	Hooks Hooks
	// BeforeLand, when set, is called once, after the first changes are
	// staged and synced and before anything lands; an error stops the
	// commit with nothing changed. The generator waits there for its
	// metadata, encoded meanwhile.
	BeforeLand func() error

	ops   []op
	index map[string]int
}

// Hooks let tests act at precise points of Commit.Apply, e.g. kill the
// process after the Nth change to check what a crash leaves behind.
type Hooks struct {
	// AfterWrite, when set, is called after the n-th change (1-based) landed
	// on disk; changes are files written or removed, not unchanged files.
	AfterWrite func(n int)
}

// Result lists, in commit order, what Apply did with each path.
type Result struct {
	// Written are the files whose content changed.
	Written []string
	// Unchanged are the files that already held their content.
	Unchanged []string
	// Removed are the files deleted (removals of missing files are not
	// listed anywhere).
	Removed []string
}

type op struct {
	path   string
	data   []byte
	spool  *Spool // the content instead of data, when set
	perm   fs.FileMode
	remove bool
}

// Put schedules path to hold data. A path already in the commit keeps its
// place and takes the new data (or stops being removed). data is not
// copied: do not modify it before Apply returns.
func (c *Commit) Put(path string, data []byte, perm fs.FileMode) {
	c.add(op{path: path, data: data, perm: perm})
}

// Remove schedules the file at path to be deleted; a missing file is fine.
func (c *Commit) Remove(path string) {
	c.add(op{path: path, remove: true})
}

// Len is the number of scheduled changes.
func (c *Commit) Len() int { return len(c.ops) }

func (c *Commit) add(o op) {
	key := filepath.Clean(o.path)
	if i, ok := c.index[key]; ok {
		c.ops[i] = o
		return
	}
	if c.index == nil {
		c.index = map[string]int{}
	}
	c.index[key] = len(c.ops)
	c.ops = append(c.ops, o)
}

// Apply writes and removes the files in the order they were scheduled,
// checking ctx before each. It stops at the first error and returns what
// had landed until then with it; the file that failed is untouched. The
// changes are staged and synced in batches before they land (see
// applier), so a commit of many files costs a few syncs, not two per file.
func (c *Commit) Apply(ctx context.Context) (Result, error) {
	a := applier{c: c, ctx: ctx, dirs: map[string]*os.File{}, opened: dirs{guard: c.Writer.Guard}}
	defer a.opened.closeAll()
	err := a.run()
	if serr := a.syncDirs(); err == nil {
		err = serr
	}
	return a.res, err
}
