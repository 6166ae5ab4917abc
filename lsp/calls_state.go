package lsp

import (
	"context"
	"path/filepath"
	"strings"
	"sync"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/jsonrpc"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// callState is what completion, signature help and call diagnostics keep
// per project: the call diagnostics of open Elixir files (the symbol index
// is the project's, symindex.go). Its mutex is taken after p.mu, never
// before it.
type callState struct {
	mu     sync.Mutex
	diags  map[string][]protocol.Diagnostic // path → call diagnostics
	dirty  map[string]bool                  // paths waiting for call diagnostics
	active bool                             // a diagnostics loop runs
	// members are encoded member completion lists (completion.go).
	members map[memberKey]jsonrpc.Raw
}

// cursor is what a request at a position in an Elixir source knows.
type cursor struct {
	p    *project
	proj *analysis.Project
	ix   *symbols.Index
	ctx  scan.Context
}

// cursorAt reads the call context at a position of an Elixir source of a
// project (the open buffer, else the disk). ok is false when the file is
// not an Elixir source of a loaded project with an index.
func (s *Server) cursorAt(ctx context.Context, uri string, pos protocol.Position) (cursor, bool) {
	if err := s.awaitDiscovery(ctx); err != nil {
		return cursor{}, false
	}
	path, err := uriToPath(uri)
	if err != nil {
		return cursor{}, false
	}
	p := s.projectFor(path)
	if p == nil {
		return cursor{}, false
	}
	p.mu.Lock()
	proj := p.loaded
	p.mu.Unlock()
	if proj == nil || !elixirSource(proj, path) {
		return cursor{}, false
	}
	text, ok := s.textOf(path)
	if !ok {
		return cursor{}, false
	}
	ix := p.symbolIndex(ctx)
	if ix == nil {
		return cursor{}, false
	}
	c := scan.ContextAt(text, toElixirPosition(pos), libraryModules(proj))
	return cursor{p: p, proj: proj, ix: ix, ctx: c}, true
}

// textOf is the open buffer's text of path, else the file on disk.
func (s *Server) textOf(path string) ([]byte, bool) {
	s.mu.Lock()
	d, ok := s.docs[path]
	s.mu.Unlock()
	if ok {
		return d.text, true
	}
	data, err := safefile.ReadFile(path, safefile.MaxSource)
	return data, err == nil
}

// elixirSource reports whether path is an Elixir source of the project
// whose calls the requests look at: .ex or .exs, not generated, not a
// dependency or build output.
func elixirSource(proj *analysis.Project, path string) bool {
	if !strings.HasSuffix(path, ".ex") && !strings.HasSuffix(path, ".exs") {
		return false
	}
	rel, err := filepath.Rel(proj.Root, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, dir := range []string{proj.Settings.GeneratedDir, "deps", "_build"} {
		if dir != "" && (rel == dir || strings.HasPrefix(rel, dir+"/")) {
			return false
		}
	}
	return rel != analysis.MixExsFile && !strings.HasPrefix(rel, "config/")
}

// libraryModules are the root modules of the project's libraries.
func libraryModules(proj *analysis.Project) []string {
	out := make([]string, 0, len(proj.Libraries))
	for _, l := range proj.Libraries {
		out = append(out, l.Module)
	}
	return out
}

func toElixirPosition(p protocol.Position) elixir.Position {
	return elixir.Position{Line: int(p.Line), Character: int(p.Character)}
}

func elixirRange(r elixir.Range) protocol.Range {
	return protocol.Range{
		Start: protocol.Position{Line: uint32(max(r.Start.Line, 0)), Character: uint32(max(r.Start.Character, 0))},
		End:   protocol.Position{Line: uint32(max(r.End.Line, 0)), Character: uint32(max(r.End.Character, 0))},
	}
}
