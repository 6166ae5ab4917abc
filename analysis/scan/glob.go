package scan

import (
	"fmt"
	"path"
	"strings"
)

// glob is a compiled Path.wildcard pattern: "*" and "?" within a path
// segment, "[...]" classes, "{a,b}" alternatives and "**" for any number of
// directories. As in Path.wildcard, wildcards do not match names starting
// with a dot.
type glob struct {
	alternatives [][]string // brace-expanded patterns, split into segments
}

func compileGlob(pattern string) (*glob, error) {
	g := &glob{}
	for _, alt := range expandBraces(pattern) {
		segs := strings.Split(path.Clean(alt), "/")
		for _, seg := range segs {
			if seg == "**" {
				continue
			}
			if _, err := path.Match(seg, ""); err != nil {
				return nil, fmt.Errorf("invalid scan_exclude pattern %q: %w", pattern, err)
			}
		}
		g.alternatives = append(g.alternatives, segs)
	}
	return g, nil
}

// match reports whether the slash-separated relative path matches.
func (g *glob) match(rel string) bool {
	segs := strings.Split(rel, "/")
	for _, alt := range g.alternatives {
		if matchSegments(alt, segs) {
			return true
		}
	}
	return false
}

func matchSegments(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for k := 0; k <= len(segs); k++ {
				if matchSegments(pat[1:], segs[k:]) {
					return true
				}
				if k < len(segs) && strings.HasPrefix(segs[k], ".") {
					return false
				}
			}
			return false
		}
		if len(segs) == 0 || !matchSegment(pat[0], segs[0]) {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

func matchSegment(pat, name string) bool {
	if strings.HasPrefix(name, ".") && !strings.HasPrefix(pat, ".") {
		return false
	}
	ok, err := path.Match(pat, name)
	return err == nil && ok
}

// expandBraces expands {a,b} alternatives (nested ones too).
func expandBraces(p string) []string {
	open := strings.IndexByte(p, '{')
	if open < 0 {
		return []string{p}
	}
	depth := 0
	var parts []string
	last := open + 1
	for k := open; k < len(p); k++ {
		switch p[k] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				parts = append(parts, p[last:k])
				var out []string
				for _, part := range parts {
					out = append(out, expandBraces(p[:open]+part+p[k+1:])...)
				}
				return out
			}
		case ',':
			if depth == 1 {
				parts = append(parts, p[last:k])
				last = k + 1
			}
		}
	}
	return []string{p} // unbalanced: literal
}
