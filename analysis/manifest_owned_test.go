package analysis

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
	"github.com/stretchr/testify/require"
)

// TestManifestFromABufferIsCopied: an editor buffer belongs to the
// server's state: the project read from it must not change when the
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

// TestManifestIsLeanAndVisitedInTheOneRead: Project.Manifest holds no
// nodes (the file is streamed, never held whole); a ManifestVisitor sees
// every entry with its node in the read that gives Manifest, even when a
// shared cache holds the lean result already, and that read's result is
// what the cache then hands out.
func TestManifestIsLeanAndVisitedInTheOneRead(t *testing.T) {
	f := newFixture(t)
	f.write()
	ctx := context.Background()
	cache := NewParseCache()
	lean := Load(ctx, f.root, Options{Python: f.python, Parsed: cache})
	require.Empty(t, lean.Unreadable)
	require.Len(t, lean.Manifest.Symbols, 2)
	for key, s := range lean.Manifest.Symbols {
		require.Nil(t, s.Node, key)
	}
	require.Nil(t, lean.Manifest.Raw)

	// A node lives only during its visit: what a visitor keeps, it reads then.
	visited := map[string]string{}
	text := func(n *lockfile.Node) string {
		if n == nil {
			return "<nil>"
		}
		return n.Str
	}
	visitor := lockfile.ManifestVisitor{
		Symbol: func(s *lockfile.Symbol) { visited[s.Key] = text(s.Node.Get("required_arity")) },
		Module: func(m *lockfile.ModuleEntry) { visited[m.Key] = text(m.Node.Get("doc_source")) },
	}
	full := Load(ctx, f.root, Options{Python: f.python, Parsed: cache, ManifestVisitor: visitor})
	require.Empty(t, full.Unreadable)
	require.Len(t, visited, 3, "the cache's lean result was taken for a visiting read")
	require.Equal(t, "1", visited["Math.sqrt/1"])
	require.Equal(t, "empty", visited["json"])
	for key, s := range full.Manifest.Symbols {
		require.Nil(t, s.Node, key)
	}
	again := Load(ctx, f.root, Options{Python: f.python, Parsed: cache})
	require.Same(t, full.Manifest, again.Manifest, "the visiting read was not left in the cache")
}
