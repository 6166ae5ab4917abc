package lsp

import (
	"fmt"
	"path/filepath"
	"sync"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// fileDiagnostics owns what the server publishes per file. Several projects
// may report on one file (an umbrella's apps share config/config.exs and
// deps/): a publication replaces a file's diagnostics, so each project's
// are kept here per file and every publication sends the union. A project
// clearing a file republishes the others' instead of erasing them.
//
// mu is held while sending, so that the last union computed is the last
// sent; it is taken with a project's pubMu held and its mu released.
type fileDiagnostics struct {
	mu sync.Mutex
	// byFile holds each file's diagnostics by the project (URI) that
	// reported them; a project with none on a file has no entry.
	byFile map[string]map[string]sourcedDiagnostics
}

// sourcedDiagnostics are one project's diagnostics on one file.
type sourcedDiagnostics struct {
	app   string // the project's name, shown when projects disagree
	mix   string // the project's mix.exs, where the name points
	diags []protocol.Diagnostic
}

func newFileDiagnostics() *fileDiagnostics {
	return &fileDiagnostics{byFile: map[string]map[string]sourcedDiagnostics{}}
}

// publish replaces p's diagnostics on each file of byFile (an empty set
// clears them) and sends each file's union over every project.
func (fd *fileDiagnostics) publish(p *project, byFile map[string][]protocol.Diagnostic) {
	fd.mu.Lock()
	defer fd.mu.Unlock()
	app := filepath.Base(p.root)
	mix := filepath.Join(p.root, analysis.MixExsFile)
	for _, path := range sortedKeys(byFile) {
		sources := fd.byFile[path]
		if len(byFile[path]) == 0 {
			delete(sources, p.uri)
			if len(sources) == 0 {
				delete(fd.byFile, path)
			}
		} else {
			if sources == nil {
				sources = map[string]sourcedDiagnostics{}
				fd.byFile[path] = sources
			}
			sources[p.uri] = sourcedDiagnostics{app: app, mix: mix, diags: byFile[path]}
		}
		p.s.notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{
			URI: pathToURI(path), Diagnostics: mergeSources(sources),
		})
	}
}

// mergeSources is the union of the projects' diagnostics on one file, in
// project order. A diagnostic several projects report alike (range,
// severity, code, message) appears once; when more than one project reports
// on the file, each diagnostic names the projects that report it.
func mergeSources(sources map[string]sourcedDiagnostics) []protocol.Diagnostic {
	out := []protocol.Diagnostic{}
	if len(sources) == 1 {
		for _, src := range sources {
			return append(out, src.diags...)
		}
	}
	keys := sortedKeys(sources)
	index := map[string]int{}
	for _, k := range keys {
		src := sources[k]
		for _, d := range src.diags {
			id := diagnosticIdentity(d)
			i, seen := index[id]
			if !seen {
				i = len(out)
				index[id] = i
				// Copy the related information: the stored diagnostic is
				// merged again at the next publication.
				d.RelatedInformation = append([]protocol.DiagnosticRelatedInformation(nil), d.RelatedInformation...)
				out = append(out, d)
			}
			out[i].RelatedInformation = append(out[i].RelatedInformation,
				related(src.mix, protocol.Range{}, "reported by app "+src.app))
		}
	}
	return out
}

// diagnosticIdentity is what makes two projects' diagnostics the same one.
func diagnosticIdentity(d protocol.Diagnostic) string {
	code, sev := "", protocol.DiagnosticSeverity(0)
	if d.Code != nil {
		code = fmt.Sprint(d.Code.Value)
	}
	if d.Severity != nil {
		sev = *d.Severity
	}
	r := d.Range
	return fmt.Sprintf("%d:%d-%d:%d|%d|%q|%q", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character, sev, code, d.Message)
}
