package lsp

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// codeLens puts a lens on each python_deps entry of a project's mix.exs:
// "numpy 1.24.2 · 603 functions · fresh · Regenerate", which regenerates
// that library when clicked (the snakebridge.regenerate command). The
// version is the installed one the bindings were generated from, the
// count the registry's; the state is the last check's for the library.
func (s *Server) codeLens(ctx context.Context, raw json.RawMessage) (any, error) {
	var params protocol.CodeLensParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	if err := s.awaitDiscovery(ctx); err != nil {
		return nil, err
	}
	out := []protocol.CodeLens{}
	path, err := uriToPath(params.TextDocument.URI)
	if err != nil {
		return out, nil
	}
	p := s.projectFor(path)
	if p == nil || filepath.Base(path) != analysis.MixExsFile || filepath.Dir(path) != p.root {
		return out, nil
	}
	p.mu.Lock()
	proj, rep := p.loaded, p.report
	p.mu.Unlock()
	if proj == nil {
		return out, nil
	}
	ix := p.symbolIndex(ctx)
	for _, l := range proj.Libraries {
		title := lensTitle(l, ix.LibraryNamed(l.PythonName), rep)
		out = append(out, protocol.CodeLens{Range: lspRange(l.Range), Command: p.regenerateCommand(title, []string{l.PythonName})})
	}
	return out, nil
}

// lensTitle is "<name> <version> · <n> functions · <state> · Regenerate".
func lensTitle(l *analysis.Library, il *symbols.Library, rep *analysis.Report) string {
	title := l.PythonName
	switch {
	case il != nil && il.Version != "":
		title += " " + il.Version
	case l.Version.Requested() != nil:
		title += " " + *l.Version.Requested()
	}
	if il != nil {
		title += " · " + strconv.Itoa(il.Functions) + " functions"
	} else {
		title += " · not generated"
	}
	return title + " · " + libraryState(l.PythonName, rep) + " · Regenerate"
}

// libraryState is "stale" when the last check found something a
// regeneration of the library would fix, "unknown" when the check could
// not tell, else "fresh".
func libraryState(lib string, rep *analysis.Report) string {
	if rep == nil {
		return "unknown"
	}
	state := "fresh"
	for _, f := range rep.Findings {
		switch {
		case f.Code.Unevaluable():
			state = "unknown"
		case f.Stale() && (f.LibraryName() == lib || f.LibraryName() == ""):
			return "stale"
		}
	}
	return state
}
