package analysis

import (
	"os"
	"sync"
)

// ParseCache keeps the parsed lock, manifest and registry of projects
// between checks. A language server checks on every edit, and parsing a
// numpy-sized manifest (9 MB) costs more than the rest of a check; the
// files change only when bindings are generated. An entry is used while
// its file keeps its identity (device, inode, size and modification time:
// generation replaces files by rename, so a new version is a new inode).
// Parsed values are shared between checks and must not be modified. The
// zero value is not ready: use NewParseCache. It is safe for concurrent use.
type ParseCache struct {
	mu      sync.Mutex
	entries map[parseKey]parsedFile
}

// NewParseCache returns an empty cache.
func NewParseCache() *ParseCache {
	return &ParseCache{entries: map[parseKey]parsedFile{}}
}

// Clear forgets every parse (a server going idle gives the memory back:
// a generate: :all manifest is tens of megabytes once parsed).
func (c *ParseCache) Clear() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
}

// Len reports how many parses the cache keeps.
func (c *ParseCache) Len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// parseKey is a file and what it was parsed into: a file may be read by
// more than one parser.
type parseKey struct{ path, kind string }

// Parse returns parse(the content of path) and parse's error, reusing the
// result of an earlier call for the same path and kind while the file is
// the same version. A file that cannot be read returns the read error,
// which is not remembered. A nil cache parses every time.
func (c *ParseCache) Parse(path, kind string, parse func([]byte) (any, error)) (any, error) {
	key := parseKey{path, kind}
	info, statErr := os.Stat(path)
	cacheable := c != nil && statErr == nil && info.Mode().IsRegular()
	if cacheable {
		if e, hit := c.lookup(key, info); hit {
			return e.value, e.err
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	value, err := parse(data)
	if cacheable {
		c.store(key, parsedFile{info: info, value: value, err: err})
	}
	return value, err
}

type parsedFile struct {
	info  os.FileInfo
	value any
	err   error
}

// sameVersion reports whether two stats describe one version of a file:
// the same file (device and inode, or the Windows file ID) with the same
// size and modification time.
func sameVersion(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// lookup returns the parse of key if its file is still the version info
// describes.
func (c *ParseCache) lookup(key parseKey, info os.FileInfo) (parsedFile, bool) {
	if c == nil {
		return parsedFile{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	return e, ok && sameVersion(e.info, info)
}

func (c *ParseCache) store(key parseKey, e parsedFile) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[key] = e
}
