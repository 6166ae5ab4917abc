package elixir

import (
	"bytes"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
)

// Node is an evaluated expression with its source range. Elems are the child
// nodes of lists (including charlists and ~w word lists), tuples and maps
// (for a map: key0, value0, key1, value1, ...). A keyword pair `key: value`
// is a 2-tuple node whose Range covers `key: value`, Elems[0] the key atom,
// Elems[1] the value. File is the file the range refers to (config values
// merged from several files keep the file of each part).
type Node struct {
	Term  term.Term
	Range Range
	Elems []*Node
	File  string
}

// evaluator evaluates the literal subset of Elixir over a token range.
type evaluator struct {
	s     *Source
	what  string // what is being evaluated, for messages: "python_deps", "config :snakebridge"
	depth int

	// attr finds the definition of module attribute name in effect at byte
	// offset at: the token range of its value (mix.exs only).
	attr func(name string, at int) (from, to int, ok bool)
	// fun finds the body of a zero-arity local function: the token range of
	// its last expression (mix.exs only).
	fun    func(name string) (from, to int, ok bool)
	active map[string]bool // functions being evaluated, against recursion

	env         *ConfigEnv // config files: config_env(), Mix.env(), System.get_env
	interpolate bool       // allow #{...} of evaluable values (import_config paths)

	// steps counts the work done (operands evaluated, elements and bytes
	// concatenated). Attributes and functions used several times could
	// otherwise expand exponentially (@a2 [@a1, @a1], @a3 [@a2, @a2], ...).
	steps int
}

// budget is the work an evaluation may do: proportional to the tokens of
// the file, so that any literal the file spells out fits.
func (e *evaluator) budget() int { return 4*len(e.s.Toks) + 10_000 }

func (e *evaluator) charge(n, at int) error {
	e.steps += n
	if e.steps > e.budget() {
		return e.s.errorf(at, at+1, "cannot evaluate %s: it expands to more than %d terms (module attributes or functions used too many times)", e.what, e.budget())
	}
	return nil
}

func (e *evaluator) node(t term.Term, from, to int, elems []*Node) *Node {
	return &Node{Term: t, Range: e.s.Range(from, to), Elems: elems, File: e.s.File}
}

func (e *evaluator) cannot(from, to int, what string) *Error {
	return e.s.errorf(from, to, "cannot evaluate %s inside %s (only literals are understood)", what, e.what)
}

func (e *evaluator) syntax(from, to int, format string, args ...any) *Error {
	return e.s.errorf(from, to, "syntax error: "+format, args...)
}

func (e *evaluator) sig(i, end int) int { return e.s.skipNewlines(i, end) }

// whole evaluates tokens [from, to) as exactly one expression.
func (e *evaluator) whole(from, to int) (*Node, error) {
	from = e.sig(from, to)
	for to > from && e.s.Toks[to-1].Kind == Newline {
		to--
	}
	if from >= to {
		return nil, e.syntax(from, from, "missing expression")
	}
	n, i, err := e.expr(from, to)
	if err != nil {
		return nil, err
	}
	if i = e.sig(i, to); i < to {
		return nil, e.leftover(i, to)
	}
	return n, nil
}

// leftover explains the token at i that follows a complete expression.
func (e *evaluator) leftover(i, to int) *Error {
	t := e.s.Toks[i]
	switch t.Kind {
	case Op:
		if t.is(e.s.Src, "|") {
			return e.cannot(i, i+1, "a list with a tail ([... | tail])")
		}
		return e.cannot(i, i+1, "the operator "+t.Text(e.s.Src))
	case LBracket:
		return e.cannot(i, i+1, "an access expression ([...])")
	case Dot:
		return e.cannot(i, i+1, "a field access or call (.)")
	case Ident:
		return e.cannot(i, i+1, "the operator "+t.Text(e.s.Src))
	case Do:
		return e.cannot(i, i+1, "a do-block")
	}
	return e.syntax(i, i+1, "unexpected %q after the expression", e.s.Text(i))
}

// expr parses `a || b` over concatenations.
func (e *evaluator) expr(i, end int) (*Node, int, error) {
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > MaxDepth {
		return nil, i, e.s.errorf(i, i+1, "expression nested too deeply (more than %d levels)", MaxDepth)
	}
	left, i, err := e.concat(i, end)
	if err != nil {
		return nil, i, err
	}
	for {
		j := e.sig(i, end)
		if !e.s.Is(j, Op, "||") {
			return left, i, nil
		}
		if truthy(left.Term) {
			// Elixir does not evaluate the right side: skip it unevaluated.
			i = e.skipOperand(j+1, end, "||")
			continue
		}
		left, i, err = e.concat(j+1, end)
		if err != nil {
			return nil, i, err
		}
	}
}

func truthy(t term.Term) bool { return t != term.Nil && t != term.False }

// skipOperand skips to the next top-level op or the end.
func (e *evaluator) skipOperand(i, end int, op string) int {
	for i < end && !e.s.Is(i, Op, op) && !IsCloser(e.s.Toks[i].Kind) && e.s.Toks[i].Kind != Comma {
		i = e.s.Skip(i)
	}
	return i
}

// concat parses operands joined by ++ (lists) and <> (binaries).
func (e *evaluator) concat(i, end int) (*Node, int, error) {
	first, i, err := e.operand(i, end)
	if err != nil {
		return nil, i, err
	}
	nodes, ops := []*Node{first}, []int{}
	for {
		j := e.sig(i, end)
		if !e.s.Is(j, Op, "++") && !e.s.Is(j, Op, "<>") {
			break
		}
		var n *Node
		n, i, err = e.operand(j+1, end)
		if err != nil {
			return nil, i, err
		}
		nodes, ops = append(nodes, n), append(ops, j)
	}
	// Both operators are right-associative; fold from the right.
	acc := nodes[len(nodes)-1]
	for k := len(ops) - 1; k >= 0; k-- {
		if acc, err = e.join(nodes[k], acc, ops[k]); err != nil {
			return nil, i, err
		}
	}
	return acc, i, nil
}

func (e *evaluator) join(l, r *Node, op int) (*Node, error) {
	rng := Range{Start: l.Range.Start, End: r.Range.End}
	if e.s.Is(op, Op, "++") {
		ll, ok1 := l.Term.(term.List)
		rl, ok2 := r.Term.(term.List)
		if !ok1 || !ok2 {
			return nil, e.cannot(op, op+1, "++ of something that is not a list")
		}
		if err := e.charge(len(ll)+len(rl), op); err != nil {
			return nil, err
		}
		t := append(append(term.List{}, ll...), rl...)
		elems := append(append([]*Node{}, l.Elems...), r.Elems...)
		return &Node{Term: t, Range: rng, Elems: elems, File: e.s.File}, nil
	}
	lb, ok1 := l.Term.(term.Binary)
	rb, ok2 := r.Term.(term.Binary)
	if !ok1 || !ok2 {
		return nil, e.cannot(op, op+1, "<> of something that is not a string")
	}
	if err := e.charge((len(lb)+len(rb))/16, op); err != nil {
		return nil, err
	}
	return &Node{Term: lb + rb, Range: rng, File: e.s.File}, nil
}

// operand parses one literal (or evaluable call) starting at i.
func (e *evaluator) operand(i, end int) (*Node, int, error) {
	i = e.sig(i, end)
	if i >= end {
		return nil, i, e.syntax(i, i, "missing expression")
	}
	if err := e.charge(1, i); err != nil {
		return nil, i, err
	}
	t := e.s.Toks[i]
	switch t.Kind {
	case Int, Float, Char:
		n, err := e.number(i, false)
		return n, i + 1, err
	case Atom:
		return e.node(term.Atom(e.s.Src[t.Start+1:t.End]), i, i+1, nil), i + 1, nil
	case StrBegin:
		return e.str(i)
	case Ident:
		return e.ident(i, end)
	case Alias:
		return e.alias(i, end)
	case LBracket:
		return e.list(i)
	case LBrace:
		return e.tuple(i)
	case LParen:
		m := int(e.s.Match[i])
		n, err := e.whole(i+1, m)
		return n, m + 1, err
	case Fn:
		return nil, i, e.cannot(i, i+1, "an anonymous function (fn)")
	case LBin:
		return nil, i, e.cannot(i, e.s.Skip(i), "a binary constructor (<<...>>)")
	case KwKey:
		return nil, i, e.syntax(i, i+1, "unexpected keyword %q: keyword pairs belong in a list or at the end of arguments", e.s.Text(i))
	case Op:
		return e.operator(i, end)
	}
	return nil, i, e.syntax(i, i+1, "unexpected %q", e.s.Text(i))
}

func (e *evaluator) operator(i, end int) (*Node, int, error) {
	t := e.s.Toks[i]
	switch text := t.Text(e.s.Src); text {
	case "-", "+":
		if j := i + 1; j < end && (e.s.Toks[j].Kind == Int || e.s.Toks[j].Kind == Float) {
			n, err := e.number(j, text == "-")
			if n != nil {
				n.Range.Start = e.s.Range(i, i+1).Start
			}
			return n, j + 1, err
		}
		return nil, i, e.cannot(i, i+1, "the operator "+text)
	case "%":
		if e.s.Is(i+1, LBrace, "") {
			return e.mapLit(i)
		}
		return nil, i, e.cannot(i, i+1, "a struct (%Name{...})")
	case "@":
		return e.attribute(i)
	case "&":
		return nil, i, e.cannot(i, i+1, "a function capture (&)")
	default:
		return nil, i, e.cannot(i, i+1, "the operator "+text)
	}
}

// number evaluates the Int, Float or Char token at i.
func (e *evaluator) number(i int, neg bool) (*Node, error) {
	t := e.s.Toks[i]
	text := strings.ReplaceAll(t.Text(e.s.Src), "_", "")
	var v term.Term
	switch t.Kind {
	case Char:
		r, msg := charValue(e.s.Src[t.Start:t.End])
		if msg != "" {
			return nil, e.syntax(i, i+1, "%s", msg)
		}
		n := big.NewInt(int64(r))
		if neg {
			n.Neg(n)
		}
		v = term.Integer{V: n}
	case Float:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, e.syntax(i, i+1, "invalid float %s", t.Text(e.s.Src))
		}
		if neg {
			f = -f
		}
		v = term.Float(f)
	default:
		n, ok := new(big.Int).SetString(text, 0)
		if !ok {
			return nil, e.syntax(i, i+1, "invalid integer %s", t.Text(e.s.Src))
		}
		if neg {
			n.Neg(n)
		}
		v = term.Integer{V: n}
	}
	return e.node(v, i, i+1, nil), nil
}

// ident evaluates what starts with a lower-case identifier: true/false/nil,
// zero-arity local functions (mix.exs) and config_env() (config files).
func (e *evaluator) ident(i, end int) (*Node, int, error) {
	name := e.s.Text(i)
	switch name {
	case "true", "false", "nil":
		return e.node(term.Atom(name), i, i+1, nil), i + 1, nil
	}
	if e.s.Is(i+1, LParen, "") && e.s.Adjacent(i, i+1) {
		m := int(e.s.Match[i+1])
		arity := len(e.s.CallArgs(i + 1))
		if arity == 0 {
			if n, ok := e.envCall(name, i, m+1); ok {
				return n, m + 1, nil
			}
			if e.fun != nil {
				if from, to, ok := e.fun(name); ok {
					n, err := e.call(name, from, to, i, m+1)
					return n, m + 1, err
				}
			}
		}
		return nil, i, e.cannot(i, m+1, fmt.Sprintf("a call to %s/%d", name, arity))
	}
	if what, ok := specialForms[name]; ok {
		return nil, i, e.cannot(i, i+1, what)
	}
	if args := e.s.NoParenArgs(i, end); len(args) > 0 {
		return nil, i, e.cannot(i, args[len(args)-1][1], fmt.Sprintf("a call to %s/%d", name, len(args)))
	}
	if strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__") {
		return nil, i, e.cannot(i, i+1, name)
	}
	return nil, i, e.cannot(i, i+1, "the variable "+name)
}

var specialForms = map[string]string{
	"if": `an "if" expression`, "unless": `an "unless" expression`, "case": `a "case" expression`,
	"cond": `a "cond" expression`, "with": `a "with" expression`, "for": `a "for" comprehension`,
	"try": `a "try" expression`, "receive": `a "receive" expression`, "quote": `a "quote" expression`,
	"unquote": `an "unquote" expression`, "raise": `a "raise" expression`, "not": "the operator not",
}

// call evaluates the body of a zero-arity local function.
func (e *evaluator) call(name string, from, to, callFrom, callTo int) (*Node, error) {
	if e.active[name] {
		return nil, e.cannot(callFrom, callTo, fmt.Sprintf("a recursive call to %s/0", name))
	}
	if e.active == nil {
		e.active = map[string]bool{}
	}
	e.active[name] = true
	defer delete(e.active, name)
	e.depth++
	defer func() { e.depth-- }()
	return e.whole(from, to)
}

// envCall evaluates config_env() and config_target() in config files.
func (e *evaluator) envCall(name string, from, to int) (*Node, bool) {
	if e.env == nil {
		return nil, false
	}
	switch name {
	case "config_env":
		return e.node(term.Atom(e.env.mixEnv()), from, to, nil), true
	case "config_target":
		return e.node(term.Atom(e.env.target()), from, to, nil), true
	}
	return nil, false
}

// alias evaluates Foo.Bar (the atom Elixir.Foo.Bar) and the remote calls the
// config files may use: Mix.env/0, Mix.target/0, System.get_env/1,2.
func (e *evaluator) alias(i, end int) (*Node, int, error) {
	j := i
	parts := []string{e.s.Text(i)}
	for e.s.Is(j+1, Dot, "") && e.s.Is(j+2, Alias, "") {
		j += 2
		parts = append(parts, e.s.Text(j))
	}
	mod := strings.Join(parts, ".")
	if !e.s.Is(j+1, Dot, "") {
		atom := "Elixir." + mod
		if parts[0] == "Elixir" && len(parts) > 1 {
			atom = mod
		}
		return e.node(term.Atom(atom), i, j+1, nil), j + 1, nil
	}
	if !e.s.Is(j+2, Ident, "") {
		return nil, i, e.cannot(i, j+2, "a dynamic call or multi-alias ("+mod+".)")
	}
	fun := e.s.Text(j + 2)
	var args [][2]int
	callEnd := j + 3
	if e.s.Is(j+3, LParen, "") && e.s.Adjacent(j+2, j+3) {
		args = e.s.CallArgs(j + 3)
		callEnd = int(e.s.Match[j+3]) + 1
	} else if args = e.s.NoParenArgs(j+2, end); len(args) > 0 {
		callEnd = args[len(args)-1][1]
	}
	if n, ok, err := e.remote(mod, fun, args, i, callEnd); ok || err != nil {
		return n, callEnd, err
	}
	return nil, i, e.cannot(i, callEnd, fmt.Sprintf("a call to %s.%s/%d", mod, fun, len(args)))
}

// remote evaluates the few remote calls config files may use.
func (e *evaluator) remote(mod, fun string, args [][2]int, from, to int) (*Node, bool, error) {
	if e.env == nil {
		return nil, false, nil
	}
	switch {
	case mod == "Mix" && fun == "env" && len(args) == 0:
		return e.node(term.Atom(e.env.mixEnv()), from, to, nil), true, nil
	case mod == "Mix" && fun == "target" && len(args) == 0:
		return e.node(term.Atom(e.env.target()), from, to, nil), true, nil
	case mod == "System" && fun == "get_env" && (len(args) == 1 || len(args) == 2):
		name, err := e.whole(args[0][0], args[0][1])
		if err != nil {
			return nil, true, err
		}
		key, ok := name.Term.(term.Binary)
		if !ok {
			return nil, true, e.cannot(args[0][0], args[0][1], "System.get_env/1 with a name that is not a string")
		}
		if v, ok := e.env.getenv(string(key)); ok {
			return e.node(term.Binary(v), from, to, nil), true, nil
		}
		if len(args) == 1 {
			return e.node(term.Nil, from, to, nil), true, nil
		}
		def, err := e.whole(args[1][0], args[1][1])
		if err != nil {
			return nil, true, err
		}
		return &Node{Term: def.Term, Range: e.s.Range(from, to), Elems: def.Elems, File: e.s.File}, true, nil
	}
	return nil, false, nil
}

// attribute evaluates a module attribute reference @name. The node has the
// range of the reference; its children keep the ranges of the definition.
func (e *evaluator) attribute(i int) (*Node, int, error) {
	if !e.s.Is(i+1, Ident, "") {
		return nil, i, e.cannot(i, i+1, "the operator @")
	}
	name := e.s.Text(i + 1)
	if e.attr == nil {
		return nil, i, e.cannot(i, i+2, "the module attribute @"+name)
	}
	from, to, ok := e.attr(name, int(e.s.Toks[i].Start))
	if !ok {
		return nil, i, e.cannot(i, i+2, "the module attribute @"+name+", which is not set before this point")
	}
	e.depth++
	n, err := e.whole(from, to)
	e.depth--
	if err != nil {
		return nil, i, err
	}
	ref := *n
	ref.Range = e.s.Range(i, i+2)
	return &ref, i + 2, nil
}

// elements evaluates the comma-separated contents of a list, tuple or map
// between tokens open and close: positional nodes, and the pairs of a
// trailing keyword list.
func (e *evaluator) elements(open, close int, positional func(from, to int) error) (kw []*Node, kwFrom, kwTo int, err error) {
	args, hasKw := e.s.Args(open+1, close)
	for k, a := range args {
		if hasKw && k == len(args)-1 {
			kw, err = e.keywords(a[0], a[1])
			return kw, a[0], a[1], err
		}
		if err := positional(a[0], a[1]); err != nil {
			return nil, 0, 0, err
		}
	}
	return nil, 0, 0, nil
}

// args evaluates call arguments; with kw the last one is a keyword list
// written without brackets.
func (e *evaluator) args(args [][2]int, kw bool) ([]*Node, error) {
	var out []*Node
	for k, a := range args {
		if kw && k == len(args)-1 {
			pairs, err := e.keywords(a[0], a[1])
			if err != nil {
				return nil, err
			}
			out = append(out, e.node(terms(pairs), a[0], a[1], pairs))
			continue
		}
		n, err := e.whole(a[0], a[1])
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// keywords evaluates `k1: v1, k2: v2` over tokens [from, to) into pair nodes.
func (e *evaluator) keywords(from, to int) ([]*Node, error) {
	var pairs []*Node
	for i := e.sig(from, to); i < to; i = e.sig(i, to) {
		var key *Node
		valueAt := i + 1
		switch t := e.s.Toks[i]; {
		case t.Kind == KwKey:
			key = e.node(term.Atom(e.s.KwName(i)), i, i+1, nil)
		case t.Kind == StrBegin && t.Flags&StrKey != 0:
			m := int(e.s.Match[i])
			b, err := e.strBytes(i, m)
			if err != nil {
				return nil, err
			}
			key = e.node(term.Atom(b), i, m+1, nil)
			valueAt = m + 1
		default:
			return nil, e.syntax(i, i+1, "unexpected %q after keyword pairs (keyword pairs must come last)", e.s.Text(i))
		}
		vend := e.s.ExprEnd(valueAt, to)
		val, err := e.whole(valueAt, vend)
		if err != nil {
			return nil, err
		}
		pair := &Node{Term: term.Tuple{key.Term, val.Term}, Range: Range{Start: key.Range.Start, End: val.Range.End}, Elems: []*Node{key, val}, File: e.s.File}
		pairs = append(pairs, pair)
		i = vend
		if i < to && e.s.Toks[i].Kind == Comma {
			i++
		}
	}
	return pairs, nil
}

func (e *evaluator) list(i int) (*Node, int, error) {
	m := int(e.s.Match[i])
	var elems []*Node
	kw, _, _, err := e.elements(i, m, func(from, to int) error {
		n, err := e.whole(from, to)
		if err == nil {
			elems = append(elems, n)
		}
		return err
	})
	if err != nil {
		return nil, i, err
	}
	elems = append(elems, kw...)
	return e.node(terms(elems), i, m+1, elems), m + 1, nil
}

func terms(ns []*Node) term.List {
	l := make(term.List, len(ns))
	for k, n := range ns {
		l[k] = n.Term
	}
	return l
}

func (e *evaluator) tuple(i int) (*Node, int, error) {
	m := int(e.s.Match[i])
	var elems []*Node
	kw, kf, kt, err := e.elements(i, m, func(from, to int) error {
		n, err := e.whole(from, to)
		if err == nil {
			elems = append(elems, n)
		}
		return err
	})
	if err != nil {
		return nil, i, err
	}
	if kw != nil {
		elems = append(elems, e.node(terms(kw), kf, kt, kw))
	}
	return e.node(term.Tuple(terms(elems)), i, m+1, elems), m + 1, nil
}

// mapLit evaluates %{k => v, key: v} whose '%' is at i.
func (e *evaluator) mapLit(i int) (*Node, int, error) {
	m := int(e.s.Match[i+1])
	var elems []*Node
	var mp term.Map
	kw, _, _, err := e.elements(i+1, m, func(from, to int) error {
		arrow := -1
		for j := from; j < to; j = e.s.Skip(j) {
			if e.s.Is(j, Op, "=>") {
				arrow = j
				break
			}
		}
		if arrow < 0 {
			return e.syntax(from, to, "expected key => value in a map")
		}
		k, err := e.whole(from, arrow)
		if err != nil {
			return err
		}
		v, err := e.whole(arrow+1, to)
		if err != nil {
			return err
		}
		elems = append(elems, k, v)
		mp.Keys, mp.Values = append(mp.Keys, k.Term), append(mp.Values, v.Term)
		return nil
	})
	if err != nil {
		return nil, i, err
	}
	for _, p := range kw {
		elems = append(elems, p.Elems[0], p.Elems[1])
		mp.Keys, mp.Values = append(mp.Keys, p.Elems[0].Term), append(mp.Values, p.Elems[1].Term)
	}
	return e.node(mp, i, m+1, elems), m + 1, nil
}

// str evaluates a string token sequence starting at StrBegin i.
func (e *evaluator) str(i int) (*Node, int, error) {
	m := int(e.s.Match[i])
	t := e.s.Toks[i]
	next := m + 1
	if t.Flags&StrKey != 0 {
		return nil, i, e.syntax(i, next, "unexpected keyword key: keyword pairs belong in a list or at the end of arguments")
	}
	if t.Flags&StrSigil != 0 {
		n, err := e.sigil(i, m)
		return n, next, err
	}
	d, err := e.decode(i, m, t.Flags&StrCharlist != 0)
	if err != nil {
		return nil, i, err
	}
	switch {
	case t.Flags&StrAtom != 0:
		return e.node(term.Atom(d.b), i, next, nil), next, nil
	case t.Flags&StrCharlist != 0:
		return e.charlist(d, i, next), next, nil
	}
	return e.node(term.Binary(d.b), i, next, nil), next, nil
}

// strBytes decodes a string token sequence to its bytes.
func (e *evaluator) strBytes(i, m int) (string, error) {
	d, err := e.decode(i, m, false)
	if err != nil {
		return "", err
	}
	return string(d.b), nil
}

// decode decodes the string [i, m], evaluating interpolations only when the
// evaluator allows them.
func (e *evaluator) decode(i, m int, track bool) (*decoded, error) {
	open := e.s.Toks[i]
	closer := e.s.closingDelimiter(i)
	indent := 0
	if open.Flags&StrHeredoc != 0 {
		indent = e.s.heredocIndent(e.s.Toks[m])
	}
	d := &decoded{}
	for j := i + 1; j < m; j++ {
		p := e.s.Toks[j]
		switch p.Kind {
		case StrPart:
			if at, msg := e.s.decodePart(d, open, p, closer, indent, track); msg != "" {
				off := e.s.Lines.Position(at)
				return nil, &Error{File: e.s.File, Range: Range{Start: off, End: off}, Msg: "syntax error: " + msg}
			}
		case InterpBegin:
			im := int(e.s.Match[j])
			if !e.interpolate {
				return nil, e.cannot(j, im+1, "string interpolation (#{...})")
			}
			v, err := e.whole(j+1, im)
			if err != nil {
				return nil, err
			}
			text, ok := toString(v.Term)
			if !ok {
				return nil, e.cannot(j, im+1, "interpolation of "+term.Inspect(v.Term))
			}
			d.add([]byte(text), int(p.Start), int(e.s.Toks[im].End), track)
			j = im
		}
	}
	return d, nil
}

// toString is Kernel.to_string for the terms interpolation may produce.
func toString(t term.Term) (string, bool) {
	switch v := t.(type) {
	case term.Binary:
		return string(v), true
	case term.Atom:
		if v == term.Nil {
			return "", true
		}
		return strings.TrimPrefix(string(v), "Elixir."), true
	case term.Integer:
		return v.V.String(), true
	}
	return "", false
}

func (e *evaluator) charlist(d *decoded, from, to int) *Node {
	var l term.List
	var elems []*Node
	for k := 0; k < len(d.b); {
		r, size := utf8.DecodeRune(d.b[k:])
		if r == utf8.RuneError && size <= 1 {
			r, size = rune(d.b[k]), 1 // a raw byte from a \x escape
		}
		v := term.Integer{V: big.NewInt(int64(r))}
		l = append(l, v)
		if len(d.from) == len(d.b) {
			elems = append(elems, &Node{Term: v, Range: e.s.Lines.Range(int(d.from[k]), int(d.to[k+size-1])), File: e.s.File})
		}
		k += size
	}
	return e.node(l, from, to, elems)
}

// sigil evaluates ~s ~S ~c ~C ~w ~W sigils between StrBegin i and StrEnd m.
func (e *evaluator) sigil(i, m int) (*Node, error) {
	open, end := e.s.Toks[i], e.s.Toks[m]
	k := int(open.Start) + 1
	for k < int(open.End) && (isASCIILetter(e.s.Src[k]) || isDigit(e.s.Src[k])) {
		k++
	}
	name := string(e.s.Src[open.Start+1 : k])
	mods := string(e.s.Src[end.Start+1 : end.End])
	switch name {
	case "s", "S", "c", "C":
		d, err := e.decode(i, m, name == "c" || name == "C")
		if err != nil {
			return nil, err
		}
		if name == "c" || name == "C" {
			return e.charlist(d, i, m+1), nil
		}
		return e.node(term.Binary(d.b), i, m+1, nil), nil
	case "w", "W":
		return e.words(i, m, mods)
	}
	return nil, e.cannot(i, m+1, "the sigil ~"+name)
}

// words evaluates a ~w sigil: split on whitespace after unescaping, as
// Elixir does; modifier a makes atoms, c charlists, s (default) strings.
func (e *evaluator) words(i, m int, mods string) (*Node, error) {
	if len(mods) > 1 || (mods != "" && !strings.Contains("asc", mods)) {
		return nil, e.syntax(m, m+1, "invalid modifier %q for ~w (only a, s and c are allowed)", mods)
	}
	// Without escapes the words are the raw text: no offset tracking.
	var d *decoded
	from := func(k int) int { return int(d.from[k]) }
	to := func(k int) int { return int(d.to[k]) }
	if p := e.s.Toks[i+1]; m == i+2 && p.Kind == StrPart && e.s.Toks[i].Flags&StrHeredoc == 0 && bytes.IndexByte(e.s.Src[p.Start:p.End], '\\') < 0 {
		d = &decoded{b: e.s.Src[p.Start:p.End]}
		from = func(k int) int { return int(p.Start) + k }
		to = func(k int) int { return int(p.Start) + k + 1 }
	} else {
		var err error
		if d, err = e.decode(i, m, true); err != nil {
			return nil, err
		}
	}
	var elems []*Node
	for k := 0; k < len(d.b); {
		r, size := utf8.DecodeRune(d.b[k:])
		if unicode.IsSpace(r) {
			k += size
			continue
		}
		w := k
		for k < len(d.b) {
			r, size := utf8.DecodeRune(d.b[k:])
			if unicode.IsSpace(r) {
				break
			}
			k += size
		}
		word := d.b[w:k]
		rng := e.s.Lines.Range(from(w), to(k-1))
		var t term.Term
		switch mods {
		case "a":
			t = term.Atom(word)
		case "c":
			var l term.List
			for _, r := range codepoints(word) {
				l = append(l, term.Integer{V: big.NewInt(int64(r))})
			}
			t = l
		default:
			t = term.Binary(word)
		}
		elems = append(elems, &Node{Term: t, Range: rng, File: e.s.File})
	}
	return e.node(terms(elems), i, m+1, elems), nil
}
