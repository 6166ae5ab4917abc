//go:build unix

package symbols_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDocOfAManifestSwappedForAFIFO: a hover reads a docstring from the
// manifest file; a FIFO put in its place (no writer) must not block it.
func TestDocOfAManifestSwappedForAFIFO(t *testing.T) {
	root := generatedDemo(t)
	ix := build(t, root)
	dumps := ix.Module("Json").Function("dumps")
	manifest := filepath.Join(root, manifestRel)
	require.NoError(t, os.Remove(manifest))
	require.NoError(t, syscall.Mkfifo(manifest, 0o644))
	done := make(chan string, 1)
	go func() { done <- dumps.Doc() }()
	select {
	case doc := <-done:
		require.Empty(t, doc, "no docstring from a FIFO")
	case <-time.After(10 * time.Second):
		// Unblock the reader before failing, so the test binary can end.
		if w, err := os.OpenFile(manifest, os.O_WRONLY, 0); err == nil {
			w.Close()
		}
		t.Fatal("reading a docstring blocked on a FIFO in the manifest's place")
	}
}
