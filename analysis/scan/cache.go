package scan

import (
	"os"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
)

// Cache keeps each source's scan while the file stays the same version
// (package filememo: same file, size and modification time), so that a
// check after an edit of mix.exs reads only the sources that changed
// instead of every source of the project. It belongs to one project: each
// ScanProject forgets the files it no longer lists (deleted, excluded, or
// scanned for other modules). Unsaved editor buffers (Options.Overlay) are
// always scanned from the buffer and never stored. A nil *Cache scans
// every file. It is safe for concurrent use.
type Cache struct {
	memo filememo.Memo[scanned]
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// scanned is what ScanFile returned for one version of a file; the calls
// are shared between scans and never modified.
type scanned struct {
	calls []Call
	err   error
}

// Len reports how many sources the cache remembers.
func (c *Cache) Len() int {
	if c == nil {
		return 0
	}
	return c.memo.Len()
}

// cacheKey is the file under the modules it was scanned for: the calls
// found depend on both.
func cacheKey(file string, modules []string) string {
	return strings.Join(modules, ",") + "\x00" + file
}

// lookup returns the remembered scan of file if the file on disk is still
// the version info describes.
func (c *Cache) lookup(file string, modules []string, info os.FileInfo) ([]Call, error, bool) {
	if c == nil || info == nil {
		return nil, nil, false
	}
	e, ok := c.memo.Get(cacheKey(file, modules), info)
	return e.calls, e.err, ok
}

// store remembers the scan of the version of file that info describes
// (stat taken before reading: a change in between makes the entry stale,
// never wrong).
func (c *Cache) store(file string, modules []string, info os.FileInfo, calls []Call, err error) {
	if c == nil || info == nil {
		return
	}
	c.memo.Put(cacheKey(file, modules), info, scanned{calls: calls, err: err})
}

// retain forgets every file not in files (sorted) or scanned for other
// modules.
func (c *Cache) retain(files []string, modules []string) {
	if c == nil {
		return
	}
	prefix := strings.Join(modules, ",") + "\x00"
	listed := make(map[string]bool, len(files))
	for _, f := range files {
		listed[f] = true
	}
	c.memo.Retain(func(key string) bool {
		f, ok := strings.CutPrefix(key, prefix)
		return ok && listed[f]
	})
}
