package lockfile

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseJSONValues(t *testing.T) {
	tests := []struct {
		name, in string
		want     Value
	}{
		{"null", "null", Null{}},
		{"true with spaces", " \t\r\n true \n", Bool(true)},
		{"false", "false", Bool(false)},
		{"integer kept exact", "123456789012345678901234567890", Number("123456789012345678901234567890")},
		{"negative exponent kept exact", "-0.5E+07", Number("-0.5E+07")},
		{"zero", "0", Number("0")},
		{"plain string", `"abc"`, String("abc")},
		{"named escapes", `"\"\\\/\b\f\n\r\t"`, String("\"\\/\b\f\n\r\t")},
		{"unicode escapes", `"\u00e9\u00C9\u0000"`, String("éÉ\x00")},
		{"surrogate pair", `"\uD83D\uDC0D"`, String("🐍")},
		{"raw non-ASCII", "\"μ🐍\u2028\"", String("μ🐍\u2028")},
		{"escape after raw", `"μ\n"`, String("μ\n")},
		{"empty containers", `[{},[]]`, Array{Object{Keys: []string{}, Values: []Value{}}, Array{}}},
		{"object order kept", `{"b":1,"a":2}`, Object{Keys: []string{"b", "a"}, Values: []Value{Number("1"), Number("2")}}},
		{"duplicate keys: last wins at its place", `{"a":1,"b":2,"a":3}`,
			Object{Keys: []string{"b", "a"}, Values: []Value{Number("2"), Number("3")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ParseJSON("t.json", []byte(tt.in))
			require.NoError(t, err)
			require.Equal(t, tt.want, n.Value())
		})
	}
}

func TestParseJSONDuplicateKeysManyMembers(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		fmt.Fprintf(&b, `"k%02d":1,`, i)
	}
	b.WriteString(`"k00":2}`)
	n, err := ParseJSON("t.json", []byte(b.String()))
	require.NoError(t, err)
	require.Equal(t, 40, len(n.Members))
	require.Equal(t, "k00", n.Members[39].Key)
	require.Equal(t, "2", n.Get("k00").Str)
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "f.json:1:1: empty file: expected a JSON value"},
		{"only whitespace", "  \n ", "f.json:2:2: empty file: expected a JSON value"},
		{"byte order mark", "\xEF\xBB\xBF{}", "f.json:1:1: byte order mark (U+FEFF) is not allowed at the start of a JSON file"},
		{"truncated object", "{\n  \"a\": 1", "f.json:2:9: unexpected end of file in object, expected ',' or '}'"},
		{"truncated after colon", `{"a":`, "f.json:1:6: unexpected end of file while expecting a value"},
		{"truncated key", `{"ab`, "f.json:1:2: unterminated string: unexpected end of file"},
		{"truncated string value", "[\"μ🐍abc", "f.json:1:2: unterminated string: unexpected end of file"},
		{"truncated escape", `["\`, "f.json:1:2: unterminated string: unexpected end of file"},
		{"truncated array", "[1,", "f.json:1:4: unexpected end of file while expecting a value"},
		{"invalid UTF-8 in string", "{\"k\": \"ab\xff\"}", "f.json:1:10: invalid UTF-8 byte 0xff in string"},
		{"invalid UTF-8 after escape", "[\"\\n\xc3\x28\"]", "f.json:1:5: invalid UTF-8 byte 0xc3 in string"},
		{"encoded surrogate is invalid UTF-8", "\"\xed\xa0\x80\"", "f.json:1:2: invalid UTF-8 byte 0xed in string"},
		{"invalid UTF-8 outside strings", "[\xff]", "f.json:1:2: unexpected invalid UTF-8 byte 0xff while expecting a value"},
		{"non-ASCII outside strings", "[μ]", "f.json:1:2: unexpected character 'μ' (U+03BC) while expecting a value"},
		{"raw newline in string", "[\"a\nb\"]", "f.json:1:4: control character U+000A in string (it must be escaped)"},
		{"raw tab in string", "\"\t\"", "f.json:1:2: control character U+0009 in string (it must be escaped)"},
		{"invalid escape", `["\x"]`, `f.json:1:3: invalid escape: backslash followed by character 'x'`},
		{"short unicode escape", `["\u12"]`, `f.json:1:3: invalid \u escape: expected four hexadecimal digits`},
		{"lone low surrogate", `["\uDC00"]`, `f.json:1:3: lone low surrogate \uDC00 in string`},
		{"lone high surrogate", `["\uD800x"]`, `f.json:1:3: lone high surrogate \uD800 in string`},
		{"high surrogate then non-low", `["\uD800\u0041"]`, `f.json:1:3: high surrogate \uD800 not followed by a low surrogate`},
		{"leading zero", "[01]", "f.json:1:2: invalid number: leading zeros are not allowed"},
		{"bare minus", "-", "f.json:1:1: invalid number: expected a digit"},
		{"dot without digits", "1.", "f.json:1:1: invalid number: expected a digit after the decimal point"},
		{"exponent without digits", "[1e+]", "f.json:1:2: invalid number: expected a digit in the exponent"},
		{"leading plus", "+1", "f.json:1:1: unexpected character '+' while expecting a value"},
		{"NaN", "NaN", "f.json:1:1: unexpected character 'N' while expecting a value"},
		{"bad literal", "[tru]", `f.json:1:2: invalid literal "tru" (expected true)`},
		{"literal with suffix", "nullx", `f.json:1:1: invalid literal "nullx" (expected null)`},
		{"trailing comma in array", "[1,\n]", "f.json:2:1: trailing comma before ']'"},
		{"trailing comma in object", `{"a":1,}`, "f.json:1:8: trailing comma before '}'"},
		{"missing colon", `{"a" 1}`, "f.json:1:6: unexpected character '1' after object key, expected ':'"},
		{"non-string key", `{a:1}`, "f.json:1:2: unexpected character 'a' in object, expected a string key"},
		{"single quotes", `['a']`, `f.json:1:2: unexpected character '\'' while expecting a value`},
		{"missing comma", `[1 2]`, "f.json:1:4: unexpected character '2' in array, expected ',' or ']'"},
		{"comment", "{} // no", "f.json:1:4: unexpected character '/' after the top-level value, expected the end of the file"},
		{"two values", "{}{}", "f.json:1:3: unexpected character '{' after the top-level value, expected the end of the file"},
		{"NUL outside strings", "[\x00]", "f.json:1:2: unexpected control character U+0000 while expecting a value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseJSON("f.json", []byte(tt.in))
			require.EqualError(t, err, tt.want)
			var je *Error
			require.True(t, errors.As(err, &je), "not an *Error")
		})
	}
}

func TestParseJSONPositionsUTF16(t *testing.T) {
	// "μ" is one UTF-16 unit (two bytes), "🐍" two units (four bytes).
	src := "{\"μ🐍\": \"a\", \"k\": [true, \"🐍\"],\r\n \"x\": {\"y\": null}\r \"z\": 1}"
	src = strings.Replace(src, "\r \"z\"", "\r,\"z\"", 1) // lone CR line break
	n, err := ParseJSON("t.json", []byte(src))
	require.NoError(t, err)

	pos := func(l, c int) Position { return Position{Line: l, Character: c} }
	rng := func(l1, c1, l2, c2 int) Range { return Range{Start: pos(l1, c1), End: pos(l2, c2)} }

	m := n.Member("μ🐍")
	require.True(t, m != nil, "member μ🐍")
	require.Equal(t, rng(0, 1, 0, 6), m.KeyRange) // quote + 1 + 2 units + quote
	require.Equal(t, rng(0, 8, 0, 11), m.Value.Range)
	k := n.Get("k")
	require.Equal(t, rng(0, 18, 0, 30), k.Range)
	require.Equal(t, rng(0, 19, 0, 23), k.Elems[0].Range)
	require.Equal(t, rng(0, 25, 0, 29), k.Elems[1].Range)
	x := n.Member("x")
	require.Equal(t, rng(1, 1, 1, 4), x.KeyRange)
	require.Equal(t, rng(1, 6, 1, 17), x.Value.Range)
	require.Equal(t, rng(1, 12, 1, 16), x.Value.Get("y").Range)
	z := n.Member("z")
	require.Equal(t, rng(2, 1, 2, 4), z.KeyRange)
	require.Equal(t, rng(2, 6, 2, 7), z.Value.Range)
	require.Equal(t, rng(0, 0, 2, 8), n.Range)
}

func TestParseJSONErrorColumnsAreUTF16(t *testing.T) {
	_, err := ParseJSON("t.json", []byte("{\"μ🐍\": tru}"))
	require.EqualError(t, err, `t.json:1:9: invalid literal "tru" (expected true)`)
	var je *Error
	require.True(t, errors.As(err, &je))
	require.Equal(t, Range{Start: Position{0, 8}, End: Position{0, 11}}, je.Range)
}

func TestPathRange(t *testing.T) {
	src := "{\n  \"a\": {\n    \"b\": [10, {\"c\": 1}]\n  }\n}"
	n, err := ParseJSON("t.json", []byte(src))
	require.NoError(t, err)
	tests := []struct {
		name    string
		path    []string
		want    Range
		present bool
	}{
		{"root", nil, Range{Position{0, 0}, Position{4, 1}}, true},
		{"object value", []string{"a", "b"}, Range{Position{2, 9}, Position{2, 23}}, true},
		{"array element", []string{"a", "b", "0"}, Range{Position{2, 10}, Position{2, 12}}, true},
		{"through array", []string{"a", "b", "1", "c"}, Range{Position{2, 20}, Position{2, 21}}, true},
		{"missing leaf: parent key", []string{"a", "zz"}, Range{Position{1, 2}, Position{1, 5}}, false},
		{"missing below an element: the element", []string{"a", "b", "1", "d", "e"}, Range{Position{2, 14}, Position{2, 22}}, false},
		{"bad index: the array's key", []string{"a", "b", "7"}, Range{Position{2, 4}, Position{2, 7}}, false},
		{"scalar has no children: its element", []string{"a", "b", "0", "x"}, Range{Position{2, 10}, Position{2, 12}}, false},
		{"missing top level: opening brace", []string{"q"}, Range{Position{0, 0}, Position{0, 1}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := n.PathRange(tt.path...)
			require.Equal(t, tt.present, ok)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestParseJSONDepth(t *testing.T) {
	ok := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	_, err := ParseJSON("d.json", []byte(ok))
	require.NoError(t, err)

	deep := strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)
	_, err = ParseJSON("d.json", []byte(deep))
	require.EqualError(t, err, "d.json:1:1001: nesting deeper than 1000 levels")

	objs := strings.Repeat(`{"a":`, MaxDepth+1)
	_, err = ParseJSON("d.json", []byte(objs))
	require.EqualError(t, err, "d.json:1:5001: nesting deeper than 1000 levels")
}

// Big inputs must be handled in linear time and fail cleanly.
func TestParseJSONHugeInputs(t *testing.T) {
	const size = 20 << 20

	t.Run("20 MB single-line array parses", func(t *testing.T) {
		var b bytes.Buffer
		b.Grow(size + 16)
		b.WriteString("[")
		for b.Len() < size {
			b.WriteString(`"μ🐍",12345,`)
		}
		b.WriteString("0]")
		n, err := ParseJSON("big.json", b.Bytes())
		require.NoError(t, err)
		last := n.Elems[len(n.Elems)-1]
		require.Equal(t, 0, last.Range.Start.Line)
		require.Equal(t, slowPosition(b.Bytes(), b.Len()-2), last.Range.Start)
	})
	t.Run("20 MB unterminated string", func(t *testing.T) {
		data := append([]byte(`{"a": "`), bytes.Repeat([]byte("x"), size)...)
		_, err := ParseJSON("big.json", data)
		require.EqualError(t, err, "big.json:1:7: unterminated string: unexpected end of file")
	})
	t.Run("20 MB of opening brackets", func(t *testing.T) {
		_, err := ParseJSON("big.json", bytes.Repeat([]byte("["), size))
		require.EqualError(t, err, "big.json:1:1001: nesting deeper than 1000 levels")
	})
	t.Run("20 MB of garbage", func(t *testing.T) {
		_, err := ParseJSON("big.json", bytes.Repeat([]byte{0xff}, size))
		require.EqualError(t, err, "big.json:1:1: unexpected invalid UTF-8 byte 0xff while expecting a value")
	})
	t.Run("20 MB of newlines then truncation", func(t *testing.T) {
		data := append(bytes.Repeat([]byte("\n"), size), '{')
		_, err := ParseJSON("big.json", data)
		require.EqualError(t, err, "big.json:20971521:2: unexpected end of file in object, expected a string key")
	})
	t.Run("over the size limit", func(t *testing.T) {
		_, err := parseJSON("big.json", []byte("[1, 2, 3]"), limits{depth: MaxDepth, size: 8})
		require.EqualError(t, err, "big.json:1:1: file too large: 9 bytes (limit 8)")
	})
}
