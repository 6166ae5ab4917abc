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
	var b strings.Builder
	for _, c := range comments {
		b.WriteString(c)
		b.WriteByte('\n')
	}
	if len(comments) > 0 {
		b.WriteByte('\n')
	}
	b.WriteString(Format(ToDoc(n), LineLength))
	b.WriteByte('\n')
	return b.String()
}

// ToDoc converts a top-level expression to its algebra document.
func ToDoc(n Node) Doc {
	if blk, ok := n.(*Block); ok {
		return blockArgs(blk.Stmts)
	}
	return blockArgs([]Stmt{{Node: n}})
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
func quoted(n Node, c context) Doc {
	switch n := n.(type) {
	case *Var:
		return str(n.Name)
	case *Atom:
		return atomDoc(n.Name)
	case *Alias:
		return text(n.Name)
	case *String:
		return concat(concat(text(`"`), str(n.Text)), text(`"`))
	case *Heredoc:
		return forceUnfit(concat(concat(text(`"""`), heredocDoc(n.Text)), text(`"""`)))
	case *Int:
		return text(n.Text)
	case *List:
		return surround(text("["), argsToAlgebra(n.Elems, lastNone, joinBreak, ctxParensArg), text("]"))
	case *Tuple:
		return tupleDoc(n.Elems)
	case *Map:
		pairs := make([]Node, len(n.Pairs))
		for i := range n.Pairs {
			pairs[i] = &n.Pairs[i]
		}
		args := argsToAlgebra(pairs, lastNone, joinBreak, ctxParensArg)
		return surround(concat(concat(text("%"), empty), text("{")), args, text("}"))
	case *Pair:
		return pairDoc(n, c)
	case *KW:
		return kwDoc(n, c)
	case *Keyword:
		args := make([]Node, len(n.Pairs))
		for i := range n.Pairs {
			args[i] = &n.Pairs[i]
		}
		return manyArgs(args, c)
	case *Op:
		return binaryOp(n.Op, n.L, n.R, c, 2)
	case *Call:
		if n.Target == nil {
			return localCall(n, c)
		}
		return remoteCall(n, c)
	case *Capture:
		return captureDoc(n, c)
	case *CaptureFun:
		ref := n.Name + "/" + strconv.Itoa(n.Arity)
		if n.Target == nil {
			return concat(text("&"), str(ref))
		}
		target := quoted(n.Target, ctxNoParensArg)
		if isOperator(n.Target) {
			target = wrapInParens(target)
		}
		return concat(text("&"), concat(nest(target, 1), str("."+ref)))
	case *Attr:
		call, wrap := callArgs([]Node{n.Arg}, nil, c, skipUnlessManyArgs, false)
		d := concat(str("@"+n.Name), call)
		if wrap {
			d = wrapInParens(d)
		}
		return d
	case *TypeFun:
		return typeFunDoc(n)
	case *Block:
		return surround(text("("), blockArgs(n.Stmts), text(")"))
	}
	panic("exfmt: unsupported node")
}

// manyArgs is many_args_to_algebra/3.
func manyArgs(args []Node, c context) Doc {
	d := quoted(args[0], c)
	for _, a := range args[1:] {
		d = glue(concat(d, text(",")), quoted(a, c))
	}
	return d
}

func atomDoc(name string) Doc {
	switch name {
	case "nil", "true", "false":
		return text(name)
	}
	if plainAtom(name) {
		return str(":" + name)
	}
	return str(`:"` + strings.ReplaceAll(name, `"`, `\"`) + `"`)
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

// heredocDoc is escape_heredoc/2 on already-escaped text.
func heredocDoc(s string) Doc {
	lines := append([]string{""}, strings.Split(s, "\n")...)
	// heredoc_to_algebra/1, built from the end.
	d := str(lines[len(lines)-1])
	for j := len(lines) - 2; j >= 0; j-- {
		sep := heredocLine(lines[j+1:])
		if lines[j] == "" {
			d = concat(sep, d)
		} else {
			d = concat(concat(str(lines[j]), sep), d)
		}
	}
	return d
}

func heredocLine(rest []string) Doc {
	if len(rest) >= 2 && rest[0] == "" {
		return nestResetAlways(lineDoc)
	}
	return lineDoc
}

func surround(l, d, r Doc) Doc {
	if d == empty {
		return concat(l, r)
	}
	return group(glueWith(nestBreak(glueWith(l, "", d), 2), "", r))
}

func wrapInParens(d Doc) Doc {
	return concat(concat(text("("), nestCursorAlways(d)), text(")"))
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
func argsToAlgebra(args []Node, last lastArgMode, join joinKind, c context) Doc {
	d, _ := argsToAlgebraJoin(args, last, join, c)
	return d
}

func argsToAlgebraJoin(args []Node, last lastArgMode, join joinKind, c context) (Doc, joinKind) {
	if len(args) == 0 {
		return empty, joinEmpty
	}
	var acc Doc
	for i, a := range args {
		d := quoted(a, c)
		switch {
		case i < len(args)-1 || last == lastForceComma:
			d = concatToLastGroup(d, text(","))
		case last == lastNextBreakFits:
			d = nextBreakFits(d, true)
		}
		d = group(d)
		switch {
		case acc == nil:
			acc = d
		case join == joinFlex:
			acc = flexGlue(acc, d)
		default:
			acc = glue(acc, d)
		}
	}
	return acc, join
}

func concatToLastGroup(d, tail Doc) Doc {
	switch d := d.(type) {
	case *docCons:
		return &docCons{l: d.l, r: concatToLastGroup(d.r, tail)}
	case *docGroup:
		return &docGroup{d: &docCons{l: d.d, r: tail}, inherit: d.inherit}
	}
	return &docCons{l: d, r: tail}
}

func ungroupIfGroup(d Doc) Doc {
	if g, ok := d.(*docGroup); ok {
		return g.d
	}
	return d
}

func tupleDoc(elems []Node) Doc {
	args, join := argsToAlgebraJoin(elems, lastNone, joinFlex, ctxParensArg)
	if join != joinFlex {
		return surround(text("{"), args, text("}"))
	}
	return group(concat(nest(concat(text("{"), args), 1), text("}")))
}

func withNextBreakFits(cond bool, d Doc, fn func(Doc) Doc) Doc {
	if !cond {
		return fn(d)
	}
	return nextBreakFits(fn(nextBreakFits(d, true)), false)
}

func pairDoc(p *Pair, c context) Doc {
	left := quoted(p.Key, c)
	right := quoted(p.Value, c)
	if _, ok := p.Key.(*Op); ok {
		left = wrapInParens(left)
	}
	return withNextBreakFits(nextBreakFitsNode(p.Value), right, func(r Doc) Doc {
		return concat(group(left), group(nestBreak(glue(text(" =>"), group(r)), 2)))
	})
}

func kwDoc(p *KW, c context) Doc {
	left := str(p.Key + ":")
	right := quoted(p.Value, c)
	return withNextBreakFits(nextBreakFitsNode(p.Value), right, func(r Doc) Doc {
		return concat(group(left), group(nestBreak(glue(text(""), group(r)), 2)))
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
func callArgs(args []Node, do *Block, c context, parens parensMode, listToKeyword bool) (Doc, bool) {
	if len(args) == 0 && do == nil {
		return surround(text("("), empty, text(")")), false
	}
	if do == nil {
		noParens := parens == skipUnlessManyArgs &&
			(c == ctxBlock || c == ctxOperand || c == ctxNoParensOneArg || c == ctxParensOneArg)
		return callArgsNoBlocks(args, noParens, listToKeyword, empty), false
	}
	var call Doc
	switch {
	case len(args) == 0 && parens == parensRequired:
		call = text("() do")
	case len(args) == 0:
		call = text(" do")
	default:
		noParens := parens != parensRequired && parens != skipIfOnlyDoEnd
		call = callArgsNoBlocks(args, noParens, listToKeyword, text(" do"))
	}
	var value Doc = empty
	if body := blockDoc(do); body != empty {
		value = nest(line(empty, group(body)), 2)
	}
	call = forceUnfit(line(concat(call, value), text("end")))
	return call, c == ctxNoParensArg || c == ctxNoParensOneArg
}

func blockDoc(b *Block) Doc {
	if b == nil || len(b.Stmts) == 0 {
		return empty
	}
	return blockArgs(b.Stmts)
}

// callArgsNoBlocks is call_args_to_algebra_no_blocks/6 for source without
// newlines or comments.
func callArgsNoBlocks(args []Node, skipParens, listToKeyword bool, extra Doc) Doc {
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
	var all []Node
	all = append(all, left...)
	var pairs []Node
	if isKeyword {
		for i := range kw.Pairs {
			pairs = append(pairs, &kw.Pairs[i])
		}
		all = append(all, pairs...)
	} else {
		all = append(all, right)
	}
	var argsDoc Doc
	nbf := false
	if len(left) > 0 && isKeyword {
		leftDoc := argsToAlgebra(left, lastForceComma, joinBreak, c)
		rightDoc := concat(brk(" "), argsToAlgebra(pairs, lastNone, joinBreak, c))
		if skipParens {
			argsDoc = nestCursorBreak(concat(leftDoc, nextBreakFits(groupInherit(rightDoc), true)))
		} else {
			rightDoc = nextBreakFits(groupInherit(concat(nestBreak(rightDoc, 2), brk(""))), true)
			argsDoc = concat(nestBreak(leftDoc, 2), rightDoc)
		}
		nbf = true
	} else {
		nbf = !isKeyword && nextBreakFitsNode(right)
		last := lastNone
		if nbf {
			last = lastNextBreakFits
		}
		argsDoc = ungroupIfGroup(argsToAlgebra(all, last, joinBreak, c))
		if skipParens {
			argsDoc = nestCursorBreak(argsDoc)
		} else {
			argsDoc = concat(nestBreak(argsDoc, 2), brk(""))
		}
	}
	var d Doc
	switch {
	case len(left) > 0 && isKeyword && skipParens:
		d = group(concat(nest(concat(text(" "), argsDoc), 2), extra))
	case skipParens:
		d = group(concat(concat(text(" "), argsDoc), extra))
	default:
		d = group(concat(concat(concat(nestBreak(concat(text("("), brk("")), 2), argsDoc), text(")")), extra))
	}
	if nbf {
		return nextBreakFits(d, false)
	}
	return d
}

func localCall(n *Call, c context) Doc {
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
	call, wrap := callArgs(n.Args, n.Do, c, parens, true)
	d := concat(str(n.Name), call)
	if wrap {
		d = wrapInParens(d)
	}
	return d
}

func remoteCall(n *Call, c context) Doc {
	target := quoted(n.Target, ctxNoParensArg)
	if isOperator(n.Target) {
		target = wrapInParens(target)
	}
	remote := concat(concat(target, text(".")), str(n.Name))
	_, isModule := n.Target.(*Alias)
	if v, ok := n.Target.(*Var); ok && v.Name == "__MODULE__" {
		isModule = true
	}
	if len(n.Args) == 0 && n.Do == nil && !isModule && !n.Parens {
		return remote
	}
	call, wrap := callArgs(n.Args, n.Do, c, skipIfDoEnd, true)
	d := concat(remote, call)
	if wrap {
		d = wrapInParens(d)
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

func captureDoc(n *Capture, c context) Doc {
	if i, ok := n.Arg.(*Int); ok {
		return text("&" + i.Text)
	}
	d := quoted(n.Arg, c)
	if isOperator(n.Arg) {
		d = wrapInParens(d)
	}
	if strings.HasPrefix(Format(d, -1), "&") {
		return concat(text("& "), d)
	}
	return concat(text("&"), d)
}

func typeFunDoc(n *TypeFun) Doc {
	body := blockArgs([]Stmt{{Node: n.Body}})
	if len(n.Args) == 0 {
		return group(concat(concat(text("(() -> "), nestCursorAlways(body)), text(")")))
	}
	args := group(manyArgs(n.Args, ctxNoParensArg))
	return group(wrapInParens(concat(
		group(concat(ungroupIfGroup(args), text(" ->"))),
		nest(concat(brk(" "), body), 2),
	)))
}

// blockArgs is block_args_to_algebra/4 with merge_algebra_with_comments/2.
func blockArgs(stmts []Stmt) Doc {
	docs := make([]Doc, 0, len(stmts))
	var left Doc = empty
	for j, s := range stmts {
		d := quoted(s.Node, ctxBlock)
		var next Doc = brk("")
		if _, ok := s.Node.(*Attr); ok {
			next = empty
		}
		right := next
		if s.BlankAfter {
			right = lineDoc
		}
		if left != empty {
			d = concat(left, d)
		}
		if j < len(stmts)-1 && right != empty {
			d = concat(d, concat(collapseLines(2), right))
		}
		docs = append(docs, group(d))
		left = right
	}
	if len(docs) == 1 {
		return docs[0]
	}
	acc := docs[0]
	for _, d := range docs[1:] {
		acc = line(acc, d)
	}
	return forceUnfit(acc)
}

// binaryOp is binary_op_to_algebra/8.
func binaryOp(op string, l, r Node, c context, nesting int) Doc {
	info := lookupOp(op)
	switch {
	case op == "|" || op == "when":
		return rightNewLineOp(op, info, l, r, c)
	case pipelineOps[op]:
		return pipelineOp(op, l, r, c)
	}
	left := binaryOperand(l, leftOpContext(c), op, info, assocLeft, 2)
	right := binaryOperand(r, rightOpContext(c), op, info, assocRight, 0)
	switch {
	case noSpaceOps[op]:
		return concat(concat(group(left), text(op)), group(right))
	case noNewlineOps[op]:
		return concat(concat(group(left), text(" "+op+" ")), group(right))
	}
	nbf := nextBreakFitsOps[op] && nextBreakFitsNode(r)
	return withNextBreakFits(nbf, right, func(rd Doc) Doc {
		rd = nestBreak(glue(text(" "+op), group(rd)), nesting)
		return concat(group(left), group(rd))
	})
}

type operand struct {
	side assoc
	root bool
	c    context
	n    Node
	op   string
}

func rightNewLineOp(op string, info opInfo, l, r Node, c context) Doc {
	opString := op + " "
	operands := []operand{{root: true, c: leftOpContext(c), n: l}}
	rc := rightOpContext(c)
	for {
		o, ok := r.(*Op)
		if !ok || o.Op != op {
			break
		}
		operands = append(operands, operand{side: assocLeft, c: leftOpContext(rc), n: o.L})
		r, rc = o.R, rightOpContext(rc)
	}
	operands = append(operands, operand{side: assocRight, c: rc, n: r})
	var acc Doc
	for _, o := range operands {
		var d Doc
		if o.root {
			d = binaryOperand(o.n, o.c, op, info, assocLeft, 2)
		} else {
			d = binaryOperand(o.n, o.c, op, info, o.side, 0)
			d = concat(text(opString), nest(d, len(opString)))
		}
		d = group(d)
		if acc == nil {
			acc = d
		} else {
			acc = glue(acc, d)
		}
	}
	return acc
}

func pipelineOp(op string, l, r Node, c context) Doc {
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
	var acc Doc
	for j := len(pipes) - 1; j >= 0; j-- {
		p := pipes[j]
		var d Doc
		if p.root {
			d = binaryOperand(p.n, p.c, op, lookupOp(op), assocLeft, 2)
		} else {
			d = concat(text(p.op+" "), binaryOperand(p.n, p.c, p.op, lookupOp(p.op), assocRight, 0))
		}
		d = group(d)
		if acc == nil {
			acc = d
		} else {
			acc = glue(acc, d)
		}
	}
	return acc
}

// binaryOperand is binary_operand_to_algebra/7.
func binaryOperand(n Node, c context, parentOp string, parent opInfo, side assoc, nesting int) Doc {
	if o, ok := n.(*Op); ok {
		info := lookupOp(o.Op)
		switch {
		case parent.prec == info.prec && parent.assoc == side && (side == assocLeft || o.Op == parentOp):
			return binaryOp(o.Op, o.L, o.R, c, nesting)
		case parensOnOperands[parentOp] && !noSpaceOps[o.Op],
			logicalOps[o.Op] && logicalOps[parentOp],
			parent.prec > info.prec,
			parent.prec == info.prec && parent.assoc != side:
			return wrapInParens(binaryOp(o.Op, o.L, o.R, c, 2))
		}
		return binaryOp(o.Op, o.L, o.R, c, 2)
	}
	if capt, ok := n.(*Capture); ok {
		if _, integer := capt.Arg.(*Int); !integer &&
			(side == assocLeft || parent.assoc == assocLeft && parent.prec > 90) {
			return wrapInParens(quoted(n, c))
		}
	}
	return quoted(n, c)
}
