package lsp

import (
	"context"
	"encoding/json"
	"strings"
	"unicode/utf16"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

type signatureHelpOptions struct {
	TriggerCharacters   []string `json:"triggerCharacters"`
	RetriggerCharacters []string `json:"retriggerCharacters"`
}

// signatureHelpOpts: "(" opens a call, "," moves to the next argument.
var signatureHelpOpts = signatureHelpOptions{TriggerCharacters: []string{"(", ","}, RetriggerCharacters: []string{","}}

type signatureHelp struct {
	Signatures      []signatureInformation `json:"signatures"`
	ActiveSignature uint32                 `json:"activeSignature"`
	ActiveParameter uint32                 `json:"activeParameter"`
}

type signatureInformation struct {
	Label         string                  `json:"label"`
	Documentation *protocol.MarkupContent `json:"documentation,omitempty"`
	Parameters    []parameterInformation  `json:"parameters"`
}

// parameterInformation labels a parameter by its [start, end) UTF-16
// offsets in the signature's label.
type parameterInformation struct {
	Label         [2]uint32 `json:"label"`
	Documentation string    `json:"documentation,omitempty"`
}

// signatureHelp answers inside the parentheses of a call into a library:
// the Python signature (keyword-only parameters after "*"), the parameter
// the cursor is at, the docstring.
func (s *Server) signatureHelp(ctx context.Context, raw json.RawMessage) (any, error) {
	var params completionParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	cur, ok := s.cursorAt(ctx, params.TextDocument.URI, params.Position)
	if !ok || cur.ctx.Kind != scan.CallContext {
		return nil, nil
	}
	f := calledFunction(cur)
	if f == nil {
		return nil, nil
	}
	info, offset := signatureOf(f)
	doc := "Elixir: `" + f.FullName() + "`" + strings.TrimPrefix(arityNote(f), "  · "+f.Name)
	if d := strings.TrimSpace(f.Doc()); d != "" {
		doc += "\n\n" + d
	}
	info.Documentation = &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: doc}
	return signatureHelp{Signatures: []signatureInformation{info}, ActiveParameter: activeParameter(cur, f, offset)}, nil
}

// signatureOf renders the Python signature of f with the offsets of each
// parameter; a method's first parameter is self (the Elixir ref). The int
// is the number of label parameters before the Python ones (1 for self).
func signatureOf(f *symbols.Function) (signatureInformation, int) {
	var b strings.Builder
	units := 0
	write := func(s string) {
		b.WriteString(s)
		units += len(utf16.Encode([]rune(s)))
	}
	var params []parameterInformation
	add := func(label, doc string) {
		if len(params) > 0 {
			write(", ")
		}
		start := units
		write(label)
		params = append(params, parameterInformation{Label: [2]uint32{uint32(start), uint32(units)}, Documentation: doc})
	}
	write(f.PythonName() + "(")
	offset := 0
	if isMethod(f) {
		add("self", "the object's ref (SnakeBridge.Ref)")
		offset = 1
	}
	star := false
	for i, p := range f.Params() {
		switch {
		case p.Kind == symbols.VarPositional:
			star = true
		case p.Kind == symbols.KeywordOnly && !star:
			// A bare "*" marker, as Python writes it.
			if len(params) > 0 {
				write(", ")
			}
			write("*, ")
			star = true
			start := units
			write(p.Label())
			params = append(params, parameterInformation{Label: [2]uint32{uint32(start), uint32(units)}, Documentation: p.Kind.String()})
			continue
		}
		add(p.Label(), p.Kind.String())
		if p.Kind == symbols.PositionalOnly && (i+1 == f.NumParams() || f.Param(i+1).Kind != symbols.PositionalOnly) {
			write(", /")
		}
	}
	write(")")
	if f.ReturnAnnotation() != "" {
		write(" -> " + f.ReturnAnnotation())
	}
	return signatureInformation{Label: b.String(), Parameters: params}, offset
}

// activeParameter maps the cursor's argument to a parameter of the label:
// a positional argument to the positional parameter at its index (or
// *args past them), a keyword to its parameter; out of range when none.
func activeParameter(cur cursor, f *symbols.Function, offset int) uint32 {
	call := cur.ctx.Call
	none := uint32(f.NumParams() + offset)
	byName := func(name string, prefix bool) uint32 {
		for i, p := range f.Params() {
			if p.Keyword() && (p.Name == name || (prefix && name != "" && strings.HasPrefix(p.Name, name))) {
				return uint32(i + offset)
			}
		}
		return none
	}
	if call.InKeywords {
		if call.Keyword != "" {
			return byName(call.Keyword, false)
		}
		return byName(cur.ctx.Prefix, true)
	}
	k := call.Arg
	if k < offset {
		return uint32(k)
	}
	k -= offset
	pos := 0
	for i, p := range f.Params() {
		switch p.Kind {
		case symbols.PositionalOnly, symbols.PositionalOrKeyword:
			if pos == k {
				return uint32(i + offset)
			}
			pos++
		case symbols.VarPositional:
			return uint32(i + offset)
		}
	}
	return none
}
