//go:build unix

package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFOLockStallsNoOtherProject: project b's snakebridge.lock is a
// FIFO. b gets lock_unreadable; a is still checked, its edits are still
// noticed, b's lock being touched does not stop the watcher, and shutdown
// is answered (before: reading or hashing the FIFO blocked forever, and
// shutdown waited for it).
func TestFIFOLockStallsNoOtherProject(t *testing.T) {
	a, b := newFixture(t), newFixture(t)
	lock := filepath.Join(b.root, "snakebridge.lock")
	if err := os.Remove(lock); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(lock, 0o644); err != nil {
		t.Fatal(err)
	}
	c := startClient(t, clientOptions{
		folders: []string{filepath.Dir(a.root), filepath.Dir(b.root)}, settings: a.settings(), server: a.serverOptions(),
	})
	c.initialize()
	c.waitStatus(a.root, 0, "a fresh", state(StateFresh))
	c.waitFor("b's lock_unreadable", func() bool {
		r := c.diags[lock]
		if r == nil {
			return false
		}
		for _, d := range r.diags {
			if d.Code == "lock_unreadable" && strings.Contains(d.Message, "not a regular file (a FIFO)") {
				return true
			}
		}
		return false
	})

	m := c.mark()
	// Touch the FIFO: the watcher (or the editor's event) makes the
	// server digest it.
	now := time.Now()
	if err := os.Chtimes(lock, now, now); err != nil {
		t.Fatal(err)
	}
	c.fileEvent(lock, fileChanged)
	c.writeFile(filepath.Join(a.root, "mix.exs"), strings.Replace(fixtureMix, `"1.0.0"`, `"3.0.0"`, 1))
	c.waitStatus(a.root, m, "a stale after an edit", state(StateStale))
	c.shutdown()
}
