package lsp

import (
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
)

// TestPartiallyUnreadableConfigIsNotStale: the server shows a
// config_partially_unreadable warning, but the project stays fresh, no
// regeneration is due (onSave would otherwise regenerate after every save)
// and the diagnostic offers no regeneration.
func TestPartiallyUnreadableConfigIsNotStale(t *testing.T) {
	warning := analysis.Finding{Code: analysis.CodeConfigPartiallyUnreadable, Severity: analysis.SeverityWarning,
		File: "config/config.exs", Message: "config :snakebridge inside an if whose condition cannot be evaluated: it may set config :snakebridge, venv_path"}
	rep := &analysis.Report{Fresh: true, Findings: []analysis.Finding{warning}}
	if state, msg := (&project{}).reportState(rep); state != StateFresh {
		t.Errorf("state %s (%s), want %s", state, msg, StateFresh)
	}
	if fp := staleFingerprint(rep); fp != "" {
		t.Errorf("stale fingerprint %q: a regeneration would be due", fp)
	}
	if warning.Stale() {
		t.Error("the warning counts as staleness")
	}
}
