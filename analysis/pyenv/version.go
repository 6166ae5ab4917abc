package pyenv

import (
	"fmt"
	"strings"
)

// Version is a parsed PEP 440 version. Numbers are kept as digit strings
// without leading zeros, so arbitrarily long ones compare correctly.
type Version struct {
	Epoch   string
	Release []string
	// Pre is the pre-release letter ("a", "b", "rc") and PreN its number;
	// Pre is "" for none.
	Pre, PreN string
	// Post and Dev are the post- and development-release numbers, "" for
	// none.
	Post, Dev string
	Local     []string // lower-cased segments of the local label
}

// ParseVersion parses a PEP 440 version with the normalisations packaging
// accepts ("v1.0", "1.0-RC1", "1.0-1", "1.0_post2").
func ParseVersion(s string) (Version, error) {
	m := pep440.FindStringSubmatch(s)
	if m == nil {
		return Version{}, fmt.Errorf("%q is not a PEP 440 version", s)
	}
	g := func(name string) string { return m[pep440.SubexpIndex(name)] }
	v := Version{Epoch: "0"}
	if e := g("epoch"); e != "" {
		v.Epoch = trimZeros(e)
	}
	for _, part := range strings.Split(g("release"), ".") {
		v.Release = append(v.Release, trimZeros(part))
	}
	if l := g("pre_l"); l != "" {
		v.Pre, v.PreN = preLetter(strings.ToLower(l)), numberOrZero(g("pre_n"))
	}
	if n := g("post_n1"); n != "" {
		v.Post = trimZeros(n)
	} else if g("post_l") != "" {
		v.Post = numberOrZero(g("post_n2"))
	}
	if g("dev_l") != "" {
		v.Dev = numberOrZero(g("dev_n"))
	}
	if local := g("local"); local != "" {
		v.Local = strings.FieldsFunc(strings.ToLower(local), func(r rune) bool { return r == '-' || r == '_' || r == '.' })
		for i, p := range v.Local {
			if isDigits(p) {
				v.Local[i] = trimZeros(p)
			}
		}
	}
	return v, nil
}

// String renders the canonical form (packaging's str(Version)).
func (v Version) String() string {
	var b strings.Builder
	if v.Epoch != "0" && v.Epoch != "" {
		b.WriteString(v.Epoch + "!")
	}
	b.WriteString(strings.Join(v.Release, "."))
	if v.Pre != "" {
		b.WriteString(v.Pre + v.PreN)
	}
	if v.Post != "" {
		b.WriteString(".post" + v.Post)
	}
	if v.Dev != "" {
		b.WriteString(".dev" + v.Dev)
	}
	if len(v.Local) > 0 {
		b.WriteString("+" + strings.Join(v.Local, "."))
	}
	return b.String()
}

// IsPrerelease reports a pre- or development release (packaging's
// is_prerelease).
func (v Version) IsPrerelease() bool { return v.Pre != "" || v.Dev != "" }

// Public is the version without its local label.
func (v Version) Public() Version {
	v.Local = nil
	return v
}

// baseVersion is epoch and release only (packaging's base_version).
func (v Version) baseVersion() Version {
	return Version{Epoch: v.Epoch, Release: v.Release}
}

// Compare orders versions as packaging does: -1, 0 or +1.
func (v Version) Compare(w Version) int {
	if c := cmpNum(v.Epoch, w.Epoch); c != 0 {
		return c
	}
	if c := cmpRelease(v.Release, w.Release); c != 0 {
		return c
	}
	if c := cmpPre(v, w); c != 0 {
		return c
	}
	// No post-release sorts before any post-release.
	if c := cmpOptional(v.Post, w.Post, -1); c != 0 {
		return c
	}
	// No development release sorts after any development release.
	if c := cmpOptional(v.Dev, w.Dev, +1); c != 0 {
		return c
	}
	return cmpLocal(v.Local, w.Local)
}

// cmpNum compares digit strings without leading zeros.
func cmpNum(a, b string) int {
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// cmpRelease compares release tuples with trailing zeros ignored
// (1.0 == 1.0.0).
func cmpRelease(a, b []string) int {
	for i := 0; i < max(len(a), len(b)); i++ {
		x, y := "0", "0"
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if c := cmpNum(x, y); c != 0 {
			return c
		}
	}
	return 0
}

// preRank places a version's pre-release part: a development release of
// a final version (1.0.dev0) comes before its pre-releases, a final or
// post-release after them.
func preRank(v Version) (rank int, letter, n string) {
	switch {
	case v.Pre == "" && v.Post == "" && v.Dev != "":
		return -1, "", ""
	case v.Pre == "":
		return 1, "", ""
	}
	return 0, v.Pre, v.PreN
}

func cmpPre(v, w Version) int {
	rv, lv, nv := preRank(v)
	rw, lw, nw := preRank(w)
	if rv != rw {
		return sign(rv - rw)
	}
	if rv != 0 {
		return 0
	}
	if lv != lw {
		return strings.Compare(lv, lw) // "a" < "b" < "rc"
	}
	return cmpNum(nv, nw)
}

// cmpOptional compares optional numbers, an absent one sorting at the
// given side (-1 before every number, +1 after).
func cmpOptional(a, b string, absent int) int {
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return absent
	case b == "":
		return -absent
	}
	return cmpNum(a, b)
}

// cmpLocal: no label sorts first; numeric segments sort after alphanumeric
// ones; a shorter label equal to a longer one's start sorts first.
func cmpLocal(a, b []string) int {
	switch {
	case len(a) == 0 && len(b) == 0:
		return 0
	case len(a) == 0:
		return -1
	case len(b) == 0:
		return 1
	}
	for i := 0; i < min(len(a), len(b)); i++ {
		da, db := isDigits(a[i]), isDigits(b[i])
		var c int
		switch {
		case da && db:
			c = cmpNum(a[i], b[i])
		case da:
			c = 1
		case db:
			c = -1
		default:
			c = strings.Compare(a[i], b[i])
		}
		if c != 0 {
			return c
		}
	}
	return sign(len(a) - len(b))
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
