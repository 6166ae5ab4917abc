package exfmt

import (
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Doc is an Inspect.Algebra document (Elixir 1.14 semantics). Only this
// package builds documents; the renderer gives it syntax trees.
type Doc interface{ isDoc() }

type (
	docNil  struct{}
	docLine struct{}
	// docText is a binary (width in bytes) or an Inspect.Algebra.string
	// (width in graphemes, as String.length/1 counts).
	docText struct {
		s string
		w int
	}
	docCons struct{ l, r Doc }
	docNest struct {
		d    Doc
		kind nestKind
		n    int
		// always is Inspect.Algebra's :always mode; otherwise :break
		// (the nesting applies only when the enclosing group breaks).
		always bool
	}
	docBreak struct {
		s    string
		flex bool
	}
	docGroup struct {
		d       Doc
		inherit bool
	}
	docForce struct{ d Doc }
	docFits  struct {
		d       Doc
		enabled bool
	}
	docCollapse struct{ max int }
)

type nestKind uint8

const (
	nestBy nestKind = iota
	nestCursor
	nestReset
)

func (*docNil) isDoc()      {}
func (*docLine) isDoc()     {}
func (*docText) isDoc()     {}
func (*docCons) isDoc()     {}
func (*docNest) isDoc()     {}
func (*docBreak) isDoc()    {}
func (*docGroup) isDoc()    {}
func (*docForce) isDoc()    {}
func (*docFits) isDoc()     {}
func (*docCollapse) isDoc() {}

var (
	empty   Doc = &docNil{}
	lineDoc Doc = &docLine{}
)

// text is a binary document: its width is its byte size.
func text(s string) Doc { return &docText{s: s, w: len(s)} }

// str is Inspect.Algebra.string/1: its width is its grapheme count.
func str(s string) Doc { return &docText{s: s, w: graphemes(s)} }

func graphemes(s string) int {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] == '\r' {
			ascii = false
			break
		}
	}
	if ascii {
		return len(s)
	}
	return uniseg.GraphemeClusterCount(s)
}

func concat(l, r Doc) Doc { return &docCons{l: l, r: r} }

func concatAll(docs ...Doc) Doc {
	if len(docs) == 0 {
		return empty
	}
	d := docs[len(docs)-1]
	for i := len(docs) - 2; i >= 0; i-- {
		d = concat(docs[i], d)
	}
	return d
}

func nest(d Doc, n int) Doc {
	if n == 0 {
		return d
	}
	return &docNest{d: d, kind: nestBy, n: n, always: true}
}

func nestBreak(d Doc, n int) Doc {
	if n == 0 {
		return d
	}
	return &docNest{d: d, kind: nestBy, n: n}
}

func nestCursorAlways(d Doc) Doc { return &docNest{d: d, kind: nestCursor, always: true} }
func nestCursorBreak(d Doc) Doc  { return &docNest{d: d, kind: nestCursor} }
func nestResetAlways(d Doc) Doc  { return &docNest{d: d, kind: nestReset, always: true} }

func brk(s string) Doc     { return &docBreak{s: s} }
func flexBrk(s string) Doc { return &docBreak{s: s, flex: true} }

func glue(l, r Doc) Doc                   { return concat(l, concat(brk(" "), r)) }
func glueWith(l Doc, s string, r Doc) Doc { return concat(l, concat(brk(s), r)) }
func flexGlue(l, r Doc) Doc               { return concat(l, concat(flexBrk(" "), r)) }
func line(l, r Doc) Doc                   { return concat(l, concat(lineDoc, r)) }

func group(d Doc) Doc        { return &docGroup{d: d} }
func groupInherit(d Doc) Doc { return &docGroup{d: d, inherit: true} }
func forceUnfit(d Doc) Doc   { return &docForce{d: d} }

func nextBreakFits(d Doc, enabled bool) Doc { return &docFits{d: d, enabled: enabled} }
func collapseLines(max int) Doc             { return &docCollapse{max: max} }

type mode uint8

const (
	flat mode = iota
	broken
	flatNoBreak
	breakNoFlat
)

// item is one {indent, mode, doc} entry of Inspect.Algebra's work list.
// measured (Format only) marks flat items inside a group that fits? has
// measured as a whole, outside any next_break_fits region: every group
// among them fits too (fits? would measure a part of what it measured,
// from the same column, with a break flag that is never stricter), so
// Format skips measuring them again.
type item struct {
	i        int
	m        mode
	d        Doc
	measured bool
}

// entry is an item of fits?'s work list, or (tail) the marker that
// restores the "seen a break" flag when the measurement leaves a group.
type entry struct {
	it    item
	tail  bool
	tailB bool
}

// engine holds the work lists of one Format call; they are stacks whose
// top is the end of the slice.
type engine struct {
	width   int
	inf     bool
	scratch []entry
}

func applyNesting(i, k int, n *docNest) int {
	switch n.kind {
	case nestCursor:
		return k
	case nestReset:
		return 0
	}
	return i + n.n
}

// fits is Inspect.Algebra.fits?/4 of Elixir 1.14. It measures first (when
// hasFirst) and then the format work list base from its top, without
// changing base.
func (e *engine) fits(k int, b bool, first item, hasFirst bool, base []item) bool {
	ok, s := e.measure(k, b, first, hasFirst, base, e.scratch[:0])
	e.scratch = s[:0]
	return ok
}

// measure is fits with its work list s, returned for reuse.
func (e *engine) measure(k int, b bool, first item, hasFirst bool, base []item, s []entry) (bool, []entry) {
	w := e.width
	if hasFirst {
		s = append(s, entry{it: first})
	}
	j := len(base) - 1
	for {
		if k > w && b {
			return false, s
		}
		var cur entry
		switch {
		case len(s) > 0:
			cur = s[len(s)-1]
			s = s[:len(s)-1]
		case j >= 0:
			cur = entry{it: base[j]}
			j--
		default:
			return true, s
		}
		if cur.tail {
			b = cur.tailB
			continue
		}
		it := cur.it
		switch d := it.d.(type) {
		case *docFits:
			if !d.enabled || it.m == flatNoBreak {
				s = append(s, entry{it: item{i: it.i, m: flatNoBreak, d: d.d}})
			} else {
				s = append(s, entry{it: item{i: it.i, m: breakNoFlat, d: d.d}})
			}
		case *docForce:
			if it.m != breakNoFlat {
				return false, s
			}
			s = append(s, entry{it: item{i: it.i, m: breakNoFlat, d: d.d}})
		case *docBreak:
			if it.m == breakNoFlat || it.m == broken {
				return true, s
			}
			k += len(d.s)
			b = true
		case *docLine:
			if it.m == breakNoFlat || it.m == broken {
				return true, s
			}
			k = it.i
			b = false
		case *docGroup:
			m := it.m
			if m == broken {
				m = flat
			}
			s = append(s, entry{tail: true, tailB: b}, entry{it: item{i: it.i, m: m, d: d.d}})
		case *docCollapse:
			k = it.i
		case *docText:
			k += d.w
		case *docNest:
			if d.always {
				s = append(s, entry{it: item{i: applyNesting(it.i, k, d), m: it.m, d: d.d}})
			} else {
				s = append(s, entry{it: item{i: it.i, m: it.m, d: d.d}})
			}
		case *docCons:
			s = append(s, entry{it: item{i: it.i, m: it.m, d: d.r}}, entry{it: item{i: it.i, m: it.m, d: d.l}})
		}
	}
}

// writer collects the output, applying collapse_lines/1: a collapse
// marker swallows the newline-only pieces that follow it and emits at most
// max newlines and the marker's indentation, as Inspect.Algebra's
// collapse/4 does on the rest of the output.
type writer struct {
	b       strings.Builder
	pending []collapse
}

type collapse struct{ max, i, count int }

func (w *writer) put(s string) {
	for len(w.pending) > 0 {
		top := &w.pending[len(w.pending)-1]
		if strings.HasPrefix(s, "\n") {
			top.count++
			return
		}
		if s == "" {
			return
		}
		w.resolveTop()
	}
	w.b.WriteString(s)
}

// resolveTop ends the innermost collapse; its result is a piece of the
// output the enclosing collapses see.
func (w *writer) resolveTop() {
	top := w.pending[len(w.pending)-1]
	w.pending = w.pending[:len(w.pending)-1]
	w.put(strings.Repeat("\n", min(top.max, top.count)) + spaces(top.i))
}

func (w *writer) String() string {
	for len(w.pending) > 0 {
		w.resolveTop()
	}
	return w.b.String()
}

const blanks = "                                                                                                    "

func spaces(n int) string {
	if n <= len(blanks) {
		return blanks[:n]
	}
	return strings.Repeat(" ", n)
}

// Format renders the document at the given line width, as
// Inspect.Algebra.format/2 followed by IO.iodata_to_binary/1; a negative
// width is :infinity.
func Format(d Doc, width int) string {
	e := &engine{width: width, inf: width < 0}
	out := &writer{}
	k := 0
	stack := []item{{i: 0, m: flat, d: d}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch d := it.d.(type) {
		case *docLine:
			out.put(indent(it.i))
			k = it.i
		case *docCons:
			stack = append(stack, item{it.i, it.m, d.r, it.measured}, item{it.i, it.m, d.l, it.measured})
		case *docText:
			out.put(d.s)
			k += d.w
		case *docForce:
			stack = append(stack, item{it.i, it.m, d.d, it.measured})
		case *docFits:
			stack = append(stack, item{i: it.i, m: it.m, d: d.d})
		case *docCollapse:
			out.pending = append(out.pending, collapse{max: d.max, i: it.i})
			k = it.i
		case *docBreak:
			if d.flex {
				k2 := k + len(d.s)
				if e.inf || it.m == flat || e.fits(k2, true, item{}, false, stack) {
					out.put(d.s)
					k = k2
				} else {
					out.put(indent(it.i))
					k = it.i
				}
			} else if it.m == broken {
				out.put(indent(it.i))
				k = it.i
			} else {
				out.put(d.s)
				k += len(d.s)
			}
		case *docNest:
			if d.always || it.m == broken {
				stack = append(stack, item{applyNesting(it.i, k, d), it.m, d.d, it.measured})
			} else {
				stack = append(stack, item{it.i, it.m, d.d, it.measured})
			}
		case *docGroup:
			switch {
			case it.m == broken && d.inherit:
				stack = append(stack, item{i: it.i, m: broken, d: d.d})
			case it.m == flat && it.measured:
				stack = append(stack, it.withDoc(d.d))
			case e.inf || e.fits(k, false, item{i: it.i, m: flat, d: d.d}, true, nil):
				stack = append(stack, item{it.i, flat, d.d, true})
			default:
				stack = append(stack, item{i: it.i, m: broken, d: d.d})
			}
		}
	}
	return out.String()
}

func (it item) withDoc(d Doc) item {
	it.d = d
	return it
}

var indents = func() [64]string {
	var out [64]string
	for i := range out {
		out[i] = "\n" + blanks[:i]
	}
	return out
}()

func indent(i int) string {
	if i < len(indents) {
		return indents[i]
	}
	return "\n" + spaces(i)
}
