package lsp

import (
	"context"
	"encoding/json"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// definition answers on a call into a generated module in an Elixir
// source with up to two locations: the generated wrapper's def (or
// defmodule), then the Python definition recorded at introspection, so
// that the user can jump to the real implementation.
func (s *Server) definition(ctx context.Context, raw json.RawMessage) (any, error) {
	var params protocol.DefinitionParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	if err := s.awaitDiscovery(ctx); err != nil {
		return nil, err
	}
	path, err := uriToPath(params.TextDocument.URI)
	if err != nil || !isElixirSource(path) {
		return nil, nil
	}
	ref := s.symbolAt(ctx, path, params.Position)
	if ref == nil {
		return nil, nil
	}
	var def, src symbols.Location
	if ref.Function != nil {
		def, src = ref.Function.Def(), ref.Function.Source()
	} else {
		def, src = ref.Module.Def, ref.Module.Source
	}
	out := []protocol.Location{}
	for _, l := range []symbols.Location{def, src} {
		if l.File != "" {
			out = append(out, locationOf(l))
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// locationOf is the start of a 1-based line (0: the file's first line).
func locationOf(l symbols.Location) protocol.Location {
	line := uint32(0)
	if l.Line > 0 {
		line = uint32(l.Line - 1)
	}
	pos := protocol.Position{Line: line}
	return protocol.Location{URI: pathToURI(l.File), Range: protocol.Range{Start: pos, End: pos}}
}
