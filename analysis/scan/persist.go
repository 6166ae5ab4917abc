package scan

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/privdir"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// A saved cache lets a fresh process (the check command) skip reading the
// sources that did not change since the previous run. Each entry is
// trusted only for the file version it names (filememo.Identity: device,
// inode, size, modification and status-change times); an identity taken
// within filememo.RacyWindow of its scan also carries the content digest,
// and the file is read to compare it. The file is only ever read from the
// user's private cache directory; one that is truncated, corrupt, of
// another version or for another project is ignored and replaced.
const (
	// persistMagic starts every saved cache; the version changes with the
	// format, so an older file is ignored rather than misread.
	persistMagic = "snakebridge-lsp scan cache 3\n"
	// MaxPersisted bounds a saved cache (read and written): a project's
	// scans take about a hundred bytes per source.
	MaxPersisted = 64 << 20
	// maxCacheFiles bounds the directory: the least recently saved files
	// beyond it are removed.
	maxCacheFiles = 256
)

// persisted is the saved form of a cache.
type persisted struct {
	Root     string
	Entries  []persistedEntry
	Listings []persistedListing
}

type persistedListing struct {
	Key    string
	Files  []string
	Groups map[string][]string
	Paths  []string
	IDs    []filememo.Identity
}

type persistedEntry struct {
	File    string
	ID      filememo.Identity
	Digest  string
	Modules string
	Calls   []persistedCall
	Err     *elixir.Error
}

type persistedCall struct {
	Module, Function string
	Arity            int
	Range            elixir.Range
}

// DefaultCacheDir is where saved caches live: a private directory (see
// package privdir) under the user cache directory, never in a project.
func DefaultCacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("locating the user cache directory: %w", err)
	}
	return filepath.Join(base, "snakebridge-lsp", "scans"), nil
}

// CacheFile is the file in dir holding the saved cache of the project at
// root (named by a digest of its absolute path).
func CacheFile(dir, root string) string {
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	sum := sha256.Sum256([]byte(root))
	return filepath.Join(dir, fmt.Sprintf("%x.scans", sum[:16]))
}

// LoadCache returns the cache of the project at root saved in file, or an
// empty cache (with the reason, for logs) when there is none to trust: the
// directory is not private, the file is missing, too large, truncated,
// corrupt, of another format version or for another project.
func LoadCache(file, root string) (*Cache, error) {
	c := NewCache()
	c.persist = true
	if err := privdir.Ensure(filepath.Dir(file)); err != nil {
		return c, err
	}
	data, err := safefile.ReadFile(file, MaxPersisted)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("reading %s: %w", file, err)
	}
	p, err := decodePersisted(data, &loader{c: c})
	if err == nil && p.Root != root {
		err = fmt.Errorf("it is the cache of %s, not of %s", p.Root, root)
	}
	if err != nil {
		c = NewCache() // drop what was decoded before the error
		c.persist = true
		return c, fmt.Errorf("reading %s: %w", file, err)
	}
	for _, pl := range p.Listings {
		if len(pl.Paths) != len(pl.IDs) {
			continue
		}
		if c.listings == nil {
			c.listings = map[string]*listing{}
		}
		c.listings[pl.Key] = &listing{value: Walked{Files: pl.Files, Groups: pl.Groups}, paths: pl.Paths, ids: pl.IDs}
	}
	return c, nil
}

// loader fills a cache with the saved entries: the map sized once, the
// entries allocated together.
type loader struct {
	c     *Cache
	block []entry
}

// maxReserved bounds what a count read from the file reserves at once: a
// damaged count may announce far more entries than follow.
const maxReserved = 1 << 16

func (l *loader) reserve(n int) {
	n = min(n, maxReserved)
	l.c.entries = make(map[string]*entry, n)
	l.block = make([]entry, 0, n)
}

func (l *loader) entry(pe persistedEntry) {
	if len(l.block) == cap(l.block) {
		l.block = make([]entry, 0, min(1024, maxReserved))
	}
	l.block = append(l.block, entry{id: pe.ID, hasID: true, digest: pe.Digest, modules: pe.Modules})
	e := &l.block[len(l.block)-1]
	if pe.Err != nil {
		e.err = pe.Err
	}
	if len(pe.Calls) > 0 {
		e.calls = make([]Call, len(pe.Calls))
		for k, pc := range pe.Calls {
			e.calls[k] = Call{Module: pc.Module, Function: pc.Function, Arity: pc.Arity, File: pe.File, Range: pc.Range}
		}
	}
	l.c.entries[pe.File] = e
}

// decodePersisted checks the magic and the digest of the payload before
// decoding it: a truncated or corrupted file is refused, not half-read.
func decodePersisted(data []byte, sink entrySink) (p persisted, err error) {
	rest, ok := bytes.CutPrefix(data, []byte(persistMagic))
	if !ok || len(rest) < sha256.Size {
		return p, errors.New("not a scan cache of this version")
	}
	sum, payload := rest[:sha256.Size], rest[sha256.Size:]
	if got := sha256.Sum256(payload); !bytes.Equal(got[:], sum) {
		return p, errors.New("the cache is truncated or corrupt (digest mismatch)")
	}
	p, err = decodePayload(payload, sink)
	if err != nil {
		return p, fmt.Errorf("decoding the cache: %w", err)
	}
	return p, nil
}

// Save writes the cache of the project at root to file when it changed
// since it was loaded: to a temporary file in the same private directory,
// then renamed over the old one, so a reader sees the old or the new cache
// and never half of one. Entries without an identity (unbuffered, on a
// platform without inodes) and errors other than syntax errors are not
// saved. A nil cache saves nothing.
func (c *Cache) Save(file, root string) error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	if !c.dirty {
		c.mu.Unlock()
		return nil
	}
	p := persisted{Root: root}
	now := c.now()
	for f, e := range c.entries {
		var se *elixir.Error
		if !e.hasID || (e.err != nil && !errors.As(e.err, &se)) || (e.digest == "" && e.id.Racy(now)) {
			continue
		}
		pe := persistedEntry{File: f, ID: e.id, Digest: e.digest, Modules: e.modules, Err: se}
		for _, call := range e.calls {
			pe.Calls = append(pe.Calls, persistedCall{Module: call.Module, Function: call.Function, Arity: call.Arity, Range: call.Range})
		}
		p.Entries = append(p.Entries, pe)
	}
	for k, l := range c.listings {
		p.Listings = append(p.Listings, persistedListing{Key: k, Files: l.value.Files, Groups: l.value.Groups, Paths: l.paths, IDs: l.ids})
	}
	c.mu.Unlock()
	slices.SortFunc(p.Listings, func(a, b persistedListing) int { return cmpString(a.Key, b.Key) })
	slices.SortFunc(p.Entries, func(a, b persistedEntry) int { return cmpString(a.File, b.File) })
	payload := encodePersisted(p)
	if len(payload)+len(persistMagic)+sha256.Size > MaxPersisted {
		return fmt.Errorf("the scan cache of %s would exceed %s; not saved", root, safefile.FormatSize(MaxPersisted))
	}
	dir := filepath.Dir(file)
	if err := privdir.Ensure(dir); err != nil {
		return err
	}
	sum := sha256.Sum256(payload)
	tmp, err := os.CreateTemp(dir, ".scan-*")
	if err != nil {
		return fmt.Errorf("saving the scan cache: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(append(append([]byte(persistMagic), sum[:]...), payload...))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		return fmt.Errorf("saving the scan cache %s: %w", file, err)
	}
	c.mu.Lock()
	c.dirty = false
	c.mu.Unlock()
	pruneCacheDir(dir, maxCacheFiles)
	return nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// pruneCacheDir removes the least recently saved caches beyond keep (the
// projects not checked for the longest time). Files of the gob format
// that versions before 3 saved as <digest>.gob are never saved again, so
// they age out first.
func pruneCacheDir(dir string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) <= keep {
		return
	}
	type saved struct {
		name string
		at   time.Time
	}
	var list []saved
	for _, e := range entries {
		if info, err := e.Info(); err == nil && e.Type().IsRegular() && (filepath.Ext(e.Name()) == ".scans" || filepath.Ext(e.Name()) == ".gob") {
			list = append(list, saved{e.Name(), info.ModTime()})
		}
	}
	slices.SortFunc(list, func(a, b saved) int { return b.at.Compare(a.at) })
	for _, s := range list[min(keep, len(list)):] {
		_ = os.Remove(filepath.Join(dir, s.name))
	}
}
