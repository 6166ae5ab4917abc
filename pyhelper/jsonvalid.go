package pyhelper

// validJSON reports whether data is one JSON value, answering exactly as
// encoding/json.Valid does (FuzzValidJSON compares them): RFC 8259 syntax,
// whitespace around the value, string bytes not checked for UTF-8, nesting
// up to encoding/json's 10,000 levels. json.Valid drives a state machine a
// byte at a time through a function value; on sympy's 6.9 MB document that
// was 27 ms of every cold introspection, the client's largest step after
// reading the frame. Here strings (most of a document: docstrings, names)
// are skipped by a table lookup per byte.
func validJSON(data []byte) bool {
	v := jsonValidator{data: data}
	v.space()
	if !v.value() {
		return false
	}
	v.space()
	return v.pos == len(data)
}

// jsonMaxDepth is encoding/json's maxNestingDepth.
const jsonMaxDepth = 10000

// jsonStringPlain marks the bytes a string holds as they are: not the
// closing quote, not a backslash, not a control character.
var jsonStringPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

type jsonValidator struct {
	data []byte
	pos  int
	// open holds the containers entered and not yet closed, '{' or '['.
	open []byte
}

func (v *jsonValidator) space() {
	for v.pos < len(v.data) {
		switch v.data[v.pos] {
		case ' ', '\t', '\n', '\r':
			v.pos++
		default:
			return
		}
	}
}

// value reads one value, containers included, without recursion: after a
// value, the innermost open container decides what may follow.
func (v *jsonValidator) value() bool {
	for {
		if !v.scalarOrOpen() {
			return false
		}
		// Close what ends here; stop at a comma (another member or
		// element follows) or when nothing is open.
		for {
			if len(v.open) == 0 {
				return true
			}
			v.space()
			if v.pos >= len(v.data) {
				return false
			}
			c := v.data[v.pos]
			closer := byte(']')
			if v.open[len(v.open)-1] == '{' {
				closer = '}'
			}
			if c == closer {
				v.pos++
				v.open = v.open[:len(v.open)-1]
				continue
			}
			if c != ',' {
				return false
			}
			v.pos++
			v.space()
			if v.open[len(v.open)-1] == '{' && !v.memberName() {
				return false
			}
			break
		}
	}
}

// scalarOrOpen reads a scalar, an empty container, or the opening of a
// container up to its first value (which it leaves to the caller's loop by
// returning with the container open). Whitespace before it is skipped.
func (v *jsonValidator) scalarOrOpen() bool {
	for {
		v.space()
		if v.pos >= len(v.data) {
			return false
		}
		switch c := v.data[v.pos]; c {
		case '{', '[':
			if len(v.open) >= jsonMaxDepth {
				return false
			}
			v.pos++
			v.space()
			closer := byte(']')
			if c == '{' {
				closer = '}'
			}
			if v.pos < len(v.data) && v.data[v.pos] == closer {
				v.pos++
				return true // an empty container is a complete value
			}
			v.open = append(v.open, c)
			if c == '{' && !v.memberName() {
				return false
			}
			continue // the first element or member value
		case '"':
			return v.string()
		case 't':
			return v.literal("true")
		case 'f':
			return v.literal("false")
		case 'n':
			return v.literal("null")
		default:
			return v.number()
		}
	}
}

// memberName reads `"name" :` and the whitespace after the colon.
func (v *jsonValidator) memberName() bool {
	if v.pos >= len(v.data) || v.data[v.pos] != '"' || !v.string() {
		return false
	}
	v.space()
	if v.pos >= len(v.data) || v.data[v.pos] != ':' {
		return false
	}
	v.pos++
	return true
}

func (v *jsonValidator) string() bool {
	data, i := v.data, v.pos+1
	for {
		for i < len(data) && jsonStringPlain[data[i]] {
			i++
		}
		if i >= len(data) {
			return false
		}
		switch data[i] {
		case '"':
			v.pos = i + 1
			return true
		case '\\':
			if i+1 >= len(data) {
				return false
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(data) {
					return false
				}
				for _, h := range data[i+2 : i+6] {
					if !isHex(h) {
						return false
					}
				}
				i += 6
			default:
				return false
			}
		default: // a control character
			return false
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func (v *jsonValidator) literal(word string) bool {
	if len(v.data)-v.pos < len(word) || string(v.data[v.pos:v.pos+len(word)]) != word {
		return false
	}
	v.pos += len(word)
	return true
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (v *jsonValidator) number() bool {
	data, i := v.data, v.pos
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		i = skipDigits(data, i+1)
	default:
		return false
	}
	if i < len(data) && data[i] == '.' {
		j := skipDigits(data, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := skipDigits(data, i)
		if j == i {
			return false
		}
		i = j
	}
	v.pos = i
	return true
}

func skipDigits(data []byte, i int) int {
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		i++
	}
	return i
}
