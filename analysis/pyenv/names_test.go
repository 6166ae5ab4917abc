//go:build !windows

package pyenv

import (
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/stretchr/testify/require"
)

// packagingScript applies pip's vendored packaging (the reference
// implementation of PEP 503 and PEP 440) to each argument.
const packagingScript = `import json, sys
from pip._vendor.packaging.utils import canonicalize_name
from pip._vendor.packaging.version import Version, InvalidVersion
def canon(v):
    try:
        return str(Version(v))
    except InvalidVersion:
        return None
print(json.dumps({"names": [canonicalize_name(a) for a in sys.argv[1:]],
                  "versions": [canon(a) for a in sys.argv[1:]]}))`

type packagingAnswer struct {
	Names    []string  `json:"names"`
	Versions []*string `json:"versions"`
}

func askPackaging(t *testing.T, inputs []string) packagingAnswer {
	t.Helper()
	py := testenv.SystemPython(t, "pip._vendor.packaging.version")
	out, err := exec.Command(py, append([]string{"-I", "-c", packagingScript}, inputs...)...).Output()
	require.NoError(t, err)
	var a packagingAnswer
	require.NoError(t, json.Unmarshal(out, &a))
	return a
}

func TestNormalizeMatchesPackaging(t *testing.T) {
	names := []string{"numpy", "PyYAML", "typing_extensions", "Typing_Ext.Demo", "lazr.restfulclient",
		"a--b__c..d", "-leading", "trailing_", "A-_.-B", "MiXeD.Case_Name", "ÄÖÜ_x", ""}
	want := askPackaging(t, names).Names
	for i, n := range names {
		require.Equal(t, want[i], Normalize(n), "name %q", n)
	}
}

func TestCanonicalVersionMatchesPackaging(t *testing.T) {
	versions := []string{"1.0", "1.0.0", "v1.0", "V1.0", "01.02.003", "1.0-RC1", "1.0c2", "1.0pre", "1.0.preview-3",
		"1.0alpha", "1.0.beta.2", "1.0a", "1.0-1", "1.0-post2", "1.0.rev", "1.0r3", "1.0.dev", "1.0-dev7",
		"1!2.0", "0!1.0", "007!1", "1.0+Local.ABC-01_x", "1.0+abc.007", " 1.0 ", "1.0a1.post2.dev3+l",
		"2.10", "6.0", "1.24.2", "0.0.0", "not a version", "1.0+", "1..0", "1.0-", "", "1.0.post1.post2",
		"99999999999999999999999.1"}
	want := askPackaging(t, versions).Versions
	for i, v := range versions {
		got, ok := CanonicalVersion(v)
		if want[i] == nil {
			require.True(t, !ok, "%q is not PEP 440 but got %q", v, got)
			continue
		}
		require.True(t, ok, "%q should parse", v)
		require.Equal(t, *want[i], got, "version %q", v)
	}
}

// The expectations restate Snakepit's requirement_name!/1 step by step.
func TestRequirementName(t *testing.T) {
	cases := []struct{ req, want string }{
		{"numpy", "numpy"},
		{"numpy~=1.26", "numpy"},
		{"math-verify==0.8.0", "math-verify"},
		{"  PyYAML >= 6 ", "PyYAML"},
		{"requests[socks,security]>=2.0", "requests"},
		{"pkg ; python_version < '3.12'", "pkg"},
		{"pkg[extra]; sys_platform == 'linux'", "pkg"},
		{"mylib @ https://example.org/mylib-1.0.tar.gz", "mylib"},
		{"mylib@file:///src/mylib", "mylib"},
		{"typing_extensions!=4.0", "typing_extensions"},
		{"lazr.uri<2", "lazr.uri"},
		{"name==<2.0", "name"},
		{"~=1.0", ""},
		{"", ""},
		{"[extra]", ""},
	}
	for _, tc := range cases {
		require.Equal(t, tc.want, RequirementName(tc.req), "requirement %q", tc.req)
	}
}

func TestUpstreamVersionLooksUpLowerCasedNamesOnly(t *testing.T) {
	dists := []Distribution{
		{Name: "typing_extensions", Version: "4.12.2", Normalized: "typing-extensions"},
		{Name: "PyYAML", Version: "6.0.1", Normalized: "pyyaml"},
		{Name: "weird", Version: "1.0-RC1", Normalized: "weird"},
		{Name: "unparsable", Version: "  not-pep440 ", Normalized: "unparsable"},
		{Name: "mylib", Version: "1.0", Normalized: "mylib", DirectURL: "file:///src/mylib"},
	}
	cases := []struct {
		name, version string
		found         bool
	}{
		{"typing_extensions", "", false},
		{"typing-extensions", "4.12.2", true},
		{"PyYAML", "6.0.1", true},
		{"weird", "1.0rc1", true}, // uv prints PEP 440-normalised versions
		{"unparsable", "not-pep440", true},
		{"mylib", "", false},
		{"absent", "", false},
	}
	for _, tc := range cases {
		v, found := UpstreamVersion(dists, tc.name)
		require.Equal(t, tc.found, found, "name %q", tc.name)
		require.Equal(t, tc.version, v, "name %q", tc.name)
	}
	d, ok := FindDistribution(dists, "Typing.Extensions")
	require.True(t, ok)
	require.Equal(t, "typing_extensions", d.Name)
}
