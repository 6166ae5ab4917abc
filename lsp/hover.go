package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

type hoverParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Position     protocol.Position               `json:"position"`
}

type hoverResult struct {
	Contents protocol.MarkupContent `json:"contents"`
	Range    *protocol.Range        `json:"range,omitempty"`
}

// hover answers in Elixir sources on calls into generated modules (see
// hoverSymbol), and on a python_deps entry of mix.exs whose package has
// wheel variants (torch, …): the variant this machine needs, why, and the
// pip command. It reads the last check's project, the symbol index and
// the detected hardware; it never starts Python.
func (s *Server) hover(ctx context.Context, raw json.RawMessage) (any, error) {
	var params hoverParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	if err := s.awaitDiscovery(ctx); err != nil {
		return nil, err
	}
	path, err := uriToPath(params.TextDocument.URI)
	if err != nil {
		return nil, nil
	}
	if isElixirSource(path) && filepath.Base(path) != analysis.MixExsFile {
		return s.hoverSymbol(ctx, path, params.Position)
	}
	p := s.projectFor(path)
	if p == nil || filepath.Base(path) != analysis.MixExsFile || filepath.Dir(path) != p.root {
		return nil, nil
	}
	p.mu.Lock()
	proj := p.loaded
	p.mu.Unlock()
	if proj == nil || len(proj.Unreadable) > 0 {
		return nil, nil
	}
	lib := libraryAt(proj, int(params.Position.Line), int(params.Position.Character))
	if lib == nil {
		return nil, nil
	}
	hw := s.opts.Hardware.Identity(ctx)
	setup := proj.LoadWheels(s.analysisOptions(nil))
	variants := setup.Variants([]*analysis.Library{lib}, hw)
	if len(variants) == 0 {
		return nil, nil
	}
	r := lspRange(lib.Range)
	return hoverResult{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: variantMarkdown(variants[0], hw, setup)}, Range: &r}, nil
}

// libraryAt is the python_deps entry that contains a position.
func libraryAt(proj *analysis.Project, line, char int) *analysis.Library {
	for _, l := range proj.Libraries {
		r := l.Range
		after := line > r.Start.Line || (line == r.Start.Line && char >= r.Start.Character)
		before := line < r.End.Line || (line == r.End.Line && char <= r.End.Character)
		if after && before {
			return l
		}
	}
	return nil
}

// variantMarkdown words a package's variant for a hover, as `wheels`
// prints it.
func variantMarkdown(pv analysis.PackageVariant, hw hardware.Identity, setup analysis.WheelSetup) string {
	var b strings.Builder
	sel := pv.Selection
	if sel.Variant != "" {
		fmt.Fprintf(&b, "**%s** wheel variant for this machine: `%s`\n\n%s.\n\n", pv.Package, sel.Variant, capitalize(sel.Reason))
	} else {
		fmt.Fprintf(&b, "**%s**: no wheel variant is known for this machine\n\n%s.\n\n", pv.Package, capitalize(sel.Reason))
	}
	if pv.Install != "" {
		fmt.Fprintf(&b, "```sh\n%s\n```\n\n", pv.Install)
	}
	fmt.Fprintf(&b, "This machine: %s, %s. Variants from %s.", hw.Platform(), hwSummary(hw), setup.Config.Source())
	return b.String()
}

func hwSummary(hw hardware.Identity) string {
	switch hw.Accelerator {
	case hardware.CUDA:
		return fmt.Sprintf("CUDA %s, %d GPU(s)", hw.CUDAVersion, hw.GPUCount)
	case hardware.ROCm:
		return fmt.Sprintf("ROCm %s, %d GPU(s)", hw.ROCmVersion, hw.GPUCount)
	case hardware.MPS:
		return "Apple MPS"
	}
	return "no GPU accelerator"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// hoverSymbol answers on a call into a generated module in an Elixir
// source: for a function, the Python signature, the generated Elixir
// arities, the Python name, library version and where the signature came
// from, then the docstring; for a module, what it binds and its doc.
func (s *Server) hoverSymbol(ctx context.Context, path string, pos protocol.Position) (any, error) {
	ref := s.symbolAt(ctx, path, pos)
	if ref == nil {
		return nil, nil
	}
	r := elixirRange(ref.Range)
	return hoverResult{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: symbolMarkdown(ref)}, Range: &r}, nil
}

// symbolMarkdown is the hover text of a module or function; see the
// README's walkthrough for what it looks like.
func symbolMarkdown(ref *symbolRef) string {
	var b strings.Builder
	m, f := ref.Module, ref.Function
	lib := ""
	if l := m.Library; l != nil {
		lib = l.Name
		if l.Version != "" {
			lib += " " + l.Version
		}
	}
	var doc string
	if f != nil {
		fmt.Fprintf(&b, "```python\n%s\n```\n\n", f.Signature())
		fmt.Fprintf(&b, "**Elixir:** %s\n\n", arityList(f))
		fmt.Fprintf(&b, "**Python:** `%s`", pythonName(m, f))
		if lib != "" {
			fmt.Fprintf(&b, " · %s", lib)
		}
		fmt.Fprintf(&b, " · signature from %s", describeSignatureSource(f.SignatureSource()))
		doc = f.Doc()
	} else {
		kind := "module"
		if m.Class {
			kind = "class"
		}
		fmt.Fprintf(&b, "**%s** · Python %s `%s`", m.Name, kind, pythonName(m, nil))
		if lib != "" {
			fmt.Fprintf(&b, " · %s", lib)
		}
		fmt.Fprintf(&b, " · %d functions", len(m.Functions))
		doc = m.Doc()
	}
	if doc = strings.TrimSpace(doc); doc != "" {
		fmt.Fprintf(&b, "\n\n---\n\n%s", docMarkdown(doc))
	}
	return b.String()
}

// docMarkdown shows a Python docstring (reStructuredText or plain text,
// whose indentation and underlines Markdown would misread) verbatim in a
// fenced block, the fence longer than any backtick run inside.
func docMarkdown(doc string) string {
	fence := "```"
	for strings.Contains(doc, fence) {
		fence += "`"
	}
	return fence + "text\n" + doc + "\n" + fence
}
