package scan

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
)

// watchedDirs lists root/lib and every directory below it, as a watcher
// covering the scan path would.
func watchedDirs(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(filepath.Join(root, "lib"), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// sameSizeEdit rewrites file in place with content of the same size and
// puts its modification time back: only the status-change time (or an
// event) tells.
func sameSizeEdit(t *testing.T, file, from, to string) {
	t.Helper()
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), from, to, 1)
	if len(edited) != len(src) || edited == string(src) {
		t.Fatalf("bad same-size edit of %s: %q → %q", file, from, to)
	}
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(file, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// TestVouchedCacheFollowsEvents: while a watcher vouches for the scan
// path, each change reported to Invalidate gives the findings of an
// uncached scan (an edit, a same-size edit keeping the modification time,
// a deleted file, a new file, a new directory); and the cache really
// skips the stat: a change no event reported stays unseen until the
// watcher stops vouching (which is why the server vouches only while its
// own watcher is healthy).
func TestVouchedCacheFollowsEvents(t *testing.T) {
	root, files := cacheProject(t, 30)
	cache := NewCache()
	cached := Options{Root: root, Modules: []string{"Numpy"}, Cache: cache}
	uncached := Options{Root: root, Modules: []string{"Numpy"}}
	same := func(step string) {
		t.Helper()
		for range 2 { // the scan that verifies, then the vouched one
			if got, want := callNames(t, cached), callNames(t, uncached); !slices.Equal(got, want) {
				t.Fatalf("%s: cached scan found %v, a fresh scan %v", step, got, want)
			}
		}
	}
	cache.Watch(watchedDirs(t, root))
	same("first scans")

	// The proof that the stat is skipped: an unreported change is unseen.
	sameSizeEdit(t, files[1], "Numpy.f1(x)", "Numpy.g1(x)")
	if got := callNames(t, cached); !slices.Contains(got, "m001.ex:Numpy.f1/1") {
		t.Fatalf("the vouched scan should not have looked at the file: %v", got)
	}
	cache.Invalidate(files[1])
	same("same-size edit, reported")

	if err := os.WriteFile(files[2], []byte("defmodule M2 do\n  def run(x), do: Numpy.longer_name(x, 2)\nend\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cache.Invalidate(files[2])
	same("edit, reported")

	if err := os.Remove(files[3]); err != nil {
		t.Fatal(err)
	}
	cache.Invalidate(files[3])
	same("deleted file, reported")

	added := filepath.Join(root, "lib", "added.ex")
	if err := os.WriteFile(added, []byte("defmodule Added do\n  def run(x), do: Numpy.added(x)\nend\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cache.Invalidate(added)
	same("new file, reported")

	sub := filepath.Join(root, "lib", "sub")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "deep.ex"), []byte("defmodule Deep do\n  def run(x), do: Numpy.deep(x)\nend\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cache.Invalidate(sub) // the event of the directory, not of its file
	same("new directory, reported")
	// lib/sub is not watched: its files are verified by a stat each time.
	sameSizeEdit(t, filepath.Join(sub, "deep.ex"), "Numpy.deep(x)", "Numpy.peed(x)")
	same("edit in an unwatched directory, unreported")

	// Unreported changes are seen once the watcher stops vouching.
	sameSizeEdit(t, files[4], "Numpy.f4(x)", "Numpy.g4(x)")
	cache.Watch(nil)
	same("the watcher stopped")
}

// TestStatBeforeEventIsNotVouched: a version found before an event (a stat
// racing with a write) is used once but not vouched for: the next scan
// looks at the file again.
func TestStatBeforeEventIsNotVouched(t *testing.T) {
	root, files := cacheProject(t, 1)
	cache := NewCache()
	cache.Watch([]string{filepath.Join(root, "lib")})
	info, err := os.Stat(files[0])
	if err != nil {
		t.Fatal(err)
	}
	m := cache.mark()
	cache.Invalidate(files[0]) // the event of a write after the stat
	cache.store(files[0], "Numpy", info, m, false, nil, []Call{{Module: "Numpy", Function: "stale"}}, nil)
	if _, _, ok := cache.vouched(files[0], "Numpy"); ok {
		t.Fatal("a stat taken before an event was vouched for")
	}
	m = cache.mark()
	cache.store(files[0], "Numpy", info, m, false, nil, nil, nil)
	if _, _, ok := cache.vouched(files[0], "Numpy"); !ok {
		t.Fatal("a stat taken after the last event was not vouched for")
	}
	cache.Watch([]string{filepath.Join(root, "lib")}) // watches reinstalled
	if _, _, ok := cache.vouched(files[0], "Numpy"); ok {
		t.Fatal("a voucher survived new watches")
	}
}

// TestSavedCacheMatchesUncached: a check process loading the previous
// process's scans finds what an uncached scan finds after every kind of
// change, and a cache file it cannot trust is ignored and replaced.
func TestSavedCacheMatchesUncached(t *testing.T) {
	root, files := cacheProject(t, 20)
	dir := filepath.Join(t.TempDir(), "scans")
	file := CacheFile(dir, root)
	uncached := Options{Root: root, Modules: []string{"Numpy"}}
	run := func(step string, wantLoaded int) {
		t.Helper()
		cache, err := LoadCache(file, root)
		if err != nil && wantLoaded > 0 {
			t.Fatalf("%s: %v", step, err)
		}
		if cache.Len() != wantLoaded {
			t.Fatalf("%s: %d scans loaded, want %d (%v)", step, cache.Len(), wantLoaded, err)
		}
		opts := uncached
		opts.Cache = cache
		if got, want := callNames(t, opts), callNames(t, uncached); !slices.Equal(got, want) {
			t.Fatalf("%s: cached scan found %v, a fresh scan %v", step, got, want)
		}
		if err := cache.Save(file, root); err != nil {
			t.Fatalf("%s: saving: %v", step, err)
		}
	}
	run("first run", 0)
	run("unchanged", 20)

	if err := os.WriteFile(files[1], []byte("defmodule M1 do\n  def run(x), do: Numpy.edited(x, 1)\nend\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("edited source", 20)
	sameSizeEdit(t, files[2], "Numpy.f2(x)", "Numpy.g2(x)")
	run("same-size edit, same modification time", 20)
	if err := os.Remove(files[3]); err != nil {
		t.Fatal(err)
	}
	run("deleted file", 20)
	if err := os.WriteFile(filepath.Join(root, "lib", "new.ex"), []byte("defmodule New do\n  def run(x), do: Numpy.new(x)\nend\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("new file", 19)

	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	corrupt := slices.Clone(data)
	corrupt[len(corrupt)/2] ^= 0xff
	for _, bad := range []struct {
		name string
		data []byte
	}{
		{"corrupt", corrupt},
		{"truncated", data[:len(data)/2]},
		{"empty", nil},
		{"another format", append([]byte("snakebridge-lsp scan cache 1\n"), data[len(persistMagic):]...)},
	} {
		if err := os.WriteFile(file, bad.data, 0o600); err != nil {
			t.Fatal(err)
		}
		run(bad.name+" cache file", 0)
		run("after the "+bad.name+" cache file was replaced", 20)
	}

	// The cache of another project (a copy at another path) is not used.
	other := filepath.Join(t.TempDir(), "copy")
	if err := os.Rename(root, other); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(file, CacheFile(dir, other)); err != nil {
		t.Fatal(err)
	}
	if c, err := LoadCache(CacheFile(dir, other), other); err == nil || c.Len() != 0 {
		t.Fatalf("another project's cache was loaded: %d scans, %v", c.Len(), err)
	}
}

// TestRacyIdentityComparesDigest: an entry whose identity was taken within
// the racy window keeps the digest of what was scanned; a rewrite that
// kept every time of the identity (the same clock tick) is found by the
// digest.
func TestRacyIdentityComparesDigest(t *testing.T) {
	root, files := cacheProject(t, 1)
	dir := t.TempDir()
	file := CacheFile(dir, root)
	uncached := Options{Root: root, Modules: []string{"Numpy"}}
	first, _ := LoadCache(file, root)
	opts := uncached
	opts.Cache = first
	callNames(t, opts)
	if err := first.Save(file, root); err != nil {
		t.Fatal(err)
	}
	sameSizeEdit(t, files[0], "Numpy.f0(x)", "Numpy.g0(x)")
	loaded, err := LoadCache(file, root)
	if err != nil {
		t.Fatal(err)
	}
	e := loaded.entries[files[0]]
	if e == nil || e.digest == "" {
		t.Fatalf("the fresh file's entry has no digest: %+v", e)
	}
	// As if the rewrite had fallen within the same tick: the identity on
	// disk is the one recorded.
	st, err := os.Stat(files[0])
	if err != nil {
		t.Fatal(err)
	}
	e.id, _ = identityOf(st)
	opts.Cache = loaded
	if got, want := callNames(t, opts), callNames(t, uncached); !slices.Equal(got, want) {
		t.Fatalf("racy rewrite: cached scan found %v, a fresh scan %v", got, want)
	}
}

// TestRacyVersionInProcessComparesDigest: within one process too, a
// source rewritten in place with the same size within the same tick of the
// file system's clock as its scan (a second on ext3 or HFS+, two on FAT)
// keeps every time of its stat; the digest kept for the racy version tells
// the rewrite from the version scanned.
func TestRacyVersionInProcessComparesDigest(t *testing.T) {
	root, files := cacheProject(t, 1)
	cache := NewCache()
	uncached := Options{Root: root, Modules: []string{"Numpy"}}
	opts := uncached
	opts.Cache = cache
	callNames(t, opts)
	e := cache.entries[files[0]]
	if e == nil || e.digest == "" {
		t.Fatalf("the entry of a file scanned as soon as written has no digest: %+v", e)
	}
	sameSizeEdit(t, files[0], "Numpy.f0(x)", "Numpy.g0(x)")
	// As if the rewrite had fallen within the same tick: the stat is the
	// one the scan recorded.
	st, err := os.Stat(files[0])
	if err != nil {
		t.Fatal(err)
	}
	e.info = st
	if got, want := callNames(t, opts), callNames(t, uncached); !slices.Equal(got, want) {
		t.Fatalf("racy rewrite: cached scan found %v, a fresh scan %v", got, want)
	}
}

func identityOf(st os.FileInfo) (filememo.Identity, bool) { return filememo.IdentityOf(st) }

// TestSavedListingFollowsDirectories: the list of sources a previous
// process saved is reused while no directory it walked changed, and a new
// file, a deleted file or a new directory is found as an uncached scan
// finds it. The runs pretend to happen an hour after the files were
// written, so that no identity is racy.
func TestSavedListingFollowsDirectories(t *testing.T) {
	root, files := cacheProject(t, 10)
	file := CacheFile(t.TempDir(), root)
	uncached := Options{Root: root, Modules: []string{"Numpy"}}
	later := func() time.Time { return time.Now().Add(time.Hour) }
	run := func(step string, wantReused bool) {
		t.Helper()
		cache, err := LoadCache(file, root)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		cache.clock = later
		reused := false
		for k := range cache.listings {
			_, reused = cache.SavedWalk(k)
		}
		if reused != wantReused {
			t.Fatalf("%s: saved list of sources reused: %v, want %v", step, reused, wantReused)
		}
		opts := uncached
		opts.Cache = cache
		if got, want := callNames(t, opts), callNames(t, uncached); !slices.Equal(got, want) {
			t.Fatalf("%s: cached scan found %v, a fresh scan %v", step, got, want)
		}
		if err := cache.Save(file, root); err != nil {
			t.Fatal(err)
		}
	}
	run("first run", false)
	run("unchanged", true)
	added := filepath.Join(root, "lib", "added.ex")
	if err := os.WriteFile(added, []byte("defmodule Added do\n  def run(x), do: Numpy.added(x)\nend\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("new file", false)
	run("unchanged after the new file", true)
	if err := os.Remove(files[4]); err != nil {
		t.Fatal(err)
	}
	run("deleted file", false)
	sub := filepath.Join(root, "lib", "sub")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	run("new empty directory", false)
	if err := os.WriteFile(filepath.Join(sub, "deep.ex"), []byte("defmodule Deep do\n  def run(x), do: Numpy.deep(x)\nend\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("new file in the new directory", false)
	run("unchanged at last", true)
}
