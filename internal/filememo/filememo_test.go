package filememo

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func stat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	info, err := os.Stat(path)
	require.NoError(t, err)
	return info
}

// TestMemoFollowsTheFileVersion: a value is returned while its file is
// the same file with the same size and modification time, and not after a
// replacement by rename, a rewrite of another size, or a touch.
func TestMemoFollowsTheFileVersion(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	require.NoError(t, os.WriteFile(path, []byte("one"), 0o644))
	var m Memo[string]
	m.Put(path, stat(t, path), "parsed one")
	got, ok := m.Get(path, stat(t, path))
	require.True(t, ok)
	require.Equal(t, "parsed one", got)
	require.Equal(t, 1, m.Len())

	next := filepath.Join(dir, "f.new")
	require.NoError(t, os.WriteFile(next, []byte("one"), 0o644))
	old := stat(t, path)
	require.NoError(t, os.Chtimes(next, old.ModTime(), old.ModTime()))
	require.NoError(t, os.Rename(next, path))
	_, ok = m.Get(path, stat(t, path))
	require.False(t, ok, "a file replaced by rename is another version, even with the same size and time")

	m.Put(path, stat(t, path), "parsed again")
	require.NoError(t, os.WriteFile(path, []byte("longer"), 0o644))
	_, ok = m.Get(path, stat(t, path))
	require.False(t, ok, "an in-place rewrite of another size")

	m.Put(path, stat(t, path), "parsed longer")
	later := time.Now().Add(time.Hour)
	require.NoError(t, os.Chtimes(path, later, later))
	_, ok = m.Get(path, stat(t, path))
	require.False(t, ok, "a new modification time")

	m.Clear()
	require.Zero(t, m.Len())
	var none *Memo[string]
	none.Put(path, stat(t, path), "x")
	_, ok = none.Get(path, stat(t, path))
	require.False(t, ok, "a nil memo remembers nothing")
	require.Zero(t, none.Len())
}

// TestSameSizeSameMtimeRewriteIsANewVersion: a rewrite in place that
// keeps the size and puts the modification time back (touch -d, an editor
// restoring times) is a new version: the status-change time moved.
func TestSameSizeSameMtimeRewriteIsANewVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	require.NoError(t, os.WriteFile(path, []byte("one"), 0o644))
	before := stat(t, path)
	var m Memo[string]
	m.Put(path, before, "parsed one")
	// The status-change time comes from the kernel's coarse clock: wait
	// for it to move, so the rewrite lands in another tick.
	time.Sleep(20 * time.Millisecond)
	require.NoError(t, os.WriteFile(path, []byte("two"), 0o644))
	require.NoError(t, os.Chtimes(path, before.ModTime(), before.ModTime()))
	after := stat(t, path)
	require.Equal(t, before.Size(), after.Size())
	require.True(t, before.ModTime().Equal(after.ModTime()))
	_, ok := m.Get(path, after)
	require.False(t, ok, "a rewrite keeping size and modification time was taken for the old version")
}
