package pyenv

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// A pyenv shim is a shell script that asks pyenv, at every start, which
// Python to run: one start costs pyenv's ~270 processes and half a second.
// Its answer depends on nothing but what selects the version, so the facts
// of a shim are cached under a selector built from exactly that (pyenv's
// version-name and version-file logic, pyenv 2.x):
//
//   - PYENV_VERSION, which wins over every file;
//   - else the first .python-version found walking up from PYENV_DIR (the
//     cwd by default), then from the cwd, else $PYENV_ROOT/version — by
//     path and content;
//   - PATH (the "system" version and the hooks pyenv finds) and
//     PYENV_HOOK_PATH.
//
// The versions directory (a new 3.11.x changes what "3.11" means) and
// pyenv itself are stamped by mtime like every other cached fact.

// shimSelector describes what decides a pyenv shim's interpreter.
type shimSelector struct {
	key    string   // hex digest of every input below; part of the cache key
	stamps []string // paths whose mtime must not change
}

// maxShimBytes bounds what is read of a file to recognise a shim; pyenv's
// shims are a few hundred bytes.
const maxShimBytes = 8 << 10

// maxVersionFileBytes bounds a .python-version file; larger files are not
// version files, and a shim reading one is simply not cached on disk.
const maxVersionFileBytes = 64 << 10

// shimRootPattern finds the root a pyenv shim exports, and shimExecPattern
// the line that hands over to pyenv; both must be present.
var (
	shimRootPattern = regexp.MustCompile(`(?m)^export PYENV_ROOT="([^"\n]+)"$`)
	shimExecPattern = regexp.MustCompile(`(?m)^exec "[^"\n]+/libexec/pyenv" exec "\$program" "\$@"$`)
)

// pyenvShimRoot returns the PYENV_ROOT a pyenv shim at exe exports, or ""
// when exe is not a pyenv shim.
func pyenvShimRoot(exe string) string {
	f, _, err := safefile.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxShimBytes+1))
	if err != nil || len(data) > maxShimBytes || !strings.HasPrefix(string(data), "#!") {
		return ""
	}
	m := shimRootPattern.FindSubmatch(data)
	if m == nil || !shimExecPattern.Match(data) {
		return ""
	}
	return string(m[1])
}

// selectShim builds the selector of the pyenv shim at exe as the probe
// would run it (the process environment and cwd); ok is false when exe is
// not a pyenv shim or its selection cannot be pinned down.
func selectShim(exe string, getenv func(string) (string, bool), cwd string) (shimSelector, bool) {
	root := pyenvShimRoot(exe)
	if root == "" {
		return shimSelector{}, false
	}
	var in strings.Builder
	env := func(name string) {
		v, ok := getenv(name)
		fmt.Fprintf(&in, "%s\x00%t\x00%s\x00", name, ok, v)
	}
	fmt.Fprintf(&in, "root\x00%s\x00", root)
	for _, name := range []string{"PYENV_VERSION", "PYENV_DIR", "PATH", "PYENV_HOOK_PATH"} {
		env(name)
	}
	stamps := []string{filepath.Join(root, "versions"), filepath.Join(root, "libexec", "pyenv")}
	if v, _ := getenv("PYENV_VERSION"); v == "" {
		file, content, err := versionFile(root, getenv, cwd)
		if err != nil {
			return shimSelector{}, false
		}
		fmt.Fprintf(&in, "file\x00%s\x00%s\x00", file, content)
		stamps = append(stamps, file)
	}
	sum := sha256.Sum256([]byte(in.String()))
	return shimSelector{key: hex.EncodeToString(sum[:]), stamps: stamps}, true
}

// versionFile is pyenv-version-file: the first .python-version walking up
// from PYENV_DIR (default: cwd), then from cwd, else the global version
// file; it returns the file and its content ("" when it does not exist).
func versionFile(root string, getenv func(string) (string, bool), cwd string) (string, string, error) {
	starts := []string{cwd}
	if d, _ := getenv("PYENV_DIR"); d != "" && d != cwd {
		starts = []string{d, cwd}
	}
	for _, start := range starts {
		for dir := filepath.Clean(start); ; dir = filepath.Dir(dir) {
			p := filepath.Join(dir, ".python-version")
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				content, err := readSmall(p)
				return p, content, err
			}
			if dir == filepath.Dir(dir) {
				break
			}
		}
	}
	global := filepath.Join(root, "version")
	content, err := readSmall(global)
	if errors.Is(err, os.ErrNotExist) {
		return global, "", nil
	}
	return global, content, err
}

// readSmall reads a regular file of at most maxVersionFileBytes without
// blocking on anything that is not one.
func readSmall(p string) (string, error) {
	f, err := openNonBlocking(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", p, err)
	}
	if !st.Mode().IsRegular() || st.Size() > maxVersionFileBytes {
		return "", fmt.Errorf("%s is not a version file", p)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxVersionFileBytes+1))
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", p, err)
	}
	return string(data), nil
}

// openNonBlocking opens p without blocking on a FIFO; readSmall refuses
// what is not a regular file itself, with its own message.
func openNonBlocking(p string) (*os.File, error) {
	f, _, err := safefile.Open(p)
	if errors.Is(err, safefile.ErrNotRegular) {
		return nil, fmt.Errorf("%s is not a version file", p)
	}
	return f, err
}
