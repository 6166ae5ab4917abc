package lockfile

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MarshalJason writes v exactly as Jason.encode!(v, pretty: true) writes the
// corresponding Elixir term (Jason 1.x: Jason.Encode with the default
// escape: :json, then Jason.Formatter.pretty_print/1):
//
//   - two-space indentation, "\n" line separator, ": " after keys, one
//     element per line; empty objects and arrays as {} and [];
//   - no trailing newline;
//   - in strings only '"', '\\' and the C0 controls are escaped: \b \t \n
//     \f \r by name, the others as \u00XX with upper-case hex (Jason builds
//     them with :io_lib.format("\\u~4.16.0B", [byte]), lib/encode.ex);
//     '/', '<', '>', '&', DEL, all non-ASCII including U+2028/U+2029 are
//     written raw;
//   - invalid UTF-8 in a string or key is an error, as in Jason.
//
// Object members are written in the given order (see SortedObject for the
// order Jason gives Elixir maps). Numbers are written verbatim.
func MarshalJason(v Value) ([]byte, error) {
	// Sizing the output first (escapes aside, exactly) spares the copies
	// and garbage of a growing buffer.
	size, _ := jasonSize(v, 0)
	w := jasonWriter{buf: make([]byte, 0, size+64)}
	if err := w.value(v, 0); err != nil {
		return nil, err
	}
	return w.buf, nil
}

// jasonSize is the length of v's output without escapes (their extra
// bytes make the buffer grow once); ok is false, and the size partial,
// when containers nest MaxDepth deep, which value rejects.
func jasonSize(v Value, depth int) (n int, ok bool) {
	switch t := v.(type) {
	case String:
		return len(t) + 2, true
	case Number:
		return len(t), true
	case Bool:
		return 5, true
	case Array:
		if depth >= MaxDepth {
			return 0, false
		}
		n = 3 + 2*depth // brackets, the closing line
		for _, e := range t {
			m, ok := jasonSize(e, depth+1)
			if n += 2 + 2*(depth+1) + m; !ok { // comma, line
				return n, false
			}
		}
		return n, true
	case Object:
		if depth >= MaxDepth {
			return 0, false
		}
		n = 3 + 2*depth
		for i, k := range t.Keys {
			if i >= len(t.Values) {
				break
			}
			m, ok := jasonSize(t.Values[i], depth+1)
			if n += 2 + 2*(depth+1) + len(k) + 4 + m; !ok {
				return n, false
			}
		}
		return n, true
	}
	return 4, true // null
}

type jasonWriter struct{ buf []byte }

// marshalError locates a problem by its path in the value.
type marshalError struct {
	path []string // innermost segment first
	msg  string
}

func (e *marshalError) Error() string {
	var b strings.Builder
	b.WriteString("jason: ")
	for i := len(e.path) - 1; i >= 0; i-- {
		b.WriteString(e.path[i])
	}
	if len(e.path) > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.msg)
	return b.String()
}

func inside(err error, seg string) error {
	if me, ok := err.(*marshalError); ok {
		me.path = append(me.path, seg)
	}
	return err
}

func (w *jasonWriter) newline(depth int) {
	w.buf = append(w.buf, '\n')
	for range depth {
		w.buf = append(w.buf, ' ', ' ')
	}
}

// value writes v; depth counts the containers around it, and containers
// nest at most MaxDepth deep, as in ParseJSON (this also stops a cyclic
// Array).
func (w *jasonWriter) value(v Value, depth int) error {
	switch t := v.(type) {
	case nil, Null:
		w.buf = append(w.buf, "null"...)
	case Bool:
		w.buf = strconv.AppendBool(w.buf, bool(t))
	case Number:
		if end, msg := scanNumber([]byte(t), 0); msg != "" || end != len(t) {
			return &marshalError{msg: fmt.Sprintf("invalid number %q", string(t))}
		}
		w.buf = append(w.buf, t...)
	case String:
		return w.str(string(t))
	case Array:
		if depth >= MaxDepth {
			return errTooDeep()
		}
		return w.array(t, depth)
	case Object:
		if depth >= MaxDepth {
			return errTooDeep()
		}
		return w.object(t, depth)
	default:
		return &marshalError{msg: fmt.Sprintf("unsupported value type %T", v)}
	}
	return nil
}

func errTooDeep() error {
	return &marshalError{msg: fmt.Sprintf("nesting deeper than %d levels", MaxDepth)}
}

func (w *jasonWriter) array(a Array, depth int) error {
	if len(a) == 0 {
		w.buf = append(w.buf, "[]"...)
		return nil
	}
	w.buf = append(w.buf, '[')
	for i, e := range a {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.newline(depth + 1)
		if err := w.value(e, depth+1); err != nil {
			return inside(err, "["+strconv.Itoa(i)+"]")
		}
	}
	w.newline(depth)
	w.buf = append(w.buf, ']')
	return nil
}

func (w *jasonWriter) object(o Object, depth int) error {
	if len(o.Keys) != len(o.Values) {
		return &marshalError{msg: fmt.Sprintf("object has %d keys but %d values", len(o.Keys), len(o.Values))}
	}
	if len(o.Keys) == 0 {
		w.buf = append(w.buf, "{}"...)
		return nil
	}
	w.buf = append(w.buf, '{')
	for i, k := range o.Keys {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.newline(depth + 1)
		if err := w.str(k); err != nil {
			return inside(err, "{key "+strconv.Quote(k)+"}")
		}
		w.buf = append(w.buf, ':', ' ')
		if err := w.value(o.Values[i], depth+1); err != nil {
			return inside(err, "."+k)
		}
	}
	w.newline(depth)
	w.buf = append(w.buf, '}')
	return nil
}

const upperHex = "0123456789ABCDEF"

// jasonPlain marks the bytes str copies as they are: ASCII other than
// the C0 controls, '"' and '\\'.
var jasonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func (w *jasonWriter) str(s string) error {
	w.buf = append(w.buf, '"')
	start := 0 // start of the pending raw run
	for i := 0; i < len(s); {
		c := s[i]
		if jasonPlain[c] {
			i++
			continue
		}
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return &marshalError{msg: fmt.Sprintf("invalid UTF-8 byte 0x%02x in string %q", c, s)}
			}
			i += size
			continue
		}
		w.buf = append(w.buf, s[start:i]...)
		switch c {
		case '"', '\\':
			w.buf = append(w.buf, '\\', c)
		case '\b':
			w.buf = append(w.buf, '\\', 'b')
		case '\t':
			w.buf = append(w.buf, '\\', 't')
		case '\n':
			w.buf = append(w.buf, '\\', 'n')
		case '\f':
			w.buf = append(w.buf, '\\', 'f')
		case '\r':
			w.buf = append(w.buf, '\\', 'r')
		default:
			w.buf = append(w.buf, '\\', 'u', '0', '0', upperHex[c>>4], upperHex[c&0xF])
		}
		i++
		start = i
	}
	w.buf = append(w.buf, s[start:]...)
	w.buf = append(w.buf, '"')
	return nil
}
