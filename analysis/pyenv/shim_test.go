//go:build !windows

package pyenv

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/stretchr/testify/require"
)

// fakePyenv lays out a pyenv root whose shims/python3 is a real pyenv
// shim (as `pyenv rehash` writes it) and whose libexec/pyenv records each
// start in a log, then runs the real Python: the log counts the processes
// a check starts through the shim.
func fakePyenv(t testing.TB, py string) (shim, log string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "pyenv")
	log = filepath.Join(root, "starts.log")
	shim = filepath.Join(root, "shims", "python3")
	require.NoError(t, writeFile(shim, `#!/usr/bin/env bash
set -e
[ -n "$PYENV_DEBUG" ] && set -x

program="${0##*/}"

export PYENV_ROOT="`+root+`"
SHIM_PATH=${0%/*}
if [[ $SHIM_PATH != "`+root+`/shims" ]]; then
  export _PYENV_SHIM_PATH="$SHIM_PATH"
fi
exec "`+root+`/libexec/pyenv" exec "$program" "$@"
`, 0o755))
	require.NoError(t, writeFile(filepath.Join(root, "libexec", "pyenv"),
		"#!/bin/sh\necho \"$PYENV_VERSION\" >> '"+log+"'\nshift 2\nexec '"+py+"' \"$@\"\n", 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "versions", "3.11.7"), 0o755))
	require.NoError(t, writeFile(filepath.Join(root, "version"), "3.11.7\n", 0o644))
	return shim, log
}

func starts(t testing.TB, log string) int {
	t.Helper()
	data, err := os.ReadFile(log)
	if os.IsNotExist(err) {
		return 0
	}
	require.NoError(t, err)
	return strings.Count(string(data), "\n")
}

func TestPyenvShimFactsAreCachedByWhatSelectsTheVersion(t *testing.T) {
	py := testenv.SystemPython(t)
	shim, log := fakePyenv(t, py)
	root := filepath.Dir(filepath.Dir(shim))
	project := t.TempDir()
	t.Setenv("PYENV_DIR", project)
	t.Setenv("PYENV_VERSION", "")
	dir := filepath.Join(t.TempDir(), "pyfacts")
	ctx := context.Background()
	// Each step is a new process: a fresh cache over the same directory.
	check := func() Facts {
		t.Helper()
		f, err := NewFactsCache(dir).Facts(ctx, shim)
		require.NoError(t, err)
		return f
	}

	f := check()
	require.Equal(t, askPython(t, py).Executable, f.Executable)
	require.Equal(t, 1, starts(t, log))
	check()
	require.Equal(t, 1, starts(t, log), "a cached check starts no process")

	steps := []struct {
		name   string
		change func()
	}{
		{"global version file", func() { require.NoError(t, writeFile(filepath.Join(root, "version"), "3.12.1\n", 0o644)) }},
		{".python-version in the project", func() {
			require.NoError(t, writeFile(filepath.Join(project, ".python-version"), "3.11\n", 0o644))
		}},
		{".python-version edited", func() {
			require.NoError(t, writeFile(filepath.Join(project, ".python-version"), "3.10\n", 0o644))
		}},
		{"PYENV_VERSION", func() { t.Setenv("PYENV_VERSION", "3.9") }},
		{"a version installed", func() {
			require.NoError(t, os.MkdirAll(filepath.Join(root, "versions", "3.9.18"), 0o755))
		}},
	}
	for i, step := range steps {
		step.change()
		check()
		require.Equal(t, i+2, starts(t, log), "%s selects the version: the shim runs again", step.name)
		check()
		require.Equal(t, i+2, starts(t, log), "after %s, the next check is cached", step.name)
	}
}

func TestAShimWithoutAKnownSelectionIsNotPersisted(t *testing.T) {
	py := testenv.SystemPython(t)
	shim, log := fakePyenv(t, py)
	project := t.TempDir()
	t.Setenv("PYENV_DIR", project)
	t.Setenv("PYENV_VERSION", "")
	// A version file too large to be one is not read, so what it selects
	// is unknown and the answer must not be cached.
	huge := "3.11.7\n" + strings.Repeat("#\n", maxVersionFileBytes)
	require.NoError(t, writeFile(filepath.Join(project, ".python-version"), huge, 0o644))
	dir := filepath.Join(t.TempDir(), "pyfacts")
	for i := 1; i <= 2; i++ {
		_, err := NewFactsCache(dir).Facts(context.Background(), shim)
		require.NoError(t, err)
		require.Equal(t, i, starts(t, log))
	}
}

func TestAFailedRunIsNotRepeatedForTheSameFile(t *testing.T) {
	tmp := t.TempDir()
	marker := filepath.Join(tmp, "runs")
	evil := filepath.Join(tmp, "evil.sh")
	require.NoError(t, writeFile(evil, "#!/bin/sh\necho ran >> '"+marker+"'\n", 0o755))
	c := NewFactsCache(filepath.Join(tmp, "pyfacts"))
	for range 3 {
		_, err := c.Facts(context.Background(), evil)
		require.ErrorContains(t, err, "does not look like a Python interpreter")
	}
	require.Equal(t, 1, starts(t, marker), "one run per version of the file")

	require.NoError(t, writeFile(evil, "#!/bin/sh\necho ran >> '"+marker+"'\necho again\n", 0o755))
	_, err := c.Facts(context.Background(), evil)
	require.Error(t, err)
	require.Equal(t, 2, starts(t, marker), "a new version of the file is run again")
}

func TestProjectChosen(t *testing.T) {
	root := "/work/proj"
	cases := []struct {
		in   Interpreter
		want bool
	}{
		{Interpreter{Path: root + "/.venv/bin/python3", Source: SourceDotVenv}, true},
		{Interpreter{Path: "/work/.venv/bin/python3", Source: SourceParentVenv}, true},
		{Interpreter{Path: root + "/evil.sh", Source: SourceSnakebridgeConfig}, true},
		{Interpreter{Path: "/usr/bin/python3", Source: SourceSnakepitConfig}, true},
		{Interpreter{Path: root + "/priv/snakepit/python/venv/bin/python3", Source: SourcePackageVenv}, true},
		{Interpreter{Path: root + "/priv/snakepit/python/bin/python3", Source: SourceManaged}, true},
		{Interpreter{Path: root + "/bin/python3", Source: SourcePath}, true}, // a relative PATH entry
		{Interpreter{Path: "/usr/bin/python3", Source: SourcePath}, false},
		{Interpreter{Path: root + "/.venv/bin/python3", Source: SourceOverride}, false},
		{Interpreter{Path: root + "/.venv/bin/python3", Source: "the snakebridge.pythonPath setting"}, false},
		{Interpreter{Path: "/opt/py", Source: SourceSnakepitEnv}, false},
		{Interpreter{Path: "/home/u/venv/bin/python3", Source: SourceVirtualEnv}, false},
	}
	for _, tc := range cases {
		if got := tc.in.ProjectChosen(root); got != tc.want {
			t.Errorf("%s from %s: ProjectChosen = %v, want %v", tc.in.Path, tc.in.Source, got, tc.want)
		}
	}
}

// TestARunCutShortIsTriedAgain: a run the caller cancelled, or one that hit
// the probe's own timeout (a cold start), says nothing about the file.
func TestARunCutShortIsTriedAgain(t *testing.T) {
	tmp := t.TempDir()
	marker := filepath.Join(tmp, "runs")
	slow := filepath.Join(tmp, "slow")
	require.NoError(t, writeFile(slow, "#!/bin/sh\necho ran >> '"+marker+"'\nexec sleep 30\n", 0o755))
	c := NewFactsCache("")
	for i := 1; i <= 2; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		_, err := c.Facts(ctx, slow)
		cancel()
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Equal(t, i, starts(t, marker), "a cancelled run is not an answer to remember")
	}

	// The probe's own timeout, with the caller still waiting.
	runs := 0
	c.run = func(context.Context, string) (probe, error) {
		runs++
		return probe{}, fmt.Errorf("running %s: %w", slow, context.DeadlineExceeded)
	}
	for range 2 {
		_, err := c.Facts(context.Background(), slow)
		require.ErrorIs(t, err, context.DeadlineExceeded)
	}
	require.Equal(t, 2, runs, "a timed-out run is not an answer to remember")
}
