package scan

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
)

// cursorMark marks the cursor in fixtures; it is removed before reading.
const cursorMark = "‸"

// atMark returns src without the marker and the LSP position of the marker
// (UTF-16 columns).
func atMark(t *testing.T, src string) ([]byte, elixir.Position) {
	t.Helper()
	i := strings.Index(src, cursorMark)
	if i < 0 || strings.Count(src, cursorMark) != 1 {
		t.Fatalf("fixture needs exactly one %s: %q", cursorMark, src)
	}
	before := src[:i]
	line := strings.Count(before, "\n")
	col := 0
	for _, r := range before[strings.LastIndex(before, "\n")+1:] {
		col++
		if r >= 0x10000 {
			col++
		}
	}
	return []byte(before + src[i+len(cursorMark):]), elixir.Position{Line: line, Character: col}
}

// describe words a Context compactly for table comparisons.
func describe(c Context) string {
	var b strings.Builder
	switch c.Kind {
	case NoContext:
		return "none"
	case MemberContext:
		fmt.Fprintf(&b, "member %s", c.Module)
	case CallContext:
		fmt.Fprintf(&b, "call %s.%s arg=%d pos=%d", c.Module, c.Call.Function, c.Call.Arg, c.Call.Positional)
		if c.Call.Piped {
			b.WriteString(" piped")
		}
		if c.Call.InKeywords {
			b.WriteString(" inkw")
		}
		if c.Call.Keyword != "" {
			fmt.Fprintf(&b, " kw=%s", c.Call.Keyword)
		}
		if c.Call.AtArgStart {
			b.WriteString(" start")
		}
		if c.Call.KeyWritten {
			b.WriteString(" key")
		}
		if len(c.Call.Given) > 0 {
			fmt.Fprintf(&b, " given=%s", strings.Join(c.Call.Given, ","))
		}
	}
	if c.Written != "" && c.Written != c.Module {
		fmt.Fprintf(&b, " as=%s", c.Written)
	}
	if c.Prefix != "" {
		fmt.Fprintf(&b, " prefix=%s", c.Prefix)
	}
	return b.String()
}

func TestContextAt(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"after dot", "Numpy.‸", "member Numpy"},
		{"partial name", "x = Numpy.me‸", "member Numpy prefix=me"},
		{"inside a name", "Numpy.me‸an(x)", "member Numpy prefix=me"},
		{"submodule chain", "Numpy.Linalg.no‸", "member Numpy.Linalg prefix=no"},
		{"partial submodule", "Numpy.Lin‸", "member Numpy prefix=Lin"},
		{"alias as", "alias Numpy.Linalg, as: LA\nLA.‸", "member Numpy.Linalg as=LA"},
		{"alias braces", "alias Numpy.{Linalg, Fft}\nFft.f‸", "member Numpy.Fft as=Fft prefix=f"},
		{"alias scope ends", "defmodule A do\n  def f do\n    alias Numpy.Linalg, as: LA\n  end\n  def g, do: LA.‸\nend", "member LA"},
		{"map field is no module", "m.Key.‸", "none"},
		{"in a string", `"Numpy.‸"`, "none"},
		{"in a comment", "# Numpy.‸", "none"},
		{"open call", "Numpy.mean(‸", "call Numpy.mean arg=0 pos=0 start"},
		{"second argument", "Numpy.mean(x, ‸)", "call Numpy.mean arg=1 pos=1 start"},
		{"value being typed", "Numpy.mean(x, y‸)", "call Numpy.mean arg=1 pos=1 start prefix=y"},
		{"after a value", "Numpy.mean(x, y ‸)", "call Numpy.mean arg=1 pos=1"},
		{"keyword prefix", "Json.dumps(x, sort_k‸", "call Json.dumps arg=1 pos=1 start prefix=sort_k"},
		{"keyword value", "Json.dumps(x, indent: ‸)", "call Json.dumps arg=1 pos=1 inkw kw=indent given=indent"},
		{"next keyword", "Json.dumps(x, indent: 2, ‸)", "call Json.dumps arg=1 pos=1 inkw start given=indent"},
		{"inside a written key", "Json.dumps(x, sort_keys: true, ind‸nt: 2)", "call Json.dumps arg=1 pos=1 inkw start key given=sort_keys prefix=ind"},
		{"end of a written key", "Json.dumps(x, indent‸: 2)", "call Json.dumps arg=1 pos=1 inkw start key prefix=indent"},
		{"keywords after cursor", "Json.dumps(x, indent: 2, s‸, ensure_ascii: false)", "call Json.dumps arg=1 pos=1 inkw start given=indent,ensure_ascii prefix=s"},
		{"piped", "x |> Numpy.mean(‸)", "call Numpy.mean arg=1 pos=1 piped start"},
		{"piped keyword", "x\n|> Numpy.mean(axis: ‸)", "call Numpy.mean arg=1 pos=1 piped inkw kw=axis given=axis"},
		{"nested brackets", "Numpy.mean([1, 2, ‸])", "call Numpy.mean arg=0 pos=0"},
		{"nested call", "Numpy.mean(Numpy.array(‸), 1)", "call Numpy.array arg=0 pos=0 start"},
		{"after nested call", "Numpy.mean(Numpy.array([1, 2]), ‸", "call Numpy.mean arg=1 pos=1 start"},
		{"closed call", "Numpy.mean(x)‸", "none"},
		{"multi-line", "Numpy.mean(\n  x,\n  axis: 0,\n  ‸\n)", "call Numpy.mean arg=1 pos=1 inkw start given=axis"},
		{"aliased call", "alias Numpy.Linalg, as: LA\nLA.norm(x, ‸", "call Numpy.Linalg.norm arg=1 pos=1 start as=LA"},
		{"imported call", "import Numpy\nmean(x, ‸)", "call Numpy.mean arg=1 pos=1 start"},
		{"import only", "import Numpy, only: [sum: 1]\nmean(‸)", "call .mean arg=0 pos=0 start"},
		{"not through fn", "Numpy.mean(fn x -> ‸ end)", "none"},
		{"var call", "foo.bar(‸)", "none"},
		{"space before paren", "Numpy.mean (‸)", "none"},
		{"non-ASCII before", "s = \"é😀\" |> Numpy.su‸", "member Numpy prefix=su"},
		{"non-ASCII argument", "Numpy.mean(\"😀😀\", ax‸", "call Numpy.mean arg=1 pos=1 start prefix=ax"},
		{"broken later", "Numpy.mean(x, ‸\ndef f do\n  \"unterminated\n", "call Numpy.mean arg=1 pos=1 start"},
		{"missing end", "defmodule A do\n  def f(x) do\n    Numpy.sum(x, ‸", "call Numpy.sum arg=1 pos=1 start"},
		{"start of file", "‸Numpy.mean(x)", "none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src, pos := atMark(t, c.src)
			if got := describe(ContextAt(src, pos, modules)); got != c.want {
				t.Fatalf("ContextAt(%q)\n got  %s\n want %s", c.src, got, c.want)
			}
		})
	}
}

// TestContextRanges checks the ranges completion edits use, in UTF-16
// columns on a line with characters outside the BMP.
func TestContextRanges(t *testing.T) {
	cases := []struct {
		src        string
		start, end int // characters on the marker's line
	}{
		{"s = \"é😀\" |> Numpy.su‸m", 19, 22},
		{"Numpy.mean(\"😀\", ax‸", 17, 19},
		{"Numpy.mean(\"😀\", ‸", 17, 17},
		{"\"😀\" |> Numpy.‸", 14, 14},
	}
	for _, c := range cases {
		src, pos := atMark(t, c.src)
		got := ContextAt(src, pos, modules).PrefixRange
		want := elixir.Range{Start: elixir.Position{Line: pos.Line, Character: c.start}, End: elixir.Position{Line: pos.Line, Character: c.end}}
		if got != want {
			t.Errorf("PrefixRange in %q = %+v, want %+v", c.src, got, want)
		}
	}
}

// TestContextFixtures reads marker fixtures under testdata/cursor: each
// file's first line is "# want: <description>".
func TestContextFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "cursor", "*.ex"))
	if len(files) == 0 {
		t.Fatal("no fixtures in testdata/cursor")
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(string(data), "\n")
		want, ok := strings.CutPrefix(first, "# want: ")
		if !ok {
			t.Fatalf("%s: first line must be # want: ...", file)
		}
		src, pos := atMark(t, string(data))
		if got := describe(ContextAt(src, pos, modules)); got != want {
			t.Errorf("%s:\n got  %s\n want %s", file, got, want)
		}
	}
}

func TestSitesKeywords(t *testing.T) {
	src := []byte("Json.dumps(x, indent: 2,\n  sort_keys: true)\nJson.dumps x, indent: 1\nNumpy.mean(x)\nJson.loads(s, [a: 1])\n")
	sites, err := Sites("a.ex", src, modules)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range sites {
		var names []string
		for _, k := range s.Keywords {
			names = append(names, fmt.Sprintf("%s@%d:%d", k.Name, k.Range.Start.Line, k.Range.Start.Character))
		}
		got = append(got, fmt.Sprintf("%s/%d[%s]", s.Function, s.Arity, strings.Join(names, " ")))
	}
	want := "dumps/2[indent@0:14 sort_keys@1:2] dumps/2[indent@2:14] mean/1[] loads/2[]"
	if strings.Join(got, " ") != want {
		t.Fatalf("Sites = %s\nwant   %s", strings.Join(got, " "), want)
	}
}

// TestModuleAt: a module name outside a call resolves through the aliases
// in effect at the cursor, up to the segment the cursor is in.
func TestModuleAt(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"alias as alone", "alias Numpy.Linalg, as: LA\nx = LA‸", "Numpy.Linalg LA"},
		{"alias at name start", "alias Numpy.Linalg, as: LA\nx = ‸LA", "Numpy.Linalg LA"},
		{"last segment alias", "alias Demo.Stats.Histogram\n@spec f(Histo‸gram.t()) :: :ok", "Demo.Stats.Histogram Histogram"},
		{"alias then child", "alias Numpy.Linalg, as: LA\n%LA.Resu‸lt{}", "Numpy.Linalg.Result LA.Result"},
		{"segment under cursor", "Num‸py.Linalg", "Numpy Numpy"},
		{"alias line itself", "alias Numpy.Lin‸alg, as: LA", "Numpy.Linalg Numpy.Linalg"},
		{"not yet aliased", "x = LA‸\nalias Numpy.Linalg, as: LA", "LA LA"},
		{"map key", "m.Ke‸y", "none"},
		{"variable", "numpy‸", "none"},
		{"in a string", `"Numpy‸"`, "none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src, pos := atMark(t, c.src)
			got := "none"
			if m, w, _, ok := ModuleAt(src, pos, modules); ok {
				got = m + " " + w
			}
			if got != c.want {
				t.Fatalf("ModuleAt(%q) = %s, want %s", c.src, got, c.want)
			}
		})
	}
}
