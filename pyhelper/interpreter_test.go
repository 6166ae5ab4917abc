package pyhelper

import (
	"github.com/stretchr/testify/require"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEnvironBuildsPythonPath(t *testing.T) {
	root := t.TempDir()
	priv := filepath.Join(root, "priv", "python")
	deps := filepath.Join(root, "deps", "snakebridge", "priv", "python")
	require.NoError(t, os.MkdirAll(priv, 0o755))
	t.Setenv("PYTHONPATH", "/from/process")
	t.Setenv("PYTHONINSPECT", "1")
	t.Setenv("PYTHONNOUSERSITE", "")

	env := Interpreter{Path: "/usr/bin/python3", ProjectRoot: root}.Environ()
	sep := string(os.PathListSeparator)
	require.Equal(t, "/from/process"+sep+priv, envValue(env, "PYTHONPATH"))
	require.Equal(t, "1", envValue(env, "PYTHONNOUSERSITE"))
	for _, kv := range env {
		require.False(t, strings.HasPrefix(kv, "PYTHONINSPECT="), "PYTHONINSPECT must not reach python")
	}

	require.NoError(t, os.MkdirAll(deps, 0o755))
	env = Interpreter{Path: "/usr/bin/python3", ProjectRoot: root}.Environ()
	require.Equal(t, "/from/process"+sep+priv+sep+deps, envValue(env, "PYTHONPATH"), "upstream also adds snakebridge's priv/python")

	env = Interpreter{Path: "/usr/bin/python3", ProjectRoot: root,
		Env: []string{"PYTHONPATH=/only/this", "PYTHONNOUSERSITE=0", "EXTRA=yes"}}.Environ()
	require.Equal(t, "/only/this", envValue(env, "PYTHONPATH"), "an explicit PYTHONPATH is used verbatim")
	require.Equal(t, "0", envValue(env, "PYTHONNOUSERSITE"))
	require.Equal(t, "yes", envValue(env, "EXTRA"))

	t.Setenv("PYTHONPATH", "")
	env = Interpreter{Path: "/usr/bin/python3", ProjectRoot: filepath.Join(root, "missing")}.Environ()
	require.Equal(t, "", envValue(env, "PYTHONPATH"))
}

func TestIdentityTracksInterpreterAndEnvironment(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	require.NoError(t, os.MkdirAll(bin, 0o755))
	exe := filepath.Join(bin, "python3")
	require.NoError(t, os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755))
	in := Interpreter{Path: exe, ProjectRoot: dir}
	base := in.identity(exe, []string{"PYTHONPATH=/a", "HOME=/x"})
	require.Equal(t, base, in.identity(exe, []string{"HOME=/y", "PYTHONPATH=/a"}), "only PYTHON* variables count")
	require.NotEqual(t, base, in.identity(exe, []string{"PYTHONPATH=/b"}))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pyvenv.cfg"), []byte("home = /usr/bin\n"), 0o644))
	require.NotEqual(t, base, in.identity(exe, []string{"PYTHONPATH=/a"}), "a venv's configuration counts")
}

func TestExecutableLookup(t *testing.T) {
	_, err := Interpreter{}.executable()
	require.ErrorIs(t, err, ErrInterpreter)
	_, err = Interpreter{Path: "surely-not-a-python-binary"}.executable()
	require.ErrorIs(t, err, ErrInterpreter)
	exe, err := Interpreter{Path: "sh"}.executable()
	require.NoError(t, err)
	require.True(t, filepath.IsAbs(exe))
}
