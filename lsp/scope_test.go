package lsp

import (
	"slices"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
)

// TestRegenerationScopeOfGeneratedFileFindings: an edited generated file is
// fixed by regenerating its library (whose files are then re-rendered);
// orphans, a missing registry and missing helpers need a whole run (the
// registry is rewritten, former directories are cleaned, mix writes the
// helpers).
func TestRegenerationScopeOfGeneratedFileFindings(t *testing.T) {
	lib := func(name string) *string { return &name }
	cases := []struct {
		finding analysis.Finding
		want    []string
	}{
		{analysis.Finding{Code: analysis.CodeGeneratedFilesModified, Severity: analysis.SeverityError, Library: lib("math")}, []string{"math"}},
		{analysis.Finding{Code: analysis.CodeGeneratedFilesOrphaned, Severity: analysis.SeverityError, Library: lib("math")}, nil},
		{analysis.Finding{Code: analysis.CodeRegistryMissing, Severity: analysis.SeverityWarning}, nil},
		{analysis.Finding{Code: analysis.CodeHelpersMissing, Severity: analysis.SeverityWarning}, nil},
	}
	for _, c := range cases {
		if got := librariesToRegenerate([]analysis.Finding{c.finding}); !slices.Equal(got, c.want) {
			t.Errorf("%s: regenerates %v, want %v", c.finding.Code, got, c.want)
		}
	}
}

// TestFindingsNoRegenerationFixes: a missing package does not make the
// server regenerate on save, nor widen a library's regeneration to all
// (analysis.Code.FixedByRegeneration).
func TestFindingsNoRegenerationFixes(t *testing.T) {
	lib := func(name string) *string { return &name }
	missing := analysis.Finding{Code: analysis.CodePythonPackageMissing, Severity: analysis.SeverityError, Library: lib("numpy")}
	changed := analysis.Finding{Code: analysis.CodeConfigHashMismatch, Severity: analysis.SeverityError, Library: lib("math")}
	if fp := staleFingerprint(&analysis.Report{Findings: []analysis.Finding{missing}}); fp != "" {
		t.Errorf("a missing package alone triggers a regeneration on save (fingerprint %q)", fp)
	}
	if fp := staleFingerprint(&analysis.Report{Findings: []analysis.Finding{missing, changed}}); fp == "" {
		t.Error("a changed library does not trigger a regeneration on save")
	}
	if got := librariesToRegenerate([]analysis.Finding{missing, changed}); !slices.Equal(got, []string{"math"}) {
		t.Errorf("regenerates %v, want [math]", got)
	}
}
