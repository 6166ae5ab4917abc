package lockfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// entriesFixtures are manifests of several shapes: ours, upstream's
// example (mixed entry shapes), an old 0.6 one.
var entriesFixtures = []string{
	"testdata/manifest.json",
	"../testdata/upstream/examples/math_demo/.snakebridge/manifest.json",
	"../../codegen/testdata/upstream/math_demo_0.6/.snakebridge/manifest.json",
	"../../cmd/snakebridge-lsp/testdata/property/manifest.json",
}

// readContractCases are manifests whose keys collide after normalisation,
// in every order, beside the fixtures: what ReadManifest keeps and what
// its visitor ends with must be ParseManifest's answer.
var readContractCases = []string{
	`{"symbols": {"Elixir.A.f/1": {"name": "p1"}, "A.f/1": {"name": "u"}, "Elixir.A.f/1": {"name": "p2"}}}`,
	`{"symbols": {"A.f/1": {"name": "u1"}, "Elixir.A.f/1": {"name": "p"}, "A.f/1": {"name": "u2"}}}`,
	`{"symbols": {"Elixir.A.f/1": {"name": "p1"}, "Elixir.A.f/1": {"name": "p2"}}}`,
	`{"symbols": {"Elixir.f": {"name": "x"}, "f": {"name": "y"}}}`,
	`{"classes": {"pkg.thing": {"class": "a"}, "Elixir.Pkg.Thing": {"class": "b"}, "Pkg.thing": {"class": "c"}}}`,
	`{"classes": {"Pkg.Thing": {"class": "a"}, "Pkg.Thing": {"class": "b"}}}`,
	`{"modules": {"json": {"docstring": "one"}, "json": {"docstring": "two"}}, "version": "0.16.0"}`,
	`{"version": "0.16.0", "symbols": {}, "classes": null}`,
	// A later occurrence takes back an entry already visited.
	`{"symbols": {"Elixir.A.f/1": {"name": "p"}, "A.f/1": {"name": "u"}, "A.f/1": null}}`,
	`{"symbols": {"A.f/1": {"name": "u"}, "Elixir.A.f/1": {"name": "p"}, "A.f/1": null}}`,
	`{"symbols": {"A.f/1": {"name": 1}, "A.f/1": null, "B.g/2": {"name": "g"}}}`,
	`{"classes": {"Pkg.Thing": {"class": "a"}, "pkg.thing": {"class": "b"}, "pkg.thing": null}}`,
	`{"modules": {"json": {"docstring": "one"}, "json": null}}`,
	`{"symbols": {"A.f/1": {"name": "a"}, "B.g/1": {"name": "b"}}, "version": "1", "symbols": {"A.f/1": {"name": "a2"}}}`,
	`{"symbols": {"A.f/1": {"name": 1}}, "symbols": null, "classes": {"A": {}}, "classes": {"B": {"module": "b.c"}}}`,
	`{"classes": {"A": {"methods": [{"name": "m", "docstring": "x", "parameters": [{"name": "p"}]}], "attributes": ["x", "y"], "docstring": null}}, "extra": [1, {"a": null}], "modules": {}}`,
	"\r\n {\"symbols\"\r:\r{ \"A.f/1\" :\n{\"name\":\"f\",\"docstring\":\"\\u00e9\\ud83d\\ude00\\n\"}\r\n}}\n",
}

func readContractInputs(t *testing.T) map[string][]byte {
	t.Helper()
	in := map[string][]byte{}
	for i, c := range readContractCases {
		in["case "+string(rune('a'+i))] = []byte(c)
	}
	for _, path := range entriesFixtures {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		in[path] = data
	}
	return in
}

// TestReadManifestKeepsWhatParseManifestKeeps: with KeepNodes the result
// is ParseManifest's, entry for entry and node for node (Raw included);
// lean, the same entries without nodes and with empty docstrings; and a
// visitor that keeps entries by key ends with exactly the result's
// entries, each seen complete during its visit — through every way of
// handing the bytes over.
func TestReadManifestKeepsWhatParseManifestKeeps(t *testing.T) {
	for name, data := range readContractInputs(t) {
		if _, err := ParseManifest("manifest.json", data); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkReadManifest(t, name, data)
	}
}

// readers are the ways the differential tests hand ReadManifest its bytes.
var readers = []struct {
	name string
	wrap func([]byte) io.Reader
}{
	{"whole", func(b []byte) io.Reader { return bytes.NewReader(b) }},
	{"one byte", func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) }},
	{"half", func(b []byte) io.Reader { return iotest.HalfReader(bytes.NewReader(b)) }},
	{"data with EOF", func(b []byte) io.Reader { return iotest.DataErrReader(bytes.NewReader(b)) }},
	{"1-7 bytes", func(b []byte) io.Reader { return &chunkReader{data: b} }},
}

// chunkReader returns 1, 2, …, 7, 1, … bytes a read.
type chunkReader struct {
	data []byte
	n    int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	c.n = c.n%7 + 1
	n := copy(p[:min(len(p), c.n)], c.data)
	c.data = c.data[n:]
	return n, nil
}

// checkReadManifest compares ReadManifest with ParseManifest on data, in
// both modes, with and without a visitor (which changes what is parsed
// and copied), and through every reader: the same error (message and
// range), or the same result.
func checkReadManifest(t *testing.T, name string, data []byte) {
	t.Helper()
	want, wantErr := ParseManifest("manifest.json", data)
	for _, mode := range []struct{ keep, visit bool }{{true, true}, {false, true}, {false, false}, {true, false}} {
		for _, rd := range readers {
			keep := mode.keep
			name := fmt.Sprintf("%s (keep %v, visit %v, %s)", name, keep, mode.visit, rd.name)
			v := newVisitLog(want, keep)
			opts := ReadOptions{KeepNodes: keep, scribble: true}
			if mode.visit {
				opts.Visit = v.visitor()
			}
			got, err := ReadManifest("manifest.json", rd.wrap(data), opts)
			if wantErr != nil {
				compareErrors(t, name, err, wantErr)
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v, ParseManifest accepts it", name, err)
			}
			compareManifests(t, name, keep, got, want)
			if mode.visit {
				v.check(t, name, got)
			}
		}
	}
}

func compareErrors(t *testing.T, name string, got, want error) {
	t.Helper()
	var g, w *Error
	if !errors.As(got, &g) || !errors.As(want, &w) || *g != *w {
		t.Fatalf("%s: error %#v, want %#v", name, got, want)
	}
}

func compareManifests(t *testing.T, name string, keep bool, got, want *Manifest) {
	t.Helper()
	if got.Version != want.Version || got.Path != want.Path {
		t.Errorf("%s: version %+v of %s, want %+v of %s", name, got.Version, got.Path, want.Version, want.Path)
	}
	if !reflect.DeepEqual(keys(got.Symbols), keys(want.Symbols)) || !reflect.DeepEqual(keys(got.Classes), keys(want.Classes)) ||
		!reflect.DeepEqual(keys(got.Modules), keys(want.Modules)) {
		t.Errorf("%s: keys %v %v %v, want %v %v %v", name, keys(got.Symbols), keys(got.Classes), keys(got.Modules),
			keys(want.Symbols), keys(want.Classes), keys(want.Modules))
	}
	for k, w := range want.Symbols {
		compareSymbol(t, name, keep, got.Symbols[k], w)
	}
	for k, w := range want.Classes {
		compareClass(t, name, keep, got.Classes[k], w)
	}
	for k, w := range want.Modules {
		g := got.Modules[k]
		if g == nil {
			t.Errorf("%s: module %s missing", name, k)
			continue
		}
		lean := *w
		if !keep {
			lean.Node = nil
			lean.Docstring.Value = ""
		}
		if !reflect.DeepEqual(*g, lean) {
			t.Errorf("%s: module %s = %+v, want %+v", name, k, *g, lean)
		}
	}
	if keep && !reflect.DeepEqual(got.Raw, want.Raw) {
		t.Errorf("%s: Raw differs:\n%+v\nwant\n%+v", name, got.Raw, want.Raw)
	}
	if !keep && got.Raw != nil {
		t.Errorf("%s: lean Raw kept", name)
	}
}

// visitLog is a visitor that keeps entries by key, as the contract says,
// and checks each visit against ParseManifest's entry for its key.
type visitLog struct {
	want    *Manifest
	keep    bool
	last    map[string]any    // by section and key: the entry last visited
	visits  map[string]int    // by section and key
	problem map[string]string // by section and key: what was wrong in the last visit
	// kept are strings of visited nodes, kept past the visit as a
	// visitor may, beside copies made during it: a string that shares
	// reused memory changes (the reader scribbles on it).
	kept, copies []string
}

func newVisitLog(want *Manifest, keep bool) *visitLog {
	return &visitLog{want: want, keep: keep, last: map[string]any{}, visits: map[string]int{}, problem: map[string]string{}}
}

func (v *visitLog) visitor() ManifestVisitor {
	return ManifestVisitor{
		Symbol: func(s *Symbol) {
			var w *Symbol
			if v.want != nil {
				w = v.want.Symbols[s.Key]
			}
			v.saw("symbol "+s.Key, s, s.Node, s.Docstring, w != nil, func() (*Node, Opt[string]) { return w.Node, w.Docstring })
		},
		Class: func(c *Class) {
			var w *Class
			if v.want != nil {
				w = v.want.Classes[c.Key]
			}
			v.saw("class "+c.Key, c, c.Node, c.Docstring, w != nil, func() (*Node, Opt[string]) { return w.Node, w.Docstring })
		},
		Module: func(m *ModuleEntry) {
			var w *ModuleEntry
			if v.want != nil {
				w = v.want.Modules[m.Key]
			}
			v.saw("module "+m.Key, m, m.Node, m.Docstring, w != nil, func() (*Node, Opt[string]) { return w.Node, w.Docstring })
		},
	}
}

// saw records a visit. While it lasts the entry must be complete: its
// node and docstring those of ParseManifest, when this visit is the one
// that counts (check decides). Only a second visit of a key, after a
// repeated key took an entry back, may come without a node when lean.
func (v *visitLog) saw(key string, entry any, n *Node, doc Opt[string], known bool, want func() (*Node, Opt[string])) {
	v.visits[key]++
	v.last[key] = entry
	v.keepStrings(n)
	delete(v.problem, key)
	if !known {
		v.problem[key] = "not in ParseManifest's result"
		return
	}
	wn, wdoc := want()
	switch {
	case n == nil && (v.keep || v.visits[key] == 1):
		v.problem[key] = "no node during the visit"
	case n != nil && doc != wdoc:
		v.problem[key] = fmt.Sprintf("docstring %+v during the visit, want %+v", doc, wdoc)
	case n != nil && !reflect.DeepEqual(n, wn):
		v.problem[key] = fmt.Sprintf("node %+v during the visit, want %+v", n, wn)
	}
}

func (v *visitLog) keepStrings(n *Node) {
	if n == nil {
		return
	}
	if n.Kind == KindString || n.Kind == KindNumber {
		v.kept = append(v.kept, n.Str)
		v.copies = append(v.copies, strings.Clone(n.Str))
	}
	for _, e := range n.Elems {
		v.keepStrings(e)
	}
	for _, m := range n.Members {
		v.kept = append(v.kept, m.Key)
		v.copies = append(v.copies, strings.Clone(m.Key))
		v.keepStrings(m.Value)
	}
}

// check: after dropping keys the result lacks, the visitor holds the
// result's entries, each visited complete, and what it kept of them is
// intact.
func (v *visitLog) check(t *testing.T, name string, got *Manifest) {
	t.Helper()
	for i := range v.kept {
		if v.kept[i] != v.copies[i] {
			t.Fatalf("%s: a string kept from a visit changed after it: %q, was %q", name, v.kept[i], v.copies[i])
		}
	}
	result := map[string]any{}
	for k, e := range got.Symbols {
		result["symbol "+k] = e
	}
	for k, e := range got.Classes {
		result["class "+k] = e
	}
	for k, e := range got.Modules {
		result["module "+k] = e
	}
	for k, e := range result {
		switch {
		case v.last[k] == nil:
			t.Errorf("%s: %s never visited", name, k)
		case v.last[k] != e:
			t.Errorf("%s: %s last visited as %+v, the result has %+v", name, k, v.last[k], e)
		case v.problem[k] != "":
			t.Errorf("%s: %s: %s", name, k, v.problem[k])
		}
	}
}

func compareSymbol(t *testing.T, name string, keep bool, g, w *Symbol) {
	t.Helper()
	if g == nil {
		t.Errorf("%s: symbol %s missing", name, w.Key)
		return
	}
	if keep {
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: symbol %s = %+v, want %+v", name, w.Key, g, w)
		}
		return
	}
	lean := *w
	lean.Node = nil
	if w.Docstring.Present {
		lean.Docstring = Opt[string]{Present: true, Null: w.Docstring.Null}
	}
	if !reflect.DeepEqual(*g, lean) {
		t.Errorf("%s: lean symbol %s = %+v, want %+v", name, w.Key, *g, lean)
	}
}

func compareClass(t *testing.T, name string, keep bool, g, w *Class) {
	t.Helper()
	if g == nil {
		t.Errorf("%s: class %s missing", name, w.Key)
		return
	}
	if keep {
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: class %s = %+v, want %+v", name, w.Key, g, w)
		}
		return
	}
	lean := *w
	lean.Node = nil
	if w.Docstring.Present {
		lean.Docstring = Opt[string]{Present: true, Null: w.Docstring.Null}
	}
	lean.Methods = nil
	for _, m := range w.Methods {
		m.Node = nil
		lean.Methods = append(lean.Methods, m)
	}
	if !reflect.DeepEqual(*g, lean) {
		t.Errorf("%s: lean class %s = %+v, want %+v", name, w.Key, *g, lean)
	}
}

func keys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// readErrorCases fail to parse, or to read as a manifest.
var readErrorCases = []string{
	``,
	"  \n\t ",
	"\xEF\xBB\xBF{}",
	`[]`,
	"\n  [1, 2",
	`"x"`,
	`{}x`,
	"{} \n \x01",
	`{"symbols": {"A.f/1": {"name": 1}}}`,
	`{"symbols": {"A.f/1": {"name": "f"}}, "classes": {"A": {"methods": {}}}}`,
	`{"symbols": {"A.f/1": {"docstring": 42}}}`,
	`{"symbols": {"A.f/1": {"name": "f"}}} x`,
	"{\"symbols\": {\"A.f/1\": {\"name\": \"f\",\n \"parameters\": [1 2]}}}",
	`{"version": 1, "symbols": {"A.f/1": {"name": 1}}}`,
	// The first type error in ParseManifest's order, not the stream's.
	`{"modules": {"m": {"docstring": 1}}, "classes": {"B": {"class": 1}, "A": {"class": 2}}, "symbols": {"Z.f/1": {"name": 3}, "A.f/1": {"name": 4}}}`,
	`{"modules": {"m": {"docstring": 1}}, "classes": {"B": {"class": 1}, "A": {"class": 2}}}`,
	`{"symbols": {"A.f/1": {"name": 4}, "A.f/1": {"module": 5}}}`,
	`{"symbols": {"B.f/1": {"name": 4}, "A.f/1": {"module": 5}, "B.f/1": {"name": 6}}}`,
	`{"symbols": 3, "version": 1.5}`,
	`{"symbols": {"A.f/1": null, "B.f/1": []}}`,
	`{"classes": {"A": {"attributes": ["a", 1]}}}`,
	`{"classes": {"A": {"methods": [{"name": "m"}, {"required_arity": 1.5}]}}}`,
	`{"symbols": {"A.f/1": {"maximum_arity": "many"}}}`,
	`{"symbols": {"A.f/1": {"required_arity": 99999999999999999999999}}}`,
	// Syntax errors wherever the stream is.
	`{"symbols": {"A.f/1": {"name": 1}}, "version": 01}`,
	`{"symbols": {"A.f/1": {"name": "f"},}}`,
	`{"symbols": {"A.f/1": {"name": "f"}}, }`,
	`{"symbols": {"A.f/1" {"name": "f"}}}`,
	`{"symbols": {"A.f/1": 1x}}`,
	`{"symbols": {"A.f/1": 1"}}`,
	`{"symbols": {"A.f/1": tru}}`,
	`{"symbols": {"A.f/1": truex}}`,
	`{"symbols": {"A.f/1": }}`,
	`{"symbols": {"A.f/1": [}}}`,
	`{"symbols": {"A.f/1": {"a": "\u12"}}}`,
	`{"symbols": {"A.f/1": {"a": "\uD800"}}}`,
	`{"symbols": {"A.f/1": {"a": "\uD800\u0041"}}}`,
	`{"symbols": {"A.f/1": {"a": 1.}}}`,
	`{"symbols": {"A.f/1": {"a": -}}}`,
	`{"symbols": {"A.f/1": 1e}}`,
	`{"symbols": {"A.f/1": 1e`,
	`{"symbols": {"A.f/1": "abc`,
	`{"symbols": {"A.f/1": "ab\`,
	`{"symbols": {"A.f/1": {"a": [1, 2, 3]`,
	`{"symbols": {"A.f/1": {"a": "b"}`,
	`{"symbols" 1}`,
	`{"symbols": {1: 2}}`,
	`{"symbols": {"A.f/1": {"name": "f"} "B": 1}}`,
	"{\"symbols\": {\"A\x01\": {}}}",
	"{\"symbols\": {\"A.f/1\": {\"name\": \"\xff\"}}}",
	"{\"symbols\": {\"A.f/1\": {\"name\": \"f\"}}\xff}",
	"{\"symbols\": {\"A.f/1\": \xc3\xa9}}",
	"{\"symbols\": {\"A.f/1\": {\"name\": \"f\"}}}\r x",
	"{\"symbols\": {\"A.f/1\": {\"name\": \"f\"}}}\r\n\r x",
	`{"symbols": {"A.f/1": {"parameters": [{"name": "x",}]}}}`,
	`{"symbols": {"A.f/1": {"docstring": "d", "return_type": [1,]}}}`,
	`{"symbols": {"A.f/1": ` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + `}}`,
	`{"version": ` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + `}`,
	`{"x": {"symbols": ` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + `}}`,
}

// TestReadManifestErrors: ReadManifest fails where ParseManifest fails,
// with the same message and range, and refuses more than MaxSize bytes
// before it reports a syntax error.
func TestReadManifestErrors(t *testing.T) {
	for _, in := range readErrorCases {
		if _, err := ParseManifest("manifest.json", []byte(in)); err == nil {
			t.Fatalf("%q: ParseManifest accepted it", in)
		}
		checkReadManifest(t, fmt.Sprintf("%.80q", in), []byte(in))
	}
	big := `{"version": "` + strings.Repeat("x", 100) + `"}`
	for _, in := range []string{big, `{"version": 01` + big, "[" + big} {
		_, err := ReadManifest("manifest.json", strings.NewReader(in), ReadOptions{MaxSize: 50})
		if err == nil || err.Error() != "manifest.json:1:1: file too large: 51 bytes (limit 50)" {
			t.Errorf("%.20q over MaxSize: error %v, want too large", in, err)
		}
	}
	_, err := ReadManifest("manifest.json", iotest.TimeoutReader(strings.NewReader(big)), ReadOptions{})
	if err == nil || !errors.Is(err, iotest.ErrTimeout) || !strings.HasPrefix(err.Error(), "reading manifest.json: ") {
		t.Errorf("read error: %v, want it wrapped", err)
	}
}

// TestReadManifestPositions: ranges and errors after lines of multi-byte
// characters (é is 1 UTF-16 unit in 2 bytes, 😀 2 in 4), with \r\n and
// lone \r line breaks, land where ParseManifest puts them.
func TestReadManifestPositions(t *testing.T) {
	head := "{\"version\": \"é😀\", \"x😀\": [\"é\"],\r\n  \"symbols\": {\"é.f/1\": {\"name\": \"😀\"},\r \"😀.g/1\" :\n\t"
	for _, tail := range []string{
		`{"name": "g", "parameters": [{"name": "é😀"}], "docstring": "😀é"}}, "classes": {"C😀": {"methods": [{"name": "m"}]}}}`,
		`{"name": "g", "parameters": [{"name": "é😀"}], "required_arity": "😀"}}}`,
		`{"name": "g", "parameters": [{"name": "é😀" "x"}]}}}`,
		`😀}}`,
		`{"name": "g"}, "é": 1x}}`,
		`{"name": "g"}}, "classes": {"😀": {"methods": [{"name": "m"}, 2]}}}`,
		`{"name": "g"}}, "modules": {"é": {"python_module": 7}}}`,
		`{"name": "g"}}} 😀`,
	} {
		checkReadManifest(t, fmt.Sprintf("%q", tail), []byte(head+tail))
	}
}

// TestReadManifestLeanAnswersAsTheFullParse: what check asks of the
// fixtures has the same answers from a lean read as from ParseManifest.
func TestReadManifestLeanAnswersAsTheFullParse(t *testing.T) {
	for _, path := range entriesFixtures {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		full, err := ParseManifest(path, data)
		if err != nil {
			t.Fatal(err)
		}
		lean, err := ReadManifest(path, bytes.NewReader(data), ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range full.Symbols {
			lib := s.PythonModule.Value
			ls, lc, lm := lean.LibraryEntries(lib)
			if fs, fc, fm := full.LibraryEntries(lib); ls != fs || lc != fc || lm != fm {
				t.Errorf("%s: entries of %s differ", path, lib)
			}
			mod, rest, _ := strings.Cut(s.Key, ".")
			fun, _, _ := strings.Cut(rest, "/")
			for a := range 5 {
				if lean.Supports(mod, fun, a) != full.Supports(mod, fun, a) {
					t.Errorf("%s: Supports(%s, %s, %d) differs", path, mod, fun, a)
				}
			}
		}
	}
}

// TestReadManifestLeanRetainsLittle: a lean result holds its entries'
// fields, not the text they were read from — with a visitor too, whose
// entries' text is copied once per entry — so what it keeps is a small
// part of the file.
func TestReadManifestLeanRetainsLittle(t *testing.T) {
	data := classesManifest(t, 20, 150)
	for _, visit := range []bool{false, true} {
		var opts ReadOptions
		if visit {
			opts.Visit.Class = func(c *Class) {}
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		m, err := ReadManifest("manifest.json", bytes.NewReader(data), opts)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept := int64(after.HeapAlloc) - int64(before.HeapAlloc)
		if len(m.Classes) != 20 || kept > int64(len(data))/5 {
			t.Errorf("visit %v: %d classes keep %d bytes of a %d-byte file, want under a fifth", visit, len(m.Classes), kept, len(data))
		}
		runtime.KeepAlive(m)
	}
}

// FuzzReadManifest: ReadManifest answers as ParseManifest on any input.
func FuzzReadManifest(f *testing.F) {
	for _, c := range readContractCases {
		f.Add([]byte(c))
	}
	for _, c := range readErrorCases {
		f.Add([]byte(c))
	}
	for _, path := range entriesFixtures {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkReadManifest(t, "input", data)
	})
}
