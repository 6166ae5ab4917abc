package elixir

import "strings"

// Camelize is Elixir's Macro.camelize/1 (ASCII only): leading underscores
// are dropped, the first character and any a–z after '_' are upper-cased,
// '_' before a digit is dropped, "__" collapses, a trailing '_' is dropped,
// and '/' becomes '.' and starts over. Anything else is copied, so
// "torch.nn" becomes "Torch.nn".
func Camelize(s string) string {
	var b strings.Builder
	for {
		s = strings.TrimLeft(s, "_")
		if s == "" {
			return b.String()
		}
		b.WriteByte(upper(s[0]))
		rest, slash := camelizeRest(&b, s[1:])
		if !slash {
			return b.String()
		}
		b.WriteByte('.')
		s = rest
	}
}

// camelizeRest writes the camelized tail; at a '/' it stops and returns what
// follows it.
func camelizeRest(b *strings.Builder, s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_' && i+1 < len(s) && s[i+1] == '_':
			// "__" collapses to "_", which the next round handles.
		case c == '_' && i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z':
			b.WriteByte(upper(s[i+1]))
			i++
		case c == '_' && i+1 < len(s) && isDigit(s[i+1]):
			b.WriteByte(s[i+1])
			i++
		case c == '_' && i+1 == len(s):
		case c == '/':
			return s[i+1:], true
		default:
			b.WriteByte(c)
		}
	}
	return "", false
}

// Underscore is Elixir's Macro.underscore/1 (ASCII only): the first
// character is lower-cased; an upper-case letter followed by a character
// that is not upper-case, a digit, '.' or '_' becomes '_' plus its lower
// case (and the next character is copied); an upper-case letter after a
// character that is neither upper-case nor '_' becomes '_' plus its lower
// case; '.' becomes '/' and starts over. "JSONDecodeError" gives
// "json_decode_error".
func Underscore(s string) string {
	var b strings.Builder
	for {
		if s == "" {
			return b.String()
		}
		b.WriteByte(lower(s[0]))
		rest, dot := underscoreRest(&b, s[1:], s[0])
		if !dot {
			return b.String()
		}
		b.WriteByte('/')
		s = rest
	}
}

func underscoreRest(b *strings.Builder, s string, prev byte) (string, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isUpper(c) && i+1 < len(s) && !isUpper(s[i+1]) && !isDigit(s[i+1]) && s[i+1] != '.' && s[i+1] != '_':
			b.WriteByte('_')
			b.WriteByte(lower(c))
			b.WriteByte(s[i+1])
			prev = s[i+1]
			i++
			continue
		case isUpper(c) && !isUpper(prev) && prev != '_':
			b.WriteByte('_')
			b.WriteByte(lower(c))
		case c == '.':
			return s[i+1:], true
		default:
			b.WriteByte(lower(c))
		}
		prev = c
	}
	return "", false
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func lower(c byte) byte {
	if isUpper(c) {
		return c - 'A' + 'a'
	}
	return c
}
