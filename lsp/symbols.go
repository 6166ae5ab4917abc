package lsp

import (
	"context"
	"encoding/json"
	"path/filepath"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// maxWorkspaceSymbols bounds a workspace/symbol answer: clients filter
// further as the user types.
const maxWorkspaceSymbols = 200

type symbolInformation struct {
	Name          string              `json:"name"`
	Kind          protocol.SymbolKind `json:"kind"`
	Location      protocol.Location   `json:"location"`
	ContainerName string              `json:"containerName,omitempty"`
}

type documentSymbol struct {
	Name           string              `json:"name"`
	Detail         string              `json:"detail,omitempty"`
	Kind           protocol.SymbolKind `json:"kind"`
	Range          protocol.Range      `json:"range"`
	SelectionRange protocol.Range      `json:"selectionRange"`
}

// workspaceSymbol finds generated modules and functions of every project
// by name (see symbols.Index.Search), located at their generated def. An
// empty query lists the libraries' root modules.
func (s *Server) workspaceSymbol(ctx context.Context, raw json.RawMessage) (any, error) {
	var params protocol.WorkspaceSymbolParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	if err := s.awaitDiscovery(ctx); err != nil {
		return nil, err
	}
	out := []symbolInformation{}
	for _, p := range s.allProjects() {
		ix := p.symbolIndex(ctx)
		if ix == nil {
			continue
		}
		var hits []symbols.Symbol
		if params.Query == "" {
			for _, m := range ix.Children("") {
				hits = append(hits, symbols.Symbol{Module: m})
			}
		} else {
			hits = ix.Search(params.Query, maxWorkspaceSymbols-len(out))
		}
		for _, h := range hits {
			if si, ok := symbolInfo(h); ok {
				out = append(out, si)
			}
		}
		if len(out) >= maxWorkspaceSymbols {
			break
		}
	}
	return out, nil
}

func symbolInfo(h symbols.Symbol) (symbolInformation, bool) {
	if f := h.Function; f != nil {
		def := f.Def()
		if def.File == "" {
			return symbolInformation{}, false // in the manifest, not generated
		}
		return symbolInformation{Name: f.Name, Kind: protocol.SymbolKindFunction, Location: locationOf(def), ContainerName: h.Module.Name}, true
	}
	m := h.Module
	if m.Def.File == "" {
		return symbolInformation{}, false
	}
	kind := protocol.SymbolKindModule
	if m.Class {
		kind = protocol.SymbolKindClass
	}
	return symbolInformation{Name: m.Name, Kind: kind, Location: locationOf(m.Def)}, true
}

// documentSymbol lists the python_deps entries of a project's mix.exs,
// each with its version and generate mode.
func (s *Server) documentSymbol(ctx context.Context, raw json.RawMessage) (any, error) {
	var params protocol.DocumentSymbolParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	if err := s.awaitDiscovery(ctx); err != nil {
		return nil, err
	}
	out := []documentSymbol{}
	path, err := uriToPath(params.TextDocument.URI)
	if err != nil {
		return out, nil
	}
	p := s.projectFor(path)
	if p == nil || filepath.Base(path) != analysis.MixExsFile || filepath.Dir(path) != p.root {
		return out, nil
	}
	p.mu.Lock()
	proj := p.loaded
	p.mu.Unlock()
	if proj == nil {
		return out, nil
	}
	for _, l := range proj.Libraries {
		r := lspRange(l.Range)
		out = append(out, documentSymbol{Name: l.Name, Detail: libraryDetail(l), Kind: protocol.SymbolKindPackage, Range: r, SelectionRange: r})
	}
	return out, nil
}

// libraryDetail words a python_deps entry: "1.24.2 · generate: :all".
func libraryDetail(l *analysis.Library) string {
	v := "no version"
	if req := l.Version.Requested(); req != nil {
		v = *req
	}
	gen := l.Generate
	if gen == "" {
		gen = "used"
	}
	return v + " · generate: :" + gen
}
