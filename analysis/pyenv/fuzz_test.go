package pyenv

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMetadataHeaders checks that the core-metadata header parser never
// panics and only ever reports well-formed headers.
func FuzzMetadataHeaders(f *testing.F) {
	f.Add([]byte("Metadata-Version: 2.1\nName: numpy\nVersion: 1.24.2\n\nbody"))
	f.Add([]byte("Name: a\r\n  folded\r\n: x\rFrom y\nnot a header\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := parseHeaders(bytes.NewReader(data))
		if err != nil {
			if len(data) <= maxHeaderBytes {
				t.Fatalf("error on %d bytes of input: %v", len(data), err)
			}
			return
		}
		last := 0
		for _, h := range s.headers {
			if h.name == "" || headerNameEnd(h.name+":") != len(h.name) {
				t.Fatalf("bad header name %q", h.name)
			}
			if h.line <= last {
				t.Fatalf("header lines not increasing: %d after %d", h.line, last)
			}
			last = h.line
		}
		if s.stopLine > 0 && (s.stopText == "" || s.stopText[0] == ' ' || s.stopText[0] == '\t') {
			t.Fatalf("bad stop line %d: %q", s.stopLine, s.stopText)
		}
		md, err := parseCoreMetadata("fuzz/METADATA", bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz/METADATA") && !strings.HasPrefix(err.Error(), "reading fuzz/METADATA") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, v := range []string{md.name, md.version} {
			if v == "" || v != strings.TrimSpace(v) || !utf8.ValidString(v) || strings.ContainsAny(v, "\r\n") {
				t.Fatalf("bad value %q", v)
			}
		}
	})
}

// FuzzPyvenvCfg checks the pyvenv.cfg reader never panics and either names
// the file in its error or yields trimmed, lower-cased keys.
func FuzzPyvenvCfg(f *testing.F) {
	f.Add([]byte("home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n"))
	f.Add([]byte("\xef\xbb\xbfHOME=/x\r\n=\r\n\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parsePyvenvCfg("v/pyvenv.cfg", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "v/pyvenv.cfg:") {
				t.Fatalf("error does not name the file and line: %v", err)
			}
			return
		}
		for k, vs := range c.values {
			if k != strings.ToLower(strings.TrimSpace(k)) || len(vs) == 0 {
				t.Fatalf("bad key %q", k)
			}
			for _, v := range vs {
				if v.value != strings.TrimSpace(v.value) || v.line < 1 {
					t.Fatalf("bad value %+v", v)
				}
			}
		}
	})
}

// FuzzCanonicalVersion checks that canonical versions are fixed points.
func FuzzCanonicalVersion(f *testing.F) {
	for _, s := range []string{"1.0", "v1.0-RC1", "1!2.0.post3.dev4+Loc.01", "1.0-1", "junk"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		c, ok := CanonicalVersion(v)
		if !ok {
			return
		}
		again, ok := CanonicalVersion(c)
		if !ok || again != c {
			t.Fatalf("%q → %q → %q (%v)", v, c, again, ok)
		}
	})
}

// FuzzRequirementName checks the name never keeps a separator upstream
// strips and is trimmed.
func FuzzRequirementName(f *testing.F) {
	for _, s := range []string{"numpy~=1.26", "a[b] @ url ; marker", " x "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, req string) {
		n := RequirementName(req)
		if strings.ContainsAny(n, ";@[<>=!~") || n != strings.TrimSpace(n) {
			t.Fatalf("RequirementName(%q) = %q", req, n)
		}
	})
}
