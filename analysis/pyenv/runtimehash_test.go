//go:build !windows

package pyenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/stretchr/testify/require"
)

func sha256sum(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command(testenv.Tool(t, "sha256sum"), path).Output()
	require.NoError(t, err)
	return strings.Fields(string(out))[0]
}

func TestRuntimeHash(t *testing.T) {
	py := testenv.SystemPython(t)
	real, err := filepath.EvalSymlinks(py)
	require.NoError(t, err)
	tmp := t.TempDir()

	link := filepath.Join(tmp, "venv", "bin", "python3")
	require.NoError(t, os.MkdirAll(filepath.Dir(link), 0o755))
	require.NoError(t, os.Symlink(py, link))
	require.Equal(t, sha256sum(t, real), RuntimeHash(link), "a venv link hashes the binary it points to")

	shim := filepath.Join(tmp, "shims", "python3")
	require.NoError(t, writeFile(shim, "#!/usr/bin/env bash\nexec pyenv exec python3 \"$@\"\n", 0o755))
	require.Equal(t, sha256sum(t, shim), RuntimeHash(shim), "a shim hashes as the script it is")

	require.Equal(t, "unknown", RuntimeHash(filepath.Join(tmp, "missing")))
	require.Equal(t, "unknown", RuntimeHash(tmp))
	dangling := filepath.Join(tmp, "dangling")
	require.NoError(t, os.Symlink(filepath.Join(tmp, "nowhere"), dangling))
	require.Equal(t, "unknown", RuntimeHash(dangling))
}

// TestCachedRuntimeHash: the cache hashes a file again when it is replaced
// or rewritten, and otherwise answers without reading it (shown by a
// planted answer for the file's current version, which no hash gives).
func TestCachedRuntimeHash(t *testing.T) {
	c := NewFactsCache("")
	path := filepath.Join(t.TempDir(), "python3")
	require.NoError(t, writeFile(path, "version one", 0o755))
	first := c.RuntimeHash(path)
	require.Equal(t, sha256sum(t, path), first, "first hash")

	// Replaced (a new file, as an upgrade renames one in): hashed again.
	next := path + ".new"
	require.NoError(t, writeFile(next, "version two!", 0o755))
	require.NoError(t, os.Rename(next, path))
	second := c.RuntimeHash(path)
	require.Equal(t, sha256sum(t, path), second, "after a replacement")

	// Unchanged: the memo answers. (A same-size rewrite that puts the
	// modification time back is noticed or not depending on whether its
	// status-change time falls within the rename's clock tick: no proof
	// either way on a loaded machine.)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	c.hashes.Put(path, fi, "planted")
	require.Equal(t, "planted", c.RuntimeHash(path), "memoised")

	// Rewritten in place: hashed again.
	require.NoError(t, os.WriteFile(path, []byte("version three"), 0o755))
	require.Equal(t, sha256sum(t, path), c.RuntimeHash(path), "after a rewrite")

	var none *FactsCache
	require.Equal(t, sha256sum(t, path), none.RuntimeHash(path), "a nil cache hashes every time")
	require.Equal(t, "unknown", c.RuntimeHash(filepath.Join(t.TempDir(), "missing")))
}

// TestSavedRuntimeHash: a cache with a directory saves the hash for the
// file's identity, and a later process (a new cache) answers from it
// without reading the file — shown by a planted answer — until the file is
// rewritten, even in place with the same size. A file within the racy
// window of its hashing is not saved, and a damaged entry is ignored.
func TestSavedRuntimeHash(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pyfacts")
	path := filepath.Join(t.TempDir(), "python3")
	require.NoError(t, writeFile(path, "version one", 0o755))
	later := func() time.Time { return time.Now().Add(time.Hour) } // the file is old by then
	process := func(now func() time.Time) *FactsCache {
		c := NewFactsCache(dir)
		c.now = now
		return c
	}

	racy := process(nil)
	require.Equal(t, sha256sum(t, path), racy.RuntimeHash(path))
	_, err := os.Stat(racy.runtimeHashFile(path))
	require.ErrorIs(t, err, os.ErrNotExist, "a racy identity was saved")

	first := process(later)
	require.Equal(t, sha256sum(t, path), first.RuntimeHash(path))
	saved := first.runtimeHashFile(path)
	data, err := os.ReadFile(saved)
	require.NoError(t, err, "the hash was not saved")

	planted := strings.Repeat("ab", 32)
	require.NoError(t, os.WriteFile(saved, []byte(strings.Replace(string(data), sha256sum(t, path), planted, 1)), 0o600))
	require.Equal(t, planted, process(later).RuntimeHash(path), "a new process did not use the saved hash")

	require.NoError(t, os.WriteFile(path, []byte("version two"), 0o755)) // same size, in place
	require.Equal(t, sha256sum(t, path), process(later).RuntimeHash(path), "a rewritten file kept its saved hash")

	for _, damaged := range []string{"", "{", `{"schema":1,"sha256":"zz"}`} {
		require.NoError(t, os.WriteFile(saved, []byte(damaged), 0o600))
		require.Equal(t, sha256sum(t, path), process(later).RuntimeHash(path), "damaged entry %q", damaged)
	}
}
