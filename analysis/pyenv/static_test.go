//go:build !windows

package pyenv

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/stretchr/testify/require"
)

// TestStaticFactsReadAVenvWithoutRunningIt compares what the files of
// real venvs tell with what their interpreters say, without running them.
func TestStaticFactsReadAVenvWithoutRunningIt(t *testing.T) {
	py := testenv.SystemPython(t)
	version := askPython(t, py).Version
	cases := []struct {
		name        string
		args        []string
		wantVersion string // "" when only running it could tell
		wantSysPath bool
	}{
		{name: "linked to its base", args: nil, wantVersion: "", wantSysPath: true},
		{name: "own copy", args: []string{"--copies"}, wantVersion: version, wantSysPath: true},
		{name: "system site packages", args: []string{"--system-site-packages"}, wantVersion: "", wantSysPath: false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			venv := filepath.Join(t.TempDir(), "venv")
			args := append([]string{"-m", "venv", "--without-pip"}, append(tc.args, venv)...)
			if out, err := exec.Command(py, args...).CombinedOutput(); err != nil {
				testenv.Missing(t, "python3 -m venv failed (python3-venv missing?): "+string(out))
			}
			exe := filepath.Join(venv, "bin", "python3")
			f, ok := StaticFacts(exe)
			require.True(t, ok)
			real := askPython(t, exe)
			require.Equal(t, []string{real.Purelib}, f.SitePackages)
			require.Equal(t, tc.wantVersion, f.Version)
			require.Equal(t, filepath.Join(venv, "pyvenv.cfg"), f.PyvenvCfg)
			if tc.wantSysPath {
				require.Equal(t, []string{real.Purelib}, f.SysPath)
			} else {
				require.Nil(t, f.SysPath, "the base's site part is unknown")
			}
		})
	}
	_, ok := StaticFacts(py)
	require.False(t, ok, "a base interpreter has no files that tell its facts")
}
