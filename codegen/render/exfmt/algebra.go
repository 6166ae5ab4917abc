package exfmt

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Doc is an Inspect.Algebra document (Elixir 1.14 semantics). Only this
// package builds documents; the renderer gives it syntax trees.
type Doc struct {
	b *builder
	r ref
}

type docKind uint8

const (
	kindNil docKind = iota
	kindLine
	// kindText is a binary (width in bytes) or an Inspect.Algebra.string
	// (width in graphemes, as String.length/1 counts).
	kindText
	kindCons
	kindNest
	kindBreak
	kindGroup
	kindForce
	kindFits
	kindCollapse
	// kindHeredoc is the inside of a """ string (see builder.heredoc).
	kindHeredoc
	// kindBlock is a block of statements whose documents are built as
	// they are printed, one at a time, so that a file's document never
	// has to be in memory whole (see engine.format); kindCont continues it
	// at the next statement. A block prints like eagerBlock's document.
	kindBlock
	kindCont
)

type nestKind uint8

const (
	nestBy nestKind = iota
	nestCursor
	nestReset
)

// ref is a node's index in its builder.
type ref int32

// The nodes every builder starts with.
const (
	emptyRef ref = iota
	lineRef
	contRef
	// noRef is no document.
	noRef ref = -1
)

// doc is one node of a document. Nodes hold no Go pointers (children are
// indexes, texts are spans of the builder's byte arena), so the garbage
// collector never scans them.
//
// A node is simple when it holds no line, force, next_break_fits or
// collapse: measured flat, its width then only grows and its outcome is
// summed up by w, ob and m1, so fits? steps over it at once instead of
// walking it (see measure).
type doc struct {
	kind docKind
	// flag is :always for a nest (otherwise :break: the nesting applies
	// only when the enclosing group breaks), :flex for a break, :inherit
	// for a group and :enabled for a next_break_fits.
	flag   bool
	nk     nestKind
	simple bool
	// ob: measuring the node flat leaves fits?'s "seen a break" flag set
	// (a break outside any inner group).
	ob bool
	// n is a nest's indentation, a collapse's maximum or the width of a
	// heredoc's last line.
	n int32
	// w is a text's width; for a simple node, its flat width.
	w int32
	// m1 (simple nodes; -1 for none) is the largest column offset inside
	// the node at which fits? checks its width while a break inside the
	// node has set the "seen a break" flag. Where the flag is the one the
	// node inherited, the check after the node is the strictest.
	m1 int32
	// flo and flen (a simple node whose flat text lies in one piece of the
	// byte arena, as when it was built in reading order) are the start and
	// the length plus one of that text: printed flat, the node is that
	// piece. flen 0 is none.
	flo, flen int32
	// l is the child of a nest, group, force or next_break_fits, the left
	// side of a cons, or the start of a text, break string or heredoc in
	// the byte arena; r is a cons's right side or the length of the text.
	l, r ref
}

// builder holds the nodes and texts of documents. reset empties it for
// the next document, keeping its memory: the documents it built before
// must not be used any more.
type builder struct {
	nodes []doc
	bytes []byte
	// shared holds the documents of Shared operators; sharing counts the
	// ones being built, whose simple groups keep their flat text.
	shared  map[sharedKey]ref
	sharing int
	// blocks are the statements of the kindBlock nodes.
	blocks [][]Stmt
	// floor, bytesFloor and blocksFloor protect the shared documents from
	// truncate.
	floor       int
	bytesFloor  int
	blocksFloor int
	// operands and args are rightNewLineOp's and Attr's work space.
	operands []operand
	args     []Node
	// eager and noMerge turn off lazy blocks and text merging, for the
	// tests that compare the fast paths with the plain algorithm.
	eager, noMerge bool
}

// sharedKey is a Shared operator in a context.
type sharedKey struct {
	o       *Op
	c       context
	nesting int
}

func (b *builder) reset() {
	b.nodes = b.nodes[:0]
	b.bytes = b.bytes[:0]
	clear(b.shared)
	clear(b.blocks)
	b.blocks = b.blocks[:0]
	b.sharing, b.floor, b.bytesFloor, b.blocksFloor = 0, 0, 0, 0
	b.add(doc{kind: kindNil, simple: true, m1: -1})
	b.add(doc{kind: kindLine})
	b.add(doc{kind: kindCont})
}

// pin keeps everything built so far from truncate.
func (b *builder) pin() {
	b.floor, b.bytesFloor, b.blocksFloor = len(b.nodes), len(b.bytes), len(b.blocks)
}

// mark is the size of a builder, to truncate it back to.
type mark struct{ nodes, bytes, blocks int }

func (b *builder) mark() mark { return mark{len(b.nodes), len(b.bytes), len(b.blocks)} }

// truncate forgets what was built after m (but not the pinned shared
// documents): nothing may refer to it any more.
func (b *builder) truncate(m mark) {
	b.nodes = b.nodes[:max(m.nodes, b.floor)]
	b.bytes = b.bytes[:max(m.bytes, b.bytesFloor)]
	b.blocks = b.blocks[:max(m.blocks, b.blocksFloor)]
}

// node returns the node r. Nodes never change once added, so the pointer
// may be read after more nodes were added (the array moved).
func (b *builder) node(r ref) *doc { return &b.nodes[r] }

func (b *builder) add(d doc) ref {
	b.nodes = append(b.nodes, d)
	return ref(len(b.nodes) - 1)
}

// alloc adds a zero node for the caller to fill in place (cheaper than
// copying a filled one: the fields are stored once). The pointer is good
// until the next node is added; the caller reads the nodes it depends on
// before.
func (b *builder) alloc() (*doc, ref) {
	b.nodes = append(b.nodes, doc{})
	r := ref(len(b.nodes) - 1)
	return &b.nodes[r], r
}

// setText makes d a text of the arena's bytes [off, off+n) and width w.
func (d *doc) setText(off ref, n int, w int32) {
	d.kind, d.l, d.r, d.w, d.simple, d.m1 = kindText, off, ref(n), w, true, -1
	d.flo, d.flen = int32(off), int32(n)+1
}

// span returns the text of a text, break or heredoc node.
func (b *builder) span(d *doc) []byte { return b.bytes[d.l : d.l+d.r] }

// store copies s to the arena and returns its start.
func (b *builder) store(s string) ref {
	off := len(b.bytes)
	b.bytes = append(b.bytes, s...)
	return ref(off)
}

// text is a binary document: its width is its byte size.
func (b *builder) text(s string) ref { return b.textWidth(s, len(s)) }

// str is Inspect.Algebra.string/1: its width is its grapheme count.
func (b *builder) str(s string) ref { return b.textWidth(s, graphemes(s)) }

func (b *builder) textWidth(s string, w int) ref {
	off := b.store(s)
	d, r := b.alloc()
	d.setText(off, len(s), int32(w))
	return r
}

func graphemes(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return uniseg.GraphemeClusterCount(s)
}

// isASCII reports whether s is ASCII without '\r' (which forms a single
// grapheme with a following '\n'): its width is then its length.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] == '\r' {
			return false
		}
	}
	return true
}

// shift moves an offset of m1 by off, keeping "none".
func shift(m, off int32) int32 {
	if m < 0 {
		return -1
	}
	return m + off
}

// mergeLimit bounds the texts concat copies to merge them.
const mergeLimit = 64

func (b *builder) concat(lr, rr ref) ref {
	l, r := b.node(lr), b.node(rr)
	if l.kind == kindText && r.kind == kindText && !b.noMerge && (l.r == 0 || b.bytes[l.l] != '\n') {
		// One text prints and measures as the two in a row (the writer
		// treats a piece starting with a newline specially, hence the
		// test above).
		w, n := l.w+r.w, int(l.r+r.r)
		switch {
		case l.l+l.r == r.l:
			off := l.l
			d, dr := b.alloc()
			d.setText(off, n, w)
			return dr
		case n <= mergeLimit:
			off := ref(len(b.bytes))
			b.bytes = append(b.bytes, b.span(l)...)
			b.bytes = append(b.bytes, b.span(r)...)
			d, dr := b.alloc()
			d.setText(off, n, w)
			return dr
		}
	}
	// l and r are read before alloc moves the array (their old copies
	// stay as they were).
	d, dr := b.alloc()
	d.kind, d.l, d.r = kindCons, lr, rr
	if l.simple && r.simple {
		d.simple = true
		d.w = l.w + r.w
		d.ob = l.ob || r.ob
		d.m1 = max(l.m1, shift(r.m1, l.w))
		if l.ob {
			// After l's break every position counts, r's end last.
			d.m1 = l.w + r.w
		}
		switch {
		case r.kind == kindNil:
			d.flo, d.flen = l.flo, l.flen
		case l.kind == kindNil:
			d.flo, d.flen = r.flo, r.flen
		case l.flen > 0 && r.flen > 0 && l.flo+l.flen-1 == r.flo:
			d.flo, d.flen = l.flo, l.flen+r.flen-1
		}
	}
	return dr
}

// wrap makes a node of kind over x; a nest keeps x's summary (flat, it
// only moves the indentation of lines, which simple nodes do not have).
func (b *builder) wrap(kind docKind, xr ref) (*doc, ref) {
	x := b.node(xr)
	d, dr := b.alloc()
	d.kind, d.l = kind, xr
	if kind == kindNest && x.simple {
		d.simple, d.w, d.ob, d.m1, d.flo, d.flen = true, x.w, x.ob, x.m1, x.flo, x.flen
	}
	return d, dr
}

func (b *builder) nestDoc(x ref, kind nestKind, n int, always bool) ref {
	d, dr := b.wrap(kindNest, x)
	d.nk, d.n, d.flag = kind, int32(n), always
	return dr
}

func (b *builder) nest(x ref, n int) ref {
	if n == 0 {
		return x
	}
	return b.nestDoc(x, nestBy, n, true)
}

func (b *builder) nestBreak(x ref, n int) ref {
	if n == 0 {
		return x
	}
	return b.nestDoc(x, nestBy, n, false)
}

func (b *builder) nestCursorAlways(x ref) ref { return b.nestDoc(x, nestCursor, 0, true) }
func (b *builder) nestCursorBreak(x ref) ref  { return b.nestDoc(x, nestCursor, 0, false) }
func (b *builder) nestResetAlways(x ref) ref  { return b.nestDoc(x, nestReset, 0, true) }

func (b *builder) breakDoc(s string, flex bool) ref {
	off := b.store(s)
	d, dr := b.alloc()
	d.setText(off, len(s), int32(len(s)))
	d.kind, d.flag, d.ob, d.m1 = kindBreak, flex, true, int32(len(s))
	return dr
}

func (b *builder) brk(s string) ref     { return b.breakDoc(s, false) }
func (b *builder) flexBrk(s string) ref { return b.breakDoc(s, true) }

func (b *builder) glue(l, r ref) ref { return b.concat(l, b.concat(b.brk(" "), r)) }
func (b *builder) glueWith(l ref, s string, r ref) ref {
	return b.concat(l, b.concat(b.brk(s), r))
}
func (b *builder) flexGlue(l, r ref) ref { return b.concat(l, b.concat(b.flexBrk(" "), r)) }
func (b *builder) line(l, r ref) ref     { return b.concat(l, b.concat(lineRef, r)) }

func (b *builder) groupDoc(xr ref, inherit bool) ref {
	x := b.node(xr)
	flo, flen := x.flo, x.flen
	if x.simple && flen == 0 && b.sharing > 0 {
		// Printed flat, the group is its texts and break strings in a
		// row: put them in one piece for every place it is printed.
		start := len(b.bytes)
		b.appendFlat(xr)
		flo, flen = int32(start), int32(len(b.bytes)-start)+1
	}
	d, dr := b.alloc()
	d.kind, d.l, d.flag = kindGroup, xr, inherit
	if x.simple {
		// Leaving the group restores the flag it inherited.
		d.simple, d.w, d.m1, d.flo, d.flen = true, x.w, x.m1, flo, flen
	}
	return dr
}

// appendFlat appends the flat text of a simple node to the arena.
func (b *builder) appendFlat(r ref) {
	d := *b.node(r)
	switch d.kind {
	case kindText, kindBreak:
		b.bytes = append(b.bytes, b.span(&d)...)
	case kindCons:
		b.appendFlat(d.l)
		b.appendFlat(d.r)
	case kindNest, kindGroup:
		b.appendFlat(d.l)
	}
}

// flatText is the flat text of a simple node, when it is in one piece.
func (b *builder) flatText(d *doc) ([]byte, bool) {
	if d.flen == 0 {
		return nil, false
	}
	return b.bytes[d.flo : d.flo+d.flen-1], true
}

func (b *builder) group(x ref) ref        { return b.groupDoc(x, false) }
func (b *builder) groupInherit(x ref) ref { return b.groupDoc(x, true) }
func (b *builder) forceUnfit(x ref) ref {
	_, dr := b.wrap(kindForce, x)
	return dr
}

func (b *builder) nextBreakFits(x ref, enabled bool) ref {
	d, dr := b.wrap(kindFits, x)
	d.flag = enabled
	return dr
}

func (b *builder) collapseLines(max int) ref {
	return b.add(doc{kind: kindCollapse, n: int32(max)})
}

// heredoc is escape_heredoc/2 and heredoc_to_algebra/1 on already-escaped
// text s (lines ending with "\n") as one node. Upstream's document is
// line, then for each further line of s its text and a line (of
// indentation 0 before an empty line that is not the last, so that empty
// lines have no trailing spaces), then the text after the last "\n".
// Only the width of that last text matters: every other text is followed
// by a line, which resets the column, and measuring stops at the first
// line in break mode and never fails after one in flat mode.
func (b *builder) heredoc(s string) ref {
	last := s[strings.LastIndexByte(s, '\n')+1:]
	return b.add(doc{kind: kindHeredoc, l: b.store(s), r: ref(len(s)), n: int32(graphemes(last))})
}

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
	i        int32
	m        mode
	measured bool
	d        ref
}

// entry is an item of fits?'s work list, or (tail) the marker that
// restores the "seen a break" flag when the measurement leaves a group.
type entry struct {
	it    item
	tail  bool
	tailB bool
}

// engine holds the work lists of Format calls; they are stacks whose top
// is the end of the slice, reused from one call to the next.
type engine struct {
	width   int
	inf     bool
	b       *builder
	stack   []item
	scratch []entry
	// blocks are the lazy blocks being printed, innermost last.
	blocks []blockState
	// walk turns off the summaries of simple nodes and the flat texts of
	// shared groups, for the tests.
	walk bool
}

// blockState is a lazy block being printed: next is its statement to
// build when the kindCont item below the current one is reached, and m
// the builder's size when the block started, which the documents of its
// printed statements are truncated back to.
type blockState struct {
	stmts []Stmt
	next  int
	m     mark
}

func applyNesting(i int32, k int, n *doc) int32 {
	switch n.nk {
	case nestCursor:
		return int32(k)
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
		d := e.b.node(it.d)
		if d.simple && !e.walk && (it.m == flat || it.m == flatNoBreak) {
			// The checks fits? would make at every step inside d: the
			// offsets only grow, so the largest decides (those with the
			// inherited flag are decided by the check after d).
			if d.m1 >= 0 && k+int(d.m1) > w {
				return false, s
			}
			k += int(d.w)
			b = b || d.ob
			continue
		}
		switch d.kind {
		case kindFits:
			if !d.flag || it.m == flatNoBreak {
				s = append(s, entry{it: item{i: it.i, m: flatNoBreak, d: d.l}})
			} else {
				s = append(s, entry{it: item{i: it.i, m: breakNoFlat, d: d.l}})
			}
		case kindForce:
			if it.m != breakNoFlat {
				return false, s
			}
			s = append(s, entry{it: item{i: it.i, m: breakNoFlat, d: d.l}})
		case kindBreak:
			if it.m == breakNoFlat || it.m == broken {
				return true, s
			}
			k += int(d.r)
			b = true
		case kindLine, kindHeredoc:
			if it.m == breakNoFlat || it.m == broken {
				return true, s
			}
			k = int(it.i)
			if d.kind == kindHeredoc {
				k += int(d.n)
			}
			b = false
		case kindGroup:
			m := it.m
			if m == broken {
				m = flat
			}
			s = append(s, entry{tail: true, tailB: b}, entry{it: item{i: it.i, m: m, d: d.l}})
		case kindCollapse:
			k = int(it.i)
		case kindText:
			k += int(d.w)
		case kindBlock:
			// A forced document: only next_break_fits measures inside.
			if it.m != breakNoFlat {
				return false, s
			}
			s = append(s, entry{it: item{i: it.i, m: it.m, d: e.b.eagerBlock(e.b.blocks[d.l])}})
		case kindCont:
			// Always in break mode, and a line comes first.
			return true, s
		case kindNest:
			if d.flag {
				s = append(s, entry{it: item{i: applyNesting(it.i, k, d), m: it.m, d: d.l}})
			} else {
				s = append(s, entry{it: item{i: it.i, m: it.m, d: d.l}})
			}
		case kindCons:
			s = append(s, entry{it: item{i: it.i, m: it.m, d: d.r}}, entry{it: item{i: it.i, m: it.m, d: d.l}})
		}
	}
}

// writer collects the output, applying collapse_lines/1: a collapse
// marker swallows the newline-only pieces that follow it and emits at most
// max newlines and the marker's indentation, as Inspect.Algebra's
// collapse/4 does on the rest of the output.
type writer struct {
	b       []byte
	pending []collapse
}

type collapse struct{ max, i, count int }

func (w *writer) put(s []byte) {
	if len(w.pending) > 0 && !w.resolve(len(s) > 0 && s[0] == '\n', len(s) == 0) {
		return
	}
	w.b = append(w.b, s...)
}

func (w *writer) putString(s string) {
	if len(w.pending) > 0 && !w.resolve(strings.HasPrefix(s, "\n"), s == "") {
		return
	}
	w.b = append(w.b, s...)
}

// resolve handles a piece while collapses are pending and reports whether
// it is still to be written: a newline piece counts for the innermost
// collapse, an empty one is dropped, and any other ends the collapses.
func (w *writer) resolve(newline, empty bool) bool {
	for len(w.pending) > 0 {
		if newline {
			w.pending[len(w.pending)-1].count++
			return false
		}
		if empty {
			return false
		}
		w.resolveTop()
	}
	return true
}

// resolveTop ends the innermost collapse; its result is a piece of the
// output the enclosing collapses see.
func (w *writer) resolveTop() {
	top := w.pending[len(w.pending)-1]
	w.pending = w.pending[:len(w.pending)-1]
	w.putString(strings.Repeat("\n", min(top.max, top.count)) + spaces(top.i))
}

// flush resolves the collapses still open at the end of the output.
func (w *writer) flush() {
	for len(w.pending) > 0 {
		w.resolveTop()
	}
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
	var e engine
	var out writer
	e.format(d.b, d.r, width, &out)
	out.flush()
	return string(out.b)
}

// format appends the rendering of root, a document of b, to out.
func (e *engine) format(b *builder, root ref, width int, out *writer) {
	e.width, e.inf, e.b = width, width < 0, b
	k := 0
	stack := append(e.stack[:0], item{i: 0, m: flat, d: root})
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		d := e.b.node(it.d)
		switch d.kind {
		case kindLine:
			out.putString(indent(it.i))
			k = int(it.i)
		case kindCons:
			stack = append(stack, item{it.i, it.m, it.measured, d.r}, item{it.i, it.m, it.measured, d.l})
		case kindText:
			out.put(b.span(d))
			k += int(d.w)
		case kindHeredoc:
			formatHeredoc(b.span(d), it.i, out)
			k = int(it.i + d.n)
		case kindForce:
			stack = append(stack, item{it.i, it.m, it.measured, d.l})
		case kindFits:
			stack = append(stack, item{i: it.i, m: it.m, d: d.l})
		case kindCollapse:
			out.pending = append(out.pending, collapse{max: int(d.n), i: int(it.i)})
			k = int(it.i)
		case kindBreak:
			switch {
			case d.flag:
				k2 := k + int(d.r)
				if e.inf || it.m == flat || e.fits(k2, true, item{}, false, stack) {
					out.put(b.span(d))
					k = k2
				} else {
					out.putString(indent(it.i))
					k = int(it.i)
				}
			case it.m == broken:
				out.putString(indent(it.i))
				k = int(it.i)
			default:
				out.put(b.span(d))
				k += int(d.r)
			}
		case kindBlock:
			stmts := b.blocks[d.l]
			if it.m != broken {
				stack = append(stack, item{it.i, it.m, it.measured, b.eagerBlock(stmts)})
				break
			}
			e.blocks = append(e.blocks, blockState{stmts: stmts, next: 1, m: b.mark()})
			stack = append(stack, item{it.i, broken, it.measured, contRef}, item{it.i, broken, it.measured, b.stmtDoc(stmts, 0)})
		case kindCont:
			// The line between two statements, then the next statement,
			// built in the memory of the ones printed before.
			out.putString(indent(it.i))
			k = int(it.i)
			st := &e.blocks[len(e.blocks)-1]
			b.truncate(st.m)
			stmts, j := st.stmts, st.next
			if st.next++; st.next < len(stmts) {
				stack = append(stack, item{it.i, broken, it.measured, contRef})
			} else {
				e.blocks = e.blocks[:len(e.blocks)-1]
			}
			stack = append(stack, item{it.i, broken, it.measured, b.stmtDoc(stmts, j)})
		case kindNest:
			if d.flag || it.m == broken {
				stack = append(stack, item{applyNesting(it.i, k, d), it.m, it.measured, d.l})
			} else {
				stack = append(stack, item{it.i, it.m, it.measured, d.l})
			}
		case kindGroup:
			x := d.l
			switch {
			case it.m == broken && d.flag:
				stack = append(stack, item{i: it.i, m: broken, d: x})
			case it.m == flat && it.measured, e.inf || e.groupFits(k, it.i, x):
				if s, ok := b.flatText(d); ok && len(out.pending) == 0 && !e.walk {
					out.put(s)
					k += int(d.w)
					break
				}
				stack = append(stack, item{it.i, flat, true, x})
			default:
				stack = append(stack, item{i: it.i, m: broken, d: x})
			}
		}
	}
	e.stack = stack[:0]
	e.blocks = e.blocks[:0]
	e.b = nil
}

// formatHeredoc writes the pieces of a heredoc node (see builder.heredoc)
// indented by i.
func formatHeredoc(s []byte, i int32, out *writer) {
	for {
		nl := bytes.IndexByte(s, '\n')
		piece := s
		if nl >= 0 {
			piece = s[:nl]
		}
		if len(piece) == 0 && nl >= 0 {
			out.putString(indent(0))
		} else {
			out.putString(indent(i))
		}
		out.put(piece)
		if nl < 0 {
			return
		}
		s = s[nl+1:]
	}
}

// groupFits is fits?(w, k, false, [{i, :flat, x}]), at once when x is
// simple (see measure).
func (e *engine) groupFits(k int, i int32, xr ref) bool {
	if x := e.b.node(xr); x.simple && !e.walk {
		return x.m1 < 0 || k+int(x.m1) <= e.width
	}
	return e.fits(k, false, item{i: i, m: flat, d: xr}, true, nil)
}

var indents = func() [64]string {
	var out [64]string
	for i := range out {
		out[i] = "\n" + blanks[:i]
	}
	return out
}()

func indent(i int32) string {
	if int(i) < len(indents) {
		return indents[i]
	}
	return "\n" + spaces(int(i))
}
