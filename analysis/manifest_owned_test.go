package analysis

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
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

// TestManifestInfoIsTheFileVersionRead: ManifestInfo is the version of
// the file the manifest was parsed from, stat'ed before the read (a symbol
// index reuses the parse only while the file is still that version), and
// nil when the manifest came from an editor buffer, which is not the file.
func TestManifestInfoIsTheFileVersionRead(t *testing.T) {
	f := newFixture(t)
	f.write()
	ctx := context.Background()
	manifest := filepath.Join(f.root, ".snakebridge", "manifest.json")
	fromDisk := Load(ctx, f.root, Options{Python: f.python})
	require.NotNil(t, fromDisk.Manifest)
	require.NotNil(t, fromDisk.ManifestInfo)
	now, err := os.Stat(manifest)
	require.NoError(t, err)
	require.True(t, filememo.SameVersion(now, fromDisk.ManifestInfo))

	buffered := Load(ctx, f.root, Options{Python: f.python, Overlay: map[string][]byte{manifest: []byte(fixtureManifest)}})
	require.NotNil(t, buffered.Manifest)
	require.Nil(t, buffered.ManifestInfo, "an editor buffer's parse was tagged with the file's version")
}
