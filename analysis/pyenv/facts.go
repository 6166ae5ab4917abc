package pyenv

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
)

// Facts describes an interpreter's environment.
type Facts struct {
	// Executable is sys.executable: the venv's own bin/python for a venv,
	// the real binary behind a wrapper script such as a pyenv shim.
	Executable string
	// Version is what upstream records as python_version:
	// sys.version.split()[0], i.e. X.Y.Z (with a suffix for pre-releases,
	// e.g. 3.13.0rc1).
	Version string
	// SysPath is sys.path as the interpreter sees it under -I (no
	// PYTHONPATH, no user site, no cwd), existing entries only.
	SysPath            []string
	Prefix, BasePrefix string
	VirtualEnv         bool
	PyvenvCfg          string // path of the venv's pyvenv.cfg, or ""
	// SitePackages are the environment's own purelib/platlib directories:
	// what `uv pip freeze --python` reads (not a venv's system
	// site-packages). They may not exist yet.
	SitePackages []string
}

// FactsCache computes Facts, starting a base interpreter at most once per
// executable identity (path, target, size, mtime) and remembering the
// answer in memory and, when it has a directory, on disk. It is safe for
// concurrent use.
type FactsCache struct {
	dir string
	run func(context.Context, string) (probe, error) // runProbe; tests count calls

	mu     sync.Mutex
	mem    map[string]cacheEntry
	locks  map[string]chan struct{}
	hashes filememo.Memo[string] // RuntimeHash by path
	now    func() time.Time      // nil: time.Now (tests move it)
}

// NewFactsCache returns a cache persisting under dir ("" keeps it in
// memory only).
func NewFactsCache(dir string) *FactsCache {
	return &FactsCache{dir: dir, run: runProbe, mem: map[string]cacheEntry{}, locks: map[string]chan struct{}{}}
}

// DefaultCacheDir is <user cache dir>/snakebridge-lsp/pyfacts.
func DefaultCacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("locating the user cache directory: %w", err)
	}
	return filepath.Join(base, "snakebridge-lsp", "pyfacts"), nil
}

// Facts returns the facts of the interpreter at path interp. A venv (a
// pyvenv.cfg beside or above the executable, as Python looks for it) is read
// from its pyvenv.cfg and directories without running its python; anything
// else is run once with -I.
func (c *FactsCache) Facts(ctx context.Context, interp string) (Facts, error) {
	if err := platformSupported(); err != nil {
		return Facts{}, err
	}
	exe, err := filepath.Abs(interp)
	if err != nil {
		return Facts{}, fmt.Errorf("python interpreter %q: %w", interp, err)
	}
	if problem := executableProblem(exe); problem != "" {
		return Facts{}, fmt.Errorf("python interpreter %s %s", exe, problem)
	}
	if cfg := findPyvenvCfg(exe); cfg != "" {
		return c.venvFacts(ctx, exe, cfg)
	}
	p, err := c.probe(ctx, exe)
	if err != nil {
		return Facts{}, err
	}
	return factsFromProbe(exe, p), nil
}

// Forget drops what the cache knows about interp, in memory and on disk,
// for when the user asks to reload a wrapper whose target changed.
func (c *FactsCache) Forget(interp string) {
	exe, err := filepath.Abs(interp)
	if err != nil {
		return
	}
	c.mu.Lock()
	for k, e := range c.mem {
		if e.Key.Path == exe {
			delete(c.mem, k)
		}
	}
	c.mu.Unlock()
	if c.dir == "" {
		return
	}
	key := cacheKey{Path: exe}
	if sel, ok := selectShim(exe, os.LookupEnv, workingDir()); ok {
		key.Selector = sel.key
	}
	_ = os.Remove(c.diskPath(key)) // absent is fine
}

func factsFromProbe(exe string, p probe) Facts {
	f := Facts{
		Executable: p.Executable,
		Version:    p.Version,
		SysPath:    existingUnique(p.Path),
		Prefix:     p.Prefix,
		BasePrefix: p.BasePrefix,
	}
	if f.Executable == "" {
		f.Executable = exe
	}
	if p.RealPrefix != nil {
		f.BasePrefix = *p.RealPrefix
	}
	f.VirtualEnv = f.Prefix != f.BasePrefix
	f.SitePackages = uniqueNonEmpty(p.Purelib, p.Platlib)
	return f
}

// existingUnique keeps the entries that exist, cleaned and without repeats.
func existingUnique(paths []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range paths {
		if p == "" {
			continue
		}
		p = filepath.Clean(p)
		if seen[p] {
			continue
		}
		seen[p] = true
		if _, err := os.Stat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

func uniqueNonEmpty(paths ...string) []string {
	var out []string
	for _, p := range paths {
		if p == "" {
			continue
		}
		p = filepath.Clean(p)
		dup := false
		for _, q := range out {
			dup = dup || q == p || sameFile(q, p)
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}

func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}
