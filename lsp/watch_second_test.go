//go:build unix

package lsp

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSecondFolderEditRightAfterItsFirstStatus edits the second workspace
// folder's mix.exs as soon as its first status arrives.
func TestSecondFolderEditRightAfterItsFirstStatus(t *testing.T) {
	a, b := newFixture(t), newFixture(t)
	c := startClient(t, clientOptions{
		folders: []string{filepath.Dir(a.root), filepath.Dir(b.root)}, settings: a.settings(), server: a.serverOptions(),
	})
	c.initialize()
	c.waitStatus(b.root, 0, "b checked", func(StatusParams) bool { return true })
	m := c.mark()
	c.writeFile(filepath.Join(b.root, "mix.exs"), strings.Replace(fixtureMix, `"1.0.0"`, `"3.0.0"`, 1))
	c.waitStatus(b.root, m, "b stale after the edit", func(st StatusParams) bool {
		return st.State == StateStale && strings.Contains(st.Message, "3.0.0")
	})
	c.shutdown()
}
