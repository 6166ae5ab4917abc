package analysis

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestParseCacheFollowsTheFiles: a project's lock and manifest are parsed
// once while their files stay the same, again when generation replaces
// them, every time while they are broken, and never from the cache when an
// editor buffer holds them.
func TestParseCacheFollowsTheFiles(t *testing.T) {
	f := newFixture(t)
	f.write()
	ctx := context.Background()
	opts := Options{Python: f.python, Parsed: NewParseCache()}
	manifest := filepath.Join(f.root, ".snakebridge", "manifest.json")

	first := Load(ctx, f.root, opts)
	require.Empty(t, first.Unreadable)
	again := Load(ctx, f.root, opts)
	require.Same(t, first.Manifest, again.Manifest, "an unchanged manifest is parsed once")
	require.Same(t, first.Lock, again.Lock, "an unchanged lock is parsed once")
	require.Equal(t, 3, opts.Parsed.Len(), "the lock, the manifest and the registry")

	replace := func(body string) {
		tmp := manifest + ".tmp"
		require.NoError(t, os.WriteFile(tmp, []byte(body), 0o644))
		require.NoError(t, os.Rename(tmp, manifest))
	}
	replace(fixtureManifest)
	renamed := Load(ctx, f.root, opts)
	require.NotSame(t, again.Manifest, renamed.Manifest, "a manifest replaced by rename is parsed again")
	require.Same(t, again.Lock, renamed.Lock)

	replace("{\n  \"symbols\": [\n")
	for range 2 {
		broken := Load(ctx, f.root, opts)
		require.Len(t, broken.Unreadable, 1, "a broken manifest is reported on every load")
		require.Equal(t, CodeManifestUnreadable, broken.Unreadable[0].Code)
	}

	buffered := opts
	buffered.Overlay = map[string][]byte{manifest: []byte(fixtureManifest)}
	edited := Load(ctx, f.root, buffered)
	require.Empty(t, edited.Unreadable, "the buffer wins over the cached parse of the file")
	require.NotNil(t, edited.Manifest)

	opts.Parsed.Clear()
	require.Zero(t, opts.Parsed.Len())
	require.NotSame(t, renamed.Lock, Load(ctx, f.root, opts).Lock, "parsed again after Clear")
}

// TestFileSHA256FollowsTheFile: a generated file's hash is the hash of its
// current content however often it is asked for, through a cache or not;
// a file that is not regular is refused, not opened.
func TestFileSHA256FollowsTheFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "gen.ex")
	require.NoError(t, os.WriteFile(file, []byte("one\n"), 0o644))
	cache := NewParseCache()
	for _, c := range []*ParseCache{nil, cache, cache} {
		sum, err := c.FileSHA256(file)
		require.NoError(t, err)
		require.Equal(t, sha256Hex("one\n"), sum)
	}
	tmp := file + ".tmp"
	require.NoError(t, os.WriteFile(tmp, []byte("two\n"), 0o644))
	require.NoError(t, os.Rename(tmp, file))
	sum, err := cache.FileSHA256(file)
	require.NoError(t, err)
	require.Equal(t, sha256Hex("two\n"), sum, "a file replaced by rename is hashed again")
	cache.Clear()
	require.NoError(t, os.Symlink(file, filepath.Join(dir, "link.ex")))
	_, err = cache.FileSHA256(filepath.Join(dir, "link.ex"))
	require.ErrorContains(t, err, "not a regular file")
	_, err = cache.FileSHA256(filepath.Join(dir, "missing.ex"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

// BenchmarkHashNumpySizedBindings hashes 88 generated files of 12 MB in
// all, as check verifies numpy's bindings: once per run from the CLI
// (nil cache), once per file version in the server (warm cache).
func BenchmarkHashNumpySizedBindings(b *testing.B) {
	dir := b.TempDir()
	body := strings.Repeat("  def f(x), do: SnakeBridge.Runtime.call(__MODULE__, :f, [x])\n", 12<<20/88/64)
	var files []string
	for i := range 88 {
		f := filepath.Join(dir, fmt.Sprintf("f%02d.ex", i))
		require.NoError(b, os.WriteFile(f, []byte(body), 0o644))
		files = append(files, f)
	}
	for _, c := range []struct {
		name  string
		cache *ParseCache
	}{{"cli", nil}, {"server", NewParseCache()}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				for _, f := range files {
					if _, err := c.cache.FileSHA256(f); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
