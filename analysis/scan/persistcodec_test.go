package scan

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
)

// samplePersisted has every field of the format set, with values at the
// edges of their types: negative times, a non-ASCII path, a path that
// shares nothing with the previous one, an unsorted list.
func samplePersisted() persisted {
	id := func(n int64) filememo.Identity {
		return filememo.Identity{Dev: 1<<63 + 7, Ino: uint64(n), Size: n * 100, MtimeNs: -n, CtimeNs: 1<<62 + n}
	}
	rng := elixir.Range{Start: elixir.Position{Line: 3, Character: 4}, End: elixir.Position{Line: 3, Character: 19}}
	return persisted{
		Root: "/home/é/proj",
		Entries: []persistedEntry{
			{File: "/home/é/proj/lib/a.ex", ID: id(1), Modules: "Numpy,Sympy",
				Calls: []persistedCall{{Module: "Numpy", Function: "sum", Arity: 2, Range: rng}, {Module: "Sympy", Function: "expand", Arity: 1}}},
			{File: "/home/é/proj/lib/a/b.ex", ID: id(2), Digest: "sha256:abc", Modules: "Numpy,Sympy",
				Err: &elixir.Error{File: "/home/é/proj/lib/a/b.ex", Range: rng, Msg: "unexpected token: \"😀\""}},
			{File: "/home/é/proj/lib/z.ex", ID: id(3), Modules: "Numpy,Sympy"},
			{File: "/other/root.ex", ID: filememo.Identity{}, Modules: ""},
		},
		Listings: []persistedListing{
			{Key: "sources\x01/home/é/proj\x01lib", Files: []string{"/home/é/proj/lib/a.ex", "/home/é/proj/lib/z.ex"},
				Paths: []string{"/home/é/proj/lib", "/home/é/proj/lib/a"}, IDs: []filememo.Identity{id(4), id(5)}},
			{Key: "generated", Groups: map[string][]string{"numpy": {"/p/lib/snakebridge_generated/numpy/b.ex", "/p/lib/snakebridge_generated/numpy/a.ex"}, "": nil, "sympy": {"x"}},
				Paths: []string{"/p"}, IDs: []filememo.Identity{id(6)}},
		},
	}
}

func TestPersistedRoundTrip(t *testing.T) {
	want := samplePersisted()
	data := encodePersisted(want)
	got, err := decodePayload(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalizePersisted(got), normalizePersisted(want)) {
		t.Fatalf("round trip changed the cache:\n got %+v\nwant %+v", got, want)
	}
	// Equal caches give equal bytes, whatever the order maps iterate in.
	for range 20 {
		if again := encodePersisted(samplePersisted()); !bytes.Equal(again, data) {
			t.Fatal("encoding the same cache twice gave different bytes")
		}
	}
}

// normalizePersisted makes empty and nil slices and maps alike.
func normalizePersisted(p persisted) persisted {
	for i := range p.Entries {
		if len(p.Entries[i].Calls) == 0 {
			p.Entries[i].Calls = nil
		}
	}
	for i := range p.Listings {
		l := &p.Listings[i]
		if len(l.Files) == 0 {
			l.Files = nil
		}
		if len(l.Groups) == 0 {
			l.Groups = nil
		}
		if len(l.IDs) == 0 {
			l.IDs = nil
		}
	}
	return p
}

// TestPersistedRejectsEveryTruncation: a payload cut anywhere is refused
// with errMalformed, never half-read and never a panic.
func TestPersistedRejectsEveryTruncation(t *testing.T) {
	data := encodePersisted(samplePersisted())
	for n := range len(data) {
		if _, err := decodePayload(data[:n], nil); !errors.Is(err, errMalformed) {
			t.Fatalf("a payload cut to %d of %d bytes: err = %v", n, len(data), err)
		}
	}
	if _, err := decodePayload(append(data, 0), nil); !errors.Is(err, errMalformed) {
		t.Fatalf("a payload with a trailing byte: err = %v", err)
	}
}

// TestPersistedCountsAreBounded: a count larger than the bytes left is
// refused before anything is allocated for it.
func TestPersistedCountsAreBounded(t *testing.T) {
	var e encoder
	e.string("/root")
	e.uvarint(1 << 40) // entries
	allocs := testing.AllocsPerRun(10, func() {
		if _, err := decodePayload(e.buf, nil); !errors.Is(err, errMalformed) {
			t.Fatalf("err = %v", err)
		}
	})
	if allocs > 10 {
		t.Fatalf("%v allocations for a refused count", allocs)
	}
	bad := binary.AppendUvarint([]byte{5, '/', 'r', 'o', 'o', 't', 1}, 3) // a path sharing 3 bytes with ""
	if _, err := decodePayload(bad, nil); !errors.Is(err, errMalformed) {
		t.Fatalf("a prefix longer than the previous path: err = %v", err)
	}
}

// FuzzDecodePayload: no input panics or over-reads; whatever decodes
// encodes to a payload that decodes to the same cache.
func FuzzDecodePayload(f *testing.F) {
	f.Add(encodePersisted(samplePersisted()))
	f.Add(encodePersisted(persisted{}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := decodePayload(data, nil)
		if err != nil {
			return
		}
		again, err := decodePayload(encodePersisted(p), nil)
		if err != nil {
			t.Fatalf("re-encoding a decoded cache: %v", err)
		}
		if !reflect.DeepEqual(normalizePersisted(again), normalizePersisted(p)) {
			t.Fatalf("re-encoding changed the cache:\n%+v\n%+v", again, p)
		}
	})
}

func BenchmarkDecodePayload5000(b *testing.B) {
	var p persisted
	p.Root = "/home/user/project"
	for i := range 5000 {
		p.Entries = append(p.Entries, persistedEntry{
			File: fmt.Sprintf("/home/user/project/lib/plain/g%02d/p%04d.ex", i%50, i), Modules: "Elixir.Numpy,Elixir.Sympy",
			ID: filememo.Identity{Dev: 64769, Ino: uint64(1e6 + i), Size: 900, MtimeNs: 1.7e18 + int64(i), CtimeNs: 1.7e18 + int64(i)}})
	}
	data := encodePersisted(p)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := decodePayload(data, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPruneCacheDir keeps the most recently saved caches, counting the
// .gob files earlier versions saved, and leaves other files alone.
func TestPruneCacheDir(t *testing.T) {
	dir := t.TempDir()
	base := time.Now().Add(-time.Hour)
	files := []string{"a.gob", "b.scans", "c.gob", "d.scans", "e.scans"} // oldest first
	for i, name := range append(files, "notes.txt") {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		at := base.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	pruneCacheDir(dir, 2)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if want := []string{"d.scans", "e.scans", "notes.txt"}; !reflect.DeepEqual(left, want) {
		t.Fatalf("left %v, want %v", left, want)
	}
}
