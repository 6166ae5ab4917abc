package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
)

// writeReport prints one project the way go vet and cargo do: a location
// column a terminal can follow, then severity, message and code; a summary
// line last.
func writeReport(w io.Writer, r *analysis.Report) {
	locs := make([]string, len(r.Findings))
	width := 0
	for i, f := range r.Findings {
		locs[i] = fmt.Sprintf("%s:%d:%d:", displayPath(r.Project, f.File), f.Range.Start.Line+1, f.Range.Start.Character+1)
		width = max(width, len(locs[i]))
	}
	for i, f := range r.Findings {
		note := ""
		if f.Advisory {
			note = " (advisory: fails only with --strict)"
		}
		fmt.Fprintf(w, "%-*s %-7s %s%s [%s]\n", width, locs[i], string(f.Severity)+":", f.Message, note, f.Code)
		writeRelated(w, r.Project, f.Related)
	}
	fmt.Fprintln(w, summaryLine(r))
}

// maxRelated bounds the places printed under one finding: a project may
// call a missing function from hundreds of places; --json lists them all.
const maxRelated = 10

// writeRelated prints, indented under a finding, the places that explain
// it (each call site behind used_symbols_missing) as file:line:col, so
// that a terminal or editor can open them.
func writeRelated(w io.Writer, project string, related []analysis.Related) {
	for i, rel := range related {
		if i == maxRelated {
			fmt.Fprintf(w, "    ... and %d more (check --json lists every one)\n", len(related)-maxRelated)
			return
		}
		fmt.Fprintf(w, "    %s:%d:%d: %s\n", displayPath(project, rel.File), rel.Range.Start.Line+1, rel.Range.Start.Character+1, rel.Message)
	}
}

func summaryLine(r *analysis.Report) string {
	counts := map[analysis.Severity]int{}
	for _, f := range r.Findings {
		counts[f.Severity]++
	}
	state := "fresh"
	switch r.ExitCode() {
	case analysis.ExitStale:
		state = "stale"
	case analysis.ExitUnevaluable:
		state = "cannot be evaluated"
	}
	var parts []string
	for _, s := range []analysis.Severity{analysis.SeverityError, analysis.SeverityWarning, analysis.SeverityInfo} {
		if n := counts[s]; n > 0 {
			parts = append(parts, plural(n, string(s)))
		}
	}
	line := fmt.Sprintf("%s: %s", r.Project, state)
	if len(parts) > 0 {
		line += " (" + strings.Join(parts, ", ") + ")"
	}
	line += fmt.Sprintf("; %s", plural(len(r.Libraries), "library"))
	if py := r.Python; py != nil {
		line += fmt.Sprintf("; python %s at %s (from %s)", orDash(py.Version), py.Executable, py.Source)
		if py.NotRun {
			line += ", not run: the project is not trusted"
		}
	}
	return line
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	switch {
	case strings.HasSuffix(word, "y"):
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	case word == "info":
		return fmt.Sprintf("%d infos", n)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
