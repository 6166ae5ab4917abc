package fsx

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Spool is content written ahead of a commit to a temp file instead of
// memory, for a file too large to hold (sympy's manifest in module_mode
// :explicit runs to 300 MB): the generator encodes the manifest into a
// spool while it renders, learns its size before anything lands, and
// Commit.PutSpool lands it like any other change. It is written once,
// then read only; Close removes it unless it landed.
//
// A spool made by NewSpoolFor is the temp file of its target itself, in
// the target's directory: landing it is a rename, not a copy, and it
// costs no memory where os.TempDir() is a tmpfs.
type Spool struct {
	f      *os.File
	name   string // the file's path while it has one (NewSpool)
	size   int64
	sum    hash.Hash
	sealed bool
	at     *spoolDir // NewSpoolFor's target and directory; nil for NewSpool
}

// spoolDir is where a NewSpoolFor spool lives: beside its target, in the
// directory opened through the guard when the spool was made, so that
// landing it renames within the directory that was checked.
type spoolDir struct {
	target string // the cleaned path it lands on
	opened dirs   // holds h
	h      *dirHandle
	temp   string // the file's base name in h while it has one (no O_TMPFILE)
	landed bool
}

// NewSpool creates an empty spool in dir (os.TempDir() when ""). Its file
// is unlinked at once where the system allows it, so a process that dies
// leaves nothing behind; elsewhere it is a TempPrefix file that
// SweepTemps removes.
func NewSpool(dir string) (*Spool, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	f, name, err := createTemp(dir, 0o600)
	if err != nil {
		return nil, fmt.Errorf("creating a temporary file in %s: %w", dir, bare(err))
	}
	// Removing an open file fails on Windows: the name then goes at Close.
	if os.Remove(name) == nil {
		name = ""
	}
	return &Spool{f: f, sum: sha256.New(), name: name}, nil
}

// NewSpoolFor creates an empty spool that is to land on path (through
// Commit.PutSpool with the same path), as its temp file in path's
// directory, which is created if missing. The guard of w, when set, must
// accept path. On Linux the file has no name until it lands (O_TMPFILE),
// so a process that dies leaves nothing; elsewhere it is a TempPrefix
// file that Close or SweepTemps removes.
func NewSpoolFor(w Writer, path string, perm fs.FileMode) (*Spool, error) {
	path = filepath.Clean(path)
	if w.Guard != nil {
		if err := w.Guard.Check(path); err != nil {
			return nil, err
		}
	}
	at := &spoolDir{target: path, opened: dirs{guard: w.Guard}}
	dir := filepath.Dir(path)
	h, err := at.opened.open(dir, true)
	if err != nil {
		at.opened.closeAll()
		return nil, fmt.Errorf("writing %s: creating directory %s: %w", path, dir, bare(err))
	}
	at.h = h
	f, ok, err := stageTemp(h.file, bytes.NewReader(nil), perm)
	if err == nil && !ok {
		f, at.temp, err = createTempIn(h.root, dir, perm)
	}
	if err != nil {
		at.opened.closeAll()
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return &Spool{f: f, sum: sha256.New(), at: at}, nil
}

// Write appends p; it fails once the spool is sealed.
func (s *Spool) Write(p []byte) (int, error) {
	if s.sealed {
		return 0, errors.New("writing a sealed spool")
	}
	n, err := s.f.Write(p)
	s.size += int64(n)
	s.sum.Write(p[:n])
	return n, err
}

// Seal ends the writing: the content is then fixed.
func (s *Spool) Seal() { s.sealed = true }

// Size is the number of bytes written.
func (s *Spool) Size() int64 { return s.size }

// Sum is the SHA-256 of the content.
func (s *Spool) Sum() [sha256.Size]byte {
	var out [sha256.Size]byte
	s.sum.Sum(out[:0])
	return out
}

// reader reads the content from its start.
func (s *Spool) reader() io.Reader { return io.NewSectionReader(s.f, 0, s.size) }

// Close releases the spool; a nil spool is fine.
func (s *Spool) Close() error {
	if s == nil || s.f == nil {
		return nil
	}
	err := s.f.Close()
	if s.name != "" {
		_ = os.Remove(s.name)
	}
	if at := s.at; at != nil {
		if at.temp != "" && !at.landed {
			_ = at.h.root.Remove(at.temp)
		}
		at.opened.closeAll()
	}
	s.f = nil
	return err
}

// inPlace reports whether the spool is the temp file of path, which then
// lands by a rename instead of a copy.
func (s *Spool) inPlace(path string) bool {
	return s.at != nil && s.at.target == path
}

// PutSpool schedules path to hold the spool's content, as Put does for
// bytes. The spool must be sealed and stay open until Apply returns.
func (c *Commit) PutSpool(path string, s *Spool, perm fs.FileMode) {
	s.Seal()
	c.add(op{path: path, spool: s, perm: perm})
}

// content is what an op writes, from its start.
func (o *op) content() io.Reader {
	if o.spool != nil {
		return o.spool.reader()
	}
	return bytes.NewReader(o.data)
}

// same reports whether path already holds the op's content.
func (o *op) same(path string) (bool, error) {
	if o.spool != nil {
		return sameAs(path, o.spool.f, o.spool.size)
	}
	return sameContent(path, o.data)
}

// sum is the SHA-256 of the op's content, for Writer.Echo.
func (o *op) sum() [sha256.Size]byte {
	if o.spool != nil {
		return o.spool.Sum()
	}
	return sha256.Sum256(o.data)
}
