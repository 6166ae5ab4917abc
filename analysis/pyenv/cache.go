package pyenv

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/privdir"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// cacheSchema changes whenever probe or cacheEntry change shape.
const cacheSchema = 2

type cacheKey struct {
	Path     string `json:"path"`
	Resolved string `json:"resolved"`
	Size     int64  `json:"size"`
	MtimeNs  int64  `json:"mtime_ns"`
	// Selector is, for a pyenv shim, the digest of what selects its
	// version (see shimSelector); "" for anything else.
	Selector string `json:"selector,omitempty"`
}

// memKey is where an executable's entry lives in memory and on disk: a
// shim has one entry per selection, so that two projects pinning different
// versions do not evict each other.
func (k cacheKey) memKey() string {
	if k.Selector == "" {
		return k.Path
	}
	return k.Path + "\x00" + k.Selector
}

// cacheEntry is a probe plus what must be unchanged for it to stay valid:
// the executable's identity and the mtimes of its sys.path directories
// (.pth files there can add entries) and of sys.executable.
type cacheEntry struct {
	Schema int              `json:"schema"`
	Key    cacheKey         `json:"key"`
	Stamps map[string]int64 `json:"stamps"`
	Probe  probe            `json:"probe"`
	err    error            // a failed run, kept in memory only
}

// failure is the remembered error of a failed run, nil for facts.
func (e cacheEntry) failure() error { return e.err }

func statKey(exe string) (cacheKey, error) {
	st, err := os.Stat(exe)
	if err != nil {
		return cacheKey{}, fmt.Errorf("python interpreter %s: %w", exe, err)
	}
	return cacheKey{Path: exe, Resolved: resolvedPath(exe), Size: st.Size(), MtimeNs: st.ModTime().UnixNano()}, nil
}

// mtimeStamp is a path's mtime in ns, or -1 when it does not exist.
func mtimeStamp(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return -1
	}
	return st.ModTime().UnixNano()
}

// stampsFor stamps the probe's sys.path and sys.executable and the extra
// paths (a shim's version files).
func stampsFor(p probe, extra []string) map[string]int64 {
	return stampPaths(append(append(append([]string{}, p.Path...), p.Executable), extra...))
}

func stampPaths(paths []string) map[string]int64 {
	s := map[string]int64{}
	for _, e := range paths {
		if e != "" {
			s[e] = mtimeStamp(e)
		}
	}
	return s
}

func (e cacheEntry) valid(key cacheKey) bool {
	if e.Schema != cacheSchema || e.Key != key {
		return false
	}
	for p, stamp := range e.Stamps {
		if mtimeStamp(p) != stamp {
			return false
		}
	}
	return true
}

// probe returns the run facts of exe, from memory, disk or a fresh run.
// Scripts (wrappers) choose their real interpreter at run time from the
// environment and cwd, so their answer is never written to disk — except
// a pyenv shim's, which is keyed by what selects its version. A failed run
// is remembered in memory too: an executable is run at most once per
// version of the file (and, for a shim, per selection).
func (c *FactsCache) probe(ctx context.Context, exe string) (probe, error) {
	unlock, err := c.lock(ctx, exe)
	if err != nil {
		return probe{}, fmt.Errorf("python interpreter %s: %w", exe, err)
	}
	defer unlock()
	key, err := statKey(exe)
	if err != nil {
		return probe{}, err
	}
	persist := c.dir != ""
	var stamps []string
	if hasShebang(exe) {
		sel, ok := selectShim(exe, os.LookupEnv, workingDir())
		key.Selector, stamps, persist = sel.key, sel.stamps, persist && ok
	}
	c.mu.Lock()
	e, ok := c.mem[key.memKey()]
	c.mu.Unlock()
	if ok && e.valid(key) {
		return e.Probe, e.failure()
	}
	if persist {
		if e, ok := c.diskGet(key); ok {
			c.remember(e)
			return e.Probe, nil
		}
	}
	p, err := c.run(ctx, exe)
	if err != nil {
		// A run cut short (the caller gave up, or it timed out on a cold
		// start) says nothing about the file: only a complete answer that
		// is not Python is remembered.
		if ctx.Err() == nil && !errors.Is(err, context.DeadlineExceeded) {
			c.remember(cacheEntry{Schema: cacheSchema, Key: key, Stamps: stampPaths(stamps), err: err})
		}
		return probe{}, err
	}
	e = cacheEntry{Schema: cacheSchema, Key: key, Stamps: stampsFor(p, stamps), Probe: p}
	c.remember(e)
	if persist {
		// The disk cache only saves a later process a Python start; failing
		// to write it must not fail the caller.
		_ = c.diskPut(e)
	}
	return p, nil
}

// workingDir is the directory a probe runs in (it inherits ours); "" when
// it cannot be known, which makes a shim's selection unknown.
func workingDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return wd
}

func (c *FactsCache) remember(e cacheEntry) {
	c.mu.Lock()
	c.mem[e.Key.memKey()] = e
	c.mu.Unlock()
}

// lock serialises work on one executable so concurrent callers share a
// single Python start; waiting honours ctx.
func (c *FactsCache) lock(ctx context.Context, exe string) (func(), error) {
	c.mu.Lock()
	ch := c.locks[exe]
	if ch == nil {
		ch = make(chan struct{}, 1)
		c.locks[exe] = ch
	}
	c.mu.Unlock()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (c *FactsCache) diskPath(key cacheKey) string {
	sum := sha256.Sum256([]byte(key.memKey()))
	return filepath.Join(c.dir, hex.EncodeToString(sum[:16])+".json")
}

func (c *FactsCache) diskGet(key cacheKey) (cacheEntry, bool) {
	data, err := safefile.ReadFile(c.diskPath(key), safefile.MaxSmall)
	if err != nil {
		return cacheEntry{}, false
	}
	var e cacheEntry
	if json.Unmarshal(data, &e) != nil || !e.valid(key) {
		return cacheEntry{}, false // stale or damaged: recompute and overwrite
	}
	return e, true
}

// diskPut writes the entry atomically, so a concurrent reader in another
// process never sees a partial entry.
func (c *FactsCache) diskPut(e cacheEntry) error {
	exe := e.Key.Path
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encoding facts of %s: %w", exe, err)
	}
	if err := c.writeAtomic(c.diskPath(e.Key), data); err != nil {
		return fmt.Errorf("writing facts cache for %s: %w", exe, err)
	}
	return nil
}

// writeAtomic writes data to path in the cache directory (made private
// first: nobody else's facts) through a temporary file renamed over it.
func (c *FactsCache) writeAtomic(path string, data []byte) error {
	if err := privdir.Ensure(c.dir); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.dir, ".pyfacts-*.tmp")
	if err != nil {
		return fmt.Errorf("creating a temporary file in %s: %w", c.dir, err)
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
	}
	return werr
}

// hasShebang reports whether the file starts with "#!", i.e. is a script
// (a pyenv shim, a wrapper) rather than an interpreter binary.
func hasShebang(path string) bool {
	f, _, err := safefile.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [2]byte
	n, _ := io.ReadFull(f, b[:])
	return bytes.Equal(b[:n], []byte("#!"))
}
