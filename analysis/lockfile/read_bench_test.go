package lockfile

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// bigManifest is $SNAKEBRIDGE_BIG_MANIFEST (sympy's explicit manifest is
// 312 MB) or a synthetic one of about 70 MB shaped like it, written to a
// temporary file: classes of 150 methods, each with parameters, a
// docstring and the other fields upstream writes. It returns the path
// and the size.
func bigManifest(b *testing.B) (string, int64) {
	b.Helper()
	path := os.Getenv("SNAKEBRIDGE_BIG_MANIFEST")
	if path == "" {
		path = filepath.Join(b.TempDir(), "manifest.json")
		if err := os.WriteFile(path, classesManifest(b, 240, 150), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return path, fi.Size()
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
// (lean and with nodes) with the whole-document parses, each reading the
// file as its callers do: MB/s, the peak of the Go heap during the reads
// (garbage included, which the collector lets grow as large as the live
// heap) and what the result keeps after a collection.
func BenchmarkReadManifestBig(b *testing.B) {
	path, size := bigManifest(b)
	stream := func(opts ReadOptions) func() (*Manifest, error) {
		return func() (*Manifest, error) {
			f, err := os.Open(path)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			return ReadManifest(path, f, opts)
		}
	}
	whole := func(parse func(string, []byte) (*Manifest, error)) func() (*Manifest, error) {
		return func() (*Manifest, error) {
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			return parse(path, data)
		}
	}
	for _, bc := range []struct {
		name string
		read func() (*Manifest, error)
	}{
		{"Lean", stream(ReadOptions{})},
		{"Full", stream(ReadOptions{KeepNodes: true})},
		{"ParseManifest", whole(ParseManifest)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			peak := sampleHeap(b)
			var m *Manifest
			for b.Loop() {
				m = nil
				var err error
				if m, err = bc.read(); err != nil || len(m.Classes) == 0 {
					b.Fatalf("%v, %d classes", err, len(m.Classes))
				}
			}
			b.ReportMetric(peak(), "peak-heap-MB")
			b.ReportMetric(kept(), "kept-MB")
			runtime.KeepAlive(m)
		})
	}
}

// kept is the live heap after a collection, in MB.
func kept() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / 1e6
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
