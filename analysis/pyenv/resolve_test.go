//go:build !windows

package pyenv

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/stretchr/testify/require"
)

// resolveCase describes a directory tree under $T (the project is $T/proj,
// PATH is $T/bin, HOME is $T/home) and the expected resolution.
type resolveCase struct {
	name     string
	exec     []string          // executable scripts
	plain    []string          // non-executable files
	dirs     []string          // directories
	links    map[string]string // symlink → target (as written)
	opts     ResolveOptions    // "$T" in string fields is the temp root
	env      map[string]string // added to/overriding PATH and HOME
	lookPath map[string]string // when set, replaces PATH lookup

	want, wantResolved string // relative to $T
	source             Source
	detail             string
	err                string // substring of the error ($T expanded)
	errType            string // "notfound" or "invalid"
}

func TestResolveOrder(t *testing.T) {
	const pkgVenv = "proj/priv/snakepit/python/venv"
	const rt = "proj/priv/snakepit/python"
	cases := []resolveCase{
		{name: "override absolute", exec: []string{"proj/.venv/bin/python3", "bin/python3", "x/py"},
			opts: ResolveOptions{Override: "$T/x/py"}, want: "x/py", source: SourceOverride, detail: "set to $T/x/py"},
		{name: "override relative to the project", exec: []string{"proj/tools/py"},
			opts: ResolveOptions{Override: "tools/py"}, want: "proj/tools/py", source: SourceOverride},
		{name: "override looked up on PATH", exec: []string{"bin/python3.12"},
			opts: ResolveOptions{Override: "python3.12"}, want: "bin/python3.12", source: SourceOverride, detail: "python3.12 on PATH"},
		{name: "override reported under its own label", exec: []string{"x/py"},
			opts: ResolveOptions{Override: "$T/x/py", OverrideSource: "pythonPath setting"}, want: "x/py", source: "pythonPath setting"},
		{name: "override not executable", plain: []string{"x/py"}, opts: ResolveOptions{Override: "$T/x/py"},
			errType: "invalid", err: `--python "$T/x/py": is not executable (mode -rw-r--r--)`},
		{name: "override not on PATH", opts: ResolveOptions{Override: "python9"},
			errType: "invalid", err: `--python "python9": not found on PATH`},
		{name: "override beats everything", exec: []string{pkgVenv + "/bin/python3", "x/py", "y/py"},
			opts: ResolveOptions{Override: "$T/x/py", SnakebridgePythonExecutable: "$T/y/py"}, want: "x/py", source: SourceOverride},
		{name: "snakebridge config before snakepit config", exec: []string{"a/py", "b/py"},
			opts: ResolveOptions{SnakebridgePythonExecutable: "$T/a/py", SnakepitPythonExecutable: "$T/b/py"},
			want: "a/py", source: SourceSnakebridgeConfig},
		{name: "snakebridge config is a directory", dirs: []string{"d/python"},
			opts:    ResolveOptions{SnakebridgePythonExecutable: "$T/d/python"},
			errType: "invalid", err: `config :snakebridge, python_executable "$T/d/python": is a directory`},
		{name: "snakepit config before SNAKEPIT_PYTHON", exec: []string{"a/py", "b/py"},
			opts: ResolveOptions{SnakepitPythonExecutable: "$T/a/py"}, env: map[string]string{"SNAKEPIT_PYTHON": "$T/b/py"},
			want: "a/py", source: SourceSnakepitConfig},
		{name: "SNAKEPIT_PYTHON relative to the bootstrap root", exec: []string{"boot/py/python", "proj/py/python"},
			opts: ResolveOptions{BootstrapProjectRoot: "$T/boot"}, env: map[string]string{"SNAKEPIT_PYTHON": "py/python"},
			want: "boot/py/python", source: SourceSnakepitEnv},
		{name: "bootstrap root relative to the project", exec: []string{"boot/py/python"},
			opts: ResolveOptions{BootstrapProjectRoot: "../boot"}, env: map[string]string{"SNAKEPIT_PYTHON": "py/python"},
			want: "boot/py/python", source: SourceSnakepitEnv},
		{name: "SNAKEPIT_PYTHON with ~", exec: []string{"home/pys/python3"},
			env: map[string]string{"SNAKEPIT_PYTHON": "~/pys/python3"}, want: "home/pys/python3", source: SourceSnakepitEnv},
		{name: "SNAKEPIT_PYTHON set but empty", exec: []string{"proj/.venv/bin/python3"},
			env: map[string]string{"SNAKEPIT_PYTHON": ""}, errType: "invalid", err: `SNAKEPIT_PYTHON "": is set but empty`},
		{name: "invalid SNAKEPIT_PYTHON does not fall back", exec: []string{"proj/.venv/bin/python3"},
			env:     map[string]string{"SNAKEPIT_PYTHON": "$T/nope/python"},
			errType: "invalid", err: `SNAKEPIT_PYTHON "$T/nope/python": does not exist`},
		{name: "package venv before .venv", exec: []string{pkgVenv + "/bin/python3", "proj/.venv/bin/python3"},
			want: pkgVenv + "/bin/python3", source: SourcePackageVenv, detail: "from priv/snakepit/python/venv"},
		{name: "package venv bin/python", exec: []string{pkgVenv + "/bin/python"},
			want: pkgVenv + "/bin/python", source: SourcePackageVenv},
		{name: "package venv Scripts/python", exec: []string{pkgVenv + "/Scripts/python"},
			want: pkgVenv + "/Scripts/python", source: SourcePackageVenv},
		{name: "package venv under the bootstrap root", exec: []string{"boot/priv/snakepit/python/venv/bin/python3", pkgVenv + "/bin/python3"},
			opts: ResolveOptions{BootstrapProjectRoot: "$T/boot"}, want: "boot/priv/snakepit/python/venv/bin/python3", source: SourcePackageVenv},
		{name: "custom env_dir", exec: []string{"proj/pyenv/bin/python3", pkgVenv + "/bin/python3"},
			opts: ResolveOptions{PackagesEnvDir: "pyenv"}, want: "proj/pyenv/bin/python3", source: SourcePackageVenv, detail: "from pyenv"},
		{name: "custom runtime dir", exec: []string{"proj/rt/venv/bin/python3"},
			opts: ResolveOptions{RuntimeDir: "rt"}, want: "proj/rt/venv/bin/python3", source: SourcePackageVenv},
		{name: "env_dir false", exec: []string{pkgVenv + "/bin/python3", "proj/.venv/bin/python3"},
			opts: ResolveOptions{PackagesEnvDisabled: true}, want: "proj/.venv/bin/python3", source: SourceDotVenv, detail: "from .venv"},
		{name: "non-executable package python is skipped", plain: []string{pkgVenv + "/bin/python3"},
			exec: []string{"proj/.venv/bin/python3"}, want: "proj/.venv/bin/python3", source: SourceDotVenv},
		{name: "managed runtime", exec: []string{rt + "/bin/python3", "proj/.venv/bin/python3"},
			opts: ResolveOptions{Managed: true}, want: rt + "/bin/python3", source: SourceManaged},
		{name: "package venv before managed runtime", exec: []string{pkgVenv + "/bin/python3", rt + "/bin/python3"},
			opts: ResolveOptions{Managed: true}, want: pkgVenv + "/bin/python3", source: SourcePackageVenv},
		{name: "managed nested, sorted like Path.wildcard, dot dirs skipped",
			exec:  []string{rt + "/cpython-3.11.8-linux/bin/python3", rt + "/cpython-3.12.1-linux/bin/python3", rt + "/.cache/bin/python3"},
			links: map[string]string{rt + "/cpython-3.11-linux": "cpython-3.11.8-linux"},
			opts:  ResolveOptions{Managed: true}, want: rt + "/cpython-3.11-linux/bin/python3",
			wantResolved: rt + "/cpython-3.11.8-linux/bin/python3", source: SourceManaged},
		{name: "managed nested, whole paths sorted as strings", exec: []string{rt + "/a/x/bin/python3", rt + "/a-b/bin/python3"},
			opts: ResolveOptions{Managed: true}, want: rt + "/a-b/bin/python3", source: SourceManaged},
		{name: "managed python3 before python", exec: []string{rt + "/a/bin/python", rt + "/z/bin/python3"},
			opts: ResolveOptions{Managed: true}, want: rt + "/z/bin/python3", source: SourceManaged},
		{name: "managed python when no python3", exec: []string{rt + "/a/deep/bin/python"},
			opts: ResolveOptions{Managed: true}, want: rt + "/a/deep/bin/python", source: SourceManaged},
		{name: "missing managed runtime does not fall back", exec: []string{"proj/.venv/bin/python3"},
			opts: ResolveOptions{Managed: true}, errType: "notfound", err: "Run mix snakepit.setup to install it."},
		{name: ".venv symlink", exec: []string{"real/python3.11"},
			links: map[string]string{"proj/.venv/bin/python3": "../../../real/python3.11"},
			want:  "proj/.venv/bin/python3", wantResolved: "real/python3.11", source: SourceDotVenv},
		{name: "../.venv", exec: []string{".venv/bin/python3", "ve/bin/python3"},
			env: map[string]string{"VIRTUAL_ENV": "$T/ve"}, want: ".venv/bin/python3", source: SourceParentVenv},
		{name: "VIRTUAL_ENV", exec: []string{"ve/bin/python3", "bin/python3"},
			env: map[string]string{"VIRTUAL_ENV": "$T/ve"}, want: "ve/bin/python3", source: SourceVirtualEnv, detail: "from $T/ve"},
		{name: ".venv python3 that is a directory", dirs: []string{"proj/.venv/bin/python3"}, exec: []string{"bin/python3"},
			want: "bin/python3", source: SourcePath, detail: "python3 on PATH"},
		{name: "python on PATH", exec: []string{"bin/python"}, plain: []string{"bin/python3"},
			want: "bin/python", source: SourcePath, detail: "python on PATH"},
		{name: "relative PATH entry", exec: []string{"proj/tools/python3"}, env: map[string]string{"PATH": "tools"},
			want: "proj/tools/python3", source: SourcePath},
		{name: "injected LookPath", exec: []string{"bin/python3", "lp/python3"},
			lookPath: map[string]string{"python3": "$T/lp/python3"}, want: "lp/python3", source: SourcePath},
		{name: "nothing found", env: map[string]string{"VIRTUAL_ENV": "$T/ve"}, errType: "notfound",
			err: "no Python interpreter found; tried, in order:\n" +
				"  - snakepit package venv: $T/proj/priv/snakepit/python/venv (no executable bin/python3, bin/python, Scripts/python.exe or Scripts/python)\n" +
				"  - .venv: $T/proj/.venv/bin/python3 (does not exist)\n" +
				"  - ../.venv: $T/.venv/bin/python3 (does not exist)\n" +
				"  - VIRTUAL_ENV: $T/ve/bin/python3 (does not exist)\n" +
				"  - PATH: python3 (not found on PATH)\n" +
				"  - PATH: python (not found on PATH)\n" + notFoundHint},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runResolveCase(t, tc) })
	}
}

func runResolveCase(t *testing.T, tc resolveCase) {
	root := t.TempDir()
	sub := func(s string) string { return strings.ReplaceAll(s, "$T", root) }
	at := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
	require.NoError(t, os.MkdirAll(at("proj"), 0o755))
	for _, p := range tc.exec {
		require.NoError(t, writeFile(at(p), "#!/bin/sh\necho fake\n", 0o755))
	}
	for _, p := range tc.plain {
		require.NoError(t, writeFile(at(p), "not executable\n", 0o644))
	}
	for _, p := range tc.dirs {
		require.NoError(t, os.MkdirAll(at(p), 0o755))
	}
	for link, target := range tc.links {
		require.NoError(t, os.MkdirAll(filepath.Dir(at(link)), 0o755))
		require.NoError(t, os.Symlink(target, at(link)))
	}

	env := map[string]string{"PATH": root + "/bin", "HOME": root + "/home"}
	for k, v := range tc.env {
		env[k] = sub(v)
	}
	opts := tc.opts
	opts.ProjectRoot = at("proj")
	for _, f := range []*string{&opts.Override, &opts.SnakebridgePythonExecutable, &opts.SnakepitPythonExecutable,
		&opts.BootstrapProjectRoot, &opts.PackagesEnvDir, &opts.RuntimeDir} {
		*f = sub(*f)
	}
	opts.Getenv = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	if tc.lookPath != nil {
		opts.LookPath = func(name string) (string, error) {
			if p, ok := tc.lookPath[name]; ok {
				return sub(p), nil
			}
			return "", fmt.Errorf("%s not found", name)
		}
	}

	in, err := Resolve(opts)
	if tc.err != "" || tc.errType != "" {
		require.Error(t, err, "resolved %+v", in)
		require.Contains(t, err.Error(), sub(tc.err))
		var nf *NotFoundError
		var inv *InvalidExecutableError
		switch tc.errType {
		case "notfound":
			require.True(t, errors.As(err, &nf), "want *NotFoundError, got %T", err)
		case "invalid":
			require.True(t, errors.As(err, &inv), "want *InvalidExecutableError, got %T", err)
		}
		return
	}
	require.NoError(t, err)
	require.Equal(t, at(tc.want), in.Path)
	resolved := tc.wantResolved
	if resolved == "" {
		resolved = tc.want
	}
	require.Equal(t, at(resolved), in.Resolved)
	require.Equal(t, tc.source, in.Source)
	if tc.detail != "" {
		require.Equal(t, sub(tc.detail), in.Detail)
	}
}

func TestSnakepitOnlyDropsTheOverrides(t *testing.T) {
	o := ResolveOptions{Override: "a", SnakebridgePythonExecutable: "b", SnakepitPythonExecutable: "c", Managed: true}
	require.Equal(t, ResolveOptions{SnakepitPythonExecutable: "c", Managed: true}, o.SnakepitOnly())
}

// The managed-runtime search must order candidates exactly as Elixir's
// Path.wildcard does; ask a real Elixir.
func TestManagedWildcardMatchesElixir(t *testing.T) {
	elixir := testenv.Tool(t, "elixir")
	dir := t.TempDir()
	for _, p := range []string{"a/x/bin/python3", "a-b/bin/python3", ".hidden/bin/python3", "cpython-3.11.8/bin/python3",
		"cpython-3.11.8/bin/python", "z/lib/bin/python", "B/bin/python3", "deep/er/still/bin/python3"} {
		require.NoError(t, writeFile(filepath.Join(dir, p), "", 0o755))
	}
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "bin"), 0o755)) // bin/ without a python
	require.NoError(t, os.Symlink("cpython-3.11.8", filepath.Join(dir, "cpython-3.11")))
	require.NoError(t, os.Symlink("missing", filepath.Join(dir, "a-b", "bin", "python")))

	script := `[d] = System.argv()
for name <- ["python3", "python"] do
  Path.wildcard(Path.join([d, "**", "bin", name])) |> Enum.filter(&File.exists?/1) |> Enum.each(&IO.puts(name <> " " <> &1))
end`
	out, err := exec.Command(elixir, "-e", script, dir).Output()
	require.NoError(t, err)
	var want3, want []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, p, _ := strings.Cut(line, " ")
		if name == "python3" {
			want3 = append(want3, p)
		} else {
			want = append(want, p)
		}
	}
	got3, got := wildcardBinPython(dir)
	require.Equal(t, want3, got3)
	require.Equal(t, want, got)
}
