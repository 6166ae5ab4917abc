//go:build unix

package pyhelper

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// plantScripts simulates another local user who created the fallback
// directory /tmp/snakebridge-lsp-<uid>/scripts first (HOME and
// XDG_CACHE_HOME unset) and put an argparse.py in it that leaves a marker
// when imported. It returns the marker's path.
func plantScripts(t *testing.T) string {
	t.Helper()
	tmp := t.TempDir()
	require.NoError(t, os.Chmod(tmp, 0o1777))
	t.Setenv("HOME", "")
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("TMPDIR", tmp)
	marker := filepath.Join(t.TempDir(), "imported")
	base := filepath.Join(tmp, "snakebridge-lsp-"+strconv.Itoa(os.Getuid()))
	scripts := filepath.Join(base, "scripts")
	require.NoError(t, os.MkdirAll(scripts, 0o777))
	require.NoError(t, os.WriteFile(filepath.Join(scripts, "argparse.py"),
		[]byte("open("+strconv.Quote(marker)+", 'w').close()\nraise SystemExit(9)\n"), 0o644))
	for _, dir := range []string{scripts, base} {
		if os.Geteuid() == 0 {
			require.NoError(t, os.Chown(dir, 65534, 65534))
		} else {
			require.NoError(t, os.Chmod(dir, 0o777))
		}
	}
	return marker
}

// TestPlantedScriptDirectoryIsRefused: the worker must not run with
// another user's directory on its import path.
func TestPlantedScriptDirectoryIsRefused(t *testing.T) {
	marker := plantScripts(t)
	c, err := New(fixtureInterp(t), Options{}) // no cache dir: the fallback
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Introspect(context.Background(), Request{Module: "fx_basic"})
	require.Error(t, err)
	require.True(t, errors.Is(err, ErrInterpreter), "%v", err)
	require.Contains(t, err.Error(), "not a private directory")
	require.NoFileExists(t, marker, "a module from the planted directory was imported")

	_, err = RunScript(context.Background(), fixtureInterp(t), Request{Module: "fx_basic"}, Options{})
	require.Error(t, err)
	require.NoFileExists(t, marker)
}

// TestScriptDirectoryIsNotOnImportPath: even our own script directory
// holds nothing the worker imports.
func TestScriptDirectoryIsNotOnImportPath(t *testing.T) {
	cache := t.TempDir()
	dir, err := scriptDir(cache)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(dir, 0o700))
	marker := filepath.Join(t.TempDir(), "imported")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "argparse.py"),
		[]byte("open("+strconv.Quote(marker)+", 'w').close()\nraise SystemExit(9)\n"), 0o600))
	c := newTestClient(t, fixtureInterp(t), Options{CacheDir: cache})
	_, err = c.Introspect(context.Background(), Request{Module: "fx_basic", NoCache: true})
	require.NoError(t, err)
	require.NoFileExists(t, marker)
}
