package pyenv

import (
	"regexp"
	"strings"
)

// Normalize is the PEP 503 normalised form of a project name: lower-case,
// with every run of '-', '_' and '.' replaced by a single '-'.
func Normalize(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	inRun := false
	for _, r := range strings.ToLower(name) {
		if r == '-' || r == '_' || r == '.' {
			if !inRun {
				b.WriteByte('-')
			}
			inRun = true
			continue
		}
		inRun = false
		b.WriteRune(r)
	}
	return b.String()
}

// RequirementName is the package name as written in a requirement, derived
// as Snakepit's requirement_name!/1 does (compat §2.5): drop the environment
// marker after ';', the URL after '@', the extras after '[' and the version
// specifier from the first of "<>=!~", then trim. It is "" when nothing is
// left (upstream raises there).
func RequirementName(req string) string {
	name, _, _ := strings.Cut(req, ";")
	name, _, _ = strings.Cut(name, "@")
	name = strings.TrimSpace(name)
	name, _, _ = strings.Cut(name, "[")
	if i := strings.IndexAny(name, "<>=!~"); i >= 0 {
		name = name[:i]
	}
	return strings.TrimSpace(name)
}

// UpstreamVersion is the version upstream records in the lock's
// python_packages for requirementName (a RequirementName result): Snakepit
// looks up strings.ToLower(name) in `uv pip freeze` output, whose names are
// PEP 503-normalised and whose versions are PEP 440-normalised. So
// "typing_extensions" is never found (freeze says "typing-extensions") while
// "PyYAML" is found as "pyyaml". Distributions installed from a URL or path
// (DirectURL) appear in freeze output as "name @ url" / "-e url" and are
// never found either.
//
// uv freeze reads only the environment's own site-packages
// (Facts.SitePackages), not system site-packages a venv can see; pass the
// distributions of those directories to reproduce upstream exactly.
func UpstreamVersion(dists []Distribution, requirementName string) (version string, found bool) {
	key := strings.ToLower(requirementName)
	for _, d := range dists {
		if d.DirectURL != "" || d.Normalized != key {
			continue
		}
		if v, ok := CanonicalVersion(d.Version); ok {
			return v, true
		}
		return strings.TrimSpace(d.Version), true
	}
	return "", false
}

// FindDistribution finds a distribution by PEP 503-normalised name, the way
// pip and importlib match names; use it for our own messages, not for
// reproducing the lock.
func FindDistribution(dists []Distribution, name string) (Distribution, bool) {
	key := Normalize(name)
	for _, d := range dists {
		if d.Normalized == key {
			return d, true
		}
	}
	return Distribution{}, false
}

// pep440 is the version pattern of PEP 440 appendix B (as in packaging),
// anchored and case-insensitive.
var pep440 = regexp.MustCompile(`(?i)^\s*v?` +
	`(?:(?P<epoch>[0-9]+)!)?` +
	`(?P<release>[0-9]+(?:\.[0-9]+)*)` +
	`(?:[-_.]?(?P<pre_l>alpha|beta|preview|pre|rc|a|b|c)[-_.]?(?P<pre_n>[0-9]+)?)?` +
	`(?:-(?P<post_n1>[0-9]+)|[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n2>[0-9]+)?)?` +
	`(?:[-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>[0-9]+)?)?` +
	`(?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$`)

// CanonicalVersion renders a PEP 440 version the way packaging's
// str(Version) and uv's Version display do ("1.0-RC1" → "1.0rc1",
// "v01.02" → "1.2", "1.0-1" → "1.0.post1"). ok is false when v is not a
// PEP 440 version.
func CanonicalVersion(v string) (string, bool) {
	m := pep440.FindStringSubmatch(v)
	if m == nil {
		return "", false
	}
	g := func(name string) string { return m[pep440.SubexpIndex(name)] }
	var b strings.Builder
	if e := trimZeros(g("epoch")); e != "" && e != "0" {
		b.WriteString(e + "!")
	}
	for i, part := range strings.Split(g("release"), ".") {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(trimZeros(part))
	}
	if l := g("pre_l"); l != "" {
		b.WriteString(preLetter(strings.ToLower(l)) + numberOrZero(g("pre_n")))
	}
	if n := g("post_n1"); n != "" {
		b.WriteString(".post" + trimZeros(n))
	} else if g("post_l") != "" {
		b.WriteString(".post" + numberOrZero(g("post_n2")))
	}
	if g("dev_l") != "" {
		b.WriteString(".dev" + numberOrZero(g("dev_n")))
	}
	if local := g("local"); local != "" {
		parts := strings.FieldsFunc(strings.ToLower(local), func(r rune) bool { return r == '-' || r == '_' || r == '.' })
		for i, p := range parts {
			if isDigits(p) {
				parts[i] = trimZeros(p)
			}
		}
		b.WriteString("+" + strings.Join(parts, "."))
	}
	return b.String(), true
}

func preLetter(l string) string {
	switch l {
	case "alpha":
		return "a"
	case "beta":
		return "b"
	case "c", "pre", "preview":
		return "rc"
	}
	return l
}

func numberOrZero(n string) string {
	if n == "" {
		return "0"
	}
	return trimZeros(n)
}

// trimZeros drops leading zeros of a digit string ("007" → "7", "0" → "0")
// without converting, so arbitrarily long numbers survive.
func trimZeros(n string) string {
	t := strings.TrimLeft(n, "0")
	if t == "" && n != "" {
		return "0"
	}
	return t
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
