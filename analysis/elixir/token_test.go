package elixir

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// render shows tokens as "Kind(text)" joined by spaces, without EOF.
func render(src string, toks []Token) string {
	var parts []string
	for _, t := range toks {
		if t.Kind == EOF {
			continue
		}
		text := src[t.Start:t.End]
		parts = append(parts, fmt.Sprintf("%s(%s)", t.Kind, strings.ReplaceAll(text, "\n", `\n`)))
	}
	return strings.Join(parts, " ")
}

func TestTokenize(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"call", `Numpy.sum(x)`, `alias(Numpy) .(.) identifier(sum) ((() identifier(x) )())`},
		{"keyword keys", `[app: :demo, "quoted key": 1, valid?: true]`,
			`[([) keyword key(app:) atom(:demo) ,(,) string(") string text(quoted key) end of string(":) integer(1) ,(,) keyword key(valid?:) identifier(true) ](])`},
		{"type operator is not a key", `x::integer`, `identifier(x) operator(::) identifier(integer)`},
		{"atoms", `:a :a? :B :"q a" :+ :&& :foo@bar :<<>>`,
			`atom(:a) atom(:a?) atom(:B) string(:") string text(q a) end of string(") atom(:+) atom(:&&) atom(:foo@bar) atom(:<<>>)`},
		{"numbers", `1_000 0x1F 0o17 0b101 1.5 1.0e-10 1..2 ?a ?\n`,
			`integer(1_000) integer(0x1F) integer(0o17) integer(0b101) float(1.5) float(1.0e-10) integer(1) operator(..) integer(2) character literal(?a) character literal(?\n)`},
		{"comments and newlines", "a # c \"not a string\n\n\nb; c", `identifier(a) newline(\n\n\n) identifier(b) newline(;) identifier(c)`},
		{"line continuation", "a \\\n b", `identifier(a) identifier(b)`},
		{"keywords", `fn x -> x end; def f, do: 1; x.do`,
			`fn(fn) identifier(x) operator(->) identifier(x) end(end) newline(;) identifier(def) identifier(f) ,(,) keyword key(do:) integer(1) newline(;) identifier(x) .(.) identifier(do)`},
		{"interpolation", `"a#{b <> "c#{d}"}e"`,
			`string(") string text(a) #{(#{) identifier(b) operator(<>) string(") string text(c) #{(#{) identifier(d) }(}) end of string(") }(}) string text(e) end of string(")`},
		{"braces inside interpolation", `"#{%{a: 1}}"`,
			`string(") #{(#{) operator(%) {({) keyword key(a:) integer(1) }(}) }(}) end of string(")`},
		{"escaped quote", `"a\"b" 'c\'d'`, `string(") string text(a\"b) end of string(") string(') string text(c\'d) end of string(')`},
		{"sigils", `~w(a b)a ~S|x\|y| ~r/a\/b/i ~W[#{x}]`,
			`string(~w() string text(a b) end of string()a) string(~S|) string text(x\|y) end of string(|) string(~r/) string text(a\/b) end of string(/i) string(~W[) string text(#{x}) end of string(])`},
		{"heredoc", "x = \"\"\"\n  a\n  \"\"\" <> y",
			`identifier(x) operator(=) string("""\n) string text(  a\n) end of string(") operator(<>) identifier(y)`},
		{"binaries and operators", `<<1, 2>> |> a ++ b <~> c \\ d`,
			`<<(<<) integer(1) ,(,) integer(2) >>(>>) operator(|>) identifier(a) operator(++) identifier(b) operator(<~>) identifier(c) operator(\\) identifier(d)`},
		{"unicode identifiers", `héllo = "wörld"`, `identifier(héllo) operator(=) string(") string text(wörld) end of string(")`},
		{"alias key", `[Foo: 1]`, `[([) keyword key(Foo:) integer(1) ](])`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			toks, err := Tokenize("t.exs", []byte(tc.src))
			require.NoError(t, err)
			require.Equal(t, tc.want, render(tc.src, toks))
		})
	}
}

func TestTokenizeHeredocIndent(t *testing.T) {
	src := "  @doc \"\"\"\n    text\n    \"\"\"\n  x = ~S\"\"\"\n\tt\n\t\"\"\"m\n"
	s, err := NewSource("t.exs", []byte(src))
	require.NoError(t, err)
	var indents []int
	for i, tok := range s.Toks {
		if tok.Kind == StrBegin {
			require.True(t, tok.Flags&StrHeredoc != 0)
			indents = append(indents, s.heredocIndent(s.Toks[s.Match[i]]))
		}
	}
	require.Equal(t, []int{4, 1}, indents)
}

func TestTokenizeErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int // 1-based, as in Error()
		msg       string
	}{
		{"unterminated string", "x = 1\ny = \"abc\n", 2, 5, `missing terminator '"'`},
		{"unterminated heredoc", "x = \"\"\"\nabc\n", 1, 5, `missing terminator """`},
		{"text after heredoc opener", "x = \"\"\"abc\n\"\"\"", 1, 5, "only whitespace after the opening"},
		{"unterminated interpolation", `"a#{b"`, 1, 6, "missing terminator"},
		{"unterminated sigil", "~w(a b", 1, 1, `missing terminator ')'`},
		{"invalid utf-8", "x = \"é\xff\"", 1, 7, "invalid UTF-8"},
		{"unexpected character", "x = $", 1, 5, "unexpected character '$'"},
		{"bad sigil delimiter", "~w.a.", 1, 3, "invalid sigil delimiter"},
		{"char at end", "?", 1, 1, "missing character"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Tokenize("f.exs", []byte(tc.src))
			var e *Error
			require.True(t, errors.As(err, &e), "got %v", err)
			require.Contains(t, e.Msg, tc.msg)
			require.Equal(t, fmt.Sprintf("f.exs:%d:%d: %s", tc.line, tc.col, e.Msg), e.Error())
		})
	}
}

func TestTokenizeNestingLimit(t *testing.T) {
	src := strings.Repeat(`"#{`, MaxDepth+5) + strings.Repeat(`}"`, MaxDepth+5)
	_, err := Tokenize("deep.exs", []byte(src))
	require.ErrorContains(t, err, "nested too deeply")

	ok := strings.Repeat(`"#{`, 50) + "1" + strings.Repeat(`}"`, 50)
	_, err = Tokenize("ok.exs", []byte(ok))
	require.NoError(t, err)
}

func TestLineIndexUTF16(t *testing.T) {
	src := []byte("ab\n\"é😀\" x\n")
	x := NewLineIndex(src)
	require.Equal(t, Position{0, 0}, x.Position(0))
	require.Equal(t, Position{1, 0}, x.Position(3))
	// "é" is one UTF-16 unit, "😀" two.
	off := strings.Index(string(src), "x")
	require.Equal(t, Position{1, 6}, x.Position(off))
	require.Equal(t, Position{2, 0}, x.Position(len(src)))
}

func TestMatchErrors(t *testing.T) {
	tests := []struct{ name, src, msg string }{
		{"stray end", "x\nend", `unexpected "end": nothing to close here`},
		{"mismatch", "[1, (2]", `unexpected "]": the "(" opened at 1:5 is not closed`},
		{"unclosed do", "defmodule A do\n  def f do\n  end\n", `missing terminator "end" for the "do" opened here`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewSource("m.exs", []byte(tc.src))
			require.ErrorContains(t, err, tc.msg)
		})
	}
}

func TestStatementsAndContinuation(t *testing.T) {
	src := "a = [1,\n 2]\nb\n|> c()\nconfig :x,\n  k: 1\nd; e\nf ++\n g\nh"
	s, err := NewSource("s.exs", []byte(src))
	require.NoError(t, err)
	var got []string
	for _, st := range s.Statements(0, len(s.Toks)-1) {
		got = append(got, strings.ReplaceAll(string(src[s.Toks[st[0]].Start:s.Toks[st[1]-1].End]), "\n", " "))
	}
	require.Equal(t, []string{"a = [1,  2]", "b |> c()", "config :x,   k: 1", "d", "e", "f ++  g", "h"}, got)
}

func TestArgs(t *testing.T) {
	tests := []struct {
		src  string
		n    int
		kw   bool
		last string
	}{
		{"f()", 0, false, ""},
		{"f(a)", 1, false, "a"},
		{"f(a, [b, c], {d, e})", 3, false, "{d, e}"},
		{"f(a, k: 1, j: g(2, 3))", 2, true, "k: 1, j: g(2, 3)"},
		{"f(\n  a,\n  b,\n)", 2, false, "b"},
		{`f("k": 1)`, 1, true, `"k": 1`},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			s, err := NewSource("a.exs", []byte(tc.src))
			require.NoError(t, err)
			args, kw := s.Args(2, int(s.Match[1]))
			require.Equal(t, tc.n, len(args))
			require.Equal(t, tc.kw, kw)
			if tc.n > 0 {
				a := args[len(args)-1]
				require.Equal(t, tc.last, tc.src[s.Toks[a[0]].Start:s.Toks[a[1]-1].End])
			}
		})
	}
}

// TestLineIndexMarks compares the checkpointed positions on long non-ASCII
// lines with a direct count.
func TestLineIndexMarks(t *testing.T) {
	line := strings.Repeat("aé😀b", 400)
	src := []byte("x\n" + line + "\n" + line)
	x := NewLineIndex(src)
	for off := 2; off < len(src); off += 7 {
		for !utf8.RuneStart(src[off]) {
			off++
		}
		nl := strings.LastIndexByte(string(src[:off]), '\n')
		want := Position{Line: strings.Count(string(src[:off]), "\n"), Character: utf16Len(src[nl+1 : off])}
		require.Equal(t, want, x.Position(off), "offset %d", off)
	}
}
