package scan

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// Cache keeps each source's scan while the file stays the same version
// (package filememo: same file, size, modification and status-change
// time; for a version scanned within the racy window of its write, the
// same content too), so that a check after an edit of mix.exs reads only
// the sources that changed instead of every source of the project. It
// belongs to one project: each ScanProject forgets the files it no longer
// lists (deleted, excluded, or scanned for other modules). Unsaved editor
// buffers (Options.Overlay) are always scanned from the buffer and never
// stored. A nil *Cache scans every file. It is safe for concurrent use.
//
// A file watcher can vouch for the files of the directories it watches
// (Watch, Invalidate): an entry verified by a stat after the directory's
// watch was placed, with no event for the file since, is then used without
// a stat, and so is the list of sources of the previous walk (Walk). Every
// event must reach Invalidate before the check it causes runs.
type Cache struct {
	mu      sync.Mutex
	entries map[string]*entry // by absolute file
	walks   map[string]*walk  // by the caller's key
	// watched are the directories whose events reach Invalidate (nil:
	// none; nothing is vouched for).
	watched map[string]bool
	// gen moves whenever watched changes: vouchers given before are void.
	gen uint64
	// epoch moves with every Invalidate: a stat taken before an event may
	// describe a version the event replaced, so it vouches for nothing.
	epoch uint64
	// retained is the file list of the last retain (the remembered
	// walk's, never modified).
	retained []string
	// persist says the cache is saved between processes (LoadCache): the
	// list of sources is then kept with the identities of the directories
	// walked, for the next process.
	persist  bool
	listings map[string]*listing
	// clock is time.Now unless a test sets another (the racy window is
	// measured from it).
	clock func() time.Time
	// dirty says the entries changed since the cache was loaded (Save
	// writes only then).
	dirty bool
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{entries: map[string]*entry{}, walks: map[string]*walk{}} }

// entry is what ScanFile returned for one version of a file; the calls are
// shared between scans and never modified.
type entry struct {
	info    os.FileInfo       // the version scanned (nil when loaded from disk)
	id      filememo.Identity // the same version, for the disk (zero: none)
	hasID   bool
	digest  string // of the content, when id was racy as it was recorded
	modules string // the library modules scanned for, joined by ","
	calls   []Call
	err     error
	// vouched is the gen in which the watcher vouched for the entry (0:
	// never, or since its last event).
	vouched uint64
}

// walk is a remembered directory walk (Walk).
type walk struct {
	value any
	under []string        // an event under one of these voids the walk
	keep  map[string]bool // files whose modification leaves it valid
	dirs  []string        // directories walked: each must be watched
	gen   uint64
}

// Len reports how many sources the cache remembers.
func (c *Cache) Len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// Watch records the directories a healthy watcher now covers (nil when
// events may be lost: the watcher failed, overflowed or stopped). Every
// voucher given before is void, so the caller calls it after the watches
// are in place and before the events that follow can be missed.
func (c *Cache) Watch(dirs []string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.watched = nil
	if len(dirs) > 0 {
		c.watched = make(map[string]bool, len(dirs))
		for _, d := range dirs {
			c.watched[filepath.Clean(d)] = true
		}
	}
}

// Invalidate takes back the watcher's voucher for path (a file, or a
// directory and everything below it) and voids the remembered walks that
// path may change.
func (c *Cache) Invalidate(path string) {
	if c == nil {
		return
	}
	path = filepath.Clean(path)
	st, err := os.Lstat(path)
	regular := err == nil && st.Mode().IsRegular()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	if e := c.entries[path]; e != nil {
		e.vouched = 0
	} else {
		prefix := path + string(filepath.Separator)
		for f, e := range c.entries {
			if strings.HasPrefix(f, prefix) {
				e.vouched = 0
			}
		}
	}
	for k, w := range c.walks {
		if !(regular && w.keep[path]) && underAny(path, w.under) {
			delete(c.walks, k)
		}
	}
}

func underAny(path string, dirs []string) bool {
	for _, d := range dirs {
		if path == d || strings.HasPrefix(path, d+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// mark is the state a stat or a walk is taken in; the watcher vouches for
// what it found only if no event and no change of watches came between.
type mark struct{ gen, epoch uint64 }

func (c *Cache) mark() mark {
	c.mu.Lock()
	defer c.mu.Unlock()
	return mark{c.gen, c.epoch}
}

// vouchable reports, with c.mu held, whether what was found since m may be
// vouched for by the watcher of dir.
func (c *Cache) vouchableLocked(m mark, dir string) bool {
	return c.watched[dir] && m.gen == c.gen && m.epoch == c.epoch
}

// vouched returns the scan of file the watcher vouches for.
func (c *Cache) vouched(file, modules string) ([]Call, error, bool) {
	if c == nil {
		return nil, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[file]
	if e == nil || c.watched == nil || e.vouched != c.gen || e.modules != modules {
		return nil, nil, false
	}
	return e.calls, e.err, true
}

// lookup returns the remembered scan of file if the file on disk is still
// the version info describes (read, when the entry came from the disk
// with a racy identity, to compare its digest); the watcher vouches for
// it from then on when link says it is no symbolic link.
func (c *Cache) lookup(file, modules string, info os.FileInfo, m mark, link bool) ([]Call, error, bool) {
	if c == nil || info == nil {
		return nil, nil, false
	}
	c.mu.Lock()
	e := c.entries[file]
	c.mu.Unlock()
	now := c.now()
	if e == nil || e.modules != modules || !e.sameVersion(file, info) {
		return nil, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries[file] == e {
		if e.info == nil {
			// From the disk: remember the in-process version from now on.
			e.info = info
		}
		if e.digest != "" && !e.id.Racy(now) {
			// The content read after the window matched: any later write
			// moves the identity's times, so the identity alone vouches
			// for this content from now on.
			e.digest = ""
			c.dirty = true
		}
		if !link && c.vouchableLocked(m, filepath.Dir(file)) {
			e.vouched = c.gen
		}
	}
	return e.calls, e.err, true
}

// store remembers the scan of the version of file that info describes
// (stat taken before reading: a change in between makes the entry stale,
// never wrong); src is what was read, for the digest of a racy identity.
func (c *Cache) store(file, modules string, info os.FileInfo, m mark, link bool, src []byte, calls []Call, err error) {
	if c == nil || info == nil {
		return
	}
	e := &entry{info: info, modules: modules, calls: calls, err: err}
	e.id, e.hasID = filememo.IdentityOf(info)
	if e.hasID && e.id.Racy(c.now()) {
		// Saved later still racy (racy now, racy at any earlier time):
		// the digest of what was scanned lets another process decide.
		e.digest = digest(src)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !link && c.vouchableLocked(m, filepath.Dir(file)) {
		e.vouched = c.gen
	}
	c.entries[file] = e
	c.dirty = true
}

// sameVersion reports whether info is the version the entry was scanned
// from.
func (e *entry) sameVersion(file string, info os.FileInfo) bool {
	if e.info != nil {
		if !filememo.SameVersion(e.info, info) {
			return false
		}
	} else if id, ok := filememo.IdentityOf(info); !ok || !e.hasID || id != e.id {
		return false
	}
	if e.digest == "" {
		return true
	}
	// Racy when recorded, in this process as in another: a same-size
	// rewrite within the file system's tick keeps every time of the stat,
	// so the content decides.
	d, err := digestFile(file)
	return err == nil && d == e.digest
}

// retain forgets every file not in files.
func (c *Cache) retain(files []string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(files) > 0 && len(c.retained) == len(files) && &c.retained[0] == &files[0] {
		// The remembered walk again: only its files were stored since.
		return
	}
	c.retained = files
	listed := make(map[string]bool, len(files))
	for _, f := range files {
		listed[f] = true
	}
	for f := range c.entries {
		if !listed[f] {
			delete(c.entries, f)
			c.dirty = true
		}
	}
}

// Walk returns what compute returned for key, computing it again unless
// the watcher vouches that nothing under the directories under changed
// since: every directory compute walked is watched, and no event came for
// a path under them other than a modification of a file in keep. compute
// returns its value, the directories it walked and keep. Errors are
// never remembered. A nil *Cache always computes.
func (c *Cache) Walk(key string, under []string, compute func() (value any, dirs []string, keep map[string]bool, err error)) (any, error) {
	if c == nil {
		v, _, _, err := compute()
		return v, err
	}
	c.mu.Lock()
	if w := c.walks[key]; w != nil && w.gen == c.gen && c.watched != nil && c.allWatchedLocked(w.dirs) {
		c.mu.Unlock()
		return w.value, nil
	}
	m := mark{c.gen, c.epoch}
	c.mu.Unlock()
	v, dirs, keep, err := compute()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.watched != nil && m.gen == c.gen && m.epoch == c.epoch && c.allWatchedLocked(dirs) {
		clean := make([]string, len(under))
		for i, u := range under {
			clean[i] = filepath.Clean(u)
		}
		c.walks[key] = &walk{value: v, under: clean, keep: keep, dirs: dirs, gen: c.gen}
	} else {
		delete(c.walks, key)
	}
	return v, nil
}

func (c *Cache) allWatchedLocked(dirs []string) bool {
	for _, d := range dirs {
		if !c.watched[d] {
			return false
		}
	}
	return true
}

// digest is the content digest kept beside a racy identity.
func digest(src []byte) string {
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:])
}

func digestFile(file string) (string, error) {
	src, err := safefile.ReadFile(file, safefile.MaxSource)
	if err != nil {
		return "", err
	}
	return digest(src), nil
}

// Walked is what a walk saved for the next process found (SavedWalk,
// RecordWalk): a list of files, or paths grouped by a key.
type Walked struct {
	Files  []string
	Groups map[string][]string
}

// listing is a saved walk: valid while every path it depended on keeps
// its identity (adding, removing or renaming an entry moves a directory's
// modification and status-change times; a file read moves its own).
type listing struct {
	value Walked
	paths []string
	ids   []filememo.Identity
}

// SavedWalk returns what a previous process's walk saved under key found,
// if no directory it walked and no file it read changed since. A nil or
// unsaved cache has none.
func (c *Cache) SavedWalk(key string) (Walked, bool) {
	if c == nil {
		return Walked{}, false
	}
	c.mu.Lock()
	l := c.listings[key]
	c.mu.Unlock()
	if l == nil {
		return Walked{}, false
	}
	for i, p := range l.paths {
		st, err := os.Lstat(p)
		if err != nil {
			return Walked{}, false
		}
		if id, ok := filememo.IdentityOf(st); !ok || id != l.ids[i] {
			return Walked{}, false
		}
	}
	return l.value, true
}

// RecordWalk keeps what a walk found for the next process (a cache from
// LoadCache only), with the stats of every directory it walked and file it
// read, each taken before reading it. A missing stat (nil: a missing
// directory, an unreadable one) or one within the racy window keeps
// nothing.
func (c *Cache) RecordWalk(key string, value Walked, paths []string, infos []os.FileInfo) {
	if c == nil || !c.persist {
		return
	}
	now := c.now()
	l := &listing{value: value, paths: paths, ids: make([]filememo.Identity, len(paths))}
	ok := len(paths) == len(infos)
	for i := 0; ok && i < len(infos); i++ {
		id, has := filememo.IdentityOf(infos[i])
		ok = has && !id.Racy(now)
		l.ids[i] = id
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.listings == nil {
		c.listings = map[string]*listing{}
	}
	if ok {
		c.listings[key] = l
	} else {
		delete(c.listings, key)
	}
	c.dirty = true
}

// SetClock makes the cache measure the racy window from now instead of
// the wall clock: a test simulating a run long after the files were
// written.
func (c *Cache) SetClock(now func() time.Time) {
	if c != nil {
		c.clock = now
	}
}

func (c *Cache) now() time.Time {
	if c.clock != nil {
		return c.clock()
	}
	return time.Now()
}
