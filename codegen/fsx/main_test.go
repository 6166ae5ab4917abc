package fsx

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// childEnv selects a child mode: the kill and lock tests re-execute this
// test binary as helper processes (see child_unix_test.go).
const childEnv = "FSX_TEST_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(runChild(mode))
	}
	os.Exit(m.Run())
}

// mustWrite creates path (and its parents) with data, for test set-up.
func mustWrite(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// mustRead returns the content of path.
func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// allFiles lists every non-directory entry under dir, relative, sorted.
func allFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// tempFiles lists our temp files under dir.
func tempFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	for _, f := range allFiles(t, dir) {
		if IsTempFile(f) {
			out = append(out, f)
		}
	}
	return out
}

// requireNoTemps fails when a temp file of ours is left under dir.
func requireNoTemps(t testing.TB, dir string) {
	t.Helper()
	if left := tempFiles(t, dir); len(left) > 0 {
		t.Fatalf("temporary files left under %s: %v", dir, left)
	}
}

// memDir is a fresh directory, in memory when /dev/shm is there, for the
// tests whose subject is not durability (process kills, locking): a killed
// process loses nothing of the page cache, and tmpfs renames are as atomic
// and ordered as a disk file system's, whereas on a shared disk their
// hundreds of fsyncs would make them ten times slower.
func memDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "fsx-test-")
	if err != nil {
		return t.TempDir()
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}
