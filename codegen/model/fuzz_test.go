package model

import (
	"testing"
)

// FuzzDecode: Decode never panics, and what it accepts re-encodes to a
// fixed point: Encode(Decode(Encode(Decode(x)))) == Encode(Decode(x)).
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"golden_manifest.json", "old_manifest.json"} {
		f.Add(readTestdata(f, name))
	}
	for _, doc := range []string{
		`{}`,
		`{"symbols": {"Elixir.A.f/x": {"maximum_arity": "unbounded", "parameters": [{"kind": "VAR_POSITIONAL"}]}}}`,
		`{"classes": {"elixir.a_b.c": {"methods": [{"name": "__eq__"}, {"name": "new"}, {"name": "__init__"}]}}}`,
		`{"modules": {"m": null}, "version": null, "symbols": {"A.f/0": {"return_type": {"types": [], "args": [{}]}}}}`,
		`{"symbols": {"A.f/0": {"signature_missing_reason": "x", "source_line": -3, "overload_count": null}}}`,
	} {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode("fuzz.json", data)
		if err != nil {
			return
		}
		first, err := Encode(m)
		if err != nil {
			return // e.g. invalid UTF-8 that the reader passed through
		}
		again, err := Decode("fuzz.json", first)
		if err != nil {
			t.Fatalf("re-reading our own output: %v\n%s", err, first)
		}
		second, err := Encode(again)
		if err != nil {
			t.Fatalf("re-encoding: %v", err)
		}
		if string(first) != string(second) {
			t.Fatalf("not a fixed point:\n%s\n---\n%s", first, second)
		}
	})
}
