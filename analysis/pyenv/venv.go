package pyenv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// pyvenvCfg is a parsed pyvenv.cfg.
type pyvenvCfg struct {
	path   string
	values map[string][]cfgValue // lower-cased key → every occurrence
}

type cfgValue struct {
	value string
	line  int
}

// first and last exist because Python is inconsistent: getpath takes the
// first "home", site.py the last "include-system-site-packages".
func (c pyvenvCfg) first(key string) (cfgValue, bool) {
	vs := c.values[key]
	if len(vs) == 0 {
		return cfgValue{}, false
	}
	return vs[0], true
}

func (c pyvenvCfg) last(key string) (cfgValue, bool) {
	vs := c.values[key]
	if len(vs) == 0 {
		return cfgValue{}, false
	}
	return vs[len(vs)-1], true
}

// maxPyvenvCfgBytes rejects files that cannot be a pyvenv.cfg.
const maxPyvenvCfgBytes = 1 << 20

func readPyvenvCfg(path string) (pyvenvCfg, error) {
	data, err := safefile.ReadFile(path, maxPyvenvCfgBytes)
	if errors.Is(err, safefile.ErrTooLarge) {
		return pyvenvCfg{}, fmt.Errorf("%s is too large for a pyvenv.cfg: %w", path, errors.Unwrap(err))
	}
	if err != nil {
		return pyvenvCfg{}, fmt.Errorf("reading %s: %w", path, err)
	}
	return parsePyvenvCfg(path, data)
}

// parsePyvenvCfg reads "key = value" lines as site.py does: lines without
// '=' are ignored, keys are trimmed and lower-cased, values trimmed. Python
// reads the file as UTF-8 and fails on anything else, so do we.
func parsePyvenvCfg(path string, data []byte) (pyvenvCfg, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	c := pyvenvCfg{path: path, values: map[string][]cfgValue{}}
	for i, line := range splitLines(string(data)) {
		if !utf8.ValidString(line) {
			return pyvenvCfg{}, fmt.Errorf("%s:%d: not valid UTF-8: %q", path, i+1, clip(line))
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		c.values[key] = append(c.values[key], cfgValue{value: strings.TrimSpace(value), line: i + 1})
	}
	return c, nil
}

// splitLines splits at \n, \r\n and \r (Python's universal newlines).
func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// findPyvenvCfg looks where Python looks: beside the executable, then one
// directory up. The executable's path is used as invoked, not resolved,
// which is what makes a venv's bin/python3 symlink a venv.
func findPyvenvCfg(exe string) string {
	dir := filepath.Dir(exe)
	for _, d := range []string{dir, filepath.Dir(dir)} {
		p := filepath.Join(d, "pyvenv.cfg")
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// venvFacts derives a venv's facts from its pyvenv.cfg and directories.
// Only the base interpreter is run (once, cached): it supplies the stdlib
// part of sys.path, the site layout and, with include-system-site-packages,
// the system site directories.
func (c *FactsCache) venvFacts(ctx context.Context, exe, cfgPath string) (Facts, error) {
	cfg, err := readPyvenvCfg(cfgPath)
	if err != nil {
		return Facts{}, err
	}
	prefix := filepath.Dir(cfgPath)
	base, err := baseInterpreter(exe, prefix, cfg)
	if err != nil {
		return Facts{}, err
	}
	bp, err := c.probe(ctx, base)
	if err != nil {
		return Facts{}, fmt.Errorf("base interpreter of the venv %s: %w", prefix, err)
	}
	systemSite := false
	if v, ok := cfg.last("include-system-site-packages"); ok {
		systemSite = strings.ToLower(v.value) == "true"
	}
	own := venvSiteDirs(prefix, bp)
	return Facts{
		Executable:   exe,
		Version:      venvVersion(exe, base, cfg, bp),
		SysPath:      existingUnique(venvSysPath(bp, own, systemSite)),
		Prefix:       prefix,
		BasePrefix:   baseOf(bp),
		VirtualEnv:   true,
		PyvenvCfg:    cfgPath,
		SitePackages: uniqueNonEmpty(own...),
	}, nil
}

func baseOf(p probe) string {
	if p.RealPrefix != nil {
		return *p.RealPrefix
	}
	return p.BasePrefix
}

// baseInterpreter finds the interpreter the venv was made from: the
// "executable" key (venv 3.11+), the target of the venv's python when it is
// a symlink out of the venv, then python binaries in "home".
func baseInterpreter(exe, prefix string, cfg pyvenvCfg) (string, error) {
	home, ok := cfg.first("home")
	if !ok || home.value == "" {
		return "", fmt.Errorf("%s: no \"home = <directory>\" line, so the venv's base interpreter is unknown", cfg.path)
	}
	homeDir := home.value
	if !filepath.IsAbs(homeDir) {
		homeDir = filepath.Join(prefix, homeDir)
	}
	var cands []string
	if v, ok := cfg.last("executable"); ok && v.value != "" {
		cands = append(cands, v.value)
	}
	if real := resolvedPath(exe); !within(prefix, real) {
		cands = append(cands, real)
	}
	if xy := majorMinor(cfgVersion(cfg)); xy != "" {
		cands = append(cands, filepath.Join(homeDir, "python"+xy))
	}
	cands = append(cands, filepath.Join(homeDir, "python3"), filepath.Join(homeDir, "python"))
	for _, p := range cands {
		if executableProblem(p) == "" {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s:%d: no base interpreter found (home = %s; tried %s)",
		cfg.path, home.line, home.value, strings.Join(cands, ", "))
}

func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// cfgVersion is the venv's version as recorded at creation: "version"
// (venv) or "version_info" (uv, virtualenv: "3.11.2.final.0"), cut to X.Y.Z.
func cfgVersion(cfg pyvenvCfg) string {
	for _, key := range []string{"version", "version_info"} {
		if v, ok := cfg.last(key); ok && v.value != "" {
			parts := strings.Split(v.value, ".")
			if len(parts) > 3 {
				parts = parts[:3]
			}
			return strings.Join(parts, ".")
		}
	}
	return ""
}

func majorMinor(v string) string {
	parts := strings.Split(v, ".")
	if len(parts) < 2 || !isDigits(parts[0]) || !isDigits(parts[1]) {
		return ""
	}
	return parts[0] + "." + parts[1]
}

// venvVersion: a venv whose python is (a link to) the base binary runs the
// base's current version, which may be newer than pyvenv.cfg says after a
// patch upgrade; a copied binary keeps the version it was created with.
func venvVersion(exe, base string, cfg pyvenvCfg, bp probe) string {
	if sameFile(exe, base) {
		return bp.Version
	}
	if v := cfgVersion(cfg); v != "" {
		return v
	}
	return bp.Version
}

// venvSiteDirs are site.getsitepackages([prefix]) for the base's layout:
// <prefix>/<platlibdir>/<pythonX.Y>/site-packages, plus lib/ when
// platlibdir differs (Fedora's lib64).
func venvSiteDirs(prefix string, bp probe) []string {
	libdirs := []string{bp.Platlibdir}
	if bp.Platlibdir != "lib" {
		libdirs = append(libdirs, "lib")
	}
	libName := bp.LibName
	if libName == "" && len(bp.VersionInfo) >= 2 {
		libName = fmt.Sprintf("python%d.%d", bp.VersionInfo[0], bp.VersionInfo[1])
	}
	var out []string
	for _, l := range libdirs {
		out = append(out, filepath.Join(prefix, l, libName, "site-packages"))
	}
	return out
}

// venvSysPath rebuilds a venv's sys.path: the base's entries before its
// first site directory (the stdlib), the venv's site directories with what
// their .pth files add, then — with system site packages — the base's site
// part.
func venvSysPath(bp probe, own []string, systemSite bool) []string {
	site := map[string]bool{}
	for _, s := range bp.Site {
		site[filepath.Clean(s)] = true
	}
	split := len(bp.Path)
	for i, e := range bp.Path {
		if site[filepath.Clean(e)] {
			split = i
			break
		}
	}
	var path []string
	known := map[string]bool{}
	add := func(p string) {
		p = filepath.Clean(p)
		if !known[p] {
			known[p] = true
			path = append(path, p)
		}
	}
	for _, e := range bp.Path[:split] {
		add(e)
	}
	for _, d := range own {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			continue
		}
		add(d)
		for _, p := range pthPaths(d) {
			add(p)
		}
	}
	if systemSite {
		for _, e := range bp.Path[split:] {
			add(e)
		}
	}
	return path
}

// pthPaths are the directories the .pth files of sitedir add, in Python's
// order (files sorted by name; "#" comments and "import" lines skipped;
// relative lines taken from sitedir; only paths that exist). Hidden
// .pth files are skipped as Python 3.13 does.
func pthPaths(sitedir string) []string {
	ents, err := os.ReadDir(sitedir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, ".pth") || strings.HasPrefix(name, ".") {
			continue
		}
		data, err := safefile.ReadFile(filepath.Join(sitedir, name), safefile.MaxSmall)
		if err != nil {
			continue
		}
		for _, line := range splitLines(string(data)) {
			if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "import ") || strings.HasPrefix(line, "import\t") {
				continue
			}
			line = strings.TrimRight(line, " \t\f\v")
			if line == "" {
				continue
			}
			p := line
			if !filepath.IsAbs(p) {
				p = filepath.Join(sitedir, p)
			}
			if _, err := os.Stat(p); err == nil {
				out = append(out, filepath.Clean(p))
			}
		}
	}
	return out
}
