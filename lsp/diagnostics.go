package lsp

import (
	"fmt"
	"path/filepath"
	"sort"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// diagnosticSource is the source of every diagnostic the server publishes.
const diagnosticSource = "snakebridge"

// codeRegenerationFailed marks a regeneration that failed; the message
// carries the generator's (pyhelper's) typed error.
const codeRegenerationFailed = "regeneration_failed"

// diagnosticData travels with each diagnostic and comes back in code
// action requests.
type diagnosticData struct {
	Project string  `json:"project"`
	Library *string `json:"library"`
	Stale   bool    `json:"stale"`
	// Generation is the check that produced the diagnostic.
	Generation uint64 `json:"generation"`
}

// publish sends the project's diagnostics: the findings of its latest
// check merged with its regeneration failures, per file. Files that had
// diagnostics and have none now get an empty set, so nothing stale stays.
// pubMu keeps publications in order; p.mu is not held while writing.
func (p *project) publish(gen uint64) {
	p.pubMu.Lock()
	defer p.pubMu.Unlock()
	p.mu.Lock()
	if p.removed != "" || gen != p.gen || p.report == nil {
		p.mu.Unlock()
		return
	}
	byFile := p.diagnosticsLocked()
	for path := range p.published {
		if _, ok := byFile[path]; !ok {
			byFile[path] = []protocol.Diagnostic{}
		}
	}
	p.published = map[string]bool{}
	for path, diags := range byFile {
		if len(diags) > 0 {
			p.published[path] = true
		}
	}
	p.mu.Unlock()
	p.send(byFile)
}

// publishNone clears every file the project published to.
func (p *project) publishNone() {
	p.pubMu.Lock()
	defer p.pubMu.Unlock()
	p.mu.Lock()
	byFile := map[string][]protocol.Diagnostic{}
	for path := range p.published {
		byFile[path] = []protocol.Diagnostic{}
	}
	p.published = map[string]bool{}
	p.mu.Unlock()
	p.send(byFile)
}

// send hands the project's diagnostics per file to the server, which
// publishes them merged with other projects' on the same file.
func (p *project) send(byFile map[string][]protocol.Diagnostic) {
	p.s.diags.publish(p, byFile)
}

// diagnosticsLocked converts the report; p.mu must be held.
func (p *project) diagnosticsLocked() map[string][]protocol.Diagnostic {
	out := map[string][]protocol.Diagnostic{}
	for _, f := range p.report.Findings {
		path := p.abs(f.File)
		out[path] = append(out[path], p.findingDiagnostic(f))
	}
	libs := make([]string, 0, len(p.failures))
	for lib := range p.failures {
		libs = append(libs, lib)
	}
	sort.Strings(libs)
	mix := filepath.Join(p.root, analysis.MixExsFile)
	for _, lib := range libs {
		out[mix] = append(out[mix], p.failureDiagnostic(lib, p.failures[lib]))
	}
	p.callDiagnosticsLocked(out)
	return out
}

// abs resolves a finding's project-relative file; project-level problems
// without a file go on mix.exs.
func (p *project) abs(file string) string {
	if file == "" {
		return filepath.Join(p.root, analysis.MixExsFile)
	}
	if filepath.IsAbs(file) {
		return filepath.Clean(file)
	}
	return filepath.Join(p.root, filepath.FromSlash(file))
}

func (p *project) findingDiagnostic(f analysis.Finding) protocol.Diagnostic {
	d := protocol.Diagnostic{
		Range:    lspRange(f.Range),
		Severity: severity(f.Severity),
		Code:     &protocol.IntegerOrString{Value: string(f.Code)},
		Source:   strPtr(diagnosticSource),
		Message:  f.Message,
		Data:     diagnosticData{Project: p.uri, Library: f.Library, Stale: f.Stale(), Generation: p.gen},
	}
	for _, r := range f.Related {
		d.RelatedInformation = append(d.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: pathToURI(p.abs(r.File)), Range: lspRange(r.Range)},
			Message:  r.Message,
		})
	}
	if rel, ok := p.otherFile(f); ok && !relatesTo(d.RelatedInformation, rel.Location.URI) {
		d.RelatedInformation = append(d.RelatedInformation, rel)
	}
	return d
}

func relatesTo(rel []protocol.DiagnosticRelatedInformation, uri string) bool {
	for _, r := range rel {
		if r.Location.URI == uri {
			return true
		}
	}
	return false
}

// otherFile points a finding on mix.exs at the lock, and one on the lock at
// mix.exs: the library's entry when it has one, else the whole.
func (p *project) otherFile(f analysis.Finding) (protocol.DiagnosticRelatedInformation, bool) {
	proj := p.loaded
	if proj == nil {
		return protocol.DiagnosticRelatedInformation{}, false
	}
	lib := f.LibraryName()
	switch f.File {
	case analysis.MixExsFile:
		if proj.Lock == nil || proj.Lock.Raw == nil {
			return protocol.DiagnosticRelatedInformation{}, false
		}
		path, msg := []string{"libraries"}, "libraries in snakebridge.lock"
		if lib != "" {
			path, msg = []string{"libraries", lib}, fmt.Sprintf("library %s in snakebridge.lock", lib)
		}
		r, _ := proj.Lock.Range(path...)
		return related(p.abs(analysis.LockFile), fromLockRange(r), msg), true
	case analysis.LockFile:
		if proj.Mix == nil {
			return protocol.DiagnosticRelatedInformation{}, false
		}
		if l := libraryNamed(proj, lib); l != nil {
			return related(p.abs(analysis.MixExsFile), lspRange(l.Range), fmt.Sprintf("library %s in python_deps", lib)), true
		}
		r := proj.Mix.PythonDepsRange
		return related(p.abs(analysis.MixExsFile), protocol.Range{
			Start: protocol.Position{Line: uint32(r.Start.Line), Character: uint32(r.Start.Character)},
			End:   protocol.Position{Line: uint32(r.End.Line), Character: uint32(r.End.Character)},
		}, "python_deps in mix.exs"), true
	}
	return protocol.DiagnosticRelatedInformation{}, false
}

func related(path string, r protocol.Range, msg string) protocol.DiagnosticRelatedInformation {
	return protocol.DiagnosticRelatedInformation{Location: protocol.Location{URI: pathToURI(path), Range: r}, Message: msg}
}

func libraryNamed(proj *analysis.Project, name string) *analysis.Library {
	if name == "" {
		return nil
	}
	for _, l := range proj.Libraries {
		if l.PythonName == name {
			return l
		}
	}
	return nil
}

// failureDiagnostic reports a failed regeneration at the library's entry,
// or at the top of mix.exs for the project as a whole.
func (p *project) failureDiagnostic(lib, msg string) protocol.Diagnostic {
	r := protocol.Range{}
	var libPtr *string
	text := "regenerating bindings failed: " + msg
	if lib != "" {
		libPtr = strPtr(lib)
		text = fmt.Sprintf("regenerating bindings for %s failed: %s", lib, msg)
		if p.loaded != nil {
			if l := libraryNamed(p.loaded, lib); l != nil {
				r = lspRange(l.Range)
			}
		}
	}
	return protocol.Diagnostic{
		Range: r, Severity: severity(analysis.SeverityError),
		Code:    &protocol.IntegerOrString{Value: codeRegenerationFailed},
		Source:  strPtr(diagnosticSource),
		Message: text,
		Data:    diagnosticData{Project: p.uri, Library: libPtr, Stale: true, Generation: p.gen},
	}
}

func lspRange(r analysis.Range) protocol.Range {
	return protocol.Range{
		Start: protocol.Position{Line: uint32(max(r.Start.Line, 0)), Character: uint32(max(r.Start.Character, 0))},
		End:   protocol.Position{Line: uint32(max(r.End.Line, 0)), Character: uint32(max(r.End.Character, 0))},
	}
}

func fromLockRange(r lockfile.Range) protocol.Range {
	return lspRange(analysis.Range{
		Start: analysis.Position{Line: r.Start.Line, Character: r.Start.Character},
		End:   analysis.Position{Line: r.End.Line, Character: r.End.Character},
	})
}

func severity(s analysis.Severity) *protocol.DiagnosticSeverity {
	v := protocol.DiagnosticSeverityInformation
	switch s {
	case analysis.SeverityError:
		v = protocol.DiagnosticSeverityError
	case analysis.SeverityWarning:
		v = protocol.DiagnosticSeverityWarning
	}
	return &v
}

func strPtr(s string) *string { return &s }
