package scan

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
)

// The saved cache's payload is a flat binary encoding written and read by
// hand rather than with encoding/gob: a check of 5,000 unchanged sources
// spent more time decoding the gob (type compilation and reflection on
// every run of a fresh process: 15–20 ms) than in the stats that decide
// the verdict. Integers are varints; a string is its length and bytes; a
// sorted list of paths stores each path as the length of the prefix it
// shares with the previous one and the rest, so the 5,000 paths of one
// directory tree cost a few bytes each.
//
//	payload  = root:string entries:count entry* listings:count listing*
//	entry    = file:path id digest:string modules:string calls:count call* hasErr:byte [error]
//	call     = module:string function:string arity:varint range
//	error    = file:string range msg:string
//	listing  = key:string files:paths groups:count (name:string paths)* paths:paths ids:count id*
//	id       = dev:uvarint ino:uvarint size:varint mtime:varint ctime:varint
//	range    = 4 × varint (start line, character, end line, character)
//
// Entries and a listing's path lists are in the order the encoder was
// given (sorted, for the prefixes to be short); groups are sorted by name
// so that equal caches encode to equal bytes.

// encodePersisted renders p as the payload described above.
func encodePersisted(p persisted) []byte {
	var e encoder
	e.string(p.Root)
	e.uvarint(uint64(len(p.Entries)))
	prev := ""
	for _, pe := range p.Entries {
		e.path(prev, pe.File)
		prev = pe.File
		e.identity(pe.ID)
		e.string(pe.Digest)
		e.string(pe.Modules)
		e.uvarint(uint64(len(pe.Calls)))
		for _, c := range pe.Calls {
			e.string(c.Module)
			e.string(c.Function)
			e.varint(int64(c.Arity))
			e.rng(c.Range)
		}
		if pe.Err == nil {
			e.buf = append(e.buf, 0)
			continue
		}
		e.buf = append(e.buf, 1)
		e.string(pe.Err.File)
		e.rng(pe.Err.Range)
		e.string(pe.Err.Msg)
	}
	e.uvarint(uint64(len(p.Listings)))
	for _, l := range p.Listings {
		e.string(l.Key)
		e.paths(l.Files)
		names := make([]string, 0, len(l.Groups))
		for name := range l.Groups {
			names = append(names, name)
		}
		slices.Sort(names)
		e.uvarint(uint64(len(names)))
		for _, name := range names {
			e.string(name)
			e.paths(l.Groups[name])
		}
		e.paths(l.Paths)
		e.uvarint(uint64(len(l.IDs)))
		for _, id := range l.IDs {
			e.identity(id)
		}
	}
	return e.buf
}

type encoder struct{ buf []byte }

func (e *encoder) uvarint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *encoder) varint(v int64)   { e.buf = binary.AppendVarint(e.buf, v) }

func (e *encoder) string(s string) {
	e.uvarint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

// path writes s as the length of the prefix it shares with prev and the
// rest of it.
func (e *encoder) path(prev, s string) {
	n := 0
	for n < len(prev) && n < len(s) && prev[n] == s[n] {
		n++
	}
	e.uvarint(uint64(n))
	e.string(s[n:])
}

func (e *encoder) paths(list []string) {
	e.uvarint(uint64(len(list)))
	prev := ""
	for _, s := range list {
		e.path(prev, s)
		prev = s
	}
}

func (e *encoder) identity(id filememo.Identity) {
	e.uvarint(id.Dev)
	e.uvarint(id.Ino)
	e.varint(id.Size)
	e.varint(id.MtimeNs)
	e.varint(id.CtimeNs)
}

func (e *encoder) rng(r elixir.Range) {
	e.varint(int64(r.Start.Line))
	e.varint(int64(r.Start.Character))
	e.varint(int64(r.End.Line))
	e.varint(int64(r.End.Character))
}

// errMalformed is the answer for any payload the encoder cannot have
// written (the digest matched, so it was written by another program or a
// bug): the caller ignores the file and rescans.
var errMalformed = errors.New("malformed scan cache")

// entrySink receives a payload's entries one by one, told first how many
// there are (a count the payload vouches for: at most its length).
type entrySink interface {
	reserve(n int)
	entry(persistedEntry)
}

// collect is the entrySink that keeps the entries in Entries.
type collect struct{ p *persisted }

func (c collect) reserve(n int)           { c.p.Entries = make([]persistedEntry, 0, min(n, maxReserved)) }
func (c collect) entry(pe persistedEntry) { c.p.Entries = append(c.p.Entries, pe) }

// decodePayload parses a payload written by encodePersisted. Every length
// and count is checked against the bytes left, so no input allocates more
// than its own size or reads out of bounds. With a sink the entries are
// handed to it (whose cache they fill: a fresh process pays for every byte
// of memory it touches) instead of being collected in Entries; after an
// error some may have been handed over.
func decodePayload(data []byte, sink entrySink) (persisted, error) {
	d := decoder{data: data, intern: map[string]string{}}
	var p persisted
	if sink == nil {
		sink = collect{&p}
	}
	p.Root = d.string()
	n := d.count()
	sink.reserve(n)
	prev := ""
	for i := 0; i < n && d.err == nil; i++ {
		var pe persistedEntry
		pe.File = d.path(prev)
		prev = pe.File
		pe.ID = d.identity()
		pe.Digest = d.string()
		pe.Modules = d.interned()
		if calls := d.count(); calls > 0 {
			pe.Calls = make([]persistedCall, calls)
			for k := range pe.Calls {
				c := &pe.Calls[k]
				c.Module = d.interned()
				c.Function = d.interned()
				c.Arity = d.int()
				c.Range = d.rng()
			}
		}
		switch d.byte() {
		case 0:
		case 1:
			pe.Err = &elixir.Error{File: d.string(), Range: d.rng(), Msg: d.string()}
		default:
			d.fail("an entry's error flag")
		}
		if d.err == nil {
			sink.entry(pe)
		}
	}
	n = d.count()
	for i := 0; i < n && d.err == nil; i++ {
		var l persistedListing
		l.Key = d.string()
		l.Files = d.paths()
		if groups := d.count(); groups > 0 {
			l.Groups = make(map[string][]string, groups)
			for k := 0; k < groups && d.err == nil; k++ {
				name := d.string()
				l.Groups[name] = d.paths()
			}
		}
		l.Paths = d.paths()
		ids := d.count()
		l.IDs = make([]filememo.Identity, ids)
		for k := range l.IDs {
			l.IDs[k] = d.identity()
		}
		p.Listings = append(p.Listings, l)
	}
	if d.err == nil && d.pos != len(d.data) {
		d.fail("the end of the payload")
	}
	if d.err != nil {
		return persisted{}, d.err
	}
	return p, nil
}

type decoder struct {
	data []byte
	pos  int
	err  error
	// intern shares the few distinct module and function names among the
	// entries that repeat them.
	intern map[string]string
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: bad %s at byte %d", errMalformed, what, d.pos)
	}
	d.pos = len(d.data) // every later read fails fast and returns zeros
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data[d.pos:])
	if n <= 0 {
		d.fail("number")
		return 0
	}
	d.pos += n
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.data[d.pos:])
	if n <= 0 {
		d.fail("number")
		return 0
	}
	d.pos += n
	return v
}

func (d *decoder) int() int {
	v := d.varint()
	if int64(int(v)) != v {
		d.fail("integer")
		return 0
	}
	return int(v)
}

// count reads a number of items that each take at least one byte.
func (d *decoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.data)-d.pos) {
		d.fail("count")
		return 0
	}
	return int(v)
}

func (d *decoder) byte() byte {
	if d.err != nil || d.pos >= len(d.data) {
		d.fail("byte")
		return 0
	}
	b := d.data[d.pos]
	d.pos++
	return b
}

func (d *decoder) bytes() []byte {
	n := d.count()
	if d.err != nil {
		return nil
	}
	b := d.data[d.pos : d.pos+n]
	d.pos += n
	return b
}

func (d *decoder) string() string { return string(d.bytes()) }

func (d *decoder) interned() string {
	b := d.bytes()
	if s, ok := d.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	d.intern[s] = s
	return s
}

func (d *decoder) path(prev string) string {
	shared := d.uvarint()
	if shared > uint64(len(prev)) {
		d.fail("path prefix")
		return ""
	}
	rest := d.bytes()
	var b strings.Builder
	b.Grow(int(shared) + len(rest))
	b.WriteString(prev[:shared])
	b.Write(rest)
	return b.String()
}

func (d *decoder) paths() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	prev := ""
	for i := range out {
		out[i] = d.path(prev)
		prev = out[i]
	}
	return out
}

func (d *decoder) identity() filememo.Identity {
	return filememo.Identity{Dev: d.uvarint(), Ino: d.uvarint(), Size: d.varint(), MtimeNs: d.varint(), CtimeNs: d.varint()}
}

func (d *decoder) rng() elixir.Range {
	return elixir.Range{
		Start: elixir.Position{Line: d.int(), Character: d.int()},
		End:   elixir.Position{Line: d.int(), Character: d.int()},
	}
}
