package analysis

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestManifestFromABufferIsCopied: a manifest read from disk is parsed in
// place (lockfile.ParseManifestOwned), but an editor buffer belongs to the
// server's state: the project parsed from it must not change when the
// buffer's bytes do.
func TestManifestFromABufferIsCopied(t *testing.T) {
	f := newFixture(t)
	f.write()
	ctx := context.Background()
	manifest := filepath.Join(f.root, ".snakebridge", "manifest.json")
	keys := func(p *Project) []string {
		var out []string
		for k := range p.Manifest.Symbols {
			out = append(out, strings.Clone(k))
		}
		sort.Strings(out)
		return out
	}
	fromDisk := Load(ctx, f.root, Options{Python: f.python})
	require.Empty(t, fromDisk.Unreadable)
	want := keys(fromDisk)
	require.NotEmpty(t, want)

	buffer := []byte(fixtureManifest)
	buffered := Load(ctx, f.root, Options{Python: f.python, Overlay: map[string][]byte{manifest: buffer}})
	require.Empty(t, buffered.Unreadable)
	for i := range buffer {
		buffer[i] = 'x'
	}
	require.Equal(t, want, keys(buffered), "the parsed buffer changed with the buffer's bytes")
}
