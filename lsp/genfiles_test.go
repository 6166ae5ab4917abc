//go:build unix

package lsp

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEditedGeneratedFileIsADiagnosticTheLibraryQuickFixClears: a hand
// edit of a generated file, once saved, is a generated_files_modified
// diagnostic on its library; regenerating that library alone restores the
// file and clears the diagnostic.
func TestEditedGeneratedFileIsADiagnosticTheLibraryQuickFixClears(t *testing.T) {
	root := demoProject(t)
	gen := &countingGenerate{}
	c := startDemo(t, root, gen, nil, false)
	mix := filepath.Join(root, "mix.exs")
	c.open(mix)
	c.waitStatus(root, 0, "stale", state(StateStale))
	m := c.mark()
	if err := c.executeCommand(CommandRegenerate, nil, pathToURI(root)); err != nil {
		t.Fatalf("regenerate: %v", err)
	}
	c.waitStatus(root, m, "fresh after generating", state(StateFresh))

	math := filepath.Join(root, "lib", "snakebridge_generated", "math", "__init__.ex")
	pristine, err := os.ReadFile(math)
	if err != nil {
		t.Fatal(err)
	}
	m = c.mark()
	if err := os.WriteFile(math, append(append([]byte(nil), pristine...), "# my edit\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	c.save(math)
	c.waitStatus(root, m, "stale after the edit", state(StateStale))
	// The write is in place (truncate, then write), as many editors save:
	// a check already running, or woken by the truncation, may read the
	// file half-written (empty: its wrappers gone, used_symbols_missing)
	// and publish that. The save's own check reads the saved file, so the
	// verdict to wait for is the one on the edit.
	c.waitFor("generated_files_modified alone on mix.exs after the edit", func() bool {
		r := c.diags[mix]
		if r == nil || r.seq <= m {
			return false
		}
		var problems []string
		for _, d := range r.diags {
			if d.Severity == 1 || d.Severity == 2 {
				problems = append(problems, d.Code)
			}
		}
		return slices.Equal(problems, []string{"generated_files_modified"})
	})
	diags := c.diagnosticsOf(mix)
	fix := findAction(c.codeActions(mix, diags), "Regenerate bindings for `math`", "quickfix")
	if fix == nil || fix.Command == nil {
		t.Fatalf("no quick fix for library math")
	}
	m = c.mark()
	if err := c.executeCommand(fix.Command.Command, nil, fix.Command.Arguments...); err != nil {
		t.Fatalf("executing the quick fix: %v", err)
	}
	c.waitStatus(root, m, "fresh after regenerating math", state(StateFresh))
	if got := c.problems(mix); len(got) != 0 {
		t.Fatalf("problems after the regeneration: %v", got)
	}
	if now, _ := os.ReadFile(math); strings.Contains(string(now), "# my edit") {
		t.Errorf("the edited file was not restored")
	}
	c.shutdown()
}
