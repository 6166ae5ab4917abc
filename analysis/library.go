package analysis

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
)

// VersionKind says how a library's version was declared.
type VersionKind int

// Version kinds of compat §1.1.
const (
	VersionNone   VersionKind = iota // bare atom/string entry or legacy form without version:
	VersionStdlib                    // :stdlib
	VersionString                    // a requirement string such as "~> 1.26"
)

// Version is a library's declared version.
type Version struct {
	Kind VersionKind
	Text string // for VersionString
}

// Requested is the lock's `requested` value: nil, "stdlib" or the string.
func (v Version) Requested() *string {
	switch v.Kind {
	case VersionStdlib:
		return strPtr("stdlib")
	case VersionString:
		return strPtr(v.Text)
	}
	return nil
}

// Library is one python_deps entry, with its options normalised as
// SnakeBridge's Config.build_library/3 does (compat §1.2).
type Library struct {
	// Name is the Elixir atom name of the entry (:numpy → "numpy").
	Name    string
	Version Version
	// Module is the Elixir module without "Elixir." ("Numpy").
	Module string
	// PythonName is the Python import name ("numpy", "PIL").
	PythonName  string
	PypiPackage string
	Extras      []string
	Generate    string // "used" or "all"
	// Options holds the normalised value of every option that feeds the
	// config hash, keyed by option name (compat §2.4).
	Options map[string]term.Term
	// Range covers the whole entry in mix.exs; OptionRanges each `key: value`.
	Range        Range
	OptionRanges map[string]Range
}

// OptionRange returns where an option was written, falling back to the entry.
func (l *Library) OptionRange(name string) Range {
	if r, ok := l.OptionRanges[name]; ok {
		return r
	}
	return l.Range
}

// EntryError is a python_deps entry that SnakeBridge would reject.
type EntryError struct {
	Range Range
	Msg   string
}

func (e *EntryError) Error() string { return e.Msg }

func toRange(r elixir.Range) Range {
	return Range{
		Start: Position{Line: r.Start.Line, Character: r.Start.Character},
		End:   Position{Line: r.End.Line, Character: r.End.Character},
	}
}

// ParseLibraries turns the evaluated python_deps list into libraries,
// accepting the five entry forms of compat §1.1 in upstream's clause order.
func ParseLibraries(deps *elixir.Node) ([]*Library, error) {
	if deps == nil {
		return nil, nil
	}
	if _, ok := deps.Term.(term.List); !ok {
		return nil, &EntryError{Range: toRange(deps.Range), Msg: fmt.Sprintf("python_deps must be a list, got %s", term.Inspect(deps.Term))}
	}
	libs := make([]*Library, 0, len(deps.Elems))
	seen := map[string]bool{}
	for _, entry := range deps.Elems {
		lib, err := parseEntry(entry)
		if err != nil {
			return nil, err
		}
		if seen[lib.PythonName] {
			return nil, &EntryError{Range: lib.Range, Msg: fmt.Sprintf("python library %q is declared twice in python_deps", lib.PythonName)}
		}
		seen[lib.PythonName] = true
		libs = append(libs, lib)
	}
	return libs, nil
}

func parseEntry(n *elixir.Node) (*Library, error) {
	switch t := n.Term.(type) {
	case term.Atom:
		return buildLibrary(n, string(t), Version{}, nil)
	case term.Binary:
		return buildLibrary(n, string(t), Version{}, nil)
	case term.Tuple:
		return parseTupleEntry(n, t)
	}
	return nil, entryErr(n, "unsupported python_deps entry %s: expected {name, version}, {name, version, opts}, {name, opts} or a bare name", term.Inspect(n.Term))
}

func parseTupleEntry(n *elixir.Node, t term.Tuple) (*Library, error) {
	if len(t) < 2 || len(t) > 3 {
		return nil, entryErr(n, "unsupported python_deps entry %s: a tuple must have 2 or 3 elements", term.Inspect(n.Term))
	}
	name, ok := t[0].(term.Atom)
	if !ok {
		return nil, entryErr(n.Elems[0], "library name must be an atom, got %s", term.Inspect(t[0]))
	}
	if len(t) == 3 {
		v, ok := versionOf(t[1])
		if !ok {
			return nil, entryErr(n.Elems[1], "library %s: version must be a string or :stdlib, got %s", name, term.Inspect(t[1]))
		}
		opts, ok := t[2].(term.List)
		if !ok || !term.IsKeyword(opts) {
			return nil, entryErr(n.Elems[2], "library %s: options must be a keyword list, got %s", name, term.Inspect(t[2]))
		}
		return buildLibrary(n, string(name), v, n.Elems[2])
	}
	if v, ok := versionOf(t[1]); ok {
		return buildLibrary(n, string(name), v, nil)
	}
	if opts, ok := t[1].(term.List); ok && term.IsKeyword(opts) {
		v, err := legacyVersion(n.Elems[1], string(name))
		if err != nil {
			return nil, err
		}
		return buildLibrary(n, string(name), v, n.Elems[1])
	}
	return nil, entryErr(n.Elems[1], "library %s: expected a version string, :stdlib or a keyword list, got %s", name, term.Inspect(t[1]))
}

func versionOf(t term.Term) (Version, bool) {
	switch v := t.(type) {
	case term.Binary:
		return Version{Kind: VersionString, Text: string(v)}, true
	case term.Atom:
		if v == "stdlib" {
			return Version{Kind: VersionStdlib}, true
		}
	}
	return Version{}, false
}

func legacyVersion(opts *elixir.Node, name string) (Version, error) {
	vn := keywordValue(opts, "version")
	if vn == nil || term.Equal(vn.Term, term.Nil) {
		return Version{}, nil
	}
	v, ok := versionOf(vn.Term)
	if !ok {
		return Version{}, entryErr(vn, "library %s: version must be a string or :stdlib, got %s", name, term.Inspect(vn.Term))
	}
	return v, nil
}

// keywordValue returns the node of the first key in a keyword list node, as
// Keyword.get/2 does.
func keywordValue(kw *elixir.Node, key string) *elixir.Node {
	if kw == nil {
		return nil
	}
	for _, pair := range kw.Elems {
		if len(pair.Elems) == 2 && term.Equal(pair.Elems[0].Term, term.Atom(key)) {
			return pair.Elems[1]
		}
	}
	return nil
}

func entryErr(n *elixir.Node, format string, args ...any) *EntryError {
	return &EntryError{Range: toRange(n.Range), Msg: fmt.Sprintf(format, args...)}
}

func isNilTerm(t term.Term) bool { return t == nil || term.Equal(t, term.Nil) }

func smallInt(t term.Term) (int64, bool) {
	i, ok := t.(term.Integer)
	if !ok || i.V == nil || !i.V.IsInt64() {
		return 0, false
	}
	return i.V.Int64(), true
}

func bigIntTerm(v int64) term.Integer { return term.Integer{V: big.NewInt(v)} }

func trimElixirPrefix(s string) string { return strings.TrimPrefix(s, "Elixir.") }
