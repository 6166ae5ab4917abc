package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// cacheProject writes n sources under lib/, each calling Numpy.f<k>/1.
func cacheProject(t *testing.T, n int) (string, []string) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "lib")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var files []string
	for k := 0; k < n; k++ {
		file := filepath.Join(dir, fmt.Sprintf("m%03d.ex", k))
		src := fmt.Sprintf("defmodule M%d do\n  def run(x), do: Numpy.f%d(x)\nend\n", k, k)
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	return root, files
}

func callNames(t *testing.T, opts Options) []string {
	t.Helper()
	calls, err := ScanProject(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range calls {
		out = append(out, fmt.Sprintf("%s:%s.%s/%d", filepath.Base(c.File), c.Module, c.Function, c.Arity))
	}
	return out
}

// TestCacheFollowsSourceVersions: with a cache, a scan after changes finds
// exactly what a scan without cache finds: a call added to one source, a
// deleted source's calls gone, an unsaved buffer instead of its file; and
// the cache forgets deleted files.
func TestCacheFollowsSourceVersions(t *testing.T) {
	root, files := cacheProject(t, 50)
	cache := NewCache()
	cached := Options{Root: root, Modules: []string{"Numpy"}, Cache: cache}
	uncached := Options{Root: root, Modules: []string{"Numpy"}}
	check := func(step string, wantLen int) {
		t.Helper()
		got, want := callNames(t, cached), callNames(t, uncached)
		if !slices.Equal(got, want) {
			t.Fatalf("%s: cached scan found %v, a fresh scan %v", step, got, want)
		}
		if cache.Len() != wantLen {
			t.Fatalf("%s: cache holds %d sources, want %d", step, cache.Len(), wantLen)
		}
	}
	check("first scan", 50)
	check("unchanged", 50)

	// A new call in one source among many (same directory, a rewrite in
	// place: the file keeps its inode).
	src := "defmodule M7 do\n  def run(x), do: Numpy.f7(x)\n  def more(x), do: Numpy.added(x, 1)\nend\n"
	if err := os.WriteFile(files[7], []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	check("call added", 50)
	if got := callNames(t, cached); !slices.Contains(got, "m007.ex:Numpy.added/2") {
		t.Fatalf("the added call is missing: %v", got)
	}

	// A deleted source: its calls go, and so does its entry.
	if err := os.Remove(files[3]); err != nil {
		t.Fatal(err)
	}
	check("source deleted", 49)
	if got := callNames(t, cached); slices.Contains(got, "m003.ex:Numpy.f3/1") {
		t.Fatalf("the deleted source's call is still reported: %v", got)
	}

	// An unsaved buffer wins over the cached scan of its file, and the
	// file's scan is found again once the buffer is gone.
	cached.Overlay = map[string][]byte{files[5]: []byte("defmodule M5 do\n  def run(x), do: Numpy.buffered(x)\nend\n")}
	got := callNames(t, cached)
	if !slices.Contains(got, "m005.ex:Numpy.buffered/1") || slices.Contains(got, "m005.ex:Numpy.f5/1") {
		t.Fatalf("the unsaved buffer did not override the file: %v", got)
	}
	cached.Overlay = nil
	check("buffer closed", 49)

	// Other modules: the scans for the old ones are not reused.
	cached.Modules, uncached.Modules = []string{"Json"}, []string{"Json"}
	check("modules changed", 49)
	if got := callNames(t, cached); len(got) != 0 {
		t.Fatalf("Numpy calls reported for Json: %v", got)
	}
}
