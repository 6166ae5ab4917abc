package fsx

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// TestRemoveRecordedNeedsProof: of the files a registry recorded under a
// former generated_dir, only those with the library's header and, where a
// hash was recorded, that hash are removed; the others are kept and
// named; paths leaving the directory are never touched.
func TestRemoveRecordedNeedsProof(t *testing.T) {
	root := t.TempDir()
	old := filepath.Join(root, "lib", "old")
	outside := filepath.Join(root, "lib", "mine.ex")
	files := map[string]string{
		"json/__init__.ex":         header("json", "stdlib"),
		"json/decoder/__init__.ex": header("json", "stdlib") + "# edited\n",
		"json/scanner.ex":          "defmodule Mine do\nend\n",
		"json/unrecorded.ex":       header("json", "stdlib"),
	}
	for rel, body := range files {
		p := filepath.Join(old, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(outside, []byte(header("json", "stdlib")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(old, "json", "__init__.ex"), filepath.Join(old, "json", "link.ex")); err != nil {
		t.Fatal(err)
	}
	recorded := map[string]string{
		"json/__init__.ex":         sum(header("json", "stdlib")),
		"json/decoder/__init__.ex": sum(header("json", "stdlib")),
	}
	listed := []string{"json/__init__.ex", "json/decoder/__init__.ex", "json/scanner.ex", "json/unrecorded.ex", "json/link.ex", "json/gone.ex", "../mine.ex"}
	w := Writer{Guard: &Guard{Root: root}}
	removed, kept, err := w.RemoveRecorded(old, listed, "json", recorded)
	if err != nil {
		t.Fatal(err)
	}
	j := func(rel string) string { return filepath.Join(old, filepath.FromSlash(rel)) }
	if want := []string{j("json/__init__.ex"), j("json/unrecorded.ex")}; !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	if want := []string{j("json/decoder/__init__.ex"), j("json/link.ex"), j("json/scanner.ex")}; !slices.Equal(kept, want) {
		t.Errorf("kept %v, want %v", kept, want)
	}
	if _, err := os.Stat(outside); err != nil {
		t.Errorf("a listed path outside the directory was touched: %v", err)
	}

	// The same proof within the current generated_dir.
	gen := filepath.Join(root, "lib", "gen")
	stale := filepath.Join(gen, "json", "stale.ex")
	edited := filepath.Join(gen, "json", "edited.ex")
	for p, body := range map[string]string{stale: header("json", "stdlib"), edited: header("json", "stdlib") + "# mine\n"} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	removed, kept, err = w.PruneRecorded(gen, map[string]bool{}, "json", map[string]string{"json/edited.ex": sum(header("json", "stdlib"))})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed, []string{stale}) || !slices.Equal(kept, []string{edited}) {
		t.Errorf("PruneRecorded: removed %v, kept %v", removed, kept)
	}
}
