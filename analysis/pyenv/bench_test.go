//go:build !windows

package pyenv

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/stretchr/testify/require"
)

// BenchmarkInstalledSystem reads every distribution on Debian's sys.path.
func BenchmarkInstalledSystem(b *testing.B) {
	py := testenv.SystemPython(b)
	f, err := NewFactsCache("").Facts(context.Background(), py)
	require.NoError(b, err)
	b.ResetTimer()
	for b.Loop() {
		dists, _ := Installed(f.SysPath)
		if len(dists) == 0 {
			b.Fatal("no distributions")
		}
	}
}

// BenchmarkFactsCached measures a warm cache: for a plain interpreter the
// identity and sys.path stamps are re-checked; for a venv its pyvenv.cfg and
// site directories are re-read.
func BenchmarkFactsCached(b *testing.B) {
	py := testenv.SystemPython(b)
	ctx := context.Background()
	bench := func(b *testing.B, interp string) {
		c := NewFactsCache(b.TempDir())
		_, err := c.Facts(ctx, interp)
		require.NoError(b, err)
		b.ResetTimer()
		for b.Loop() {
			if _, err := c.Facts(ctx, interp); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("system", func(b *testing.B) { bench(b, py) })
	b.Run("venv", func(b *testing.B) { bench(b, filepath.Join(getLab(b).sysVenv, "bin", "python3")) })
	// A pyenv shim as a new process sees it: the selection is re-read and
	// the facts come from disk; the shim must not start.
	b.Run("pyenv shim, new process", func(b *testing.B) {
		shim, log := fakePyenv(b, py)
		dir := b.TempDir()
		_, err := NewFactsCache(dir).Facts(ctx, shim)
		require.NoError(b, err)
		b.ResetTimer()
		for b.Loop() {
			if _, err := NewFactsCache(dir).Facts(ctx, shim); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		require.Equal(b, 1, starts(b, log), "a cached shim started")
	})
	b.Run("disk", func(b *testing.B) {
		dir := b.TempDir()
		_, err := NewFactsCache(dir).Facts(ctx, py)
		require.NoError(b, err)
		b.ResetTimer()
		for b.Loop() {
			if _, err := NewFactsCache(dir).Facts(ctx, py); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkCanonicalVersion(b *testing.B) {
	for b.Loop() {
		if _, ok := CanonicalVersion("1!2.3.4rc1.post5.dev6+local.7"); !ok {
			b.Fatal("not parsed")
		}
	}
}
