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
	noErr(t, err)

	want := askPython(t, py)
	equal(t, realSysPath(t, py), f.SysPath)
	equal(t, want.Version, f.Version)
	equal(t, want.Executable, f.Executable)
	equal(t, want.Prefix, f.Prefix)
	equal(t, want.BasePrefix, f.BasePrefix)
	isTrue(t, !f.VirtualEnv)
	equal(t, "", f.PyvenvCfg)
	hasItem(t, f.SitePackages, want.Purelib)
	equal(t, []string{py}, ran())
}

func cacheFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	noErr(t, err)
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
	noErr(t, err)
	_, err = first.Facts(ctx, py)
	noErr(t, err)
	length(t, ran1(), 1, "the second call must come from memory")
	files := cacheFiles(t, dir)
	length(t, files, 1, "one entry, no leftover temporary file: %v", files)
	isTrue(t, strings.HasSuffix(files[0], ".json"))

	second, ran2 := countingCache(dir) // a new process, as far as the cache can tell
	f2, err := second.Facts(ctx, py)
	noErr(t, err)
	length(t, ran2(), 0, "a fresh cache on the same directory must not start Python")
	equal(t, f1, f2)
}

func TestFactsCacheNoticesAChangedExecutable(t *testing.T) {
	py := testenv.SystemPython(t)
	real, err := filepath.EvalSymlinks(py)
	noErr(t, err)
	tmp := t.TempDir()
	cp := filepath.Join(tmp, "bin", "python3")
	copyFile(t, real, cp)
	dir := filepath.Join(tmp, "cache")
	ctx := context.Background()

	c, ran := countingCache(dir)
	_, err = c.Facts(ctx, cp)
	noErr(t, err)
	later := time.Now().Add(time.Hour)
	noErr(t, os.Chtimes(cp, later, later))
	_, err = c.Facts(ctx, cp)
	noErr(t, err)
	length(t, ran(), 2, "a new mtime must invalidate the memory entry")

	fresh, ranFresh := countingCache(dir)
	_, err = fresh.Facts(ctx, cp)
	noErr(t, err)
	length(t, ranFresh(), 0, "the rewritten disk entry must match the new mtime")

	// A damaged entry is recomputed and replaced.
	files := cacheFiles(t, dir)
	length(t, files, 1)
	noErr(t, os.WriteFile(filepath.Join(dir, files[0]), []byte("{not json"), 0o644))
	damaged, ranDamaged := countingCache(dir)
	_, err = damaged.Facts(ctx, cp)
	noErr(t, err)
	length(t, ranDamaged(), 1)
	again, ranAgain := countingCache(dir)
	_, err = again.Facts(ctx, cp)
	noErr(t, err)
	length(t, ranAgain(), 0)

	// Forget drops both copies.
	again.Forget(cp)
	length(t, cacheFiles(t, dir), 0)
	_, err = again.Facts(ctx, cp)
	noErr(t, err)
	length(t, ranAgain(), 1)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	noErr(t, os.MkdirAll(filepath.Dir(to), 0o755))
	in, err := os.Open(from)
	noErr(t, err)
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	noErr(t, err)
	_, err = io.Copy(out, in)
	noErr(t, err)
	noErr(t, out.Close())
}

func TestFactsOfAWrapperScriptAreNotPersisted(t *testing.T) {
	py := testenv.SystemPython(t)
	tmp := t.TempDir()
	wrapper := filepath.Join(tmp, "shim", "python3")
	noErr(t, writeFile(wrapper, "#!/bin/sh\nexec "+py+" \"$@\"\n", 0o755))
	dir := filepath.Join(tmp, "cache")
	ctx := context.Background()

	c, ran := countingCache(dir)
	f, err := c.Facts(ctx, wrapper)
	noErr(t, err)
	_, err = c.Facts(ctx, wrapper)
	noErr(t, err)
	length(t, ran(), 1, "memory still caches a wrapper")
	length(t, cacheFiles(t, dir), 0, "a wrapper's target can change without the wrapper changing")
	equal(t, askPython(t, py).Executable, f.Executable, "sys.executable is the real binary")

	fresh, ranFresh := countingCache(dir)
	_, err = fresh.Facts(ctx, wrapper)
	noErr(t, err)
	length(t, ranFresh(), 1)
}

func TestFactsRejectsWhatIsNotAPythonInterpreter(t *testing.T) {
	trueBin := testenv.Tool(t, "true")
	tmp := t.TempDir()
	script := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(tmp, name)
		noErr(t, writeFile(p, body, mode))
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
			isErr(t, err)
			if tc.is != nil {
				errIs(t, err, tc.is)
				return
			}
			hasText(t, err.Error(), tc.want)
			hasText(t, err.Error(), tc.path)
		})
	}
}

func TestFactsOfASystemSiteVenvComeFromPyvenvCfg(t *testing.T) {
	l := getLab(t)
	vpy := filepath.Join(l.sysVenv, "bin", "python3")
	c, ran := countingCache("")
	f, err := c.Facts(context.Background(), vpy)
	noErr(t, err)

	lacksItem(t, ran(), vpy, "the venv's own python must not be run")
	length(t, ran(), 1, "only the base interpreter runs")

	want := askPython(t, vpy)
	equal(t, realSysPath(t, vpy), f.SysPath)
	site := filepath.Join(l.sysVenv, "lib", "python"+majorMinor(want.Version), "site-packages")
	hasItem(t, f.SysPath, site)
	hasItem(t, f.SysPath, "/usr/lib/python3/dist-packages")
	hasItem(t, f.SysPath, l.extraAbs, "absolute .pth line")
	hasItem(t, f.SysPath, l.extraRel, "relative .pth line")
	equal(t, want.Version, f.Version)
	equal(t, vpy, f.Executable)
	equal(t, want.Prefix, f.Prefix)
	equal(t, want.BasePrefix, f.BasePrefix)
	isTrue(t, f.VirtualEnv)
	equal(t, filepath.Join(l.sysVenv, "pyvenv.cfg"), f.PyvenvCfg)
	equal(t, []string{site}, f.SitePackages)
	equal(t, want.Purelib, site)
}

func TestFactsOfAnIsolatedVenv(t *testing.T) {
	l := getLab(t)
	vpy := filepath.Join(l.isoVenv, "bin", "python3")
	f, err := NewFactsCache("").Facts(context.Background(), vpy)
	noErr(t, err)
	equal(t, realSysPath(t, vpy), f.SysPath)
	lacksItem(t, f.SysPath, "/usr/lib/python3/dist-packages")
	equal(t, askPython(t, vpy).Version, f.Version)
}

// A pyvenv.cfg as uv writes it: no "executable" key, version_info, and a
// capitalised TRUE that site.py lower-cases. Its version_info is stale on
// purpose: the venv's python is a link to the base, which is what runs.
func TestFactsOfAUvStyleVenv(t *testing.T) {
	py := testenv.SystemPython(t)
	want := askPython(t, py)
	v := filepath.Join(t.TempDir(), "uvvenv")
	vpy := filepath.Join(v, "bin", "python3")
	noErr(t, os.MkdirAll(filepath.Dir(vpy), 0o755))
	noErr(t, os.Symlink(py, vpy))
	site := filepath.Join(v, "lib", "python"+majorMinor(want.Version), "site-packages")
	noErr(t, os.MkdirAll(site, 0o755))
	cfg := "home = " + filepath.Dir(py) + "\nimplementation = CPython\nuv = 0.5.0\nversion_info = 3.0.0\n" +
		"include-system-site-packages = TRUE\nprompt = uvvenv\n"
	noErr(t, writeFile(filepath.Join(v, "pyvenv.cfg"), cfg, 0o644))

	f, err := NewFactsCache("").Facts(context.Background(), vpy)
	noErr(t, err)
	equal(t, realSysPath(t, vpy), f.SysPath)
	hasItem(t, f.SysPath, site)
	equal(t, askPython(t, vpy).Version, f.Version)
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
				noErr(t, os.MkdirAll(filepath.Dir(vpy), 0o755))
				noErr(t, os.Symlink(py, vpy))
			} else {
				noErr(t, writeFile(vpy, "#!/bin/sh\nexit 1\n", 0o755))
			}
			cfgPath := filepath.Join(v, "pyvenv.cfg")
			noErr(t, writeFile(cfgPath, tc.cfg, 0o644))
			_, err := NewFactsCache("").Facts(context.Background(), vpy)
			isErr(t, err)
			hasText(t, err.Error(), tc.want)
			hasText(t, err.Error(), cfgPath)
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
		noErr(t, <-errs)
	}
	length(t, ran(), 1)
}
