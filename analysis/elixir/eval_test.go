package elixir

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/stretchr/testify/require"
)

// evalSource evaluates a whole source as one literal expression.
func evalSource(src string) (*Node, error) {
	s, err := NewSource("lit.exs", []byte(src))
	if err != nil {
		return nil, err
	}
	e := &evaluator{s: s, what: "the test"}
	return e.whole(0, len(s.Toks)-1)
}

// literalCases are literal expressions with their expected value in
// term.Inspect form. TestLiteralsAgainstElixir checks every one of them
// against the real Elixir evaluator as well.
var literalCases = []struct{ src, want string }{
	{`:a`, `:a`},
	{`:"quoted atom"`, `:"quoted atom"`},
	{`:a?`, `:a?`},
	{`:b!`, `:b!`},
	{`:+`, `:"+"`},
	{`:Foo`, `:"Foo"`},
	{`:"a\tb"`, `:"a\tb"`},
	{`Foo.Bar`, `Foo.Bar`},
	{`Elixir.Foo`, `Foo`},
	{`true`, `true`},
	{`nil`, `nil`},
	{`"a\e\a\b\d\f\n\r\s\t\v\0\x41\x4\u00e9\u{1F600}\z\"\\ \#{x}"`, `"a\x1b\a\b\x7f\f\n\r \t\v\x00A\x04é😀z\"\\ #{x}"`},
	{`"héllo 😀"`, `"héllo 😀"`},
	{"\"line\\\ncontinued\"", `"linecontinued"`},
	{`'abc'`, `[97, 98, 99]`},
	{`'é'`, `[233]`},
	{`~c(ab)`, `[97, 98]`},
	{`1_000`, `1000`},
	{`0x1F`, `31`},
	{`0o17`, `15`},
	{`0b101`, `5`},
	{`-5`, `-5`},
	{`+3`, `3`},
	{`123456789012345678901234567890`, `123456789012345678901234567890`},
	{`1.5`, `1.5`},
	{`1.0e10`, `1e+10`},
	{`1_000.5e-3`, `1.0005`},
	{`-2.5`, `-2.5`},
	{`?a`, `97`},
	{`?\n`, `10`},
	{`?é`, `233`},
	{`[]`, `[]`},
	{`[1, 2,]`, `[1, 2]`},
	{`[1, a: 2]`, `[1, {:a, 2}]`},
	{`[a: 1, b: [c: 2]]`, `[a: 1, b: [c: 2]]`},
	{`["k": 1, "x y": 2]`, `[k: 1, "x y": 2]`},
	{`{}`, `{}`},
	{`{1}`, `{1}`},
	{`{:numpy, version: "1", include: ["a"]}`, `{:numpy, [version: "1", include: ["a"]]}`},
	{`%{}`, `%{}`},
	{`%{"a" => 1, b: 2}`, `%{"a" => 1, :b => 2}`},
	{`%{1 => %{2 => 3}}`, `%{1 => %{2 => 3}}`},
	{`~w(a b c)`, `["a", "b", "c"]`},
	{`~w(a b)a`, `[:a, :b]`},
	{`~w[a b]c`, `[[97], [98]]`},
	{`~w"x y"s`, `["x", "y"]`},
	{`~W(a\sb c)`, `["a\\sb", "c"]`},
	{`~w(a\sb c)`, `["a", "b", "c"]`},
	{`~w|a b| ++ ~w<c> ++ ~w/d/ ++ ~w{e} ++ ~w'f'`, `["a", "b", "c", "d", "e", "f"]`},
	{`~s(a\)b)`, `"a)b"`},
	{`~S(f\)o\(x\\y)`, `"f)o\\(x\\\\y"`},
	{"\"\"\"\n    ab\n  c\\\n  d\n\te\n  \"\"\"", `"  ab\ncd\ne\n"`},
	{"'''\n  x\n  '''", `[120, 10]`},
	{"~S\"\"\"\n  raw \\n #{x}\n  \"\"\"", `"raw \\n #{x}\n"`},
	{"~w\"\"\"\n  a b\n  c\n  \"\"\"a", `[:a, :b, :c]`},
	{`[:snakebridge] ++ [:elixir]`, `[:snakebridge, :elixir]`},
	{`"a" <> "b" <> "c"`, `"abc"`},
	{`[1] ++ [2] ++ [3]`, `[1, 2, 3]`},
	{`nil || "x"`, `"x"`},
	{`"y" || raise "z"`, `"y"`},
	{"[\n  1, # one\n  2\n]", `[1, 2]`},
	{`([1])`, `[1]`},
}

func TestLiterals(t *testing.T) {
	for _, tc := range literalCases {
		t.Run(tc.src, func(t *testing.T) {
			n, err := evalSource(tc.src)
			require.NoError(t, err)
			require.Equal(t, tc.want, term.Inspect(n.Term))
		})
	}
}

// canon renders a term unambiguously; canonElixir is the same function in
// Elixir.
func canon(t term.Term) string {
	switch v := t.(type) {
	case term.Atom:
		return "a:" + strings.ToUpper(hex.EncodeToString([]byte(v)))
	case term.Binary:
		return "b:" + strings.ToUpper(hex.EncodeToString([]byte(v)))
	case term.Integer:
		return "i:" + v.V.String()
	case term.Float:
		return fmt.Sprintf("f:%016X", math.Float64bits(float64(v)))
	case term.List:
		return "[" + canonJoin(v) + "]"
	case term.Tuple:
		return "{" + canonJoin(v) + "}"
	case term.Map:
		var kv []string
		for k := range v.Keys {
			kv = append(kv, canon(v.Keys[k])+"=>"+canon(v.Values[k]))
		}
		sort.Strings(kv)
		return "%{" + strings.Join(kv, ",") + "}"
	}
	return "?"
}

func canonJoin(ts []term.Term) string {
	parts := make([]string, len(ts))
	for k, x := range ts {
		parts[k] = canon(x)
	}
	return strings.Join(parts, ",")
}

const canonElixir = `
defmodule Canon do
  def c(a) when is_atom(a), do: "a:" <> Base.encode16(Atom.to_string(a))
  def c(b) when is_binary(b), do: "b:" <> Base.encode16(b)
  def c(i) when is_integer(i), do: "i:" <> Integer.to_string(i)
  def c(f) when is_float(f), do: "f:" <> Base.encode16(<<f::float-64>>)
  def c(l) when is_list(l), do: "[" <> Enum.map_join(l, ",", &c/1) <> "]"
  def c(t) when is_tuple(t), do: "{" <> (t |> Tuple.to_list() |> Enum.map_join(",", &c/1)) <> "}"
  def c(m) when is_map(m),
    do: "%{" <> (m |> Enum.map(fn {k, v} -> c(k) <> "=>" <> c(v) end) |> Enum.sort() |> Enum.join(",")) <> "}"
end
`

// runElixir runs an Elixir script (with Canon defined) in dir and returns
// its standard output.
func runElixir(t *testing.T, dir, script string) string {
	t.Helper()
	elixirBin := testenv.Tool(t, "elixir")
	path := filepath.Join(dir, "oracle.exs")
	require.NoError(t, os.WriteFile(path, []byte(canonElixir+script), 0o644))
	cmd := exec.Command(elixirBin, path)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("elixir failed: %v\n%s", err, stderr.String())
	}
	return string(out)
}

func TestLiteralsAgainstElixir(t *testing.T) {
	dir := t.TempDir()
	for k, tc := range literalCases {
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("case_%03d.exs", k)), []byte(tc.src), 0o644))
	}
	out := runElixir(t, dir, `
for f <- Enum.sort(Path.wildcard("case_*.exs")) do
  {v, _} = Code.eval_file(f)
  IO.puts(f <> " " <> Canon.c(v))
end
`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Equal(t, len(literalCases), len(lines))
	for k, tc := range literalCases {
		n, err := evalSource(tc.src)
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("case_%03d.exs %s", k, canon(n.Term)), lines[k], "case %d: %s", k, tc.src)
	}
}

func TestUnevaluable(t *testing.T) {
	tests := []struct{ src, msg string }{
		{`System.get_env("X")`, `1:1: cannot evaluate a call to System.get_env/1 inside the test (only literals are understood)`},
		{`[1, Mix.env()]`, `1:5: cannot evaluate a call to Mix.env/0`},
		{`[:a] ++ Mix.compilers`, `1:9: cannot evaluate a call to Mix.compilers/0`},
		{`foo(1, 2)`, `1:1: cannot evaluate a call to foo/2`},
		{`foo 1, 2`, `1:1: cannot evaluate a call to foo/2`},
		{`[x]`, `1:2: cannot evaluate the variable x`},
		{`"a#{b}c"`, `1:3: cannot evaluate string interpolation (#{...})`},
		{`if true, do: 1`, `1:1: cannot evaluate an "if" expression`},
		{`@attr`, `1:1: cannot evaluate the module attribute @attr`},
		{`%Foo{}`, `1:1: cannot evaluate a struct`},
		{`[1 | t]`, `1:4: cannot evaluate a list with a tail`},
		{`~r/x/`, `1:1: cannot evaluate the sigil ~r`},
		{`fn -> 1 end`, `1:1: cannot evaluate an anonymous function`},
		{`&foo/1`, `1:1: cannot evaluate a function capture`},
		{`<<1>>`, `1:1: cannot evaluate a binary constructor`},
		{`1 + 2`, `1:3: cannot evaluate the operator +`},
		{`[a: 1] |> Keyword.merge([])`, `1:8: cannot evaluate the operator |>`},
		{`__DIR__`, `1:1: cannot evaluate __DIR__`},
		{`[1] ++ "a"`, `1:5: cannot evaluate ++ of something that is not a list`},
		{`x.y`, `1:1: cannot evaluate the variable x`},
		{`m[:k]`, `1:1: cannot evaluate the variable m`},
		{`[a: 1, 2]`, `1:8: syntax error: unexpected "2" after keyword pairs`},
		{`%{1}`, `1:3: syntax error: expected key => value`},
		{`~w(a)x`, `syntax error: invalid modifier "x"`},
		{`"\u{110000}"`, `1:2: syntax error: invalid Unicode code point`},
		{`"\xZZ"`, `1:2: syntax error: invalid hexadecimal escape`},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			_, err := evalSource(tc.src)
			var e *Error
			require.True(t, errors.As(err, &e), "want *Error, got %T: %v", err, err)
			require.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestEvalDepthLimit(t *testing.T) {
	deep := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	_, err := evalSource(deep)
	require.ErrorContains(t, err, "nested too deeply")

	ok := strings.Repeat("{", 200) + strings.Repeat("}", 200)
	_, err = evalSource(ok)
	require.NoError(t, err)
}

func TestNodeRangesUTF16(t *testing.T) {
	// "é" is 1 UTF-16 unit and "😀" 2, but 2 and 4 bytes.
	src := "[\"é😀\", {:numpy, include: ~w(a bb)}, 'ab']"
	n, err := evalSource(src)
	require.NoError(t, err)
	r := func(l1, c1, l2, c2 int) Range { return Range{Position{l1, c1}, Position{l2, c2}} }
	require.Equal(t, r(0, 0, 0, 42), n.Range)
	require.Equal(t, r(0, 1, 0, 6), n.Elems[0].Range)
	tuple := n.Elems[1]
	require.Equal(t, r(0, 8, 0, 35), tuple.Range)
	kw := tuple.Elems[1]
	pair := kw.Elems[0]
	require.Equal(t, r(0, 17, 0, 34), pair.Range)
	require.Equal(t, r(0, 17, 0, 25), pair.Elems[0].Range)
	words := pair.Elems[1]
	require.Equal(t, r(0, 29, 0, 30), words.Elems[0].Range)
	require.Equal(t, r(0, 31, 0, 33), words.Elems[1].Range)
	chars := n.Elems[2]
	require.Equal(t, r(0, 38, 0, 39), chars.Elems[0].Range)
}
