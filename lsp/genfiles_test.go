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
	diags := c.diagnosticsOf(mix)
	if got := c.codes(mix); !slices.Contains(got, "generated_files_modified") || len(c.problems(mix)) != 1 {
		t.Fatalf("diagnostics on mix.exs: %v", got)
	}
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
