package lockfile

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// bigManifest is $SNAKEBRIDGE_BIG_MANIFEST (sympy's explicit manifest is
// 312 MB) or a synthetic one of about 50 MB shaped like it: classes of
// 150 methods, each with parameters, a docstring and the other fields
// upstream writes.
func bigManifest(b *testing.B) []byte {
	b.Helper()
	if path := os.Getenv("SNAKEBRIDGE_BIG_MANIFEST"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	return classesManifest(b, 240, 150)
}

// classesManifest writes a manifest of n classes of methods methods each,
// shaped like sympy's.
func classesManifest(tb testing.TB, n, methods int) []byte {
	tb.Helper()
	method := func(name string) Value {
		params := Array{}
		for _, p := range []string{"n", "args0", "x", "logx"} {
			params = append(params, SortedObject(map[string]Value{
				"kind": String("POSITIONAL_OR_KEYWORD"), "name": String(p),
				"type": SortedObject(map[string]Value{"type": String("any")}),
			}))
		}
		return SortedObject(map[string]Value{
			"doc_missing_reason": Null{}, "doc_source": String("runtime"),
			"docstring":   String(strings.Repeat("Compute an asymptotic expansion around args0, in terms of self.args. ", 4)),
			"elixir_name": String(name), "has_var_keyword": Bool(false), "has_var_positional": Bool(false),
			"maximum_arity": Number("6"), "minimum_arity": Number("5"), "name": String(name),
			"optional_keyword_only": Array{}, "overload_count": Null{}, "parameters": params,
			"python_name": String(name), "required_arity": Number("5"), "required_keyword_only": Array{},
			"return_type": SortedObject(map[string]Value{"type": String("any")}), "signature_available": Bool(true),
			"signature_detail":         String("inspect.signature"),
			"signature_missing_reason": Array{String("runtime: no type info"), String("stub: not found")},
			"signature_source":         String("runtime"), "source_file": String("/usr/lib/python3/dist-packages/sympy/core/function.py"),
			"source_line": Number("649"),
		})
	}
	classes := map[string]Value{}
	for c := range n {
		ms := Array{}
		for m := range methods {
			ms = append(ms, method(fmt.Sprintf("_eval_%d_%d", c, m)))
		}
		attrs := Array{}
		for a := range 80 {
			attrs = append(attrs, String(fmt.Sprintf("is_attribute_%d", a)))
		}
		key := fmt.Sprintf("Sympy.Class%d", c)
		classes[key] = SortedObject(map[string]Value{
			"attributes": attrs, "class": String(fmt.Sprintf("Class%d", c)), "doc_source": String("runtime"),
			"docstring": String(strings.Repeat("Return the absolute value of the argument. ", 20)), "method_scope": String("all"),
			"methods": ms, "methods_truncated": Bool(false), "module": String("Sympy"), "python_module": String("sympy"),
		})
	}
	out, err := MarshalJason(SortedObject(map[string]Value{
		"classes": SortedObject(classes), "modules": Object{}, "symbols": Object{}, "version": String("0.16.0"),
	}))
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// BenchmarkReadManifestBig compares, in one run, the streaming reader
// (lean and with nodes) with the whole-document parses: MB/s, and the
// peak of the Go heap above what was live before (the input included).
func BenchmarkReadManifestBig(b *testing.B) {
	data := bigManifest(b)
	for _, bc := range []struct {
		name string
		read func() (*Manifest, error)
	}{
		{"Lean", func() (*Manifest, error) { return ReadManifest("manifest.json", bytes.NewReader(data), ReadOptions{}) }},
		{"Full", func() (*Manifest, error) {
			return ReadManifest("manifest.json", bytes.NewReader(data), ReadOptions{KeepNodes: true})
		}},
		{"ParseManifest", func() (*Manifest, error) { return ParseManifest("manifest.json", data) }},
		{"ParseManifestEntries", func() (*Manifest, error) {
			return ParseManifestEntries("manifest.json", bytes.Clone(data))
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			peak := sampleHeap(b)
			for b.Loop() {
				m, err := bc.read()
				if err != nil || len(m.Classes) == 0 {
					b.Fatalf("%v, %d classes", err, len(m.Classes))
				}
			}
			b.ReportMetric(peak(), "peak-heap-MB")
		})
	}
}

// sampleHeap samples the heap's live and unswept bytes every millisecond
// from now; the returned function stops it and gives the peak above the
// level at the start, in MB.
func sampleHeap(b *testing.B) func() float64 {
	b.Helper()
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak atomic.Uint64
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		<-stopped
		return float64(peak.Load()-min(base, peak.Load())) / 1e6
	}
}
