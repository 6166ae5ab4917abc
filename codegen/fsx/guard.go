package fsx

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrOutsideRoot is wrapped by the errors of Guard.Check for a path that
// leads outside the guard's root or through a symlinked target file.
var ErrOutsideRoot = errors.New("refusing to write outside the project")

// Guard keeps the generator's writes inside one directory tree: a
// generated_dir symlinked elsewhere, or a symlink planted at a generated
// file's place, must not make us overwrite files outside the project.
//
// The check is made before each operation, so it protects against a
// misconfigured tree, not against an adversary racing our writes.
type Guard struct {
	// Root is the project root; it may itself be (or lie under) a symlink.
	Root string
}

// Check refuses path when its existing components, with symlinks resolved,
// lead outside Root, when an existing component cannot be resolved (a
// dangling symlink), or when path itself is a symlink. The components that
// do not exist yet are taken lexically: ".." is resolved by filepath.Clean
// before anything else, as every operation of this package does.
func (g Guard) Check(path string) error {
	root, err := realPath(g.Root)
	if err != nil {
		return fmt.Errorf("checking %s: resolving the project root %s: %w", path, g.Root, bare(err))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("checking %s: %w", path, err)
	}
	// Fast path: under the root as resolved or as given (whose components
	// resolve to it), with no symlink below.
	for _, prefix := range rootSpellings(g.Root, root) {
		if ok, err := plainBelow(prefix, abs); err != nil {
			return fmt.Errorf("checking %s: %w", path, err)
		} else if ok {
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
// stopping at the first missing one). When it says false, Check resolves
// the path in full.
func plainBelow(root, abs string) (bool, error) {
	if abs == root || !within(root, abs) {
		return abs == root, nil
	}
	cur := root
	for _, name := range strings.Split(abs[len(root):], string(filepath.Separator)) {
		if name == "" {
			continue
		}
		cur = filepath.Join(cur, name)
		fi, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return true, nil
		}
		if err != nil {
			return false, bare(err)
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return false, nil
		}
	}
	return true, nil
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
