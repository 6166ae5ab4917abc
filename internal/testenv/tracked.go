package testenv

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// generatedEntries are what `make run`, mix or a generator leave in a
// project. They are left out of a copy when src is not in a git work tree
// (a source tarball), where the tracked files cannot be asked for.
var generatedEntries = map[string]bool{
	"_build": true, "deps": true, "__pycache__": true, ".snakebridge": true,
	"snakebridge.lock": true, "lib/snakebridge_generated": true, "priv/snakebridge": true,
}

// RepoRoot is the root of the snakebridge-lsp source tree, found from this
// file's own location so that every package's tests agree on it.
func RepoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate internal/testenv's source file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Demo copies the tracked files of examples/demo into a fresh temporary
// directory and returns its path (ending in "demo"). Whatever `make run`,
// mix or an editor left in examples/demo is not copied: every test starts
// from the demo as committed.
func Demo(t testing.TB) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "demo")
	CopyTracked(t, filepath.Join(RepoRoot(t), "examples", "demo"), dst)
	return dst
}

// CopyTracked copies the files under src that git tracks (as they are in
// the work tree) to dst. Untracked and ignored files are not copied, so a
// test cannot depend on state a developer's earlier commands left behind.
// Outside a git work tree it copies everything but generatedEntries.
func CopyTracked(t testing.TB, src, dst string) {
	t.Helper()
	files, err := TrackedFiles(src)
	if errors.Is(err, errNotGit) {
		CopyTree(t, src, dst, func(rel string, d fs.DirEntry) bool {
			return generatedEntries[rel] || generatedEntries[d.Name()]
		})
		return
	}
	if err != nil {
		t.Fatalf("listing the tracked files of %s: %v", src, err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, rel := range files {
		if err := copyFile(filepath.Join(src, rel), filepath.Join(dst, rel)); err != nil {
			t.Fatalf("copying %s to %s: %v", src, dst, err)
		}
	}
}

// errNotGit says that a directory is not inside a git work tree (or that
// git is not installed), so tracked files cannot be told from others.
var errNotGit = errors.New("not in a git work tree")

// TrackedFiles lists the regular files git tracks under dir, relative to
// dir and "/"-separated. Files deleted from the work tree are left out.
func TrackedFiles(dir string) ([]string, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, errNotGit
	}
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--", ".")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if strings.Contains(stderr.String(), "not a git repository") {
			return nil, errNotGit
		}
		return nil, errors.New("git ls-files: " + err.Error() + ": " + stderr.String())
	}
	var files []string
	for _, rel := range strings.Split(string(out), "\x00") {
		if rel == "" {
			continue
		}
		info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the work tree, or a symlink/submodule
		}
		files = append(files, rel)
	}
	return files, nil
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
