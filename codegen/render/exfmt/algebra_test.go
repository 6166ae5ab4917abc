package exfmt

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// printWith prints n at width; reference turns off every fast path: lazy
// blocks, merged texts, the summaries of simple nodes and the flat texts
// of shared groups, leaving Inspect.Algebra's plain algorithm.
func printWith(n Node, width int, reference bool) string {
	var b builder
	b.eager, b.noMerge = reference, reference
	var e engine
	e.walk = reference
	var out writer
	e.format(&b, b.toDoc(n), width, &out)
	out.flush()
	return string(out.b)
}

// shareGuards replaces, in place, every opts guard of a tree by one
// Shared instance, as the renderer does.
func shareGuards(n Node, guard *Op, text string) Node {
	if o, ok := n.(*Op); ok && o.Op == guard.Op && Format(ToDoc(o), -1) == text {
		return guard
	}
	each := func(ns []Node) {
		for i := range ns {
			ns[i] = shareGuards(ns[i], guard, text)
		}
	}
	switch t := n.(type) {
	case *Op:
		t.L, t.R = shareGuards(t.L, guard, text), shareGuards(t.R, guard, text)
	case *Call:
		each(t.Args)
		if t.Do != nil {
			shareGuards(t.Do, guard, text)
		}
	case *Block:
		for i := range t.Stmts {
			t.Stmts[i].Node = shareGuards(t.Stmts[i].Node, guard, text)
		}
	case *List:
		each(t.Elems)
	case *Tuple:
		each(t.Elems)
	case *Attr:
		t.Arg = shareGuards(t.Arg, guard, text)
	case *Keyword:
		for i := range t.Pairs {
			t.Pairs[i].Value = shareGuards(t.Pairs[i].Value, guard, text)
		}
	}
	return n
}

// TestFastPathsMatchReference prints random modules of the renderer's
// shapes at several widths with and without the fast paths, and again
// with their guards shared.
func TestFastPathsMatchReference(t *testing.T) {
	guard := optsGuard().(*Op)
	guard.Shared = true
	text := Format(ToDoc(optsGuard()), -1)
	widths := []int{LineLength, 12, 30, 45, 60, 80, 120}
	shared := 0
	for i := range 60 {
		n := randModule(rand.New(rand.NewPCG(9, uint64(i))), i)
		want := make([]string, len(widths))
		for j, w := range widths {
			want[j] = printWith(n, w, true)
			if got := printWith(n, w, false); got != want[j] {
				t.Fatalf("module %d at width %d:\n%s", i, w, lineDiff(got, want[j]))
			}
		}
		n = shareGuards(n, guard, text)
		for j, w := range widths {
			if got := printWith(n, w, false); got != want[j] {
				t.Fatalf("module %d with shared guards at width %d:\n%s", i, w, lineDiff(got, want[j]))
			}
		}
		shared += strings.Count(want[0], "is_atom(elem(hd(opts), 0))")
	}
	if shared < 20 {
		t.Fatalf("only %d guards in the modules: the shared path was barely tested", shared)
	}
}

// TestLazyBlockInEveryMode: a block of many statements prints the same
// wherever it lands, including flat (inside a keyword's parentheses) and
// measured by next_break_fits (as a list's last element).
func TestLazyBlockInEveryMode(t *testing.T) {
	var stmts []Stmt
	for i := range lazyBlock + 3 {
		stmts = append(stmts, Stmt{Node: call(fmt.Sprintf("step%d", i), v("x")), BlankAfter: i%4 == 0})
	}
	blk := &Block{Stmts: stmts}
	trees := []Node{
		module("Lazy", def(call("run", v("x")), call("a"), call("b"))),
		&Call{Name: "defmodule", Args: []Node{&Alias{Name: "Lazy"}}, Do: blk},
		&Call{Name: "def", Args: []Node{v("run"), &Keyword{Pairs: []KW{{Key: "do", Value: blk}}}}},
		call("wrap", &List{Elems: []Node{v("a"), blk}}),
		&Op{Op: "=", L: v("x"), R: blk},
	}
	for i, n := range trees {
		for _, w := range []int{LineLength, 10, -1} {
			if got, want := printWith(n, w, false), printWith(n, w, true); got != want {
				t.Fatalf("tree %d at width %d:\n%s", i, w, lineDiff(got, want))
			}
		}
	}
	var p Printer
	for i, n := range trees {
		// A printer reused after a lazy block prints the next file alike.
		first, second := string(p.Source(nil, n)), string(p.Source([]string{"# c"}, n))
		if want := Source(nil, n); first != want || second != Source([]string{"# c"}, n) {
			t.Fatalf("tree %d: a reused printer differs:\n%s", i, lineDiff(first, want))
		}
	}
}

// oldHeredoc is heredoc_to_algebra/1 as separate texts and lines, the
// document builder.heredoc stands for.
func oldHeredoc(b *builder, s string) ref {
	lines := append([]string{""}, strings.Split(s, "\n")...)
	d := b.str(lines[len(lines)-1])
	for j := len(lines) - 2; j >= 0; j-- {
		sep := lineRef
		if rest := lines[j+1:]; len(rest) >= 2 && rest[0] == "" {
			sep = b.nestResetAlways(lineRef)
		}
		if lines[j] == "" {
			d = b.concat(sep, d)
		} else {
			d = b.concat(b.concat(b.str(lines[j]), sep), d)
		}
	}
	return d
}

// TestHeredocNode: the heredoc node prints and measures like the texts and
// lines it stands for, in groups that fit or not depending on its last
// line's width, flat, broken and under next_break_fits.
func TestHeredocNode(t *testing.T) {
	texts := []string{"a\n", "a\n\nb\n", "one\n\n\ntwo\nlast", "x", "\n", "héllo\nwörld 日本語", "tail of width ten\n0123456789"}
	contexts := []func(b *builder, h ref) ref{
		func(b *builder, h ref) ref {
			return b.group(b.concat(b.concat(b.text(`"""`), h), b.glue(b.text(""), b.text("abcdefgh"))))
		},
		func(b *builder, h ref) ref {
			return b.group(b.nest(b.concat(b.text("@doc "), b.concat(h, b.flexGlue(b.text(","), b.text("0123456789")))), 4))
		},
		func(b *builder, h ref) ref {
			return b.group(b.concat(b.nextBreakFits(b.group(b.concat(b.text("["), h)), true), b.glue(b.text("]"), b.text("xyz"))))
		},
		func(b *builder, h ref) ref {
			return b.concat(b.collapseLines(2), b.group(b.glue(b.forceUnfit(h), b.text("end"))))
		},
	}
	for _, s := range texts {
		for ci, ctx := range contexts {
			for w := 0; w <= 24; w++ {
				print := func(old bool) string {
					var b builder
					b.reset()
					h := b.heredoc(s)
					if old {
						h = oldHeredoc(&b, s)
					}
					var e engine
					var out writer
					e.format(&b, ctx(&b, h), w, &out)
					out.flush()
					return string(out.b)
				}
				if got, want := print(false), print(true); got != want {
					t.Fatalf("%q in context %d at width %d:\n got %q\nwant %q", s, ci, w, got, want)
				}
			}
		}
	}
}
