package render

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// plainEscapeHeredoc is escapeHeredoc written rune by rune, the reference
// for its run-copying version.
func plainEscapeHeredoc(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '#' && strings.HasPrefix(s[i:], "#{"):
			b.WriteString(`\#`)
		case r == '"' && strings.HasPrefix(s[i:], `"""`):
			b.WriteString(`\"`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case mustEscape(r):
			b.WriteString(unicodeEscape(r))
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	if !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	return out
}

func TestEscapeHeredocMatchesPlain(t *testing.T) {
	pieces := []string{"a", "Z", " ", "\"", `""`, `"""`, "\\", "#", "#{", "{", "\n", "\t", "\r", "\x00", "\x1b", "\x7f",
		"é", "日本", "🐍", "\u0085", "\u202e", "\u2028", "\ufeff", "\xff", "\xc3", "\xe2\x80", "plain text "}
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 5000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := escapeHeredoc(s), plainEscapeHeredoc(s); got != want {
			t.Fatalf("case %d: escapeHeredoc(%q) = %q, want %q", n, s, got, want)
		}
	}
}
