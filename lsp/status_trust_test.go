package lsp

import (
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
)

// TestStatusTrustIsTheVerdicts: a check that began before trust was granted
// publishes after the grant; its status must not say trusted, or a client
// (and the Neovim test) takes a verdict made without running the project's
// interpreter for one made with it.
func TestStatusTrustIsTheVerdicts(t *testing.T) {
	s := New(Options{})
	s.trusted = true
	for _, tc := range []struct {
		name          string
		report        *analysis.Report
		reportTrusted bool
		want          bool
	}{
		{"not checked yet", nil, false, true},
		{"checked trusted", &analysis.Report{}, true, true},
		{"checked before the grant", &analysis.Report{}, false, false},
	} {
		p := &project{s: s, report: tc.report, reportTrusted: tc.reportTrusted}
		if got := p.statusLocked().Trusted; got != tc.want {
			t.Errorf("%s: trusted = %v, want %v", tc.name, got, tc.want)
		}
	}
}
