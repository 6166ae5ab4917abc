package lsp

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
)

// symbolRef is what a position in an Elixir source refers to: a generated
// module, or a function of one (Function non-nil), as written at Range.
type symbolRef struct {
	Index    *symbols.Index
	Module   *symbols.Module
	Function *symbols.Function
	// Arity is the call's arity (a piped argument counted).
	Arity int
	Range elixir.Range
}

// isElixirSource reports whether path is an .ex or .exs file.
func isElixirSource(path string) bool {
	ext := filepath.Ext(path)
	return ext == ".ex" || ext == ".exs"
}

// symbolAt resolves the position in an Elixir source of a project (its
// open buffer when the editor has one, unsaved edits included) to a
// generated module or function: calls written Module.fun, through an
// alias, an import or a pipe, as analysis/scan finds them. Generated
// files are not sources: nil there, and wherever nothing is found.
func (s *Server) symbolAt(ctx context.Context, path string, pos protocol.Position) *symbolRef {
	p := s.projectFor(path)
	if p == nil {
		return nil
	}
	p.mu.Lock()
	proj := p.loaded
	p.mu.Unlock()
	if proj == nil {
		return nil
	}
	if !elixirSource(proj, path) {
		return nil
	}
	ix := p.symbolIndex(ctx)
	if ix == nil {
		return nil
	}
	src, ok := s.textOf(path)
	if !ok {
		return nil
	}
	var roots []string
	for _, l := range ix.Libraries() {
		if l.Module != "" {
			roots = append(roots, l.Module)
		}
	}
	calls, _ := scan.ScanFile(path, src, roots) // the calls before a syntax error still resolve
	line, char := int(pos.Line), int(pos.Character)
	for _, c := range calls {
		r := c.Range
		if r.Start.Line != line || char < r.Start.Character || char > r.End.Character || r.End.Line != line {
			continue
		}
		m := ix.Module(c.Module)
		if m == nil {
			return nil
		}
		ref := &symbolRef{Index: ix, Module: m, Arity: c.Arity, Range: r}
		nameStart := r.End.Character - len(utf16.Encode([]rune(c.Function)))
		if char >= nameStart {
			ref.Function = m.Function(c.Function)
			if ref.Function == nil {
				return nil
			}
			ref.Range.Start.Character = nameStart
		} else {
			ref.Range.End.Character = nameStart - 1 // the module part, without the dot
		}
		return ref
	}
	return moduleAt(ix, src, line, char)
}

// moduleAt resolves a module name written in full outside a call (alias
// DemoStats.Histogram, %Numpy.Ndarray{}): the dotted name around the
// cursor, up to the end of the segment the cursor is in, when the index
// has such a module.
func moduleAt(ix *symbols.Index, src []byte, line, char int) *symbolRef {
	for i := 0; i < line; i++ {
		k := bytes.IndexByte(src, '\n')
		if k < 0 {
			return nil
		}
		src = src[k+1:]
	}
	if k := bytes.IndexByte(src, '\n'); k >= 0 {
		src = src[:k]
	}
	at, units := 0, 0 // the cursor's byte offset in the line
	for at < len(src) && units < char {
		r, size := utf8.DecodeRune(src[at:])
		units += utf16.RuneLen(r)
		at += size
	}
	isName := func(c byte) bool {
		return c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	start, end := at, at
	for start > 0 && isName(src[start-1]) {
		start--
	}
	for end < len(src) && isName(src[end]) && src[end] != '.' {
		end++
	}
	name := strings.Trim(string(src[start:end]), ".")
	if name == "" || name[0] < 'A' || name[0] > 'Z' || start > 0 && src[start-1] == ':' {
		return nil // not an alias (an atom :numpy, a variable)
	}
	m := ix.Module(name)
	if m == nil {
		return nil
	}
	startChar := char - utf16Len(src[start:at])
	endChar := char + utf16Len(src[at:end])
	r := elixir.Range{Start: elixir.Position{Line: line, Character: startChar}, End: elixir.Position{Line: line, Character: endChar}}
	return &symbolRef{Index: ix, Module: m, Range: r}
}

// utf16Len counts the UTF-16 code units of b.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		n += utf16.RuneLen(r)
		b = b[size:]
	}
	return n
}

// pythonName is the dotted Python name of a module, class or function.
func pythonName(m *symbols.Module, f *symbols.Function) string {
	name := m.PythonModule
	if m.Class {
		name = joinDot(name, m.PythonClass)
	}
	if f != nil {
		name = joinDot(name, f.PythonName())
	}
	return name
}

func joinDot(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// signatureSources words the manifest's signature_source for people.
var signatureSources = map[string]string{
	"runtime":        "runtime introspection",
	"text_signature": "the `__text_signature__`",
	"runtime_hints":  "runtime type hints",
	"stub":           "a type stub",
	"variadic":       "the variadic fallback (no signature found)",
}

func describeSignatureSource(src string) string {
	if d, ok := signatureSources[src]; ok {
		return d
	}
	if src == "" {
		return "unknown"
	}
	return src
}

// arityList renders generated arities as "`Json.dumps/1`, `Json.dumps/2`".
func arityList(f *symbols.Function) string {
	as := f.Arities()
	if len(as) == 0 {
		return "not generated yet"
	}
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = "`" + f.FullName() + "/" + strconv.Itoa(a) + "`"
	}
	return strings.Join(parts, ", ")
}
