package pyenv

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// StaticFacts returns what can be known of the interpreter at exe without
// running anything: for a virtual environment, its pyvenv.cfg and the
// site-packages directories below its prefix. It is what a check uses for
// an interpreter it must not run (one an untrusted project chose).
//
// Version is left empty unless pyvenv.cfg states it and the venv's python
// is its own copy: a python that links to a base outside the venv runs the
// base's current version, which may be newer than the file says. SysPath
// is nil when the venv also sees the base's site packages (unknown without
// running it). ok is false when exe is not a venv's interpreter, i.e.
// nothing is known.
func StaticFacts(exe string) (Facts, bool) {
	exe, err := filepath.Abs(exe)
	if err != nil {
		return Facts{}, false
	}
	cfgPath := findPyvenvCfg(exe)
	if cfgPath == "" {
		return Facts{}, false
	}
	cfg, err := readPyvenvCfg(cfgPath)
	if err != nil {
		return Facts{}, false
	}
	prefix := filepath.Dir(cfgPath)
	version := cfgVersion(cfg)
	if !within(prefix, resolvedPath(exe)) {
		version = ""
	}
	own := staticSiteDirs(prefix, majorMinor(cfgVersion(cfg)))
	// SysPath holds the distribution directories only (the stdlib holds
	// none); with system site packages the base's part is unknown, and an
	// incomplete sys.path would make installed packages look missing.
	var sysPath []string
	if v, ok := cfg.last("include-system-site-packages"); !ok || strings.ToLower(v.value) != "true" {
		for _, d := range own {
			sysPath = append(sysPath, d)
			sysPath = append(sysPath, pthPaths(d)...)
		}
	}
	return Facts{
		Executable:   exe,
		Version:      version,
		SysPath:      existingUnique(sysPath),
		Prefix:       prefix,
		VirtualEnv:   true,
		PyvenvCfg:    cfgPath,
		SitePackages: own,
	}, true
}

// staticSiteDirs finds a venv's site-packages directories without the base
// interpreter's layout: <prefix>/lib*/python*/site-packages, keeping those
// of version xy ("3.11") when pyvenv.cfg names one and they exist.
func staticSiteDirs(prefix, xy string) []string {
	matches, _ := filepath.Glob(filepath.Join(prefix, "lib*", "python*", "site-packages"))
	var all, versioned []string
	for _, m := range matches {
		if st, err := os.Stat(m); err != nil || !st.IsDir() {
			continue
		}
		all = append(all, m)
		lib := filepath.Base(filepath.Dir(m)) // python3.11, python3.13t
		if xy != "" && strings.TrimSuffix(strings.TrimPrefix(lib, "python"), "t") == xy {
			versioned = append(versioned, m)
		}
	}
	if len(versioned) > 0 {
		all = versioned
	}
	sort.Strings(all)
	return uniqueNonEmpty(all...)
}
