package pyenv

import (
	"encoding/json"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// specCases are requirement specifiers as SnakeBridge writes them (compat
// §2.5: "1.26.4" → "==1.26.4", "~> 1.12" → "~=1.12", operators kept) and
// installed versions, with what pip decides.
var specCases = []struct {
	spec, version string
	want          bool
}{
	{"==1.26.4", "1.26.4", true},
	{"==1.26.4", "1.24.2", false},
	{"==1.26.4", "1.26.4.0", true},
	{"==1.26.4", "1.26.4+deb1", true}, // local labels are ignored by ==V
	{"==1.26.4+deb1", "1.26.4", false},
	{"==1.26.4+deb1", "1.26.4+deb1", true},
	{"==1.26.*", "1.26.4", true},
	{"==1.26.*", "1.27.0", false},
	{"==1.*", "1.2.3", true},
	{"==1.0.*", "1", true},
	{"==1.26.*", "1.26.0rc1", true},
	{"!=1.26.*", "1.26.4", false},
	{"!=1.26.4", "1.24.2", true},
	{"~=1.26", "1.26.4", true},
	{"~=1.26", "1.99", true},
	{"~=1.26", "2.0", false},
	{"~=1.26", "1.25.9", false},
	{"~=1.12", "1.11.1", false},
	{"~=1.26.0", "1.26.4", true},
	{"~=1.26.0", "1.27.0", false},
	{"~=2.10", "2.10", true},
	{"~=0.1", "0.8.0", true},
	{">=1.0", "1.0", true},
	{">=1.0", "0.9", false},
	{">=1.0", "1.0rc1", false},
	{">=1.0,<2", "1.5", true},
	{">=1.0,<2", "2.0", false},
	{">=1.0, <2", "2.0.dev1", false}, // <2 excludes pre-releases of 2
	{"<2", "2.0rc1", false},
	{"<2rc2", "2.0rc1", true},
	{"<2", "1.9", true},
	{"<=1.26", "1.26.0", true},
	{"<=1.26", "1.26.1", false},
	{">1.0", "1.0.post1", false}, // >V excludes post-releases of V
	{">1.0.post1", "1.0.post2", true},
	{">1.0", "1.0+local", false},
	{">1.0", "1.1", true},
	{"===1.0", "1.0", true},
	{"===1.0", "1.0.0", false},
	{">=1.0", "1!0.5", true}, // epochs sort first
	{"==1.0", "1.0.dev0", false},
	{">=1.0.dev0", "1.0a1", true},
	{">=1.0a1", "1.0.dev0", false},
	{">=1.0", "1.0.post1", true},
	{"", "0.1", true},
}

func TestSpecifierSetContains(t *testing.T) {
	for _, tc := range specCases {
		set, err := ParseSpecifierSet(tc.spec)
		if err != nil {
			t.Errorf("ParseSpecifierSet(%q): %v", tc.spec, err)
			continue
		}
		if got := set.Contains(tc.version); got != tc.want {
			t.Errorf("%q contains %q = %v, want %v", tc.spec, tc.version, got, tc.want)
		}
	}
}

func TestInvalidSpecifiers(t *testing.T) {
	for _, spec := range []string{
		"==<2.0",      // upstream turns "<2.0" into this
		"~=1",         // ~= needs two release segments
		"~=1.0.*",     // no wildcard with ~=
		">=1.0.*",     // nor with >=
		"==1.0a1.*",   // a wildcard only after a release
		">=1.0+local", // local labels only with == and !=
		"1.0",
		"==",
		"==latest",
	} {
		if _, err := ParseSpecifierSet(spec); err == nil {
			t.Errorf("ParseSpecifierSet(%q) accepted an invalid specifier", spec)
		}
	}
}

func TestParsePipRequirement(t *testing.T) {
	for _, tc := range []struct {
		line, name, specs, url, marker string
		extras                         []string
	}{
		{line: "numpy==1.26.4", name: "numpy", specs: "==1.26.4"},
		{line: "math-verify~=0.1", name: "math-verify", specs: "~=0.1"},
		{line: "torch[cpu,extra]>=2.0,<3", name: "torch", specs: ">=2.0,<3", extras: []string{"cpu", "extra"}},
		{line: "pkg (>=1.0)", name: "pkg", specs: ">=1.0"},
		{line: "pkg", name: "pkg"},
		{line: "pkg @ https://example.com/pkg.whl", name: "pkg", url: "https://example.com/pkg.whl"},
		{line: `pkg>=1; python_version < "3.12"`, name: "pkg", specs: ">=1", marker: `python_version < "3.12"`},
	} {
		r, err := ParsePipRequirement(tc.line)
		if err != nil {
			t.Errorf("ParsePipRequirement(%q): %v", tc.line, err)
			continue
		}
		if r.Name != tc.name || r.Specifiers.String() != tc.specs || r.URL != tc.url || r.Marker != tc.marker || strings.Join(r.Extras, ",") != strings.Join(tc.extras, ",") {
			t.Errorf("ParsePipRequirement(%q) = %+v", tc.line, r)
		}
	}
	for _, bad := range []string{"numpy==<2.0", "-e .", "pkg[cpu", "numpy~=1"} {
		if _, err := ParsePipRequirement(bad); err == nil {
			t.Errorf("ParsePipRequirement(%q) accepted it", bad)
		}
	}
}

// TestSpecifiersAgreeWithPackaging runs every case, and the cross product
// of their specifiers and versions, through the packaging library pip
// vendors (what pip itself decides with) and requires the same answers,
// with pre-releases allowed as for an installed distribution.
func TestSpecifiersAgreeWithPackaging(t *testing.T) {
	py := testenv.SystemPython(t, "pip._vendor.packaging.specifiers")
	var specs, versions []string
	seen := map[string]bool{}
	for _, tc := range specCases {
		if !seen["s"+tc.spec] {
			seen["s"+tc.spec] = true
			specs = append(specs, tc.spec)
		}
		if !seen["v"+tc.version] {
			seen["v"+tc.version] = true
			versions = append(versions, tc.version)
		}
	}
	script := `
import json, sys
from pip._vendor.packaging.specifiers import SpecifierSet
from pip._vendor.packaging.version import Version
specs, versions = json.load(sys.stdin)
out = {"contains": [[SpecifierSet(s).contains(v, prereleases=True) for v in versions] for s in specs],
       "sorted": sorted(versions, key=Version)}
json.dump(out, sys.stdout)
`
	in, _ := json.Marshal([]any{specs, versions})
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = strings.NewReader(string(in))
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("running packaging: %v", err)
	}
	var want struct {
		Contains [][]bool `json:"contains"`
		Sorted   []string `json:"sorted"`
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatalf("packaging output %s: %v", raw, err)
	}
	for i, s := range specs {
		set, err := ParseSpecifierSet(s)
		if err != nil {
			t.Fatalf("ParseSpecifierSet(%q): %v", s, err)
		}
		for j, v := range versions {
			if got := set.Contains(v); got != want.Contains[i][j] {
				t.Errorf("%q contains %q: we say %v, packaging says %v", s, v, got, want.Contains[i][j])
			}
		}
	}
	got := append([]string{}, versions...)
	sort.SliceStable(got, func(i, j int) bool {
		a, _ := ParseVersion(got[i])
		b, _ := ParseVersion(got[j])
		return a.Compare(b) < 0
	})
	// Equal versions (1.26.4, 1.26.4.0) may come in either order.
	for i := range got {
		a, _ := ParseVersion(got[i])
		b, _ := ParseVersion(want.Sorted[i])
		if a.Compare(b) != 0 {
			t.Fatalf("order differs at %d:\n ours:      %v\n packaging: %v", i, got, want.Sorted)
		}
	}
}
