package analysis

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
)

// Requirement is one pip requirement SnakeBridge derives from python_deps.
type Requirement struct {
	Library string // python_name of the library it comes from
	// Spec is the requirement line, e.g. "numpy~=1.26" or "math-verify==0.8.0".
	Spec string
	// Name is the package name as written in Spec (the lock's key).
	Name string
}

// Requirements reproduces PythonEnv.derive_requirements/1 (compat §2.5):
// stdlib libraries are skipped; the package is pypi_package, else
// python_name; extras are appended; versions are translated.
func Requirements(libs []*Library) []Requirement {
	var out []Requirement
	for _, l := range libs {
		if l.Version.Kind == VersionStdlib {
			continue
		}
		pkg := l.PypiPackage
		if pkg == "" {
			pkg = l.PythonName
		}
		if len(l.Extras) > 0 {
			pkg += "[" + strings.Join(l.Extras, ",") + "]"
		}
		spec := pkg + translateVersion(l.Version)
		out = append(out, Requirement{Library: l.PythonName, Spec: spec, Name: pyenv.RequirementName(spec)})
	}
	return out
}

// translateVersion turns a python_deps version into a pip specifier the way
// upstream does, including its quirk of turning "<2.0" into "==<2.0".
func translateVersion(v Version) string {
	if v.Kind != VersionString {
		return ""
	}
	s := strings.TrimSpace(v.Text)
	for _, op := range []string{"~=", ">=", "<=", "==", "!="} {
		if strings.HasPrefix(s, op) {
			return s
		}
	}
	if rest, ok := strings.CutPrefix(s, "~>"); ok {
		return "~=" + strings.TrimSpace(rest)
	}
	return "==" + s
}

// PackageVersions is the lock's python_packages view: requirement name →
// version, with "" where upstream would record null.
type PackageVersions map[string]string

// ObservedPackages looks each requirement up in the installed distributions
// exactly as upstream's `uv pip freeze` lookup does.
func ObservedPackages(reqs []Requirement, dists []pyenv.Distribution) PackageVersions {
	out := PackageVersions{}
	for _, r := range reqs {
		v, _ := pyenv.UpstreamVersion(dists, r.Name)
		out[r.Name] = v
	}
	return out
}

// Hash is python_packages_hash: "sha256:" + SHA-256 over the sorted
// `name==version` lines ("unknown" for a missing version), joined by "\n".
func (p PackageVersions) Hash() string {
	names := make([]string, 0, len(p))
	for n := range p {
		names = append(names, n)
	}
	sort.Strings(names)
	lines := make([]string, len(names))
	for i, n := range names {
		v := p[n]
		if v == "" {
			v = "unknown"
		}
		lines[i] = n + "==" + v
	}
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return "sha256:" + hex.EncodeToString(sum[:])
}
