package filememo

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRacyVersionInProcessComparesDigest: a value computed from a version
// stored within the racy window is not returned once the file holds other
// content of the same size, even when the stat is the one stored (a
// rewrite within the file system's tick keeps every time); after a
// comparison made past the window, the stat alone vouches again.
func TestRacyVersionInProcessComparesDigest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mix.exs")
	one := []byte("{:numpy, \"1.0\"}")
	require.NoError(t, os.WriteFile(path, one, 0o644))
	stored := stat(t, path)
	var m Memo[string]
	m.PutContent("k", path, stored, one, "parsed 1.0")
	got, ok := m.Get("k", stored)
	require.True(t, ok, "the stored content is still the file's")
	require.Equal(t, "parsed 1.0", got)

	require.NoError(t, os.WriteFile(path, []byte("{:numpy, \"2.0\"}"), 0o644))
	// As if the rewrite had fallen within the same tick: the stat is the
	// one stored.
	_, ok = m.Get("k", stored)
	require.False(t, ok, "a same-size rewrite within the tick returned the value of the old content")

	require.NoError(t, os.WriteFile(path, one, 0o644))
	m.clock = func() time.Time { return time.Now().Add(time.Hour) }
	_, ok = m.Get("k", stored)
	require.True(t, ok, "the stored content again")
	require.False(t, m.entries["k"].racy, "a match past the window did not let the stat vouch")
}

// TestVersionPastTheWindowKeepsNoDigest: a version stored after the racy
// window costs no digest, and PutDigest keeps the caller's own.
func TestVersionPastTheWindowKeepsNoDigest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	require.NoError(t, os.WriteFile(path, []byte("one"), 0o644))
	info := stat(t, path)
	var m Memo[string]
	m.PutDigest("racy", path, info, sha256.Sum256([]byte("one")), "v")
	require.True(t, m.entries["racy"].racy)
	m.clock = func() time.Time { return time.Now().Add(time.Hour) }
	m.PutContent("old", path, info, []byte("one"), "v")
	require.False(t, m.entries["old"].racy)
}
