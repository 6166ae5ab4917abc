package pyenv

import (
	"fmt"
	"regexp"
	"strings"
)

// Specifier is one version clause of a requirement ("~=1.26", "==1.2.*").
type Specifier struct {
	Op      string // ~= == != <= >= < > ===
	Version string // as written after the operator, trimmed
	v       Version
	// wildcard: == or != with a trailing ".*" (prefix match).
	wildcard bool
}

// SpecifierSet is a comma-separated list of specifiers; a version must
// satisfy all of them. The empty set allows every version.
type SpecifierSet []Specifier

// specifierOps are tried longest first so that "===" is not read as "==".
var specifierOps = []string{"===", "~=", "==", "!=", "<=", ">=", "<", ">"}

// ParseSpecifierSet parses "~=1.26", ">=1.0, <2" or "" with the rules of
// packaging's Specifier: a wildcard only after == and != and only on a
// release, a local label only with == and !=, ~= with at least two release
// segments.
func ParseSpecifierSet(s string) (SpecifierSet, error) {
	var out SpecifierSet
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for _, clause := range strings.Split(s, ",") {
		sp, err := parseSpecifier(strings.TrimSpace(clause))
		if err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, nil
}

// wildcardRelease is what may precede ".*": an optional epoch and a
// release.
var wildcardRelease = regexp.MustCompile(`^\s*v?([0-9]+!)?[0-9]+(\.[0-9]+)*$`)

func parseSpecifier(clause string) (Specifier, error) {
	var sp Specifier
	for _, op := range specifierOps {
		if strings.HasPrefix(clause, op) {
			sp.Op = op
			break
		}
	}
	if sp.Op == "" {
		return sp, fmt.Errorf("%q has no comparison operator (~=, ==, !=, <=, >=, <, >, ===)", clause)
	}
	sp.Version = strings.TrimSpace(clause[len(sp.Op):])
	if sp.Version == "" {
		return sp, fmt.Errorf("%q has no version after %s", clause, sp.Op)
	}
	if sp.Op == "===" {
		return sp, nil // arbitrary equality: compared as a string
	}
	text := sp.Version
	if rest, ok := strings.CutSuffix(text, ".*"); ok {
		if sp.Op != "==" && sp.Op != "!=" {
			return sp, fmt.Errorf("%q: a .* wildcard is allowed only with == and !=", clause)
		}
		if !wildcardRelease.MatchString(rest) {
			return sp, fmt.Errorf("%q: a .* wildcard may only follow a release such as 1.2", clause)
		}
		sp.wildcard, text = true, rest
	}
	v, err := ParseVersion(text)
	if err != nil {
		return sp, fmt.Errorf("%q: %s is not a valid version", clause, sp.Version)
	}
	sp.v = v
	if len(v.Local) > 0 && sp.Op != "==" && sp.Op != "!=" {
		return sp, fmt.Errorf("%q: a local version label is allowed only with == and !=", clause)
	}
	if sp.Op == "~=" && len(v.Release) < 2 {
		return sp, fmt.Errorf("%q: ~= needs at least two release segments (~=%s.0 or >=%s)", clause, sp.Version, sp.Version)
	}
	return sp, nil
}

// String renders the set as written, clauses joined by ",".
func (s SpecifierSet) String() string {
	parts := make([]string, len(s))
	for i, sp := range s {
		parts[i] = sp.Op + sp.Version
	}
	return strings.Join(parts, ",")
}

// Contains reports whether the installed version satisfies every
// specifier. Pre-releases are accepted (an installed version is judged as
// pip and uv judge an installed distribution); versions that are not PEP
// 440 match only === clauses.
func (s SpecifierSet) Contains(version string) bool {
	v, err := ParseVersion(version)
	for _, sp := range s {
		if sp.Op == "===" {
			if !strings.EqualFold(strings.TrimSpace(version), sp.Version) {
				return false
			}
			continue
		}
		if err != nil || !sp.contains(v) {
			return false
		}
	}
	return true
}

func (sp Specifier) contains(v Version) bool {
	switch sp.Op {
	case "~=":
		prefix := Specifier{Op: "==", wildcard: true, v: Version{Epoch: sp.v.Epoch, Release: sp.v.Release[:len(sp.v.Release)-1]}}
		return v.Public().Compare(sp.v) >= 0 && prefix.contains(v)
	case "==":
		return sp.equal(v)
	case "!=":
		return !sp.equal(v)
	case "<=":
		return v.Public().Compare(sp.v) <= 0
	case ">=":
		return v.Public().Compare(sp.v) >= 0
	case "<":
		// <V excludes pre-releases of V itself unless V is one.
		if v.Compare(sp.v) >= 0 {
			return false
		}
		return sp.v.IsPrerelease() || !v.IsPrerelease() || v.baseVersion().Compare(sp.v.baseVersion()) != 0
	case ">":
		// >V excludes post-releases and local versions of V itself.
		if v.Compare(sp.v) <= 0 {
			return false
		}
		sameBase := v.baseVersion().Compare(sp.v.baseVersion()) == 0
		if sp.v.Post == "" && v.Post != "" && sameBase {
			return false
		}
		return !(len(v.Local) > 0 && sameBase)
	}
	return false
}

// equal is ==: a prefix match for a wildcard, else equality, ignoring the
// candidate's local label unless the specifier has one.
func (sp Specifier) equal(v Version) bool {
	if sp.wildcard {
		want := versionComponents(sp.v)
		got := versionComponents(v.Public())
		got = padRelease(got, len(v.Release), len(sp.v.Release))
		if len(got) < len(want) {
			return false
		}
		for i := range want {
			if got[i] != want[i] {
				return false
			}
		}
		return true
	}
	if len(sp.v.Local) == 0 {
		v = v.Public()
	}
	return v.Compare(sp.v) == 0
}

// versionComponents is packaging's _version_split of the canonical form
// (trailing zeros kept): epoch, release segments, then "rcN", "postN",
// "devN".
func versionComponents(v Version) []string {
	out := append([]string{v.Epoch}, v.Release...)
	if v.Pre != "" {
		out = append(out, v.Pre+v.PreN)
	}
	if v.Post != "" {
		out = append(out, "post"+v.Post)
	}
	if v.Dev != "" {
		out = append(out, "dev"+v.Dev)
	}
	return out
}

// padRelease pads the release of components c (after the epoch, rel
// segments long) with zeros to to segments, as packaging's _pad_version
// pads the candidate to the specifier's length.
func padRelease(c []string, rel, to int) []string {
	if rel >= to {
		return c
	}
	out := append([]string{}, c[:1+rel]...)
	for i := rel; i < to; i++ {
		out = append(out, "0")
	}
	return append(out, c[1+rel:]...)
}

// PipRequirement is a parsed requirement line as SnakeBridge writes them
// into requirements.txt: name, extras, version specifiers, and possibly an
// environment marker or a URL, which we do not evaluate.
type PipRequirement struct {
	Name       string // as written
	Extras     []string
	Specifiers SpecifierSet
	// Marker and URL are the text after ';' and '@', if any.
	Marker, URL string
}

// requirementName is a PEP 508 project name.
var requirementName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$`)

// ParsePipRequirement parses a requirement such as "numpy~=1.26",
// "pkg[a,b]>=1,<2" or "pkg (==1.0)". The error says what pip would
// reject.
func ParsePipRequirement(line string) (PipRequirement, error) {
	var r PipRequirement
	rest := strings.TrimSpace(line)
	if before, marker, ok := strings.Cut(rest, ";"); ok {
		rest, r.Marker = strings.TrimSpace(before), strings.TrimSpace(marker)
	}
	end := strings.IndexAny(rest, "[(<>=!~@ \t")
	if end < 0 {
		end = len(rest)
	}
	r.Name = rest[:end]
	if !requirementName.MatchString(r.Name) {
		return r, fmt.Errorf("requirement %q: %q is not a valid package name", line, r.Name)
	}
	rest = strings.TrimSpace(rest[end:])
	if strings.HasPrefix(rest, "[") {
		close := strings.IndexByte(rest, ']')
		if close < 0 {
			return r, fmt.Errorf("requirement %q: unclosed [ of the extras", line)
		}
		for _, e := range strings.Split(rest[1:close], ",") {
			if e = strings.TrimSpace(e); e != "" {
				r.Extras = append(r.Extras, e)
			}
		}
		rest = strings.TrimSpace(rest[close+1:])
	}
	if url, ok := strings.CutPrefix(rest, "@"); ok {
		r.URL = strings.TrimSpace(url)
		return r, nil
	}
	if inner, ok := strings.CutPrefix(rest, "("); ok {
		inner, ok = strings.CutSuffix(inner, ")")
		if !ok {
			return r, fmt.Errorf("requirement %q: unclosed ( of the version", line)
		}
		rest = inner
	}
	specs, err := ParseSpecifierSet(rest)
	if err != nil {
		return r, fmt.Errorf("requirement %q: %w", line, err)
	}
	r.Specifiers = specs
	return r, nil
}
