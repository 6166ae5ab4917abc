package lockfile

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// stream writes v through e piece by piece; whole, when set, writes the
// containers at that depth with Value instead.
func stream(e *JasonEncoder, v Value, depth, whole int) {
	if depth == whole {
		e.Value(v)
		return
	}
	switch t := v.(type) {
	case Object:
		e.BeginObject()
		for i, k := range t.Keys {
			e.Key(k)
			stream(e, t.Values[i], depth+1, whole)
		}
		e.EndObject()
	case Array:
		e.BeginArray()
		for _, x := range t {
			stream(e, x, depth+1, whole)
		}
		e.EndArray()
	case String:
		e.String(string(t))
	case Bool:
		e.Bool(bool(t))
	case Null, nil:
		e.Null()
	default:
		e.Value(v)
	}
}

// TestJasonEncoderMatchesMarshal: streaming a value, piece by piece or
// partly as whole values, writes what MarshalJason writes.
func TestJasonEncoderMatchesMarshal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for i := range 500 {
		v := randomValue(rng, 0)
		want, err := MarshalJason(v)
		require.NoError(t, err)
		for _, whole := range []int{-1, 1, 2} {
			e := NewJasonEncoder(i % 7)
			stream(e, v, 0, whole)
			got, err := e.Bytes()
			require.NoError(t, err)
			require.Equal(t, string(want), string(got), "value %d, whole %d", i, whole)
		}
	}
}

func TestJasonEncoderInt(t *testing.T) {
	e := NewJasonEncoder(0)
	e.BeginArray()
	for _, n := range []int{0, -7, 1234567890123} {
		e.Int(n)
	}
	e.EndArray()
	got, err := e.Bytes()
	require.NoError(t, err)
	require.Equal(t, "[\n  0,\n  -7,\n  1234567890123\n]", string(got))
}

func TestJasonEncoderErrors(t *testing.T) {
	tests := []struct {
		name   string
		sorted bool
		write  func(e *JasonEncoder)
		want   string
	}{
		{"empty document", false, func(e *JasonEncoder) {}, "jason: the document is empty"},
		{"unclosed", false, func(e *JasonEncoder) { e.BeginObject() }, "jason: a container is not closed"},
		{"two values", false, func(e *JasonEncoder) { e.Null(); e.Null() }, "jason: a second top-level value"},
		{"key at top level", false, func(e *JasonEncoder) { e.Key("a") }, `jason: key "a" outside an object or after another key`},
		{"key in an array", false, func(e *JasonEncoder) { e.BeginArray(); e.Key("a") },
			`jason: key "a" outside an object or after another key`},
		{"two keys", false, func(e *JasonEncoder) { e.BeginObject(); e.Key("a"); e.Key("b") },
			`jason: .a: key "b" outside an object or after another key`},
		{"value without a key", false, func(e *JasonEncoder) { e.BeginObject(); e.Null() },
			"jason: an object member without a key"},
		{"wrong end", false, func(e *JasonEncoder) { e.BeginObject(); e.EndArray() }, "jason: a container closed out of turn"},
		{"end after a key", false, func(e *JasonEncoder) { e.BeginObject(); e.Key("a"); e.EndObject() },
			"jason: .a: a container closed out of turn"},
		{"keys out of order", true, func(e *JasonEncoder) { e.BeginObject(); e.Key("b"); e.Null(); e.Key("a") },
			`jason: .b: key "a" after "b"`},
		{"repeated key", true, func(e *JasonEncoder) { e.BeginObject(); e.Key("a"); e.Null(); e.Key("a") },
			`jason: .a: key "a" after "a"`},
		{"invalid UTF-8 located", false, func(e *JasonEncoder) {
			e.BeginObject()
			e.Key("s")
			e.BeginArray()
			e.String("ok")
			e.String("x\xffy")
		}, `jason: .s[1]: invalid UTF-8 byte 0xff in string "x\xffy"`},
		{"invalid UTF-8 in a key", false, func(e *JasonEncoder) { e.BeginObject(); e.Key("k\xc3") },
			`jason: {key "k\xc3"}: invalid UTF-8 byte 0xc3 in string "k\xc3"`},
		{"invalid value located", false, func(e *JasonEncoder) {
			e.BeginObject()
			e.Key("n")
			e.Value(Array{Number("01")})
		}, `jason: .n[0]: invalid number "01"`},
		{"first error sticks", false, func(e *JasonEncoder) { e.Key("a"); e.Null(); e.EndArray() },
			`jason: key "a" outside an object or after another key`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewJasonEncoder(0)
			e.SortedKeys = tt.sorted
			tt.write(e)
			_, err := e.Bytes()
			require.EqualError(t, err, tt.want)
		})
	}
}

func TestJasonEncoderDepth(t *testing.T) {
	e := NewJasonEncoder(0)
	for range MaxDepth {
		e.BeginArray()
	}
	e.BeginArray()
	_, err := e.Bytes()
	if err == nil || !strings.HasSuffix(err.Error(), "nesting deeper than 1000 levels") {
		t.Fatalf("error %v", err)
	}
}

// TestMarshalJasonSizeOnCycles: sizing a cyclic value stops at MaxDepth,
// so MarshalJason reports it instead of sizing forever.
func TestMarshalJasonSizeOnCycles(t *testing.T) {
	a := Array{nil, nil}
	a[0], a[1] = a, a
	_, err := MarshalJason(a)
	if err == nil || !strings.Contains(err.Error(), "nesting deeper") {
		t.Fatalf("error %v", err)
	}
}
