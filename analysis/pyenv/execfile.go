package pyenv

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// executableProblem says why p is not an executable regular file (after
// following symlinks), or "" when it is one — Snakepit's executable_file?.
func executableProblem(p string) string {
	st, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "does not exist"
	case err != nil:
		return err.Error()
	case st.IsDir():
		return "is a directory, not an executable file"
	case !st.Mode().IsRegular():
		return "is not a regular file (" + st.Mode().Type().String() + ")"
	case st.Mode().Perm()&0o111 == 0:
		return "is not executable (mode " + st.Mode().Perm().String() + ")"
	}
	return ""
}

// findManagedPython mirrors Snakepit's managed-runtime lookup:
// <dir>/bin/python3, <dir>/bin/python, then the first (sorted) match of
// Path.wildcard("<dir>/**/bin/python3"), then of "<dir>/**/bin/python".
// Like upstream it only requires the path to exist.
func findManagedPython(dir string) (string, bool) {
	for _, name := range []string{"python3", "python"} {
		p := filepath.Join(dir, "bin", name)
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
	}
	py3, py := wildcardBinPython(dir)
	if len(py3) > 0 {
		return py3[0], true
	}
	if len(py) > 0 {
		return py[0], true
	}
	return "", false
}

// maxWildcardDepth bounds the "**" walk; uv runtimes sit two or three levels
// down, and the bound keeps a pathological tree from stalling resolution.
const maxWildcardDepth = 24

// wildcardBinPython lists the existing paths matching **/bin/python3 and
// **/bin/python under dir, each sorted as :filelib.wildcard sorts. Like
// Elixir's Path.wildcard, "**" does not descend into dot-directories and
// does follow symlinked directories (guarded against cycles).
func wildcardBinPython(dir string) (py3, py []string) {
	// Cycles are cut on the ancestor chain only: two symlinks to the same
	// runtime (uv's cpython-3.11 -> cpython-3.11.8) must both be listed.
	ancestors := map[string]bool{}
	var walk func(d string, depth int)
	walk = func(d string, depth int) {
		real, err := filepath.EvalSymlinks(d)
		if err != nil || ancestors[real] || depth > maxWildcardDepth {
			return
		}
		ancestors[real] = true
		defer delete(ancestors, real)
		entries, err := os.ReadDir(d)
		if err != nil {
			return
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") {
				continue
			}
			p := filepath.Join(d, name)
			if name == "bin" {
				py3, py = appendIfExists(py3, filepath.Join(p, "python3")), appendIfExists(py, filepath.Join(p, "python"))
			}
			if isDirFollow(p, e) {
				walk(p, depth+1)
			}
		}
	}
	walk(dir, 0)
	sort.Strings(py3)
	sort.Strings(py)
	return py3, py
}

func appendIfExists(list []string, p string) []string {
	if _, err := os.Stat(p); err == nil {
		return append(list, p)
	}
	return list
}

func isDirFollow(p string, e fs.DirEntry) bool {
	if e.IsDir() {
		return true
	}
	if e.Type()&fs.ModeSymlink == 0 {
		return false
	}
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
