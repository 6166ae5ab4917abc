package scan

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
)

var modules = []string{"Numpy", "Json"}

// want is an expected call: the needle is the text of its range, found as
// the nth occurrence on its 1-based line.
type want struct {
	module, function string
	arity            int
	line             int
	needle           string
	nth              int
}

// expect turns wants into Calls, locating each needle in the file.
func expect(t *testing.T, file string, src []byte, wants []want) []Call {
	t.Helper()
	lines := strings.Split(string(src), "\n")
	var out []Call
	for _, w := range wants {
		line := lines[w.line-1]
		col := -1
		for k, from := 0, 0; k <= w.nth; k++ {
			idx := strings.Index(line[from:], w.needle)
			if idx < 0 {
				t.Fatalf("needle %q (#%d) not on line %d: %q", w.needle, w.nth, w.line, line)
			}
			col = from + idx
			from = col + len(w.needle)
		}
		out = append(out, Call{
			Module: w.module, Function: w.function, Arity: w.arity, File: file,
			Range: elixir.Range{
				Start: elixir.Position{Line: w.line - 1, Character: col},
				End:   elixir.Position{Line: w.line - 1, Character: col + len(w.needle)},
			},
		})
	}
	return out
}

func same(t *testing.T, want, got []Call) {
	t.Helper()
	if reflect.DeepEqual(want, got) {
		return
	}
	var b strings.Builder
	for k := 0; k < max(len(want), len(got)); k++ {
		var w, g string
		if k < len(want) {
			w = fmt.Sprintf("%+v", want[k])
		}
		if k < len(got) {
			g = fmt.Sprintf("%+v", got[k])
		}
		mark := "  "
		if w != g {
			mark = "!!"
		}
		fmt.Fprintf(&b, "%s want %s\n   got  %s\n", mark, w, g)
	}
	t.Fatalf("calls differ:\n%s", b.String())
}

var fixtureCalls = map[string][]want{
	"lib/demo/analysis.ex": {
		{"Numpy", "mean", 1, 19, "Numpy.mean", 0},
		{"Numpy.Linalg", "norm", 2, 20, "LA.norm", 0},
		{"Numpy", "std", 2, 23, "Numpy.std", 0},
		{"Numpy", "size", 1, 29, "Numpy.size", 0},
		{"Numpy", "array", 1, 34, "Numpy.array", 0},
		{"Numpy", "sum", 2, 35, "Numpy.sum", 0},
		{"Numpy.Random", "shuffle", 1, 36, "Random.shuffle", 0},
		{"Numpy", "sum", 1, 40, "Numpy.sum", 0},
		{"Numpy.Fft", "fft", 2, 40, "Fft.fft", 0},
		{"Numpy.Linalg", "det", 1, 40, "Numpy.Linalg.det", 0},
		{"Numpy", "sqrt", 1, 46, "Numpy.sqrt", 0},
		{"Numpy", "pi", 0, 47, "Numpy.pi", 0},
		{"Json", "dumps", 1, 48, "Json.dumps", 0},
		{"Numpy.Random", "seed", 1, 49, "Numpy.Random.seed", 0},
		{"Numpy.Linalg.Sub", "thing", 0, 50, "Numpy.Linalg.Sub.thing", 0},
	},
	"lib/demo/imports.ex": {
		{"Numpy", "sum", 1, 5, "sum", 0},
		{"Numpy", "mean", 2, 6, "mean", 0},
		{"Numpy", "sum", 1, 8, "sum", 0},
		{"Numpy", "sum", 1, 9, "sum", 0},
		{"Json", "loads", 2, 11, "loads", 1},
		{"Json", "dumps", 1, 11, "dumps", 0},
	},
	"lib/demo/scoped.ex": {
		{"Numpy.Linalg", "norm", 1, 23 - 19, "L.norm", 0},
		{"Numpy", "sum", 1, 33 - 19, "sum", 0},
		{"Numpy", "prod", 1, 33 - 19, "prod", 0},
	},
	"test/support/helper.ex": {
		{"Numpy", "ones", 1, 2, "Numpy.ones", 0},
	},
}

func TestScanFileFixtures(t *testing.T) {
	for file, wants := range fixtureCalls {
		t.Run(file, func(t *testing.T) {
			path := filepath.Join("testdata", "project", file)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ScanFile(path, src, modules)
			if err != nil {
				t.Fatal(err)
			}
			same(t, expect(t, path, src, wants), got)
		})
	}
}

func TestScanFileCases(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // "Module.fun/arity"
	}{
		{"plain", "Numpy.sum(x)", []string{"Numpy.sum/1"}},
		{"no args", "Numpy.f()", []string{"Numpy.f/0"}},
		{"keyword list is one argument", "Numpy.f(a, b, k: 1, j: 2)", []string{"Numpy.f/3"}},
		{"nested calls", "Numpy.f(Numpy.g(1), [Numpy.h])", []string{"Numpy.f/2", "Numpy.g/1", "Numpy.h/0"}},
		{"no parens", "Numpy.f 1, 2\nNumpy.pi + 1\nx = [Numpy.e]", []string{"Numpy.f/2", "Numpy.pi/0", "Numpy.e/0"}},
		{"space before parens", "Numpy.f (1)", []string{"Numpy.f/1"}},
		{"access is not an argument", "Numpy.shape[0]", []string{"Numpy.shape/0"}},
		{"pipe", "x |> Numpy.f()\nx |> Numpy.g(axis: 0)\nx\n|> Numpy.h", []string{"Numpy.f/1", "Numpy.g/2", "Numpy.h/1"}},
		{"capture", "&Numpy.f/3\n& Numpy.g/0\n&Numpy.h(&1, 2)", []string{"Numpy.f/3", "Numpy.g/0", "Numpy.h/2"}},
		{"do block", "Numpy.with(x) do\n  1\nend\nif Numpy.ok?(x) do\n  2\nend", []string{"Numpy.with/2", "Numpy.ok?/1"}},
		{"alias", "alias Numpy.Linalg\nLinalg.norm(x)", []string{"Numpy.Linalg.norm/1"}},
		{"alias of alias", "alias Numpy.Linalg\nalias Linalg.Sub\nSub.f(x)", []string{"Numpy.Linalg.Sub.f/1"}},
		{"alias as", "alias Numpy.Linalg, as: LA\nLA.norm(x)\nLinalg.norm(x)", []string{"Numpy.Linalg.norm/1"}},
		{"alias with parens", "alias(Numpy.Linalg, as: LA)\nLA.norm(x)", []string{"Numpy.Linalg.norm/1"}},
		{"multi alias", "alias Numpy.{Linalg, Random.Gen}\nLinalg.det(x)\nGen.f()", []string{"Numpy.Linalg.det/1", "Numpy.Random.Gen.f/0"}},
		{"require as", "require Numpy, as: N\nN.f(1)", []string{"Numpy.f/1"}},
		{"shadowing alias", "alias MyApp.Numpy\nNumpy.sum(x)", nil},
		{"Elixir prefix", "Elixir.Numpy.sum(x)", []string{"Numpy.sum/1"}},
		{"dynamic modules", "mod.sum(x)\n@mod.sum(x)\n__MODULE__.sum(x)\nx.Numpy.sum(1)", nil},
		{"not a library", "NumpyExtra.sum(x)\nMyNumpy.sum(x)", nil},
		{"struct", "%Numpy.Ndarray{shape: 1}", nil},
		{"strings and comments", "# Numpy.a(x)\n\"Numpy.b(x)\"\n'Numpy.c'\n~s(Numpy.d)\n\"\"\"\nNumpy.e(x)\n\"\"\"\n:\"Numpy.f\"", nil},
		{"interpolation is code", `"#{Numpy.f(x)}"`, []string{"Numpy.f/1"}},
		{"typespecs", "@spec f(Numpy.t()) :: Numpy.Ndarray.t()\n@type t :: Numpy.t()\ndef f(x), do: Numpy.g(x)", []string{"Numpy.g/1"}},
		{"import unrestricted", "import Numpy\nsum(x)\nlength(x)\nif(x, do: 1)", []string{"Numpy.sum/1"}},
		{"import only", "import Numpy, only: [sum: 1]\nsum(x)\nsum(x, y)\nmean(x)", []string{"Numpy.sum/1"}},
		{"import only functions", "import Numpy, only: :functions\nsum(x)", []string{"Numpy.sum/1"}},
		{"import only macros", "import Numpy, only: :macros\nsum(x)", nil},
		{"import except", "import Numpy, except: [sum: 2]\nsum(x)\nsum(x, y)", []string{"Numpy.sum/1"}},
		{"import no-paren call", "import Numpy\nsum x", []string{"Numpy.sum/1"}},
		{"local definitions win", "defmodule A do\n  import Numpy\n  def f(x), do: sum(x)\n  defp sum(x), do: x\nend", nil},
		{"import of a non-library", "import Enum\nsum(x)", nil},
		{"unbalanced file still scans", "defmodule A do\n  def f(x), do: Numpy.f(x)\n", []string{"Numpy.f/1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls, err := ScanFile("t.ex", []byte(tc.src), modules)
			if err != nil && tc.name != "unbalanced file still scans" {
				t.Fatal(err)
			}
			var got []string
			for _, c := range calls {
				got = append(got, fmt.Sprintf("%s.%s/%d", c.Module, c.Function, c.Arity))
			}
			if !reflect.DeepEqual(tc.want, got) {
				t.Fatalf("want %v, got %v", tc.want, got)
			}
		})
	}
}

func TestScanFileSyntaxError(t *testing.T) {
	src := "Numpy.a(1)\nx = \"unterminated\nNumpy.b(2)\n"
	calls, err := ScanFile("broken.ex", []byte(src), modules)
	var e *elixir.Error
	if !errors.As(err, &e) || !strings.HasPrefix(err.Error(), "broken.ex:2:5:") {
		t.Fatalf("want a positioned *elixir.Error, got %v", err)
	}
	if len(calls) != 1 || calls[0].Function != "a" {
		t.Fatalf("want the call before the error, got %+v", calls)
	}
}

func TestScanFileRangeUTF16(t *testing.T) {
	src := "x = \"é😀\"; Numpy.f(x)"
	calls, err := ScanFile("u.ex", []byte(src), modules)
	if err != nil {
		t.Fatal(err)
	}
	want := elixir.Range{Start: elixir.Position{Line: 0, Character: 11}, End: elixir.Position{Line: 0, Character: 18}}
	if len(calls) != 1 || calls[0].Range != want {
		t.Fatalf("want range %+v, got %+v", want, calls)
	}
}

func fixtureFiles(t *testing.T, root string, rels ...string) []string {
	t.Helper()
	var out []string
	for _, r := range rels {
		p := filepath.Join(root, r)
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("fixture missing: %v", err)
		}
		out = append(out, p)
	}
	return out
}

func TestScanProject(t *testing.T) {
	root := filepath.Join("testdata", "project")
	// These must exist for the exclusions below to mean anything.
	fixtureFiles(t, root, "lib/snakebridge_generated/numpy/__init__.ex", "lib/legacy/old.ex", "lib/.hidden/x.ex",
		"lib/demo/script.exs", "deps/numpy_user/lib/x.ex", "_build/dev/x.ex")
	wantFor := func(files ...string) []Call {
		var out []Call
		for _, f := range files {
			path := filepath.Join(root, f)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, expect(t, path, src, fixtureCalls[f])...)
		}
		return out
	}
	tests := []struct {
		name  string
		opts  Options
		files []string
		extra []string // "Module.fun" of calls outside fixtureCalls, in order
	}{
		{"defaults exclude generated", Options{Root: root, Exclude: []string{"lib/legacy/**"}, Modules: modules},
			[]string{"lib/demo/analysis.ex", "lib/demo/imports.ex", "lib/demo/scoped.ex"}, nil},
		{"legacy included without exclude", Options{Root: root, Modules: modules},
			[]string{"lib/demo/analysis.ex", "lib/demo/imports.ex", "lib/demo/scoped.ex", "lib/legacy/old.ex"}, []string{"Numpy.legacy"}},
		{"brace and star excludes", Options{Root: root, Exclude: []string{"lib/{legacy,other}/*.ex", "lib/demo/s*.ex"}, Modules: modules},
			[]string{"lib/demo/analysis.ex", "lib/demo/imports.ex"}, nil},
		{"several paths, extensions", Options{Root: root, Paths: []string{"lib", "test/support", "missing"}, Extensions: []string{".ex", ".exs"},
			Exclude: []string{"**/legacy/**"}, Modules: modules},
			[]string{"lib/demo/analysis.ex", "lib/demo/imports.ex", "lib/demo/scoped.ex", "lib/demo/script.exs", "test/support/helper.ex"},
			[]string{"Numpy.script_call"}},
		{"whole project skips deps, _build and hidden", Options{Root: root, Paths: []string{"."}, Exclude: []string{"lib/legacy/old.ex"}, Modules: modules},
			[]string{"lib/demo/analysis.ex", "lib/demo/imports.ex", "lib/demo/scoped.ex", "test/support/helper.ex"}, nil},
		{"generated dir generated elsewhere", Options{Root: root, GeneratedDir: "lib/legacy", Modules: modules},
			[]string{"lib/demo/analysis.ex", "lib/demo/imports.ex", "lib/demo/scoped.ex", "lib/snakebridge_generated/numpy/__init__.ex"},
			[]string{"Numpy.Helpers.call"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ScanProject(context.Background(), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			want := wantFor(tc.files...)
			var rest []string
			var kept []Call
			for _, c := range got {
				if _, known := fixtureCalls[rel(t, root, c.File)]; known {
					kept = append(kept, c)
				} else {
					rest = append(rest, c.Module+"."+c.Function)
				}
			}
			same(t, want, kept)
			if !reflect.DeepEqual(tc.extra, rest) {
				t.Fatalf("other calls: want %v, got %v", tc.extra, rest)
			}
		})
	}
}

func rel(t *testing.T, root, file string) string {
	r, err := filepath.Rel(root, file)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(r)
}

func TestScanProjectErrors(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "lib")
	if err := os.MkdirAll(lib, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(lib, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.ex", "Numpy.a(1)\n")
	write("b.ex", "Numpy.b(1)\n\"open\n")
	calls, err := ScanProject(context.Background(), Options{Root: dir, Modules: modules})
	var se SyntaxErrors
	if !errors.As(err, &se) || len(se) != 1 || !strings.Contains(se.Error(), "b.ex:2:1") {
		t.Fatalf("want SyntaxErrors for b.ex, got %v", err)
	}
	if len(calls) != 2 {
		t.Fatalf("want both calls despite the syntax error, got %+v", calls)
	}

	_, err = ScanProject(context.Background(), Options{Root: dir, Exclude: []string{"lib/[.ex"}, Modules: modules})
	if err == nil || !strings.Contains(err.Error(), "invalid scan_exclude pattern") {
		t.Fatalf("want a pattern error, got %v", err)
	}

	// deps and _build at the root are skipped even without a mix.exs.
	for _, d := range []string{"deps/x/lib", "_build/dev/lib", "lib/deps"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, d, "d.ex"), []byte("Numpy.d(1)\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	calls, _ = ScanProject(context.Background(), Options{Root: dir, Paths: []string{"."}, Modules: modules})
	var names []string
	for _, c := range calls {
		names = append(names, c.Function)
	}
	// lib/deps is an ordinary directory of the project's own code.
	if !reflect.DeepEqual([]string{"a", "b", "d"}, names) {
		t.Fatalf("want calls a, b and lib/deps's d, got %v", names)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ScanProject(ctx, Options{Root: dir, Modules: modules}); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}

	if os.Getuid() != 0 { // root reads unreadable files anyway
		write("c.ex", "Numpy.c(1)\n")
		if err := os.Chmod(filepath.Join(lib, "c.ex"), 0); err != nil {
			t.Fatal(err)
		}
		if _, err := ScanProject(context.Background(), Options{Root: dir, Modules: modules}); err == nil || !strings.Contains(err.Error(), "c.ex") {
			t.Fatalf("want a read error naming c.ex, got %v", err)
		}
	}
}

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern, path string
		match         bool
	}{
		{"lib/legacy/**", "lib/legacy/a.ex", true},
		{"lib/legacy/**", "lib/legacy/x/y/a.ex", true},
		{"lib/**/*.ex", "lib/a.ex", true},
		{"lib/**/*.ex", "lib/a/b/c.ex", true},
		{"lib/**/*.ex", "lib/.hidden/c.ex", false},
		{"lib/*.ex", "lib/a/b.ex", false},
		{"lib/*.ex", "lib/.a.ex", false},
		{"lib/.*.ex", "lib/.a.ex", true},
		{"lib/{a,b}/*.ex", "lib/b/x.ex", true},
		{"lib/{a,b{c,d}}/*.ex", "lib/bd/x.ex", true},
		{"lib/?.ex", "lib/a.ex", true},
		{"lib/[ab].ex", "lib/c.ex", false},
		{"lib/legacy", "lib/legacy/a.ex", false},
		{"./lib/a.ex", "lib/a.ex", true},
	}
	for _, tc := range tests {
		g, err := compileGlob(tc.pattern)
		if err != nil {
			t.Fatal(err)
		}
		if got := g.match(tc.path); got != tc.match {
			t.Errorf("%q ~ %q: want %v, got %v", tc.pattern, tc.path, tc.match, got)
		}
	}
}

// TestScanFileLongLines: statements with tens of thousands of candidate
// calls (each asking where its arguments end) scan in linear time.
func TestScanFileLongLines(t *testing.T) {
	for _, tc := range []struct {
		src   string
		calls int
	}{
		{"import Numpy\n" + strings.Repeat("a ", 40000), 39999},
		{strings.Repeat("Numpy.a ", 40000), 40000},
		{"x = [" + strings.Repeat("Numpy.a(1), ", 40000) + "]", 40000},
	} {
		calls, err := ScanFile("long.ex", []byte(tc.src), modules)
		if err != nil {
			t.Fatal(err)
		}
		if len(calls) != tc.calls {
			t.Fatalf("want %d calls, got %d", tc.calls, len(calls))
		}
	}
}

// TestScanProjectOverlay: a listed file is scanned from its unsaved buffer;
// a buffer whose file is not on disk is not scanned.
func TestScanProjectOverlay(t *testing.T) {
	root := t.TempDir()
	app := filepath.Join(root, "lib", "app.ex")
	if err := os.MkdirAll(filepath.Dir(app), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(app, []byte("defmodule App do\n  def a, do: Numpy.on_disk(1)\nend\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := Options{Root: root, Modules: []string{"Numpy"}, Overlay: map[string][]byte{
		app:                                      []byte("defmodule App do\n  def a, do: Numpy.in_buffer(1, 2)\nend\n"),
		filepath.Join(root, "lib", "unsaved.ex"): []byte("defmodule U do\n  def u, do: Numpy.nowhere()\nend\n"),
	}}
	calls, err := ScanProject(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range calls {
		got = append(got, fmt.Sprintf("%s.%s/%d", c.Module, c.Function, c.Arity))
	}
	if want := []string{"Numpy.in_buffer/2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("calls = %v, want %v", got, want)
	}
}
