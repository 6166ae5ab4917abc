//go:build unix

package scan

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/privdir"
)

// TestSavedCacheOnlyInAPrivateDirectory: a cache directory others can
// write to, or that another user owns, may hold planted scans: it is
// neither read nor written, and the scan is then the uncached one.
func TestSavedCacheOnlyInAPrivateDirectory(t *testing.T) {
	root, _ := cacheProject(t, 5)
	uncached := Options{Root: root, Modules: []string{"Numpy"}}
	want := callNames(t, uncached)
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string)
	}{
		{"writable by others", func(t *testing.T, dir string) {
			if err := os.Chmod(dir, 0o777); err != nil {
				t.Fatal(err)
			}
		}},
		{"owned by another user", func(t *testing.T, dir string) {
			if os.Getuid() != 0 {
				// Without root no directory can be given away: refusing
				// one root owns is what is left to test.
				if c, err := LoadCache(filepath.Join("/", "scan.gob"), root); !errors.Is(err, privdir.ErrNotPrivate) || c.Len() != 0 {
					t.Fatalf("loaded %d scans from / (%v)", c.Len(), err)
				}
				return
			}
			if err := os.Chown(dir, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "scans")
			file := CacheFile(dir, root)
			// A planted cache claiming another call in every source.
			planted, _ := LoadCache(file, root)
			opts := uncached
			opts.Cache = planted
			callNames(t, opts)
			for _, e := range planted.entries {
				e.calls = []Call{{Module: "Numpy", Function: "planted", File: root}}
			}
			if err := planted.Save(file, root); err != nil {
				t.Fatal(err)
			}
			before, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			tc.setup(t, dir)
			if t.Failed() || (tc.name == "owned by another user" && os.Getuid() != 0) {
				return
			}
			c, err := LoadCache(file, root)
			if !errors.Is(err, privdir.ErrNotPrivate) || c.Len() != 0 {
				t.Fatalf("loaded %d scans from a directory that is not private (%v)", c.Len(), err)
			}
			opts.Cache = c
			if got := callNames(t, opts); !slices.Equal(got, want) {
				t.Fatalf("found %v, an uncached scan %v", got, want)
			}
			if err := c.Save(file, root); !errors.Is(err, privdir.ErrNotPrivate) {
				t.Fatalf("saved into a directory that is not private: %v", err)
			}
			if after, _ := os.ReadFile(file); !slices.Equal(after, before) {
				t.Fatal("the cache file in a directory that is not private was rewritten")
			}
		})
	}
}
