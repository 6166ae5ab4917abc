package lockfile

import (
	"fmt"
	"io"
)

// ManifestVisitor receives a manifest's entries while ReadManifest reads
// them, each with its Node: the way for a reader that needs more than the
// lean entries (parameters, return types, docstrings) to see them without
// the whole document being held at once.
//
// An entry is visited when, at the point it is read, it wins its
// normalised key (the rules of ParseManifest: for symbols the un-prefixed
// spelling wins, then the later entry; for classes the original key last
// in byte order). A later entry may win the same key and be visited in
// turn, so a visitor keeps what it builds by the entry's Key, the later
// visit replacing the earlier. Entries are visited in no promised order.
// When ReadManifest returns an error, whatever was visited must be
// discarded. A Node is valid only during its visit unless
// ReadOptions.KeepNodes is set.
type ManifestVisitor struct {
	Symbol func(s *Symbol)
	Class  func(c *Class)
	Module func(m *ModuleEntry)
}

// ReadOptions says what ReadManifest keeps and whom it tells.
type ReadOptions struct {
	// KeepNodes keeps each entry's Node, and every field's text, in the
	// result. Without it the result is lean: Node is nil on every entry
	// and method, and docstrings are present but empty — what a check
	// reads (LibraryEntries, Supports) and nothing that renders, indexes
	// or hovers.
	KeepNodes bool
	// Visit, when set, is told of each entry as it is read.
	Visit ManifestVisitor
	// MaxSize is the most bytes read from r; 0 means MaxSize.
	MaxSize int64
}

// ReadManifest reads a manifest from r with the normalisation and the
// errors of ParseManifest. Its memory is bounded by what it keeps (see
// ReadOptions.KeepNodes), not by the size of the file.
func ReadManifest(path string, r io.Reader, opts ReadOptions) (*Manifest, error) {
	limit := opts.MaxSize
	if limit <= 0 {
		limit = MaxSize
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	lim := limits{depth: MaxDepth, size: int(limit), owned: true}
	if !opts.KeepNodes {
		lim.hollow, lim.drop = hollowFields, unreadFields
	}
	m, err := parseManifest(path, data, lim)
	if err != nil {
		return nil, err
	}
	m.visit(opts.Visit)
	if !opts.KeepNodes {
		m.dropNodes()
	}
	return m, nil
}

// visit tells v of every entry of m.
func (m *Manifest) visit(v ManifestVisitor) {
	if v.Symbol != nil {
		for _, s := range m.Symbols {
			v.Symbol(s)
		}
	}
	if v.Class != nil {
		for _, c := range m.Classes {
			v.Class(c)
		}
	}
	if v.Module != nil {
		for _, e := range m.Modules {
			v.Module(e)
		}
	}
}

// dropNodes leaves m lean.
func (m *Manifest) dropNodes() {
	m.Raw = nil
	for _, s := range m.Symbols {
		s.Node = nil
	}
	for _, c := range m.Classes {
		c.Node = nil
		for i := range c.Methods {
			c.Methods[i].Node = nil
		}
	}
	for _, e := range m.Modules {
		e.Node = nil
	}
}
