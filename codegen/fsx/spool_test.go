package fsx

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// spoolOf returns a sealed-to-be spool holding data, written in pieces.
func spoolOf(t *testing.T, data []byte) *Spool {
	t.Helper()
	s, err := NewSpool(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	for len(data) > 0 {
		n := min(len(data), 100_000)
		if _, err := s.Write(data[:n]); err != nil {
			t.Fatal(err)
		}
		data = data[n:]
	}
	return s
}

// TestCommitPutSpool: spooled content lands like bytes do, is recognised
// as unchanged when the file already holds it (compared a chunk at a time:
// the content is larger than one), and its Echo carries its SHA-256.
func TestCommitPutSpool(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, ".snakebridge", "manifest.json")
	data := bytes.Repeat([]byte("0123456789abcdef"), compareChunk/16*2+1000)
	apply := func(data []byte) Result {
		t.Helper()
		var c Commit
		var echoed [sha256.Size]byte
		c.Writer.Echo = func(_ string, sum [sha256.Size]byte) { echoed = sum }
		c.PutSpool(target, spoolOf(t, data), 0o644)
		res, err := c.Apply(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Written) == 1 && echoed != sha256.Sum256(data) {
			t.Fatal("Echo got another SHA-256 than the content's")
		}
		return res
	}
	if res := apply(data); !reflect.DeepEqual(res.Written, []string{target}) {
		t.Fatalf("first apply: %+v", res)
	}
	if got := mustRead(t, target); !bytes.Equal(got, data) {
		t.Fatalf("the file holds %d bytes, want the %d spooled", len(got), len(data))
	}
	if res := apply(data); !reflect.DeepEqual(res.Unchanged, []string{target}) {
		t.Fatalf("same content again: %+v", res)
	}
	// A difference in the last chunk only, then one byte more or less.
	changed := bytes.Clone(data)
	changed[len(changed)-2] = 'X'
	for _, next := range [][]byte{changed, append(bytes.Clone(changed), 'Y'), changed[:len(changed)-1]} {
		if res := apply(next); !reflect.DeepEqual(res.Written, []string{target}) {
			t.Fatalf("changed content: %+v", res)
		}
		if got := mustRead(t, target); !bytes.Equal(got, next) {
			t.Fatal("the file does not hold the new content")
		}
	}
}

// TestSpoolLeavesNoFile: the spool's file has no name (where the system
// allows it), so nothing is left in its directory, even before Close.
func TestSpoolLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	s, err := NewSpool(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Write([]byte("content")); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Fatalf("the spool left %v", entries)
	}
	s.Seal()
	if _, err := s.Write([]byte("more")); err == nil {
		t.Fatal("a sealed spool took more content")
	}
}
