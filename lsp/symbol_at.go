package lsp

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
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
	return moduleAt(ix, src, elixir.Position{Line: line, Character: char}, roots)
}

// moduleAt resolves a module name outside a call (alias
// DemoStats.Histogram, %Numpy.Ndarray{}, an alias H written alone) through
// the aliases in effect at the cursor, as calls are resolved, when the
// index has the module.
func moduleAt(ix *symbols.Index, src []byte, pos elixir.Position, roots []string) *symbolRef {
	name, _, r, ok := scan.ModuleAt(src, pos, roots)
	if !ok {
		return nil
	}
	m := ix.Module(name)
	if m == nil {
		return nil
	}
	return &symbolRef{Index: ix, Module: m, Range: r}
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
