package render

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render/exfmt"
)

// Shorthands for building exfmt trees.

// v is a variable; the common ones are shared (see the constants below).
func v(name string) exfmt.Node {
	switch name {
	case "opts":
		return varOpts
	case "ref":
		return varRef
	case "__MODULE__":
		return varModule
	case "args":
		return varArgs
	case "callback":
		return varCallback
	}
	return &exfmt.Var{Name: name}
}

// Subtrees that recur in every wrapper are built once: the formatter never
// modifies a tree, so one instance serves every place, and building the
// trees of a large library allocates much less.
var (
	varOpts     exfmt.Node = &exfmt.Var{Name: "opts"}
	varRef      exfmt.Node = &exfmt.Var{Name: "ref"}
	varModule   exfmt.Node = &exfmt.Var{Name: "__MODULE__"}
	varArgs     exfmt.Node = &exfmt.Var{Name: "args"}
	varCallback exfmt.Node = &exfmt.Var{Name: "callback"}
	termType               = call("term")
	refSpec                = remote("SnakeBridge.Ref", "t")
	errorSpec              = tuple(atom("error"), remote("Snakepit.Error", "t"))
)

func atom(name string) exfmt.Node  { return &exfmt.Atom{Name: name} }
func alias(name string) exfmt.Node { return &exfmt.Alias{Name: name} }
func str(s string) exfmt.Node      { return &exfmt.String{Text: escapeString(s)} }
func integer(n int) exfmt.Node     { return &exfmt.Int{Text: fmt.Sprint(n)} }
func list(elems ...exfmt.Node) exfmt.Node {
	return &exfmt.List{Elems: elems}
}
func tuple(elems ...exfmt.Node) exfmt.Node {
	return &exfmt.Tuple{Elems: elems}
}
func op(o string, l, r exfmt.Node) exfmt.Node { return &exfmt.Op{Op: o, L: l, R: r} }

// call is a local call with parentheses.
func call(name string, args ...exfmt.Node) exfmt.Node {
	return &exfmt.Call{Name: name, Args: args, Parens: true}
}

// selfCall is __MODULE__.fun(args): wrappers that delegate to another arity
// call it qualified, as a local call would clash with a Kernel import of
// the same name and arity (max/2, length/1, to_string/1…).
func selfCall(fun string, args ...exfmt.Node) exfmt.Node {
	return &exfmt.Call{Target: v("__MODULE__"), Name: fun, Args: args, Parens: true}
}

// remote is Module.fun(args).
func remote(module, fun string, args ...exfmt.Node) exfmt.Node {
	return &exfmt.Call{Target: alias(module), Name: fun, Args: args, Parens: true}
}

func attr(name string, arg exfmt.Node) exfmt.Node { return &exfmt.Attr{Name: name, Arg: arg} }

func docAttr(name, markdown string) exfmt.Node {
	return attr(name, &exfmt.Heredoc{Text: escapeHeredoc(markdown)})
}

// def is `def head do body end`.
func def(head exfmt.Node, body ...exfmt.Node) exfmt.Node {
	// One allocation for the call, its block and (mostly) their slices:
	// a large library has hundreds of thousands of these.
	d := &defNode{}
	d.args[0] = head
	d.call = exfmt.Call{Name: "def", Args: d.args[:], Do: &d.blk}
	if len(body) <= len(d.stmts) {
		d.blk.Stmts = d.stmts[:len(body):len(body)]
	} else {
		d.blk.Stmts = make([]exfmt.Stmt, len(body))
	}
	for i, b := range body {
		d.blk.Stmts[i] = exfmt.Stmt{Node: b}
	}
	return &d.call
}

type defNode struct {
	call  exfmt.Call
	blk   exfmt.Block
	args  [1]exfmt.Node
	stmts [2]exfmt.Stmt
}

// defShort is `def name, do: value`.
func defShort(name string, value exfmt.Node) exfmt.Node {
	return &exfmt.Call{Name: "def", Args: []exfmt.Node{v(name), &exfmt.Keyword{Pairs: []exfmt.KW{{Key: "do", Value: value}}}}}
}

// union is T1 | T2 | ..., right-nested as the parser builds it.
func union(types ...exfmt.Node) exfmt.Node {
	n := types[len(types)-1]
	for i := len(types) - 2; i >= 0; i-- {
		n = op("|", types[i], n)
	}
	return n
}

func spec(name string, args []exfmt.Node, ret exfmt.Node) exfmt.Node {
	return attr("spec", op("::", call(name, args...), ret))
}

// okError is {:ok, t} | {:error, Snakepit.Error.t()}.
func okError(t exfmt.Node) exfmt.Node {
	return union(tuple(atom("ok"), t), errorType())
}

func errorType() exfmt.Node { return errorSpec }

func refType() exfmt.Node { return refSpec }

// optsGuard is upstream's keyword-list guard on opts. Every wrapper that
// takes options has it, so one tree, never modified, serves them all and
// the formatter builds its document once per file (exfmt.Op.Shared).
func optsGuard() exfmt.Node { return sharedOptsGuard }

var sharedOptsGuard = func() exfmt.Node {
	hd := call("hd", v("opts"))
	return &exfmt.Op{Op: "and", Shared: true, L: call("is_list", v("opts")), R: op("or",
		op("==", v("opts"), list()),
		op("and",
			op("and", call("is_tuple", hd), op("==", call("tuple_size", hd), integer(2))),
			call("is_atom", call("elem", hd, integer(0)))))}
}()

func callbackGuard() exfmt.Node { return call("is_function", v("callback"), integer(1)) }

// block statements are separated by one empty line.
func moduleBlock(stmts [][]exfmt.Node) *exfmt.Block {
	n := 0
	for _, group := range stmts {
		n += len(group)
	}
	blk := &exfmt.Block{}
	if n > 0 {
		blk.Stmts = make([]exfmt.Stmt, 0, n)
	}
	for _, group := range stmts {
		for i, s := range group {
			blk.Stmts = append(blk.Stmts, exfmt.Stmt{Node: s, BlankAfter: i == len(group)-1})
		}
	}
	return blk
}

func defmodule(name string, body *exfmt.Block) exfmt.Node {
	return &exfmt.Call{Name: "defmodule", Args: []exfmt.Node{alias(name)}, Do: body}
}

var memoryAddress = regexp.MustCompile(` at 0x[0-9a-fA-F]+>`)

// normalizeText removes memory addresses from reprs ("<function f at
// 0x7f…>" becomes "<function f>") so that output does not change between
// runs.
func normalizeText(s string) string {
	if !strings.Contains(s, " at 0x") {
		return s // the regexp would copy it all the same
	}
	return memoryAddress.ReplaceAllString(s, ">")
}

// escapeString escapes s for the inside of a "..." literal.
func escapeString(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '#' && strings.HasPrefix(s[i:], "#{"):
			b.WriteString(`\#`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case mustEscape(r):
			b.WriteString(unicodeEscape(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeHeredoc escapes Markdown for the inside of a """ heredoc: lines
// keep their newlines and tabs; the text ends with a newline. Runs of
// characters that need no escape are copied whole; invalid UTF-8 becomes
// U+FFFD.
func escapeHeredoc(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 1)
	start := 0 // of the pending run
	flush := func(i int, esc string) {
		b.WriteString(s[start:i])
		b.WriteString(esc)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			esc := ""
			switch {
			case c == '\\':
				esc = `\\`
			case c == '#' && strings.HasPrefix(s[i:], "#{"):
				esc = `\#`
			case c == '"' && strings.HasPrefix(s[i:], `"""`):
				esc = `\"`
			case c == '\r':
				esc = `\r`
			case c == '\n' || c == '\t':
			case mustEscape(rune(c)):
				esc = unicodeEscape(rune(c))
			}
			if esc != "" {
				flush(i, esc)
				start = i + 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			flush(i, string(utf8.RuneError))
		case mustEscape(r):
			flush(i, unicodeEscape(r))
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b.WriteString(s[start:])
	if !strings.HasSuffix(s, "\n") {
		b.WriteByte('\n')
	}
	return b.String()
}

// mustEscape reports characters that may not appear raw in Elixir source:
// control characters, the bidirectional overrides Elixir rejects, line and
// paragraph separators and the byte-order mark.
func mustEscape(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r == 0x2028 || r == 0x2029 || r == 0xfeff:
		return true
	}
	return false
}

func unicodeEscape(r rune) string {
	if r <= 0xffff {
		return fmt.Sprintf(`\u%04X`, r)
	}
	return fmt.Sprintf(`\u{%X}`, r)
}
