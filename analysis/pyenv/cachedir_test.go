//go:build linux

package pyenv

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDefaultCacheDir(t *testing.T) {
	base := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", base)
	dir, err := DefaultCacheDir()
	require.NoError(t, err)
	require.Equal(t, filepath.Join(base, "snakebridge-lsp", "pyfacts"), dir)
}
