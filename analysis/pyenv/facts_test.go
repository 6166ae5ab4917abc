//go:build !windows

package pyenv

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/stretchr/testify/require"
)

// realFacts is what an interpreter says about itself, for comparison.
type realFacts struct {
	Version    string `json:"version"`
	Executable string `json:"executable"`
	Prefix     string `json:"prefix"`
	BasePrefix string `json:"base_prefix"`
	Purelib    string `json:"purelib"`
}

const realFactsScript = `import json, sys, sysconfig
print(json.dumps({"version": sys.version.split()[0], "executable": sys.executable, "prefix": sys.prefix,
 "base_prefix": sys.base_prefix, "purelib": sysconfig.get_paths()["purelib"]}))`

func askPython(t testing.TB, py string) realFacts {
	t.Helper()
	var r realFacts
	pyJSON(t, py, realFactsScript, &r)
	return r
}

func TestFactsOfSystemPythonMatchItsOwnAnswer(t *testing.T) {
	py := testenv.SystemPython(t)
	c, ran := countingCache("")
	f, err := c.Facts(context.Background(), py)
	require.NoError(t, err)

	want := askPython(t, py)
	require.Equal(t, realSysPath(t, py), f.SysPath)
	require.Equal(t, want.Version, f.Version)
	require.Equal(t, want.Executable, f.Executable)
	require.Equal(t, want.Prefix, f.Prefix)
	require.Equal(t, want.BasePrefix, f.BasePrefix)
	require.True(t, !f.VirtualEnv)
	require.Equal(t, "", f.PyvenvCfg)
	require.Contains(t, f.SitePackages, want.Purelib)
	require.Equal(t, []string{py}, ran())
}

func cacheFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestFactsDiskCacheSavesTheSecondProcessAPythonStart(t *testing.T) {
	py := testenv.SystemPython(t)
	dir := filepath.Join(t.TempDir(), "pyfacts")
	ctx := context.Background()

	first, ran1 := countingCache(dir)
	f1, err := first.Facts(ctx, py)
	require.NoError(t, err)
	_, err = first.Facts(ctx, py)
	require.NoError(t, err)
	require.Len(t, ran1(), 1, "the second call must come from memory")
	files := cacheFiles(t, dir)
	require.Len(t, files, 1, "one entry, no leftover temporary file: %v", files)
	require.True(t, strings.HasSuffix(files[0], ".json"))

	second, ran2 := countingCache(dir) // a new process, as far as the cache can tell
	f2, err := second.Facts(ctx, py)
	require.NoError(t, err)
	require.Len(t, ran2(), 0, "a fresh cache on the same directory must not start Python")
	require.Equal(t, f1, f2)
}

func TestFactsCacheNoticesAChangedExecutable(t *testing.T) {
	py := testenv.SystemPython(t)
	real, err := filepath.EvalSymlinks(py)
	require.NoError(t, err)
	tmp := t.TempDir()
	cp := filepath.Join(tmp, "bin", "python3")
	copyFile(t, real, cp)
	dir := filepath.Join(tmp, "cache")
	ctx := context.Background()

	c, ran := countingCache(dir)
	_, err = c.Facts(ctx, cp)
	require.NoError(t, err)
	later := time.Now().Add(time.Hour)
	require.NoError(t, os.Chtimes(cp, later, later))
	_, err = c.Facts(ctx, cp)
	require.NoError(t, err)
	require.Len(t, ran(), 2, "a new mtime must invalidate the memory entry")

	fresh, ranFresh := countingCache(dir)
	_, err = fresh.Facts(ctx, cp)
	require.NoError(t, err)
	require.Len(t, ranFresh(), 0, "the rewritten disk entry must match the new mtime")

	// A damaged entry is recomputed and replaced.
	files := cacheFiles(t, dir)
	require.Len(t, files, 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, files[0]), []byte("{not json"), 0o644))
	damaged, ranDamaged := countingCache(dir)
	_, err = damaged.Facts(ctx, cp)
	require.NoError(t, err)
	require.Len(t, ranDamaged(), 1)
	again, ranAgain := countingCache(dir)
	_, err = again.Facts(ctx, cp)
	require.NoError(t, err)
	require.Len(t, ranAgain(), 0)

	// Forget drops both copies.
	again.Forget(cp)
	require.Len(t, cacheFiles(t, dir), 0)
	_, err = again.Facts(ctx, cp)
	require.NoError(t, err)
	require.Len(t, ranAgain(), 1)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(to), 0o755))
	in, err := os.Open(from)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}

func TestFactsOfAWrapperScriptAreNotPersisted(t *testing.T) {
	py := testenv.SystemPython(t)
	tmp := t.TempDir()
	wrapper := filepath.Join(tmp, "shim", "python3")
	require.NoError(t, writeFile(wrapper, "#!/bin/sh\nexec "+py+" \"$@\"\n", 0o755))
	dir := filepath.Join(tmp, "cache")
	ctx := context.Background()

	c, ran := countingCache(dir)
	f, err := c.Facts(ctx, wrapper)
	require.NoError(t, err)
	_, err = c.Facts(ctx, wrapper)
	require.NoError(t, err)
	require.Len(t, ran(), 1, "memory still caches a wrapper")
	require.Len(t, cacheFiles(t, dir), 0, "a wrapper's target can change without the wrapper changing")
	require.Equal(t, askPython(t, py).Executable, f.Executable, "sys.executable is the real binary")

	fresh, ranFresh := countingCache(dir)
	_, err = fresh.Facts(ctx, wrapper)
	require.NoError(t, err)
	require.Len(t, ranFresh(), 1)
}

func TestFactsRejectsWhatIsNotAPythonInterpreter(t *testing.T) {
	trueBin := testenv.Tool(t, "true")
	tmp := t.TempDir()
	script := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(tmp, name)
		require.NoError(t, writeFile(p, body, mode))
		return p
	}
	cases := []struct {
		name, path, want string
		timeout          time.Duration
		is               error
	}{
		{name: "true", path: trueBin, want: "does not look like a Python interpreter"},
		{name: "text file", path: script("notes.txt", "hello\n", 0o644), want: "is not executable (mode -rw-r--r--)"},
		{name: "executable text", path: script("noshebang", "hello\n", 0o755), want: "is not a Python interpreter: running it failed"},
		{name: "failing", path: script("fails", "#!/bin/sh\necho 'Unknown option: -I' >&2\nexit 2\n", 0o755),
			want: "is not a usable Python 3 interpreter: exit status 2; stderr: Unknown option: -I"},
		{name: "garbage facts", path: script("garbage", "#!/bin/sh\necho 'SNAKEBRIDGE-PYFACTS {oops'\n", 0o755),
			want: "cannot parse its sys facts"},
		{name: "incomplete facts", path: script("partial", "#!/bin/sh\necho 'SNAKEBRIDGE-PYFACTS {}'\n", 0o755),
			want: "incomplete sys facts"},
		{name: "directory", path: tmp, want: "is a directory"},
		{name: "missing", path: filepath.Join(tmp, "nope"), want: "does not exist"},
		{name: "hangs", path: script("hangs", "#!/bin/sh\nexec sleep 30\n", 0o755),
			timeout: 200 * time.Millisecond, is: context.DeadlineExceeded},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			if tc.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.timeout)
				defer cancel()
			}
			_, err := NewFactsCache("").Facts(ctx, tc.path)
			require.Error(t, err)
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
				return
			}
			require.Contains(t, err.Error(), tc.want)
			require.Contains(t, err.Error(), tc.path)
		})
	}
}

func TestFactsOfASystemSiteVenvComeFromPyvenvCfg(t *testing.T) {
	l := getLab(t)
	vpy := filepath.Join(l.sysVenv, "bin", "python3")
	c, ran := countingCache("")
	f, err := c.Facts(context.Background(), vpy)
	require.NoError(t, err)

	require.NotContains(t, ran(), vpy, "the venv's own python must not be run")
	require.Len(t, ran(), 1, "only the base interpreter runs")

	want := askPython(t, vpy)
	require.Equal(t, realSysPath(t, vpy), f.SysPath)
	site := filepath.Join(l.sysVenv, "lib", "python"+majorMinor(want.Version), "site-packages")
	require.Contains(t, f.SysPath, site)
	require.Contains(t, f.SysPath, "/usr/lib/python3/dist-packages")
	require.Contains(t, f.SysPath, l.extraAbs, "absolute .pth line")
	require.Contains(t, f.SysPath, l.extraRel, "relative .pth line")
	require.Equal(t, want.Version, f.Version)
	require.Equal(t, vpy, f.Executable)
	require.Equal(t, want.Prefix, f.Prefix)
	require.Equal(t, want.BasePrefix, f.BasePrefix)
	require.True(t, f.VirtualEnv)
	require.Equal(t, filepath.Join(l.sysVenv, "pyvenv.cfg"), f.PyvenvCfg)
	require.Equal(t, []string{site}, f.SitePackages)
	require.Equal(t, want.Purelib, site)
}

func TestFactsOfAnIsolatedVenv(t *testing.T) {
	l := getLab(t)
	vpy := filepath.Join(l.isoVenv, "bin", "python3")
	f, err := NewFactsCache("").Facts(context.Background(), vpy)
	require.NoError(t, err)
	require.Equal(t, realSysPath(t, vpy), f.SysPath)
	require.NotContains(t, f.SysPath, "/usr/lib/python3/dist-packages")
	require.Equal(t, askPython(t, vpy).Version, f.Version)
}

// A pyvenv.cfg as uv writes it: no "executable" key, version_info, and a
// capitalised TRUE that site.py lower-cases. Its version_info is stale on
// purpose: the venv's python is a link to the base, which is what runs.
func TestFactsOfAUvStyleVenv(t *testing.T) {
	py := testenv.SystemPython(t)
	want := askPython(t, py)
	v := filepath.Join(t.TempDir(), "uvvenv")
	vpy := filepath.Join(v, "bin", "python3")
	require.NoError(t, os.MkdirAll(filepath.Dir(vpy), 0o755))
	require.NoError(t, os.Symlink(py, vpy))
	site := filepath.Join(v, "lib", "python"+majorMinor(want.Version), "site-packages")
	require.NoError(t, os.MkdirAll(site, 0o755))
	cfg := "home = " + filepath.Dir(py) + "\nimplementation = CPython\nuv = 0.5.0\nversion_info = 3.0.0\n" +
		"include-system-site-packages = TRUE\nprompt = uvvenv\n"
	require.NoError(t, writeFile(filepath.Join(v, "pyvenv.cfg"), cfg, 0o644))

	f, err := NewFactsCache("").Facts(context.Background(), vpy)
	require.NoError(t, err)
	require.Equal(t, realSysPath(t, vpy), f.SysPath)
	require.Contains(t, f.SysPath, site)
	require.Equal(t, askPython(t, vpy).Version, f.Version)
}

func TestFactsRejectMalformedPyvenvCfg(t *testing.T) {
	py := testenv.SystemPython(t)
	cases := []struct {
		name, cfg  string
		linkToBase bool
		want       string
	}{
		{name: "invalid utf-8", cfg: "home = /usr/bin\nprompt = \xff\xfe\n", linkToBase: true, want: "pyvenv.cfg:2: not valid UTF-8"},
		{name: "no home", cfg: "include-system-site-packages = false\n", linkToBase: true, want: `no "home = <directory>" line`},
		{name: "binary junk", cfg: "\x00\x01\x02garbage\x7f", linkToBase: true, want: `no "home = <directory>" line`},
		{name: "home without python", cfg: "home = /nonexistent/bin\nversion = 3.11.2\n", want: "pyvenv.cfg:1: no base interpreter found (home = /nonexistent/bin; tried /nonexistent/bin/python3.11"},
		{name: "too large", cfg: "home = /usr/bin\n" + strings.Repeat("#", maxPyvenvCfgBytes), linkToBase: true, want: "too large for a pyvenv.cfg"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := t.TempDir()
			vpy := filepath.Join(v, "bin", "python3")
			if tc.linkToBase {
				require.NoError(t, os.MkdirAll(filepath.Dir(vpy), 0o755))
				require.NoError(t, os.Symlink(py, vpy))
			} else {
				require.NoError(t, writeFile(vpy, "#!/bin/sh\nexit 1\n", 0o755))
			}
			cfgPath := filepath.Join(v, "pyvenv.cfg")
			require.NoError(t, writeFile(cfgPath, tc.cfg, 0o644))
			_, err := NewFactsCache("").Facts(context.Background(), vpy)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
			require.Contains(t, err.Error(), cfgPath)
		})
	}
}

func TestFactsConcurrentCallsShareOneRun(t *testing.T) {
	py := testenv.SystemPython(t)
	c, ran := countingCache("")
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := c.Facts(context.Background(), py)
			errs <- err
		}()
	}
	for range 8 {
		require.NoError(t, <-errs)
	}
	require.Len(t, ran(), 1)
}
