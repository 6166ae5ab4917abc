package lockfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/stretchr/testify/require"
)

func obj(kv ...any) Object {
	o := Object{Keys: []string{}, Values: []Value{}}
	for i := 0; i < len(kv); i += 2 {
		o.Keys = append(o.Keys, kv[i].(string))
		o.Values = append(o.Values, kv[i+1].(Value))
	}
	return o
}

func TestMarshalJasonLayout(t *testing.T) {
	tests := []struct {
		name string
		in   Value
		want string
	}{
		{"nil is null", nil, "null"},
		{"null", Null{}, "null"},
		{"bools", Array{Bool(true), Bool(false)}, "[\n  true,\n  false\n]"},
		{"number verbatim", Number("-12.50e+3"), "-12.50e+3"},
		{"top-level string", String("x"), `"x"`},
		{"empty object", Object{}, "{}"},
		{"empty array", Array{}, "[]"},
		{"empty containers nested", obj("a", Object{}, "b", Array{}),
			"{\n  \"a\": {},\n  \"b\": []\n}"},
		{"container as first element", Array{Array{Number("1")}, obj("k", Null{})},
			"[\n  [\n    1\n  ],\n  {\n    \"k\": null\n  }\n]"},
		{"object member order kept", obj("z", Number("1"), "a", Number("2")),
			"{\n  \"z\": 1,\n  \"a\": 2\n}"},
		{"deep", obj("a", obj("b", Array{obj("c", String("d"))})),
			"{\n  \"a\": {\n    \"b\": [\n      {\n        \"c\": \"d\"\n      }\n    ]\n  }\n}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MarshalJason(tt.in)
			require.NoError(t, err)
			require.Equal(t, tt.want, string(got))
		})
	}
}

// The expected escapes follow Jason's lib/encode.ex (escape: :json): the
// named escapes for \b \t \n \f \r " \, "\\u~4.16.0B" (upper-case hex) for
// the other bytes below 0x20, everything else raw.
func TestMarshalJasonEscapes(t *testing.T) {
	named := map[byte]string{'\b': `\b`, '\t': `\t`, '\n': `\n`, '\f': `\f`, '\r': `\r`}
	for c := 0; c < 0x20; c++ {
		want := named[byte(c)]
		if want == "" {
			want = fmt.Sprintf(`\u%04X`, c)
		}
		got, err := MarshalJason(String([]byte{'a', byte(c), 'b'}))
		require.NoError(t, err)
		require.Equal(t, `"a`+want+`b"`, string(got), "byte 0x%02x", c)
	}
	raw := "/<>&'\x7f μ À 乾杯 🐍 \u2028\u2029 \u00a0"
	got, err := MarshalJason(String(`q"b\s` + raw))
	require.NoError(t, err)
	require.Equal(t, `"q\"b\\s`+raw+`"`, string(got))

	got, err = MarshalJason(obj("ké\n\"y\"", String("v")))
	require.NoError(t, err)
	require.Equal(t, "{\n  \"ké\\n\\\"y\\\"\": \"v\"\n}", string(got))
	// Jason's \u001F, not Go's or Python's lower-case \u001f.
	got, err = MarshalJason(String("\x1f\x0b\x00"))
	require.NoError(t, err)
	require.Equal(t, `"\u001F\u000B\u0000"`, string(got))
}

func TestMarshalJasonErrors(t *testing.T) {
	deep := Value(Array{})
	for range MaxDepth {
		deep = Array{deep}
	}
	okDeep := Value(Array{})
	for range MaxDepth - 1 {
		okDeep = Array{okDeep}
	}
	if _, err := MarshalJason(okDeep); err != nil {
		t.Fatalf("%d levels must be accepted: %v", MaxDepth, err)
	}
	tests := []struct {
		name string
		in   Value
		want string
	}{
		{"invalid UTF-8 in a value", obj("a", Array{String("ok"), String("x\xffy")}),
			`jason: .a[1]: invalid UTF-8 byte 0xff in string "x\xffy"`},
		{"invalid UTF-8 in a key", obj("k\xc3", Null{}), `jason: {key "k\xc3"}: invalid UTF-8 byte 0xc3 in string "k\xc3"`},
		{"surrogate bytes are invalid UTF-8", String("\xed\xa0\x80"), `jason: invalid UTF-8 byte 0xed in string "\xed\xa0\x80"`},
		{"invalid number", Array{Number("01")}, `jason: [0]: invalid number "01"`},
		{"empty number", Number(""), `jason: invalid number ""`},
		{"number with junk", Number("1 "), `jason: invalid number "1 "`},
		{"keys and values differ", Object{Keys: []string{"a"}}, "jason: object has 1 keys but 0 values"},
		{"too deep", deep, "jason: " + strings.Repeat("[0]", MaxDepth) + ": nesting deeper than 1000 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := MarshalJason(tt.in)
			require.EqualError(t, err, tt.want)
		})
	}
}

func TestSortedObjectAndSortAll(t *testing.T) {
	o := SortedObject(map[string]Value{"b": Number("1"), "B": Number("2"), "a": Null{}, "é": Bool(true), "a_b": Array{}})
	require.Equal(t, []string{"B", "a", "a_b", "b", "é"}, o.Keys)
	require.Equal(t, Value(Number("2")), o.Values[0])

	in := obj("z", Array{obj("y", Null{}, "x", Null{})}, "a", obj("d", Null{}, "c", Null{}))
	want := obj("a", obj("c", Null{}, "d", Null{}), "z", Array{obj("x", Null{}, "y", Null{})})
	require.Equal(t, Value(want), SortAll(in))

	var set Object
	set.Set("a", Number("1"))
	set.Set("b", Number("2"))
	set.Set("a", Number("3"))
	v, ok := set.Get("a")
	require.True(t, ok)
	require.Equal(t, Value(Number("3")), v)
	require.Equal(t, []string{"a", "b"}, set.Keys)
}

// Hand-written Jason-pretty documents must survive parse → marshal byte for
// byte, including non-ASCII docstrings, upper-case \u00XX escapes, numbers
// in non-canonical notation and key orders that are not sorted.
func TestRoundTripFixtures(t *testing.T) {
	for _, name := range []string{"cpu.lock", "cuda.lock", "manifest.json", "registry.json"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", name))
			require.NoError(t, err)
			require.True(t, !bytes.HasSuffix(data, []byte("\n")), "fixture must not end in a newline, like Jason's output")
			n, err := ParseJSON(name, data)
			require.NoError(t, err)
			out, err := MarshalJason(n.Value())
			require.NoError(t, err)
			if !bytes.Equal(data, out) {
				t.Fatalf("round trip differs at byte %d:\n%s", firstDiff(data, out), out)
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// Python's json.dumps(v, indent=2, ensure_ascii=False) shares Jason's pretty
// layout and its raw output of non-ASCII; it differs only in writing control
// characters as lower-case \u00xx. It is an independent oracle for random
// documents without such characters.
func TestMarshalJasonMatchesPythonLayout(t *testing.T) {
	py := testenv.SystemPython(t)
	rng := rand.New(rand.NewPCG(1, 2))
	var docs []string
	for range 300 {
		out, err := MarshalJason(randomValue(rng, 0))
		require.NoError(t, err)
		docs = append(docs, string(out))
	}
	in, err := json.Marshal(docs)
	require.NoError(t, err)
	script := `import json, sys
docs = json.load(sys.stdin)
json.dump([json.dumps(json.loads(d), indent=2, ensure_ascii=False) for d in docs], sys.stdout)`
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = bytes.NewReader(in)
	outb, err := cmd.Output()
	require.NoError(t, err)
	var python []string
	require.NoError(t, json.Unmarshal(outb, &python))
	require.Equal(t, len(docs), len(python))
	for i := range docs {
		require.Equal(t, python[i], docs[i], "document %d", i)
	}
}

// randomValue builds values Python re-renders identically: integers only
// (Python reformats floats), strings without control characters other than
// the named escapes.
func randomValue(rng *rand.Rand, depth int) Value {
	k := rng.IntN(8)
	if depth > 4 {
		k %= 4
	}
	switch k {
	case 0:
		return Null{}
	case 1:
		return Bool(rng.IntN(2) == 0)
	case 2:
		return Number(strconv.Itoa(rng.IntN(2_000_001) - 1_000_000))
	case 3:
		return String(randomString(rng))
	case 4, 5:
		a := Array{}
		for range rng.IntN(4) {
			a = append(a, randomValue(rng, depth+1))
		}
		return a
	}
	o := Object{}
	for range rng.IntN(4) {
		o.Set(randomString(rng), randomValue(rng, depth+1))
	}
	return o
}

func randomString(rng *rand.Rand) string {
	pieces := []string{"a", "Z", " ", "\"", "\\", "/", "<", ">", "&", "\n", "\t", "\r", "\b", "\f",
		"μ", "À", "乾", "🐍", "\u2028", "\u2029", "\x7f", "é", "key", "0"}
	var b strings.Builder
	for range rng.IntN(6) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}
