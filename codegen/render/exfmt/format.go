package exfmt

import (
	"strconv"
	"strings"
)

// LineLength is the formatter's default line length.
const LineLength = 98

// Source prints a file: the comment lines (each without its newline), an
// empty line when there are comments, then the expression, then a newline.
func Source(comments []string, n Node) string {
	var p Printer
	return string(p.Source(comments, n))
}

// ToDoc converts a top-level expression to its algebra document.
func ToDoc(n Node) Doc {
	var b builder
	return Doc{&b, b.toDoc(n)}
}

// Printer prints files with the formatter, reusing its memory from one
// file to the next. The zero value is ready to use; a Printer is not safe
// for concurrent use.
type Printer struct {
	b   builder
	e   engine
	out writer
}

// Source is the package's Source, as a new byte slice.
func (p *Printer) Source(comments []string, n Node) []byte {
	p.b.reset()
	if p.out.b == nil {
		// A typical generated file fits: the buffer grows less often.
		p.out.b = make([]byte, 0, 256<<10)
	}
	p.out.b = p.out.b[:0]
	for _, c := range comments {
		p.out.b = append(append(p.out.b, c...), '\n')
	}
	if len(comments) > 0 {
		p.out.b = append(p.out.b, '\n')
	}
	p.e.format(&p.b, p.b.toDoc(n), LineLength, &p.out)
	p.out.flush()
	p.out.b = append(p.out.b, '\n')
	return append([]byte(nil), p.out.b...)
}

// Flat prints an expression on one line (Format(ToDoc(n), -1)).
func (p *Printer) Flat(n Node) string {
	p.b.reset()
	p.out.b = p.out.b[:0]
	p.e.format(&p.b, p.b.toDoc(n), -1, &p.out)
	p.out.flush()
	return string(p.out.b)
}

func (b *builder) toDoc(n Node) ref {
	if len(b.nodes) == 0 {
		b.reset()
	}
	if blk, ok := n.(*Block); ok {
		return b.blockArgs(blk.Stmts)
	}
	return b.blockArgs([]Stmt{{Node: n}})
}

// context is the formatter's expression context.
type context uint8

const (
	ctxBlock context = iota
	ctxOperand
	ctxParensArg
	ctxNoParensArg
	ctxParensOneArg
	ctxNoParensOneArg
)

// forceManyArgsOrOperand is force_many_args_or_operand/2.
func forceManyArgsOrOperand(c, choice context) context {
	switch c {
	case ctxNoParensOneArg, ctxNoParensArg:
		return ctxNoParensArg
	case ctxParensOneArg, ctxParensArg:
		return ctxParensArg
	}
	return choice
}

func leftOpContext(c context) context  { return forceManyArgsOrOperand(c, ctxParensArg) }
func rightOpContext(c context) context { return forceManyArgsOrOperand(c, ctxOperand) }

type assoc uint8

const (
	assocLeft assoc = iota
	assocRight
)

type opInfo struct {
	assoc assoc
	prec  int
}

// binaryOps is Code.Identifier.binary_op/1 for the operators we print.
var binaryOps = map[string]opInfo{
	"::": {assocRight, 60}, "|": {assocRight, 70}, "when": {assocRight, 50},
	`\\`: {assocLeft, 40}, "<-": {assocLeft, 40}, "=": {assocRight, 100},
	"||": {assocLeft, 120}, "or": {assocLeft, 120}, "&&": {assocLeft, 130},
	"and": {assocLeft, 130}, "==": {assocLeft, 140}, "!=": {assocLeft, 140},
	"===": {assocLeft, 140}, "!==": {assocLeft, 140}, "<": {assocLeft, 150},
	">": {assocLeft, 150}, "<=": {assocLeft, 150}, ">=": {assocLeft, 150},
	"|>": {assocLeft, 160}, "in": {assocLeft, 170}, "++": {assocRight, 200},
	"--": {assocRight, 200}, "<>": {assocRight, 200}, "..": {assocRight, 200},
	"+": {assocLeft, 210}, "-": {assocLeft, 210}, "*": {assocLeft, 220},
	"/": {assocLeft, 220},
}

// spacedOps are the operators with a space before them.
var spacedOps = func() map[string]string {
	m := make(map[string]string, len(binaryOps))
	for op := range binaryOps {
		m[op] = " " + op
	}
	return m
}()

func lookupOp(op string) opInfo {
	if info, ok := binaryOps[op]; ok {
		return info
	}
	panic("exfmt: unsupported operator " + op)
}

var (
	nextBreakFitsOps   = set("<-", "==", "!=", "=~", "===", "!==", "<", ">", "<=", ">=", "=", "::")
	parensOnOperands   = set("|>", "<<<", ">>>", "<~", "~>", "<<~", "~>>", "<~>", "<|>", "^^^", "+++", "---", "in", "++", "--", "..", "<>")
	logicalOps         = set("||", "|||", "or", "&&", "&&&", "and")
	pipelineOps        = set("|>", "~>>", "<<~", "~>", "<~", "<~>", "<|>")
	noNewlineOps       = set(`\\`, "in")
	noSpaceOps         = set("..", "//")
	localsWithoutParen = map[string][]int{
		"alias": {1, 2}, "case": {2}, "cond": {1}, "for": nil, "import": {1, 2},
		"quote": {1, 2}, "receive": {1}, "require": {1, 2}, "try": {1}, "with": nil,
		"def": {1, 2}, "defp": {1, 2}, "defguard": {1}, "defguardp": {1},
		"defmacro": {1, 2}, "defmacrop": {1, 2}, "defmodule": {2}, "defdelegate": {2},
		"defexception": {1}, "defoverridable": {1}, "defstruct": {1}, "destructure": {2},
		"raise": {1, 2}, "reraise": {2, 3}, "if": {2}, "unless": {2}, "use": {1, 2},
		"defrecord": {2, 3}, "defrecordp": {2, 3}, "assert": {1, 2},
		"assert_in_delta": {3, 4}, "assert_raise": {2, 3}, "assert_receive": {1, 2, 3},
		"assert_received": {1, 2}, "doctest": {1, 2}, "refute": {1, 2},
		"refute_in_delta": {3, 4}, "refute_receive": {1, 2, 3}, "refute_received": {1, 2},
		"setup": {1, 2}, "setup_all": {1, 2}, "test": {1, 2}, "config": {2, 3},
		"import_config": {1},
	}
)

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func localWithoutParens(name string, arity int) bool {
	if arity <= 0 {
		return false
	}
	arities, ok := localsWithoutParen[name]
	if !ok {
		return false
	}
	if arities == nil {
		return true
	}
	for _, a := range arities {
		if a == arity {
			return true
		}
	}
	return false
}

// quoted is quoted_to_algebra/3.
func (b *builder) quoted(n Node, c context) ref {
	switch n := n.(type) {
	case *Var:
		return b.str(n.Name)
	case *Atom:
		return b.atomDoc(n.Name)
	case *Alias:
		return b.text(n.Name)
	case *String:
		return b.concat(b.concat(b.text(`"`), b.str(n.Text)), b.text(`"`))
	case *Heredoc:
		return b.forceUnfit(b.concat(b.concat(b.text(`"""`), b.heredoc(n.Text)), b.text(`"""`)))
	case *Int:
		return b.text(n.Text)
	case *List:
		return b.surround(b.text("["), b.argsToAlgebra(nodes{head: n.Elems}, lastNone, joinBreak, ctxParensArg), b.text("]"))
	case *Tuple:
		return b.tupleDoc(n.Elems)
	case *Map:
		open := b.concat(b.concat(b.text("%"), emptyRef), b.text("{"))
		args := b.argsToAlgebra(nodes{pairs: n.Pairs}, lastNone, joinBreak, ctxParensArg)
		return b.surround(open, args, b.text("}"))
	case *Pair:
		return b.pairDoc(n, c)
	case *KW:
		return b.kwDoc(n, c)
	case *Keyword:
		return b.manyArgs(nodes{kws: n.Pairs}, c)
	case *Op:
		return b.opDoc(n, c, 2)
	case *Call:
		if n.Target == nil {
			return b.localCall(n, c)
		}
		return b.remoteCall(n, c)
	case *Capture:
		return b.captureDoc(n, c)
	case *CaptureFun:
		ref := n.Name + "/" + strconv.Itoa(n.Arity)
		if n.Target == nil {
			return b.concat(b.text("&"), b.str(ref))
		}
		amp := b.text("&")
		target := b.quoted(n.Target, ctxNoParensArg)
		if isOperator(n.Target) {
			target = b.wrapInParens(target)
		}
		return b.concat(amp, b.concat(b.nest(target, 1), b.str("."+ref)))
	case *Attr:
		name := b.str("@" + n.Name)
		// The one-argument list lives on the builder's stack of them.
		b.args = append(b.args, n.Arg)
		call, wrap := b.callArgs(b.args[len(b.args)-1:len(b.args):len(b.args)], nil, c, skipUnlessManyArgs, false)
		b.args = b.args[:len(b.args)-1]
		d := b.concat(name, call)
		if wrap {
			d = b.wrapInParens(d)
		}
		return d
	case *TypeFun:
		return b.typeFunDoc(n)
	case *Block:
		return b.surround(b.text("("), b.blockArgs(n.Stmts), b.text(")"))
	}
	panic("exfmt: unsupported node")
}

// manyArgs is many_args_to_algebra/3.
func (b *builder) manyArgs(args nodes, c context) ref {
	d := b.quoted(args.at(0), c)
	for i := 1; i < args.len(); i++ {
		d = b.glue(b.concat(d, b.text(",")), b.quoted(args.at(i), c))
	}
	return d
}

// nodes is a sequence of arguments, the nodes of head then pointers to the
// entries of kws or pairs, without a slice of them all.
type nodes struct {
	head  []Node
	kws   []KW
	pairs []Pair
}

func (s nodes) len() int { return len(s.head) + len(s.kws) + len(s.pairs) }

func (s nodes) at(i int) Node {
	if i < len(s.head) {
		return s.head[i]
	}
	if i -= len(s.head); i < len(s.kws) {
		return &s.kws[i]
	}
	return &s.pairs[i-len(s.kws)]
}

func (b *builder) atomDoc(name string) ref {
	switch name {
	case "nil", "true", "false":
		return b.text(name)
	}
	if plainAtom(name) {
		return b.str(":" + name)
	}
	return b.str(`:"` + strings.ReplaceAll(name, `"`, `\"`) + `"`)
}

// plainAtom reports whether an ASCII atom needs no quotes (an identifier,
// optionally ending in ? or !, or an alias-like name).
func plainAtom(s string) bool {
	if s == "" {
		return false
	}
	body := s
	if last := s[len(s)-1]; last == '?' || last == '!' {
		body = s[:len(s)-1]
	}
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

func (b *builder) surround(l, d, r ref) ref {
	if d == emptyRef {
		return b.concat(l, r)
	}
	return b.group(b.glueWith(b.nestBreak(b.glueWith(l, "", d), 2), "", r))
}

func (b *builder) wrapInParens(d ref) ref { return b.closeParens(b.text("("), d) }

// closeParens is wrapInParens with the opening parenthesis made before d.
func (b *builder) closeParens(open, d ref) ref {
	return b.concat(b.concat(open, b.nestCursorAlways(d)), b.text(")"))
}

type lastArgMode uint8

const (
	lastNone lastArgMode = iota
	lastForceComma
	lastNextBreakFits
)

type joinKind uint8

const (
	joinEmpty joinKind = iota
	joinBreak
	joinFlex
)

// argsToAlgebra is args_to_algebra_with_comments/7 without comments.
func (b *builder) argsToAlgebra(args nodes, last lastArgMode, join joinKind, c context) ref {
	d, _ := b.argsToAlgebraJoin(args, last, join, c)
	return d
}

func (b *builder) argsToAlgebraJoin(args nodes, last lastArgMode, join joinKind, c context) (ref, joinKind) {
	n := args.len()
	if n == 0 {
		return emptyRef, joinEmpty
	}
	acc := noRef
	for i := range n {
		sep := noRef
		if i > 0 {
			// The separator comes before the argument in reading order.
			sep = b.breakDoc(" ", join == joinFlex)
		}
		d := b.quoted(args.at(i), c)
		switch {
		case i < n-1 || last == lastForceComma:
			d = b.concatToLastGroup(d, b.text(","))
		case last == lastNextBreakFits:
			d = b.nextBreakFits(d, true)
		}
		d = b.group(d)
		if acc == noRef {
			acc = d
		} else {
			acc = b.concat(acc, b.concat(sep, d))
		}
	}
	return acc, join
}

func (b *builder) concatToLastGroup(d, tail ref) ref {
	switch n := b.node(d); n.kind {
	case kindCons:
		return b.concat(n.l, b.concatToLastGroup(n.r, tail))
	case kindGroup:
		return b.groupDoc(b.concat(n.l, tail), n.flag)
	}
	return b.concat(d, tail)
}

func (b *builder) ungroupIfGroup(d ref) ref {
	if n := b.node(d); n.kind == kindGroup {
		return n.l
	}
	return d
}

func (b *builder) tupleDoc(elems []Node) ref {
	open := b.text("{")
	args, join := b.argsToAlgebraJoin(nodes{head: elems}, lastNone, joinFlex, ctxParensArg)
	if join != joinFlex {
		return b.surround(open, args, b.text("}"))
	}
	return b.group(b.concat(b.nest(b.concat(open, args), 1), b.text("}")))
}

func (b *builder) withNextBreakFits(cond bool, d ref, fn func(ref) ref) ref {
	if !cond {
		return fn(d)
	}
	return b.nextBreakFits(fn(b.nextBreakFits(d, true)), false)
}

func (b *builder) pairDoc(p *Pair, c context) ref {
	left := b.quoted(p.Key, c)
	if _, ok := p.Key.(*Op); ok {
		left = b.wrapInParens(left)
	}
	arrow := b.text(" =>")
	sep := b.brk(" ")
	right := b.quoted(p.Value, c)
	return b.withNextBreakFits(nextBreakFitsNode(p.Value), right, func(r ref) ref {
		return b.concat(b.group(left), b.group(b.nestBreak(b.concat(arrow, b.concat(sep, b.group(r))), 2)))
	})
}

func (b *builder) kwDoc(p *KW, c context) ref {
	left := b.str(p.Key + ":")
	right := b.quoted(p.Value, c)
	return b.withNextBreakFits(nextBreakFitsNode(p.Value), right, func(r ref) ref {
		return b.concat(b.group(left), b.group(b.nestBreak(b.glue(b.text(""), b.group(r)), 2)))
	})
}

// nextBreakFitsNode is next_break_fits?/2 for source without newlines.
func nextBreakFitsNode(n Node) bool {
	switch n := n.(type) {
	case *Heredoc, *List:
		return true
	case *Map:
		return len(n.Pairs) > 0
	case *KW:
		return nextBreakFitsNode(n.Value)
	}
	return false
}

type parensMode uint8

const (
	skipUnlessManyArgs parensMode = iota
	skipIfOnlyDoEnd
	skipIfDoEnd
	parensRequired
)

// callArgs is call_args_to_algebra/6; it also reports whether the call
// must be wrapped in parentheses.
func (b *builder) callArgs(args []Node, do *Block, c context, parens parensMode, listToKeyword bool) (ref, bool) {
	if len(args) == 0 && do == nil {
		return b.surround(b.text("("), emptyRef, b.text(")")), false
	}
	if do == nil {
		noParens := parens == skipUnlessManyArgs &&
			(c == ctxBlock || c == ctxOperand || c == ctxNoParensOneArg || c == ctxParensOneArg)
		return b.callArgsNoBlocks(args, noParens, listToKeyword, ""), false
	}
	var call ref
	switch {
	case len(args) == 0 && parens == parensRequired:
		call = b.text("() do")
	case len(args) == 0:
		call = b.text(" do")
	default:
		noParens := parens != parensRequired && parens != skipIfOnlyDoEnd
		call = b.callArgsNoBlocks(args, noParens, listToKeyword, " do")
	}
	var value ref = emptyRef
	if body := b.blockDoc(do); body != emptyRef {
		value = b.nest(b.line(emptyRef, b.group(body)), 2)
	}
	call = b.forceUnfit(b.line(b.concat(call, value), b.text("end")))
	return call, c == ctxNoParensArg || c == ctxNoParensOneArg
}

func (b *builder) blockDoc(blk *Block) ref {
	if blk == nil || len(blk.Stmts) == 0 {
		return emptyRef
	}
	return b.blockArgs(blk.Stmts)
}

// callArgsNoBlocks is call_args_to_algebra_no_blocks/6 for source without
// newlines or comments.
//
// Its texts are made in reading order (here and in the functions it
// calls), so that a group's flat text lies in one piece (see doc.flo).
func (b *builder) callArgsNoBlocks(args []Node, skipParens, listToKeyword bool, extra string) ref {
	left, right := args[:len(args)-1], args[len(args)-1]
	kw, isKeyword := right.(*Keyword)
	var c context
	switch {
	case len(left) == 0 && !isKeyword && skipParens:
		c = ctxNoParensOneArg
	case len(left) == 0 && !isKeyword:
		c = ctxParensOneArg
	case skipParens:
		c = ctxNoParensArg
	default:
		c = ctxParensArg
	}
	all := nodes{head: args}
	var pairs nodes
	if isKeyword {
		pairs = nodes{kws: kw.Pairs}
		all = nodes{head: left, kws: kw.Pairs}
	}
	var open ref
	if skipParens {
		open = b.text(" ")
	} else {
		open = b.nestBreak(b.concat(b.text("("), b.brk("")), 2)
	}
	var argsDoc ref
	nbf := false
	if len(left) > 0 && isKeyword {
		leftDoc := b.argsToAlgebra(nodes{head: left}, lastForceComma, joinBreak, c)
		sep := b.brk(" ")
		rightDoc := b.concat(sep, b.argsToAlgebra(pairs, lastNone, joinBreak, c))
		if skipParens {
			argsDoc = b.nestCursorBreak(b.concat(leftDoc, b.nextBreakFits(b.groupInherit(rightDoc), true)))
		} else {
			rightDoc = b.nextBreakFits(b.groupInherit(b.concat(b.nestBreak(rightDoc, 2), b.brk(""))), true)
			argsDoc = b.concat(b.nestBreak(leftDoc, 2), rightDoc)
		}
		nbf = true
	} else {
		nbf = !isKeyword && nextBreakFitsNode(right)
		last := lastNone
		if nbf {
			last = lastNextBreakFits
		}
		argsDoc = b.ungroupIfGroup(b.argsToAlgebra(all, last, joinBreak, c))
		if skipParens {
			argsDoc = b.nestCursorBreak(argsDoc)
		} else {
			argsDoc = b.concat(b.nestBreak(argsDoc, 2), b.brk(""))
		}
	}
	var d ref
	switch {
	case len(left) > 0 && isKeyword && skipParens:
		d = b.group(b.concat(b.nest(b.concat(open, argsDoc), 2), b.extra(extra)))
	case skipParens:
		d = b.group(b.concat(b.concat(open, argsDoc), b.extra(extra)))
	default:
		d = b.concat(b.concat(open, argsDoc), b.text(")"))
		d = b.group(b.concat(d, b.extra(extra)))
	}
	if nbf {
		return b.nextBreakFits(d, false)
	}
	return d
}

func (b *builder) localCall(n *Call, c context) ref {
	arity := len(n.Args)
	if n.Do != nil {
		arity++
	}
	var parens parensMode
	switch {
	case n.Parens:
		parens = skipIfOnlyDoEnd
	case localWithoutParens(n.Name, arity):
		parens = skipUnlessManyArgs
	default:
		parens = skipIfDoEnd
	}
	name := b.str(n.Name)
	call, wrap := b.callArgs(n.Args, n.Do, c, parens, true)
	d := b.concat(name, call)
	if wrap {
		d = b.wrapInParens(d)
	}
	return d
}

// extra is the text after a call's arguments ("" for none).
func (b *builder) extra(s string) ref {
	if s == "" {
		return emptyRef
	}
	return b.text(s)
}

func (b *builder) remoteCall(n *Call, c context) ref {
	target := b.quoted(n.Target, ctxNoParensArg)
	if isOperator(n.Target) {
		target = b.wrapInParens(target)
	}
	remote := b.concat(b.concat(target, b.text(".")), b.str(n.Name))
	_, isModule := n.Target.(*Alias)
	if v, ok := n.Target.(*Var); ok && v.Name == "__MODULE__" {
		isModule = true
	}
	if len(n.Args) == 0 && n.Do == nil && !isModule && !n.Parens {
		return remote
	}
	call, wrap := b.callArgs(n.Args, n.Do, c, skipIfDoEnd, true)
	d := b.concat(remote, call)
	if wrap {
		d = b.wrapInParens(d)
	}
	return d
}

func isOperator(n Node) bool {
	switch n := n.(type) {
	case *Op:
		return true
	case *Capture:
		_, integer := n.Arg.(*Int)
		return !integer
	case *CaptureFun:
		return true
	}
	return false
}

func (b *builder) captureDoc(n *Capture, c context) ref {
	if i, ok := n.Arg.(*Int); ok {
		return b.text("&" + i.Text)
	}
	d := b.quoted(n.Arg, c)
	if isOperator(n.Arg) {
		d = b.wrapInParens(d)
	}
	if strings.HasPrefix(Format(Doc{b, d}, -1), "&") {
		return b.concat(b.text("& "), d)
	}
	return b.concat(b.text("&"), d)
}

func (b *builder) typeFunDoc(n *TypeFun) ref {
	body := b.blockArgs([]Stmt{{Node: n.Body}})
	if len(n.Args) == 0 {
		return b.group(b.concat(b.concat(b.text("(() -> "), b.nestCursorAlways(body)), b.text(")")))
	}
	args := b.group(b.manyArgs(nodes{head: n.Args}, ctxNoParensArg))
	return b.group(b.wrapInParens(b.concat(
		b.group(b.concat(b.ungroupIfGroup(args), b.text(" ->"))),
		b.nest(b.concat(b.brk(" "), body), 2),
	)))
}

// blockArgs is block_args_to_algebra/4 with merge_algebra_with_comments/2.
func (b *builder) blockArgs(stmts []Stmt) ref {
	if len(stmts) > lazyBlock && !b.eager {
		b.blocks = append(b.blocks, stmts)
		return b.add(doc{kind: kindBlock, l: ref(len(b.blocks) - 1)})
	}
	return b.eagerBlock(stmts)
}

// lazyBlock is the size above which a block's statements are built one by
// one as they are printed (see kindBlock).
const lazyBlock = 8

// eagerBlock is blockArgs building every statement now.
func (b *builder) eagerBlock(stmts []Stmt) ref {
	if len(stmts) == 1 {
		return b.stmtDoc(stmts, 0)
	}
	acc := b.stmtDoc(stmts, 0)
	for j := 1; j < len(stmts); j++ {
		acc = b.line(acc, b.stmtDoc(stmts, j))
	}
	return b.forceUnfit(acc)
}

// stmtDoc is the document of statement j of a block: the separator after
// the statement before, the statement, and its own separator with the
// collapse of the lines between them.
func (b *builder) stmtDoc(stmts []Stmt, j int) ref {
	d := b.quoted(stmts[j].Node, ctxBlock)
	if j > 0 {
		if left := b.blockSep(stmts[j-1]); left != emptyRef {
			d = b.concat(left, d)
		}
	}
	if j < len(stmts)-1 {
		if right := b.blockSep(stmts[j]); right != emptyRef {
			d = b.concat(d, b.concat(b.collapseLines(2), right))
		}
	}
	return b.group(d)
}

// blockSep is what separates statement s from the next: a line when s
// asks for an empty one after it, else nothing after an attribute and a
// break after anything else.
func (b *builder) blockSep(s Stmt) ref {
	if s.BlankAfter {
		return lineRef
	}
	if _, ok := s.Node.(*Attr); ok {
		return emptyRef
	}
	return b.brk("")
}

// opDoc is binaryOp of o, built once per file, context and nesting when
// o is Shared.
func (b *builder) opDoc(o *Op, c context, nesting int) ref {
	if !o.Shared {
		return b.binaryOp(o.Op, o.L, o.R, c, nesting)
	}
	key := sharedKey{o, c, nesting}
	if d, ok := b.shared[key]; ok {
		return d
	}
	b.sharing++
	d := b.binaryOp(o.Op, o.L, o.R, c, nesting)
	b.sharing--
	if b.shared == nil {
		b.shared = map[sharedKey]ref{}
	}
	b.shared[key] = d
	b.pin()
	return d
}

// binaryOp is binary_op_to_algebra/8.
func (b *builder) binaryOp(op string, l, r Node, c context, nesting int) ref {
	info := lookupOp(op)
	switch {
	case op == "|" || op == "when":
		return b.rightNewLineOp(op, info, l, r, c)
	case pipelineOps[op]:
		return b.pipelineOp(op, l, r, c)
	}
	left := b.binaryOperand(l, leftOpContext(c), op, info, assocLeft, 2)
	switch {
	case noSpaceOps[op]:
		t := b.text(op)
		right := b.binaryOperand(r, rightOpContext(c), op, info, assocRight, 0)
		return b.concat(b.concat(b.group(left), t), b.group(right))
	case noNewlineOps[op]:
		t := b.text(" " + op + " ")
		right := b.binaryOperand(r, rightOpContext(c), op, info, assocRight, 0)
		return b.concat(b.concat(b.group(left), t), b.group(right))
	}
	// The operator and the break come before the right operand in reading
	// order, and are made first (see callArgsNoBlocks).
	t, sep := b.text(spacedOps[op]), b.brk(" ")
	right := b.binaryOperand(r, rightOpContext(c), op, info, assocRight, 0)
	nbf := nextBreakFitsOps[op] && nextBreakFitsNode(r)
	return b.withNextBreakFits(nbf, right, func(rd ref) ref {
		rd = b.nestBreak(b.concat(t, b.concat(sep, b.group(rd))), nesting)
		return b.concat(b.group(left), b.group(rd))
	})
}

type operand struct {
	side assoc
	root bool
	c    context
	n    Node
	op   string
}

func (b *builder) rightNewLineOp(op string, info opInfo, l, r Node, c context) ref {
	opString := op + " "
	// The operands go on the builder's stack of them (operands nest: a
	// union inside a union's list type), popped when done.
	base := len(b.operands)
	defer func() { b.operands = b.operands[:base] }()
	b.operands = append(b.operands, operand{root: true, c: leftOpContext(c), n: l})
	rc := rightOpContext(c)
	for {
		o, ok := r.(*Op)
		if !ok || o.Op != op {
			break
		}
		b.operands = append(b.operands, operand{side: assocLeft, c: leftOpContext(rc), n: o.L})
		r, rc = o.R, rightOpContext(rc)
	}
	b.operands = append(b.operands, operand{side: assocRight, c: rc, n: r})
	acc := noRef
	for i := base; i < len(b.operands); i++ {
		o := b.operands[i]
		var d ref
		if o.root {
			d = b.binaryOperand(o.n, o.c, op, info, assocLeft, 2)
			acc = b.group(d)
			continue
		}
		sep, t := b.brk(" "), b.text(opString)
		d = b.binaryOperand(o.n, o.c, op, info, o.side, 0)
		d = b.group(b.concat(t, b.nest(d, len(opString))))
		acc = b.concat(acc, b.concat(sep, d))
	}
	return acc
}

func (b *builder) pipelineOp(op string, l, r Node, c context) ref {
	pipes := []operand{{op: op, c: rightOpContext(c), n: r}}
	lc := leftOpContext(c)
	for {
		o, ok := l.(*Op)
		if !ok || !pipelineOps[o.Op] {
			break
		}
		pipes = append(pipes, operand{op: o.Op, c: rightOpContext(lc), n: o.R})
		l, lc = o.L, leftOpContext(lc)
	}
	pipes = append(pipes, operand{root: true, c: lc, n: l})
	acc := noRef
	for j := len(pipes) - 1; j >= 0; j-- {
		p := pipes[j]
		var d ref
		if p.root {
			d = b.binaryOperand(p.n, p.c, op, lookupOp(op), assocLeft, 2)
		} else {
			d = b.concat(b.text(p.op+" "), b.binaryOperand(p.n, p.c, p.op, lookupOp(p.op), assocRight, 0))
		}
		d = b.group(d)
		if acc == noRef {
			acc = d
		} else {
			acc = b.glue(acc, d)
		}
	}
	return acc
}

// binaryOperand is binary_operand_to_algebra/7.
func (b *builder) binaryOperand(n Node, c context, parentOp string, parent opInfo, side assoc, nesting int) ref {
	if o, ok := n.(*Op); ok {
		info := lookupOp(o.Op)
		switch {
		case parent.prec == info.prec && parent.assoc == side && (side == assocLeft || o.Op == parentOp):
			return b.opDoc(o, c, nesting)
		case parensOnOperands[parentOp] && !noSpaceOps[o.Op],
			logicalOps[o.Op] && logicalOps[parentOp],
			parent.prec > info.prec,
			parent.prec == info.prec && parent.assoc != side:
			open := b.text("(")
			return b.closeParens(open, b.opDoc(o, c, 2))
		}
		return b.opDoc(o, c, 2)
	}
	if capt, ok := n.(*Capture); ok {
		if _, integer := capt.Arg.(*Int); !integer &&
			(side == assocLeft || parent.assoc == assocLeft && parent.prec > 90) {
			open := b.text("(")
			return b.closeParens(open, b.quoted(n, c))
		}
	}
	return b.quoted(n, c)
}
