package lockfile

import (
	"bytes"
	"os"
	"testing"
	"unsafe"
)

// within reports whether s's bytes lie inside data.
func within(s string, data []byte) bool {
	if len(s) == 0 || len(data) == 0 {
		return false
	}
	p, lo := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	return p >= lo && p+uintptr(len(s)) <= lo+uintptr(len(data))
}

// TestParseManifestOwned: a manifest handed over shares the buffer's
// memory (check read sympy's 90 MB manifest and held a copy of it beside
// the buffer, a sixth of its peak), while ParseManifest copies, so that a
// buffer changed afterwards leaves its result as parsed.
func TestParseManifestOwned(t *testing.T) {
	data, err := os.ReadFile("testdata/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	ownedData := bytes.Clone(data)
	owned, err := ParseManifestOwned("manifest.json", ownedData)
	if err != nil {
		t.Fatal(err)
	}
	copied, err := ParseManifest("manifest.json", data)
	if err != nil {
		t.Fatal(err)
	}
	c := owned.Classes["PyLatexEnc.Latexwalker.LatexWalker"]
	if c == nil {
		t.Fatalf("classes %v", owned.Classes)
	}
	if !within(c.Class.Value, ownedData) {
		t.Error("ParseManifestOwned copied the class name instead of sharing the buffer")
	}
	want := copied.Classes["PyLatexEnc.Latexwalker.LatexWalker"].Class.Value
	if within(want, data) {
		t.Error("ParseManifest shares the caller's buffer")
	}
	clear(data)
	if got := copied.Classes["PyLatexEnc.Latexwalker.LatexWalker"].Class.Value; got != "LatexWalker" {
		t.Errorf("after the caller cleared its buffer, ParseManifest's class reads %q", got)
	}
	if c.Class.Value != "LatexWalker" || len(owned.Symbols) != len(copied.Symbols) || len(owned.Classes) != len(copied.Classes) {
		t.Error("the owned parse differs from the copying one")
	}
}
