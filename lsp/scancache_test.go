package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeSources writes n plain Elixir modules under lib/many (no library
// calls), the bulk of a big project.
func writeSources(t testing.TB, root string, n int) {
	t.Helper()
	for k := 0; k < n; k++ {
		writeFile(t, filepath.Join(root, "lib", "many", fmt.Sprintf("g%02d", k%50), fmt.Sprintf("m%04d.ex", k)),
			fmt.Sprintf("defmodule Many.M%d do\n  def run(x), do: Enum.map(x, &(&1 + %d))\nend\n", k, k))
	}
}

// TestScanCacheAcrossMixEdits: the server keeps each source's scan between
// checks; after edits of mix.exs (every source's scan reused) a call added
// to one source among many is still reported, a deleted source's call goes
// away, and an unsaved buffer wins over the cached scan of its file.
func TestScanCacheAcrossMixEdits(t *testing.T) {
	for _, mode := range watchModes[:2] {
		t.Run(mode.name, func(t *testing.T) {
			f := newFixture(t)
			writeSources(t, f.root, 200)
			c := startFixture(t, f, mode.dynamicWatch, mode.relative)
			mix := filepath.Join(f.root, "mix.exs")
			one := filepath.Join(f.root, "lib", "many", "g07", "m0107.ex")
			c.waitStatus(f.root, 0, "fresh", state(StateFresh))
			waitWatching(t, c, f)

			editMix := func(n int) {
				m := c.mark()
				c.writeFile(mix, fixtureMix+strings.Repeat("\n", n))
				c.waitStatus(f.root, m, "fresh after an edit of mix.exs", state(StateFresh))
			}
			editMix(1)

			// Same size as before, so only the modification time tells.
			original, err := os.ReadFile(one)
			if err != nil {
				t.Fatal(err)
			}
			called := strings.Replace(string(original), "Enum.map(x, &(&1 + 107))", "Json.dumps(x) && 107 + 0", 1)
			if len(called) != len(original) {
				t.Fatalf("test source sizes differ: %d vs %d", len(called), len(original))
			}
			m := c.mark()
			c.writeFile(one, called)
			c.waitStatus(f.root, m, "stale after a new call in one source", state(StateStale))
			m = c.mark()
			c.writeFile(mix, fixtureMix+"\n\n")
			c.waitStatus(f.root, m, "still stale after another edit of mix.exs", state(StateStale))
			diags := c.diagnosticsOf(mix)
			if len(diags) != 1 || diags[0].Code != "used_symbols_missing" || !strings.Contains(diags[0].Message, "Json.dumps/1") {
				t.Fatalf("diagnostics: %+v", diags)
			}

			// Deleted: the call goes with the file.
			m = c.mark()
			c.removeAll(one)
			c.waitStatus(f.root, m, "fresh after the source is deleted", state(StateFresh))

			// An unsaved buffer overrides a cached scan.
			other := filepath.Join(f.root, "lib", "many", "g08", "m0108.ex")
			c.open(other)
			m = c.mark()
			c.change(other, "defmodule Many.M108 do\n  def run(x), do: Json.dumps(x)\nend\n")
			c.waitStatus(f.root, m, "stale while the call is unsaved", state(StateStale))
			if got := c.codes(mix); len(got) != 1 || got[0] != "used_symbols_missing" {
				t.Fatalf("diagnostics for the unsaved call: %v", got)
			}
			c.shutdown()
		})
	}
}
