package symbols_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
)

// TestLibrariesTheRegistryDoesNotListHaveTheirArities: a fresh clone of
// upstream's example has its bindings but no registry (git-ignored), and a
// partial generation registers only what it made. check judges calls by
// the files it finds (analysis.Project.GeneratedFiles); the index, given
// the same files, knows their arities too, so the editor does not call
// Math.sqrt/1 "not generated yet" while check says fresh.
func TestLibrariesTheRegistryDoesNotListHaveTheirArities(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "testdata", "upstream", "examples", "math_demo"))
	require.NoError(t, err)
	ctx := context.Background()
	p := analysis.Load(ctx, root, analysis.Options{})
	in := symbols.Input{Root: root, Manifest: p.ManifestFile(), Registry: filepath.FromSlash(p.Settings.RegistryPath)}

	bare, err := symbols.BuildFrom(ctx, in)
	require.NoError(t, err)
	require.NotNil(t, bare.Module("Math").Function("sqrt"))
	require.False(t, bare.Module("Math").Function("sqrt").Generated(), "the fixture has a registry after all")

	in.Generated = p.GeneratedFiles()
	require.NotEmpty(t, in.Generated)
	ix, err := symbols.BuildFrom(ctx, in)
	require.NoError(t, err)
	require.Equal(t, []int{1, 2}, ix.Module("Math").Function("sqrt").Arities())
	require.Equal(t, []int{1, 2}, ix.Module("LocalStats").Function("mean").Arities())
	def := ix.Module("Math").Def
	require.Equal(t, filepath.Join(root, "lib", "snakebridge_generated", "math", "__init__.ex"), def.File)
}
