package lsp

import (
	"fmt"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
)

// sendStatus computes the project's status and sends snakebridge/status.
// It is sent after every check even when nothing changed, so that clients
// (and tests) can use it as a barrier.
func (p *project) sendStatus() StatusParams {
	p.mu.Lock()
	st := p.statusLocked()
	p.lastStatus = &st
	p.mu.Unlock()
	p.s.notify(MethodStatus, st)
	return st
}

// status returns the last computed status.
func (p *project) status() StatusParams {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lastStatus != nil {
		return *p.lastStatus
	}
	return p.statusLocked()
}

// statusLocked derives the status; p.mu must be held.
func (p *project) statusLocked() StatusParams {
	st := StatusParams{Project: p.uri, Generation: p.gen, Warnings: p.s.watchWarnings(), Trusted: p.s.isTrusted()}
	rep := p.report
	if rep != nil && !p.reportTrusted {
		// The verdict shown was made without trust (the check that trust's
		// grant asked for is still to come): say so.
		st.Trusted = false
	}
	if rep != nil && rep.Python != nil {
		st.Python = &PythonStatus{Executable: rep.Python.Executable, Source: rep.Python.Source, Version: rep.Python.Version}
	}
	switch {
	case p.removed != "":
		st.State, st.Message = StateError, p.removed
	case p.regenerating != nil:
		st.State = StateRegenerating
		st.Message = "regenerating bindings"
		if len(p.regenerating) > 0 {
			st.Message += " for " + strings.Join(p.regenerating, ", ")
		}
	case rep == nil:
		st.State, st.Message = StateStale, "not checked yet"
	default:
		st.State, st.Message = p.reportState(rep)
	}
	if !st.Trusted {
		st.Message += "; " + untrustedNote
	}
	return st
}

// reportState summarises a report and the regeneration failures.
func (p *project) reportState(rep *analysis.Report) (string, string) {
	var unevaluable, stale []analysis.Finding
	var notes []string
	for _, f := range rep.Findings {
		switch {
		case f.Code.Unevaluable():
			unevaluable = append(unevaluable, f)
		case f.Stale():
			stale = append(stale, f)
		default:
			notes = append(notes, f.Message)
		}
	}
	if len(unevaluable) > 0 {
		return StateError, fmt.Sprintf("%s: %s", unevaluable[0].File, unevaluable[0].Message)
	}
	if msg := p.failureSummary(); msg != "" {
		return StateError, msg
	}
	if len(stale) > 0 {
		msg := stale[0].Message
		if len(stale) > 1 {
			msg = fmt.Sprintf("%d problems; first: %s", len(stale), msg)
		}
		return StateStale, msg
	}
	msg := "bindings are up to date"
	if p.regenNote != "" {
		msg += "; " + p.regenNote
	}
	if len(notes) > 0 {
		msg += " (" + strings.Join(notes, "; ") + ")"
	}
	return StateFresh, msg
}

// failureSummary names the failed regenerations; p.mu must be held.
func (p *project) failureSummary() string {
	if len(p.failures) == 0 {
		return ""
	}
	if msg, ok := p.failures[""]; ok {
		return "regeneration failed: " + msg
	}
	for _, lib := range sortedKeys(p.failures) {
		return fmt.Sprintf("regenerating %s failed: %s", lib, p.failures[lib])
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
