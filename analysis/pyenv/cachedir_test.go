//go:build linux

package pyenv

import (
	"path/filepath"
	"testing"
)

func TestDefaultCacheDir(t *testing.T) {
	base := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", base)
	dir, err := DefaultCacheDir()
	noErr(t, err)
	equal(t, filepath.Join(base, "snakebridge-lsp", "pyfacts"), dir)
}
