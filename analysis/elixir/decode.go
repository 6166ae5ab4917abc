package elixir

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// decoded is the content of a string token sequence: the bytes after escape
// processing and heredoc indentation removal, and for every output byte the
// source offsets [from, to) of what produced it (used for ~w word ranges).
type decoded struct {
	b        []byte
	from, to []int32
}

func (d *decoded) add(b []byte, from, to int, track bool) {
	d.b = append(d.b, b...)
	if track {
		for range b {
			d.from = append(d.from, int32(from))
			d.to = append(d.to, int32(to))
		}
	}
}

// closingDelimiter returns the byte that closes the string opened at begin
// (0 for heredocs).
func (s *Source) closingDelimiter(begin int) byte {
	open := s.Toks[begin]
	if open.Flags&StrHeredoc != 0 {
		return 0
	}
	c := s.Src[open.End-1]
	if cl, ok := sigilClosers[c]; ok && open.Flags&StrSigil != 0 {
		return cl
	}
	return c
}

// heredocIndent returns the indentation of the line that closes the heredoc
// whose StrEnd is end: what Elixir strips from each line of its body.
func (s *Source) heredocIndent(end Token) int {
	closeAt := int(end.Start) - 2 // StrEnd starts at the last of the three quotes
	return closeAt - (bytes.LastIndexByte(s.Src[:closeAt], '\n') + 1)
}

// decodePart decodes the StrPart p of the string opened by open, removing
// indent characters of heredoc indentation at the start of each line.
func (s *Source) decodePart(d *decoded, open, p Token, closer byte, indent int, track bool) (int, string) {
	src := s.Src
	heredoc := open.Flags&StrHeredoc != 0
	escapes := open.Flags&StrInterp != 0
	for i := int(p.Start); i < int(p.End); {
		if heredoc && (i == int(open.End) || src[i-1] == '\n') {
			for n := 0; n < indent && i < int(p.End) && (src[i] == ' ' || src[i] == '\t'); n++ {
				i++
			}
			if i >= int(p.End) {
				break
			}
		}
		c := src[i]
		if c != '\\' || i+1 >= int(p.End) {
			d.add(src[i:i+1], i, i+1, track)
			i++
			continue
		}
		if !escapes {
			// Upper-case sigils only unescape their own closing delimiter.
			if closer != 0 && src[i+1] == closer {
				d.add(src[i+1:i+2], i, i+2, track)
				i += 2
			} else {
				d.add(src[i:i+1], i, i+1, track)
				i++
			}
			continue
		}
		n, out, msg := unescape(src[i:p.End])
		if msg != "" {
			return i, msg
		}
		d.add(out, i, i+n, track)
		i += n
	}
	return 0, ""
}

// simpleEscape decodes the one-letter escapes of Elixir strings.
func simpleEscape(c byte) (byte, bool) {
	switch c {
	case '0':
		return 0, true
	case 'a':
		return 7, true
	case 'b':
		return 8, true
	case 'd':
		return 127, true
	case 'e':
		return 27, true
	case 'f':
		return 12, true
	case 'n':
		return 10, true
	case 'r':
		return 13, true
	case 's':
		return 32, true
	case 't':
		return 9, true
	case 'v':
		return 11, true
	}
	return 0, false
}

// unescape decodes the escape sequence at the start of b (b[0] == '\\') and
// returns how many source bytes it used and the bytes it stands for.
func unescape(b []byte) (int, []byte, string) {
	c := b[1]
	if v, ok := simpleEscape(c); ok {
		return 2, []byte{v}, ""
	}
	switch c {
	case '\n':
		return 2, nil, ""
	case '\r':
		if len(b) > 2 && b[2] == '\n' {
			return 3, nil, ""
		}
	case 'x':
		n := hexRun(b[2:], 2)
		if n == 0 {
			return 0, nil, `invalid hexadecimal escape: \x must be followed by one or two hex digits`
		}
		v, _ := strconv.ParseUint(string(b[2:2+n]), 16, 8)
		return 2 + n, []byte{byte(v)}, ""
	case 'u':
		return unescapeUnicode(b)
	}
	_, size := utf8.DecodeRune(b[1:])
	return 1 + size, b[1 : 1+size], ""
}

func unescapeUnicode(b []byte) (int, []byte, string) {
	var digits []byte
	n := 0
	if len(b) > 2 && b[2] == '{' {
		k := hexRun(b[3:], 6)
		if k == 0 || len(b) <= 3+k || b[3+k] != '}' {
			return 0, nil, `invalid Unicode escape: \u{ must be followed by 1 to 6 hex digits and }`
		}
		digits, n = b[3:3+k], 4+k
	} else {
		if hexRun(b[2:], 4) != 4 {
			return 0, nil, `invalid Unicode escape: \u must be followed by 4 hex digits or {...}`
		}
		digits, n = b[2:6], 6
	}
	v, _ := strconv.ParseUint(string(digits), 16, 32)
	r := rune(v)
	if v > utf8.MaxRune || (r >= 0xD800 && r <= 0xDFFF) {
		return 0, nil, "invalid Unicode code point in escape: U+" + string(digits)
	}
	return n, utf8.AppendRune(nil, r), ""
}

func hexRun(b []byte, max int) int {
	n := 0
	for n < len(b) && n < max && isHex(b[n]) {
		n++
	}
	return n
}

func isHex(c byte) bool { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }

// charValue decodes a character literal token (?a, ?\n) to its code point.
func charValue(text []byte) (rune, string) {
	body := text[1:]
	if body[0] != '\\' {
		r, _ := utf8.DecodeRune(body)
		return r, ""
	}
	if len(body) < 2 {
		return 0, "invalid character literal"
	}
	if v, ok := simpleEscape(body[1]); ok {
		return rune(v), ""
	}
	r, _ := utf8.DecodeRune(body[1:])
	return r, ""
}

// codepoints converts decoded charlist bytes to code points; a byte that is
// not part of valid UTF-8 (from a \x escape) stands for itself.
func codepoints(b []byte) []rune {
	var out []rune
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			r = rune(b[0])
		}
		out = append(out, r)
		b = b[size:]
	}
	return out
}
