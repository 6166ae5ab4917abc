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
)

// Spool is content written ahead of a commit to a temp file instead of
// memory, for a file too large to hold (sympy's manifest in module_mode
// :explicit runs to 300 MB): the generator encodes the manifest into a
// spool while it renders, learns its size before anything lands, and
// Commit.PutSpool lands it like any other change. It is written once,
// then read only; Close removes it.
type Spool struct {
	f      *os.File
	name   string // the file's path while it has one
	size   int64
	sum    hash.Hash
	sealed bool
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
	s.f = nil
	return err
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
