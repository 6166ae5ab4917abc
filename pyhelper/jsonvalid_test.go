package pyhelper

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

var validJSONCases = []string{
	``, ` `, `0`, `-0`, `-`, `01`, `1.`, `1.5`, `.5`, `1e5`, `1E+5`, `1e-05`, `1e`, `1e+`, `-1.5e3`, `+1`,
	`1x`, `2 3`, ` 7 `, "\t\r\n7\n", "\v7", "\u00a07",
	`true`, `false`, `null`, `tru`, `truex`, `nul`, `True`, `NaN`, `Infinity`,
	`""`, `"a"`, `"\""`, `"\\"`, `"\/"`, `"\b\f\n\r\t"`, `"\u00e9"`, `"\u00E9"`, `"\u00g9"`, `"\u00e"`, `"\x"`,
	`"\'"`, "\"\x01\"", "\"\x1f\"", "\"\x7f\"", "\"\xff\xfe\"", "\"é\"", `"unterminated`, `"\`, `"\u`,
	`[]`, `[ ]`, `[1]`, `[1,]`, `[,1]`, `[1 2]`, `[1,2]`, `[[[]]]`, `[[]`, `[]]`, `[`, `]`,
	`{}`, `{ }`, `{"a":1}`, `{"a" : 1 }`, `{"a":}`, `{"a"}`, `{"a":1,}`, `{,"a":1}`, `{a:1}`, `{1:1}`,
	`{"a":1 "b":2}`, `{"a":1,"b":[{"c":null}]}`, `{"a":{"b":{}}}`, `{"a":[1,{"b":2},[]],"c":"d"}`,
	`{"result_bytes":0,"result":{}}`, `[1]x`, `{}{}`, `[]{}`, `{"a":1}}`, `{"a":[}`, `{"a":1]`, `[1}`,
}

func TestValidJSONMatchesEncodingJSON(t *testing.T) {
	for _, c := range validJSONCases {
		if got, want := validJSON([]byte(c)), json.Valid([]byte(c)); got != want {
			t.Errorf("validJSON(%q) = %v, json.Valid says %v", c, got, want)
		}
	}
}

func TestValidJSONDepthLimit(t *testing.T) {
	for _, depth := range []int{1, 9999, 10000, 10001, 20000} {
		for _, open := range []string{"[", `{"k":`} {
			closer := "]"
			if open != "[" {
				closer = "}"
			}
			for _, inner := range []string{"0", "[]", "{}"} {
				doc := []byte(strings.Repeat(open, depth) + inner + strings.Repeat(closer, depth))
				if got, want := validJSON(doc), json.Valid(doc); got != want {
					t.Errorf("depth %d of %q around %s: validJSON %v, json.Valid %v", depth, open, inner, got, want)
				}
			}
		}
	}
}

func FuzzValidJSON(f *testing.F) {
	for _, c := range validJSONCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := validJSON(data), json.Valid(data); got != want {
			t.Fatalf("validJSON(%q) = %v, json.Valid says %v", data, got, want)
		}
	})
}

// documentLike is a JSON document shaped like an introspection result:
// a methods table of records with docstrings, signatures and locations.
func documentLike(methods int) []byte {
	table := map[string]any{}
	for i := range methods {
		table[fmt.Sprint(i)] = map[string]any{
			"name": fmt.Sprintf("method_%d", i), "qualname": fmt.Sprintf("Class%d.method_%d", i%400, i),
			"parameters": []any{
				map[string]any{"name": "self", "kind": "POSITIONAL_OR_KEYWORD", "type": map[string]any{"type": "any"}},
				map[string]any{"name": "deep", "kind": "KEYWORD_ONLY", "default": "True", "type": map[string]any{"type": "boolean"}},
			},
			"signature_missing_reason": []any{"runtime: no type info", "text_signature: unavailable", "stub: not found"},
			"docstring":                strings.Repeat("Returns the \"canonical\" form.\n\n    >>> x.method()\n    \u00e9 1.5e3\n", 1+i%7),
			"source_file":              "/usr/lib/python3/dist-packages/sympy/core/expr.py", "source_line": i, "overload_count": nil,
		}
	}
	data, err := json.Marshal(map[string]any{"schema": 3, "methods": table})
	if err != nil {
		panic(err)
	}
	return data
}

// BenchmarkValidJSON: the check the client makes on every document a
// worker sends, on a 6.7 MB document shaped like sympy's root, timed
// against encoding/json.Valid on the same document in the same run
// (x-json-valid: validJSON's time over json.Valid's). Target: <= 0.33.
func BenchmarkValidJSON(b *testing.B) {
	doc := documentLike(12000)
	b.SetBytes(int64(len(doc)))
	var ours, theirs time.Duration
	for b.Loop() {
		start := time.Now()
		ok := validJSON(doc)
		ours += time.Since(start)
		b.StopTimer()
		start = time.Now()
		ok = json.Valid(doc) && ok
		theirs += time.Since(start)
		b.StartTimer()
		if !ok {
			b.Fatal("document refused")
		}
	}
	b.ReportMetric(float64(ours)/float64(theirs), "x-json-valid")
}
