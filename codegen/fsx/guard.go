package fsx

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// ErrOutsideRoot is wrapped by the errors of Guard.Check for a path that
// leads outside the guard's root or through a symlinked target file.
var ErrOutsideRoot = errors.New("refusing to write outside the project")

// Guard keeps the generator's writes inside one directory tree: a
// generated_dir symlinked elsewhere, or a symlink planted at a generated
// file's place, must not make us overwrite files outside the project.
//
// The check is made before each operation. Against an adversary racing
// our writes, Commit.Apply adds what a check cannot: each change's
// directory is opened through the project root (os.Root) when the change
// is checked, and the temp file, the rename and the removal are relative
// to that open directory (see dirHandle). A Guard remembers, for its lifetime (one generation run),
// the project root as resolved and the directories it found free of
// symlinks: the files of a directory it has seen cost one Lstat each.
// A Guard must not be copied after its first use.
type Guard struct {
	// Root is the project root; it may itself be (or lie under) a symlink.
	Root string

	mu    sync.Mutex
	root  string          // Root resolved
	plain map[string]bool // existing directories known to lie plainly under the root
}

// resolvedRoot is Root with every symlink resolved, once.
func (g *Guard) resolvedRoot() (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.root != "" {
		return g.root, nil
	}
	root, err := realPath(g.Root)
	if err != nil {
		return "", err
	}
	g.root = root
	return root, nil
}

func (g *Guard) knownPlain(dir string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.plain[dir]
}

func (g *Guard) rememberPlain(dir string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.plain == nil {
		g.plain = map[string]bool{}
	}
	g.plain[dir] = true
}

// Check refuses path when its existing components, with symlinks resolved,
// lead outside Root, when an existing component cannot be resolved (a
// dangling symlink), or when path itself is a symlink. The components that
// do not exist yet are taken lexically: ".." is resolved by filepath.Clean
// before anything else, as every operation of this package does.
func (g *Guard) Check(path string) error {
	root, err := g.resolvedRoot()
	if err != nil {
		return fmt.Errorf("checking %s: resolving the project root %s: %w", path, g.Root, bare(err))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("checking %s: %w", path, err)
	}
	// Fastest path: a file of a directory already found plain.
	if dir := filepath.Dir(abs); dir != abs && g.knownPlain(dir) {
		fi, err := os.Lstat(abs)
		if errors.Is(err, fs.ErrNotExist) || err == nil && fi.Mode()&fs.ModeSymlink == 0 {
			return nil
		}
	}
	// Fast path: under the root as resolved or as given (whose components
	// resolve to it), with no symlink below.
	for _, prefix := range rootSpellings(g.Root, root) {
		if ok, dirExists, err := plainBelow(prefix, abs); err != nil {
			return fmt.Errorf("checking %s: %w", path, err)
		} else if ok {
			if dirExists {
				g.rememberPlain(filepath.Dir(abs))
			}
			return nil
		}
	}
	existing, rest, err := splitExisting(abs)
	if err != nil {
		return fmt.Errorf("checking %s: %w", path, err)
	}
	if len(rest) == 0 {
		fi, err := os.Lstat(existing)
		if err != nil {
			return fmt.Errorf("checking %s: %w", path, bare(err))
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%w: %s is a symlink; remove it so the file can be regenerated in place", ErrOutsideRoot, path)
		}
	}
	real, err := filepath.EvalSymlinks(existing)
	if err != nil {
		return fmt.Errorf("%w: %s: cannot resolve %s: %w", ErrOutsideRoot, path, existing, bare(err))
	}
	full := filepath.Join(append([]string{real}, rest...)...)
	if !within(root, full) {
		return fmt.Errorf("%w: %s resolves to %s, outside %s (a symlink leads out of the project)", ErrOutsideRoot, path, full, root)
	}
	return nil
}

// rootSpellings are the resolved root and, when it differs, the absolute
// root as configured.
func rootSpellings(configured, real string) []string {
	if abs, err := filepath.Abs(configured); err == nil && abs != real {
		return []string{real, abs}
	}
	return []string{real}
}

// plainBelow is Check's fast path: it reports whether abs lies lexically
// under root (a path whose components resolve to the project root) with
// no symlink among its existing components below it (one Lstat each,
// stopping at the first missing one), and whether abs's directory exists
// and lies strictly below root. When it says false, Check resolves the
// path in full.
func plainBelow(root, abs string) (ok, dirExists bool, err error) {
	if abs == root || !within(root, abs) {
		return abs == root, false, nil
	}
	dir := filepath.Dir(abs)
	cur := root
	for _, name := range strings.Split(abs[len(root):], string(filepath.Separator)) {
		if name == "" {
			continue
		}
		cur = filepath.Join(cur, name)
		fi, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return true, false, nil
		}
		if err != nil {
			return false, false, bare(err)
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return false, false, nil
		}
		if cur == dir {
			dirExists = true
		}
	}
	return true, dirExists, nil
}

// splitExisting splits an absolute clean path into its longest existing
// prefix and the missing components after it.
func splitExisting(abs string) (existing string, rest []string, err error) {
	existing = abs
	for {
		_, err := os.Lstat(existing)
		if err == nil {
			return existing, rest, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", nil, bare(err)
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			return "", nil, err
		}
		rest = append([]string{filepath.Base(existing)}, rest...)
		existing = parent
	}
}

// realPath is the absolute path of p with every symlink resolved.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// within reports whether p is root or lies below it (both clean, absolute).
func within(root, p string) bool {
	if p == root {
		return true
	}
	prefix := root
	if !strings.HasSuffix(prefix, string(filepath.Separator)) {
		prefix += string(filepath.Separator)
	}
	return strings.HasPrefix(p, prefix)
}
