package lockfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// Seed corpora live in testdata/fuzz/<FuzzName>/.

func FuzzParseJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ParseJSON("fuzz.json", data)
		if err != nil {
			checkError(t, data, err)
			if json.Valid(data) && !legitimateStricterRejection(data, err) {
				t.Fatalf("encoding/json accepts the input but we say: %v", err)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("encoding/json rejects the input but we accept it")
		}
		// Same decoded value as encoding/json.
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("encoding/json: %v", err)
		}
		if got := toPlain(n.Value()); !reflect.DeepEqual(want, got) {
			t.Fatalf("decoded values differ\nencoding/json: %#v\n         ours: %#v", want, got)
		}
		checkRanges(t, n, slowPosition(data, len(data)))
		// The writer accepts everything the parser produces, and its output
		// is a fixed point.
		out, err := MarshalJason(n.Value())
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		n2, err := ParseJSON("again.json", out)
		if err != nil {
			t.Fatalf("re-parse of our output: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(n.Value(), n2.Value()) {
			t.Fatalf("value changed through marshal")
		}
		out2, err := MarshalJason(n2.Value())
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("marshal is not a fixed point: %v", err)
		}
	})
}

// legitimateStricterRejection reports inputs encoding/json accepts and we
// reject on purpose: invalid UTF-8 (it substitutes U+FFFD), lone surrogate
// escapes, nesting beyond MaxDepth.
func legitimateStricterRejection(data []byte, err error) bool {
	msg := err.Error()
	for _, s := range []string{"invalid UTF-8", "surrogate", "nesting deeper"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return !utf8.Valid(data)
}

// toPlain converts to encoding/json's representation with UseNumber.
func toPlain(v Value) any {
	switch t := v.(type) {
	case Object:
		m := make(map[string]any, len(t.Keys))
		for i, k := range t.Keys {
			m[k] = toPlain(t.Values[i])
		}
		return m
	case Array:
		a := make([]any, len(t))
		for i, e := range t {
			a[i] = toPlain(e)
		}
		return a
	case String:
		return string(t)
	case Number:
		return json.Number(t)
	case Bool:
		return bool(t)
	}
	return nil
}

func before(a, b Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character <= b.Character
}

func checkError(t *testing.T, data []byte, err error) {
	t.Helper()
	var je *Error
	if !errors.As(err, &je) {
		t.Fatalf("error %v is %T, not *Error", err, err)
	}
	end := slowPosition(data, len(data))
	if !before(je.Range.Start, je.Range.End) || !before(je.Range.End, end) {
		t.Fatalf("error range %+v outside the input (end %+v): %v", je.Range, end, err)
	}
}

// checkRanges verifies that ranges are ordered and nested.
func checkRanges(t *testing.T, n *Node, limit Position) {
	t.Helper()
	if !before(n.Range.Start, n.Range.End) || !before(n.Range.End, limit) {
		t.Fatalf("bad range %+v (limit %+v)", n.Range, limit)
	}
	prev := n.Range.Start
	for _, e := range n.Elems {
		if !before(prev, e.Range.Start) {
			t.Fatalf("element range %+v before %+v", e.Range, prev)
		}
		checkRanges(t, e, n.Range.End)
		prev = e.Range.End
	}
	for _, m := range n.Members {
		if !before(n.Range.Start, m.KeyRange.Start) || !before(m.KeyRange.End, m.Value.Range.Start) {
			t.Fatalf("member %q: key range %+v, value range %+v", m.Key, m.KeyRange, m.Value.Range)
		}
		checkRanges(t, m.Value, n.Range.End)
	}
}

func FuzzParseLock(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseLock("snakebridge.lock", data)
		if err != nil {
			checkError(t, data, err)
			return
		}
		if l.Libraries == nil || l.PythonPackages == nil || l.Raw == nil {
			t.Fatalf("nil maps or tree")
		}
		end := slowPosition(data, len(data))
		for name := range l.Libraries {
			for _, field := range []string{"config_hash", "requested", "nope"} {
				r, _ := l.Range("libraries", name, field)
				if !before(r.Start, r.End) || !before(r.End, end) {
					t.Fatalf("range %+v", r)
				}
			}
		}
		l.Range("environment", "hardware", "cpu_features", "0")
	})
}

func FuzzParseManifest(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest("manifest.json", data)
		if err != nil {
			checkError(t, data, err)
			return
		}
		for key, s := range m.Symbols {
			if s.Key != key {
				t.Fatalf("symbol key %q stored under %q", s.Key, key)
			}
			mod, rest, _ := strings.Cut(key, ".")
			fun, _, _ := strings.Cut(rest, "/")
			for a := -1; a < 12; a++ {
				m.Supports(mod, fun, a)
				m.Supports(mod, fun+"_stream", a)
			}
			if s.KeyArity.Valid() && !s.MinimumArity.Present && !s.MaximumArity.Present &&
				!s.HasVarPositional.Value && strings.Count(key, "/") == 1 &&
				strings.Count(key, ".") == 1 && !strings.HasPrefix(key, "Elixir.") && m.byModule[mod] == nil {
				// Old entry shape: exactly the key arity.
				if !m.Supports(mod, fun, s.KeyArity.Value) {
					t.Fatalf("%s does not support its own key arity", key)
				}
			}
			m.LibraryEntries(s.PythonModule.Value)
			m.LibraryEntriesUpstream(s.PythonModule.Value)
		}
		for key, c := range m.Classes {
			for _, meth := range c.Methods {
				for _, name := range meth.ElixirNames() {
					m.Supports(key, name, 1)
				}
			}
		}
	})
}

func FuzzParseRegistry(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		reg, err := ParseRegistry("registry.json", data)
		if err != nil {
			checkError(t, data, err)
			return
		}
		for name, lib := range reg.Libraries {
			if lib.Options != nil {
				if _, err := MarshalJason(lib.Options.Value()); err != nil {
					t.Fatalf("options of %s: %v", name, err)
				}
			}
			reg.Range("libraries", name, "stats", "classes")
		}
	})
}
