//go:build !windows

package pyenv

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/stretchr/testify/require"
)

// importlibScript lists name → version of the distributions importlib finds
// on the given path entries, first occurrence winning as in Python.
// Distributions Python cannot read, or that lack Name/Version, are left out.
const importlibScript = `import json, re, sys, importlib.metadata as md
entries = json.loads(sys.argv[1])
seen = {}
for entry in entries:
    for d in md.distributions(path=[entry]):
        try:
            name, version = d.metadata["Name"], d.version
        except Exception:
            continue
        if not name or not version or not version.strip():
            continue
        seen.setdefault(re.sub(r"[-_.]+", "-", name).lower(), version.strip())
print(json.dumps(seen))`

func importlibView(t *testing.T, py string, entries []string) map[string]string {
	t.Helper()
	arg, err := json.Marshal(entries)
	require.NoError(t, err)
	cmd := exec.Command(py, "-I", "-c", importlibScript, string(arg))
	out, err := cmd.Output()
	require.NoError(t, err, "running importlib on %v", entries)
	var m map[string]string
	require.NoError(t, json.Unmarshal(out, &m))
	return m
}

func byName(dists []Distribution) map[string]string {
	m := map[string]string{}
	for _, d := range dists {
		m[d.Normalized] = d.Version
	}
	return m
}

func moduleVersion(t *testing.T, py, module string) string {
	t.Helper()
	out, err := exec.Command(py, "-c", "import "+module+"; print("+module+".__version__)").Output()
	require.NoError(t, err, "asking %s for %s.__version__", py, module)
	return strings.TrimSpace(string(out))
}

func systemFacts(t *testing.T, modules ...string) (string, Facts) {
	t.Helper()
	py := testenv.SystemPython(t, modules...)
	f, err := NewFactsCache("").Facts(context.Background(), py)
	require.NoError(t, err)
	return py, f
}

func TestInstalledOnDebianMatchesImportlib(t *testing.T) {
	py, f := systemFacts(t, "numpy", "sympy")
	dists, errs := Installed(f.SysPath)
	for _, err := range errs {
		t.Logf("warning: %v", err)
	}
	got := byName(dists)
	require.Equal(t, importlibView(t, py, f.SysPath), got)
	require.Equal(t, moduleVersion(t, py, "numpy"), got["numpy"])
	require.Equal(t, moduleVersion(t, py, "sympy"), got["sympy"])

	// Debian ships some projects as .egg-info directories and some as a
	// bare .egg-info file; both kinds must have been read.
	var dirs, files int
	for _, d := range dists {
		st, err := os.Stat(d.Dir)
		require.NoError(t, err)
		if strings.HasSuffix(d.Dir, ".egg-info") {
			if st.IsDir() {
				dirs++
			} else {
				files++
			}
		}
	}
	require.True(t, dirs > 0, "no .egg-info directory among %v", dists)
	if files == 0 {
		t.Logf("this system has no .egg-info file; testdata/sites covers that case")
	}
}

func TestUpstreamVersionOnDebianDistributions(t *testing.T) {
	py, f := systemFacts(t)
	dists, _ := Installed(f.SysPath)
	real := importlibView(t, py, f.SysPath)
	cases := []struct {
		req       string
		wantFound bool
		key       string // normalised name whose version is expected
	}{
		{"PyYAML", true, "pyyaml"},         // freeze says pyyaml==…
		{"pyyaml", true, "pyyaml"},         //
		{"python_apt", false, ""},          // freeze says python-apt
		{"python-apt", true, "python-apt"}, //
		{"lazr.uri", false, ""},            // freeze says lazr-uri
		{"lazr-uri", true, "lazr-uri"},     //
		{"NumPy", true, "numpy"},           //
		{"not-installed-anywhere", false, ""},
	}
	for _, tc := range cases {
		if tc.key != "" && real[tc.key] == "" {
			t.Logf("%s is not installed here; skipping that row", tc.key)
			continue
		}
		v, found := UpstreamVersion(dists, tc.req)
		require.Equal(t, tc.wantFound, found, "requirement %q", tc.req)
		if found {
			require.Equal(t, real[tc.key], v, "requirement %q", tc.req)
		}
		if tc.key != "" {
			d, ok := FindDistribution(dists, tc.req)
			require.True(t, ok, "FindDistribution(%q)", tc.req)
			require.Equal(t, tc.key, d.Normalized)
		}
	}
}

func TestInstalledInARealVenv(t *testing.T) {
	testenv.SystemPython(t, "numpy", "sympy")
	l := getLab(t)
	vpy := filepath.Join(l.sysVenv, "bin", "python3")
	f, err := NewFactsCache("").Facts(context.Background(), vpy)
	require.NoError(t, err)

	own, errs := Installed(f.SitePackages)
	require.Len(t, errs, 0, "%v", errs)
	require.Equal(t, importlibView(t, vpy, f.SitePackages), byName(own))
	names := map[string]Distribution{}
	for _, d := range own {
		names[d.Normalized] = d
	}
	require.Equal(t, "Typing-Ext.Demo", names["typing-ext-demo"].Name, "setuptools' safe_name keeps case and dots")
	require.Equal(t, "", names["typing-ext-demo"].DirectURL)
	require.Contains(t, names["zed-pkg"].DirectURL, "file://")
	require.True(t, !names["zed-pkg"].Editable)
	require.True(t, names["edit-me"].Editable)

	// What upstream's lookup in `uv pip freeze` output finds: names are
	// lower-cased but not normalised; URL and editable installs print no
	// name==version line.
	cases := []struct {
		req     string
		version string
		found   bool
	}{
		{"typing-ext-demo", "4.5.6", true},
		{"Typing-Ext-Demo", "4.5.6", true},
		{"Typing_Ext.Demo", "", false},
		{"typing_ext_demo", "", false},
		{"typing-ext.demo", "", false},
		{"zed-pkg", "", false},
		{"edit-me", "", false},
		{"numpy", "", false}, // system site-packages are not in the venv's freeze
	}
	for _, tc := range cases {
		v, found := UpstreamVersion(own, tc.req)
		require.Equal(t, tc.found, found, "requirement %q", tc.req)
		require.Equal(t, tc.version, v, "requirement %q", tc.req)
	}
	for _, name := range []string{"Typing_Ext.Demo", "zed_pkg", "EDIT.ME"} {
		_, ok := FindDistribution(own, name)
		require.True(t, ok, "FindDistribution(%q)", name)
	}

	// The whole sys.path adds the system's distributions, numpy included.
	all, _ := Installed(f.SysPath)
	require.Equal(t, moduleVersion(t, vpy, "numpy"), byName(all)["numpy"])
	require.Equal(t, moduleVersion(t, vpy, "sympy"), byName(all)["sympy"])
	require.Equal(t, importlibView(t, vpy, f.SysPath), byName(all))
}

func TestInstalledToleratesMalformedMetadata(t *testing.T) {
	root := t.TempDir()
	testenv.CopyTree(t, filepath.Join("testdata", "sites"), root, nil)
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	require.NoError(t, os.MkdirAll(filepath.Join(a, "empty-1.0.dist-info"), 0o755))
	egg := filepath.Join(b, "Thing-1.0.egg")
	sysPath := []string{a, "", a, b, egg, filepath.Join(root, "missing"), filepath.Join(root, "file.zip")}
	require.NoError(t, os.WriteFile(filepath.Join(root, "file.zip"), []byte("PK"), 0o644))

	dists, errs := Installed(sysPath)
	want := map[string]string{
		"good-pkg": "1.0", "dup": "1.0", "legacy": "0.3", "eggdir": "2.0", "pkginfo-only": "1.0",
		"baddirect": "1.0", "lower-case": "3", "first": "1", "upper": "1.0", "mailbox": "1",
		"local-url": "0.1", "thing": "1.0",
	}
	require.Equal(t, want, byName(dists))
	for i := 1; i < len(dists); i++ {
		require.True(t, dists[i-1].Normalized < dists[i].Normalized, "sorted by Normalized: %v", dists)
	}
	d, _ := FindDistribution(dists, "local_url")
	require.Equal(t, "file:///src/local_url", d.DirectURL)
	d, _ = FindDistribution(dists, "dup")
	require.Equal(t, filepath.Join(a, "dup-1.0.dist-info"), d.Dir, "the first sys.path entry wins")
	d, _ = FindDistribution(dists, "legacy")
	require.Equal(t, filepath.Join(a, "legacy.egg-info"), d.Dir)

	wantErrs := []string{
		filepath.Join(a, "badutf-1.0.dist-info", "METADATA") + ":2: Name header is not valid UTF-8",
		filepath.Join(a, "emptyver-1.0.dist-info", "METADATA") + ":3: empty Version header",
		filepath.Join(a, "empty-1.0.dist-info") + ": no METADATA or PKG-INFO file",
		filepath.Join(a, "junk-1.0.dist-info", "METADATA") + ": no Name: header (the headers end at line 1, which is not a header",
		filepath.Join(a, "late-1.0.dist-info", "METADATA") + ": no Version: header (the headers end at line 3, which is not a header: \"this line is not a header\")",
		filepath.Join(a, "novers-1.0.dist-info", "METADATA") + ": no Version: header",
		filepath.Join(a, "baddirect-1.0.dist-info", "direct_url.json") + ": not valid JSON",
	}
	var msgs []string
	for _, err := range errs {
		msgs = append(msgs, err.Error())
	}
	require.Len(t, msgs, len(wantErrs), "%q", msgs)
	for _, w := range wantErrs {
		found := false
		for _, m := range msgs {
			found = found || strings.HasPrefix(m, w)
		}
		require.True(t, found, "no warning starting with %q in %q", w, msgs)
	}

	// Real importlib agrees on every distribution it can read.
	py := testenv.SystemPython(t)
	require.Equal(t, importlibView(t, py, []string{a, b, egg}), byName(dists))
}

func TestDistDirs(t *testing.T) {
	_, f := systemFacts(t)
	dirs := DistDirs(f.SysPath)
	require.Contains(t, dirs, "/usr/lib/python3/dist-packages")
	for _, d := range dirs {
		require.Contains(t, f.SysPath, d)
		ds, _ := Installed([]string{d})
		base := filepath.Base(d)
		require.True(t, len(ds) > 0 || base == "site-packages" || base == "dist-packages", "%s holds no distribution", d)
	}
	for _, p := range f.SysPath {
		if ds, _ := Installed([]string{p}); len(ds) > 0 {
			require.Contains(t, dirs, p)
		}
	}

	l := getLab(t)
	iso, err := NewFactsCache("").Facts(context.Background(), filepath.Join(l.isoVenv, "bin", "python3"))
	require.NoError(t, err)
	ds, _ := Installed(iso.SitePackages)
	require.Len(t, ds, 0, "a --without-pip venv starts empty")
	require.Contains(t, DistDirs(iso.SysPath), iso.SitePackages[0], "an empty site-packages is still watched")
}
