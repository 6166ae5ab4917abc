package fsx

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestWriteFileCreatesWithParents(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "lib", "gen", "json", "__init__.ex")
	changed, err := WriteFile(path, []byte("defmodule Json do\nend\n"), 0o640)
	if err != nil || !changed {
		t.Fatalf("WriteFile = %v, %v; want true, nil", changed, err)
	}
	if got := mustRead(t, path); string(got) != "defmodule Json do\nend\n" {
		t.Fatalf("content %q", got)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&^0o640 != 0 {
		t.Fatalf("mode %v exceeds the requested 0640", fi.Mode().Perm())
	}
	requireNoTemps(t, dir)
}

func TestWriteFileUnchangedDoesNotTouch(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "snakebridge.lock")
	mustWrite(t, path, []byte(`{"version": "0.16.0"}`))
	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(path, past, past); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(path)
	echoes := 0
	w := Writer{Echo: func(string, [32]byte) { echoes++ }}
	changed, err := w.WriteFile(path, []byte(`{"version": "0.16.0"}`), 0o644)
	if err != nil || changed {
		t.Fatalf("WriteFile = %v, %v; want false, nil", changed, err)
	}
	after, _ := os.Stat(path)
	if !after.ModTime().Equal(past) || !os.SameFile(before, after) {
		t.Fatalf("an unchanged file was rewritten (mtime %v, same inode %v)", after.ModTime(), os.SameFile(before, after))
	}
	if echoes != 0 {
		t.Fatalf("Echo called %d times for an unchanged file", echoes)
	}
}

func TestWriteFileComparesBytesNotSizes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.ex")
	mustWrite(t, path, []byte("aaaa"))
	changed, err := WriteFile(path, []byte("aaab"), 0o644)
	if err != nil || !changed {
		t.Fatalf("WriteFile = %v, %v; want true, nil", changed, err)
	}
	if got := mustRead(t, path); string(got) != "aaab" {
		t.Fatalf("content %q", got)
	}
	// Shorter and longer content both replace the file whole.
	for _, data := range []string{"a", "a much longer content than before\n", ""} {
		if _, err := WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := mustRead(t, path); string(got) != data {
			t.Fatalf("content %q, want %q", got, data)
		}
	}
	requireNoTemps(t, dir)
}

// TestWriteFileEchoBeforeRename checks that Echo sees the path and the
// digest while the old content is still in place and the new one waits in
// a temp file of the same directory.
func TestWriteFileEchoBeforeRename(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "lib", "x.ex")
	mustWrite(t, path, []byte("old\n"))
	data := []byte("new\n")
	calls := 0
	w := Writer{Echo: func(p string, sum [32]byte) {
		calls++
		if p != path {
			t.Errorf("Echo path %q, want %q", p, path)
		}
		if sum != sha256.Sum256(data) {
			t.Errorf("Echo digest %x is not the new content's", sum)
		}
		if got := mustRead(t, path); string(got) != "old\n" {
			t.Errorf("Echo called after the rename: target holds %q", got)
		}
		temps := tempFiles(t, filepath.Dir(path))
		if len(temps) != 1 || !bytes.Equal(mustRead(t, filepath.Join(dir, "lib", temps[0])), data) {
			t.Errorf("Echo: want one complete temp file beside the target, got %v", temps)
		}
	}}
	if _, err := w.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Fatalf("Echo called %d times, want 1", calls)
	}
	requireNoTemps(t, dir)
}

// TestWriteFileRenameFailureLeavesNoTemp makes the rename fail by putting a
// non-empty directory at the target between the check and the rename.
func TestWriteFileRenameFailureLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.ex")
	w := Writer{Echo: func(string, [32]byte) {
		mustWrite(t, filepath.Join(path, "inner"), []byte("in the way"))
	}}
	changed, err := w.WriteFile(path, []byte("new"), 0o644)
	if err == nil || changed {
		t.Fatalf("WriteFile = %v, %v; want an error", changed, err)
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "renaming") {
		t.Fatalf("error %q does not name the file and the step", err)
	}
	requireNoTemps(t, dir)
}

func TestWriteFileRefusesNonRegularTargets(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	mustWrite(t, filepath.Join(sub, "f"), nil)
	_, err := WriteFile(sub, []byte("x"), 0o644)
	if err == nil || !strings.Contains(err.Error(), "directory") || !strings.Contains(err.Error(), sub) {
		t.Fatalf("writing over a directory: %v", err)
	}
	requireNoTemps(t, dir)
}

func TestIsTempFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{".snakebridge-lsp-tmp-0123456789abcdef", true},
		{"/p/lib/gen/.snakebridge-lsp-tmp-00", true},
		{"json.ex", false},
		{"json.ex.tmp.42", false},       // upstream's, not ours
		{".snakebridge-lsp-tmp", false}, // no separator
		{"x.snakebridge-lsp-tmp-1", false},
		{"/p/.snakebridge-lsp-tmp-dir/real.ex", false},
	} {
		if got := IsTempFile(tc.name); got != tc.want {
			t.Errorf("IsTempFile(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
	// The names we create are recognised and never look like sources.
	dir := t.TempDir()
	f, name, err := createTemp(dir, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if !IsTempFile(name) || strings.HasSuffix(name, ".ex") || filepath.Dir(name) != dir {
		t.Fatalf("created temp %q", name)
	}
}

func TestSweepTemps(t *testing.T) {
	dir := t.TempDir()
	temps := []string{
		filepath.Join(dir, TempPrefix+"1"),
		filepath.Join(dir, "lib", TempPrefix+"2"),
		filepath.Join(dir, "lib", "gen", "json", TempPrefix+"3"),
	}
	keep := []string{
		filepath.Join(dir, "snakebridge.lock"),
		filepath.Join(dir, ".formatter.exs"),
		filepath.Join(dir, "lib", "gen", "json", "__init__.ex"),
		filepath.Join(dir, "lib", "gen", "json", "__init__.ex.tmp.7"),
	}
	for _, p := range append(append([]string{}, temps...), keep...) {
		mustWrite(t, p, []byte("x"))
	}
	// A temp-named directory is not ours to remove.
	if err := os.Mkdir(filepath.Join(dir, TempPrefix+"dir"), 0o755); err != nil {
		t.Fatal(err)
	}

	removed, err := SweepTemps(dir, false)
	if err != nil || len(removed) != 1 || removed[0] != temps[0] {
		t.Fatalf("non-recursive sweep = %v, %v; want [%s]", removed, err, temps[0])
	}
	if _, err := os.Stat(temps[1]); err != nil {
		t.Fatalf("non-recursive sweep went below %s: %v", dir, err)
	}
	removed, err = SweepTemps(dir, true)
	if err != nil || len(removed) != 2 {
		t.Fatalf("recursive sweep = %v, %v; want the 2 nested temps", removed, err)
	}
	requireNoTemps(t, dir)
	for _, p := range keep {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("sweep removed %s", p)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, TempPrefix+"dir")); err != nil {
		t.Fatal("sweep removed a directory")
	}
	if removed, err := SweepTemps(filepath.Join(dir, "missing"), true); err != nil || removed != nil {
		t.Fatalf("sweeping a missing dir = %v, %v", removed, err)
	}
}

func TestRemove(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "stale.ex")
	mustWrite(t, path, []byte("x"))
	if removed, err := (Writer{}).Remove(path); err != nil || !removed {
		t.Fatalf("Remove = %v, %v", removed, err)
	}
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Fatalf("file still there: %v", err)
	}
	if removed, err := (Writer{}).Remove(path); err != nil || removed {
		t.Fatalf("Remove of a missing file = %v, %v; want false, nil", removed, err)
	}
	if _, err := (Writer{}).Remove(dir); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Fatalf("Remove of a directory: %v", err)
	}
}
