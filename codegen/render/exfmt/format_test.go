package exfmt

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/elixirtest"
)

func call(name string, args ...Node) *Call { return &Call{Name: name, Args: args, Parens: true} }

func remote(target, name string, args ...Node) *Call {
	return &Call{Target: &Alias{Name: target}, Name: name, Args: args, Parens: true}
}

func v(name string) *Var { return &Var{Name: name} }

func union(ns ...Node) Node {
	n := ns[len(ns)-1]
	for i := len(ns) - 2; i >= 0; i-- {
		n = &Op{Op: "|", L: ns[i], R: n}
	}
	return n
}

func spec(name string, args []Node, ret Node) *Attr {
	return &Attr{Name: "spec", Arg: &Op{Op: "::", L: call(name, args...), R: ret}}
}

func okErr(t Node) Node {
	return union(&Tuple{Elems: []Node{&Atom{Name: "ok"}, t}},
		&Tuple{Elems: []Node{&Atom{Name: "error"}, remote("Snakepit.Error", "t")}})
}

func optsGuard() Node {
	hd := call("hd", v("opts"))
	return &Op{Op: "and", L: call("is_list", v("opts")), R: &Op{Op: "or",
		L: &Op{Op: "==", L: v("opts"), R: &List{}},
		R: &Op{Op: "and",
			L: &Op{Op: "and", L: call("is_tuple", hd), R: &Op{Op: "==", L: call("tuple_size", hd), R: &Int{Text: "2"}}},
			R: call("is_atom", call("elem", hd, &Int{Text: "0"}))}}}
}

func def(head Node, body ...Node) *Call {
	stmts := make([]Stmt, len(body))
	for i, b := range body {
		stmts[i] = Stmt{Node: b}
	}
	return &Call{Name: "def", Args: []Node{head}, Do: &Block{Stmts: stmts}}
}

func module(name string, stmts ...Node) Node {
	blk := &Block{}
	for _, s := range stmts {
		blk.Stmts = append(blk.Stmts, Stmt{Node: s, BlankAfter: true})
	}
	return &Call{Name: "defmodule", Args: []Node{&Alias{Name: name}}, Do: blk}
}

func word(r *rand.Rand, min, max int) string {
	n := min + r.IntN(max-min+1)
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + r.IntN(26))
	}
	switch w := string(b); w {
	case "do", "end", "fn", "in", "or", "and", "not", "when", "nil", "true", "false", "after", "else", "catch", "rescue":
		return "x" + w
	default:
		return w
	}
}

func randType(r *rand.Rand, depth int) Node {
	k := r.IntN(10)
	if depth > 3 {
		k = r.IntN(4)
	}
	switch k {
	case 0:
		return call([]string{"integer", "float", "term", "boolean", "binary", "keyword"}[r.IntN(6)])
	case 1:
		return remote("String", "t")
	case 2:
		return &Atom{Name: "nil"}
	case 3:
		return remote("Mod"+strings.Title(word(r, 2, 30))+".Cls", "t")
	case 4:
		return call("list", randType(r, depth+1))
	case 5:
		return &Map{Pairs: []Pair{{Key: call("optional", randType(r, depth+1)), Value: randType(r, depth+1)}}}
	case 6:
		n := r.IntN(5)
		elems := make([]Node, n)
		for i := range elems {
			elems[i] = randType(r, depth+1)
		}
		return &Tuple{Elems: elems}
	case 7:
		return remote("MapSet", "t", randType(r, depth+1))
	default:
		n := 2 + r.IntN(4)
		elems := make([]Node, n)
		for i := range elems {
			elems[i] = randType(r, depth+2)
		}
		return union(elems...)
	}
}

func randSpec(r *rand.Rand) Node {
	n := r.IntN(7)
	args := make([]Node, n)
	for i := range args {
		args[i] = randType(r, 1)
	}
	if r.IntN(3) == 0 {
		args = append(args, &TypeFun{Args: []Node{call("term")}, Body: call("any")})
	}
	ret := okErr(randType(r, 1))
	if r.IntN(5) == 0 {
		ret = union(&Atom{Name: "ok"}, &Tuple{Elems: []Node{&Atom{Name: "error"}, remote("Snakepit.Error", "t")}})
	}
	return spec(word(r, 1, 40), args, ret)
}

func randDef(r *rand.Rand) Node {
	n := r.IntN(9)
	params := make([]Node, n)
	names := make([]Node, n)
	for i := range params {
		params[i] = v(word(r, 1, 14))
		names[i] = params[i]
	}
	name := word(r, 1, 35)
	var head Node
	var body []Node
	switch r.IntN(4) {
	case 0:
		head = call(name, append(params, &Op{Op: `\\`, L: v("opts"), R: &List{}})...)
		body = []Node{remote("SnakeBridge.Runtime", "call", v("__MODULE__"), &Atom{Name: name}, &List{Elems: names}, v("opts"))}
	case 1:
		head = &Op{Op: "when", L: call(name, append(params, v("opts"))...), R: optsGuard()}
		body = []Node{remote("SnakeBridge.Runtime", "call", v("__MODULE__"), &String{Text: name}, &List{Elems: names}, v("opts"))}
	case 2:
		head = call(name, append(params, v("args"), &Op{Op: `\\`, L: v("opts"), R: &List{}})...)
		body = []Node{
			&Op{Op: "=", L: &Tuple{Elems: []Node{v("args"), v("opts")}}, R: remote("SnakeBridge.Runtime", "normalize_args_opts", v("args"), v("opts"))},
			remote("SnakeBridge.Runtime", "call_method", v("ref"), &Atom{Name: name},
				&Op{Op: "++", L: &List{Elems: names}, R: remote("List", "wrap", v("args"))}, v("opts")),
		}
	default:
		head = &Op{Op: "when", L: call(name+"_stream", append(params, v("opts"), v("callback"))...),
			R: &Op{Op: "and", L: optsGuard(), R: call("is_function", v("callback"), &Int{Text: "1"})}}
		body = []Node{remote("SnakeBridge.Runtime", "stream", v("__MODULE__"), &Atom{Name: name}, &List{Elems: names}, &List{}, v("callback"))}
	}
	if r.IntN(3) == 0 {
		kws := make([]Node, 1+r.IntN(6))
		for i := range kws {
			kws[i] = &String{Text: word(r, 1, 20)}
		}
		pre := []Node{
			&Op{Op: "=", L: v("kw_keys"), R: &Op{Op: "|>", L: &Op{Op: "|>", L: v("opts"), R: remote("Keyword", "keys")},
				R: remote("Enum", "map", &CaptureFun{Name: "to_string", Arity: 1})}},
			&Op{Op: "=", L: v("missing_kw"), R: &Op{Op: "|>", L: &List{Elems: kws},
				R: remote("Enum", "reject", &Capture{Arg: &Op{Op: "in", L: &Capture{Arg: &Int{Text: "1"}}, R: v("kw_keys")}})}},
			&Call{Name: "if", Args: []Node{&Op{Op: "!=", L: v("missing_kw"), R: &List{}}}, Do: &Block{Stmts: []Stmt{{Node: &Call{Name: "raise", Args: []Node{
				&Alias{Name: "ArgumentError"},
				&Op{Op: "<>", L: &String{Text: "Missing required keyword-only arguments: "}, R: remote("Enum", "join", v("missing_kw"), &String{Text: ", "})},
			}}}}}},
		}
		body = append(pre, body...)
	}
	return def(head, body...)
}

func randDiscovery(r *rand.Rand) Node {
	n := r.IntN(6)
	elems := make([]Node, n)
	for i := range elems {
		summary := word(r, 0, 90)
		if r.IntN(4) == 0 {
			summary = "héllo wörld " + summary + " 日本語"
		}
		elems[i] = &Tuple{Elems: []Node{&Atom{Name: word(r, 1, 40)}, &Int{Text: fmt.Sprint(r.IntN(5))}, v("__MODULE__"), &String{Text: summary}}}
	}
	return def(v("__functions__"), &List{Elems: elems})
}

func randKeywordDef(r *rand.Rand) Node {
	return &Call{Name: "def", Args: []Node{v(word(r, 5, 40)), &Keyword{Pairs: []KW{{Key: "do", Value: &String{Text: word(r, 1, 80)}}}}}}
}

func randModule(r *rand.Rand, i int) Node {
	var stmts []Node
	stmts = append(stmts, &Attr{Name: "moduledoc", Arg: &Heredoc{Text: "Docs with \\\"\"\" quotes and \\#{x}.\n\n    indented\n"}})
	stmts = append(stmts, &Attr{Name: "doc", Arg: &Atom{Name: "false"}}, randKeywordDef(r))
	for j := 0; j < 6; j++ {
		stmts = append(stmts, randSpec(r), randDef(r))
	}
	stmts = append(stmts, randDiscovery(r))
	stmts = append(stmts, &Attr{Name: "opaque", Arg: &Op{Op: "::", L: v("t"), R: remote("SnakeBridge.Ref", "t")}})
	return module(fmt.Sprintf("Gen%d.Module", i), stmts...)
}

// TestFormatterFixedPoint prints random trees of the shapes the renderer
// emits and checks with the real formatter that the output is already
// formatted.
func TestFormatterFixedPoint(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	var files []string
	for i := 0; i < 120; i++ {
		src := Source([]string{"# Generated by a test", "# Library: x stdlib"}, randModule(r, i))
		path := filepath.Join(dir, fmt.Sprintf("m%03d.ex", i))
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	res := elixirtest.Run(t, files, false)
	n := 0
	for file, want := range res.Unformatted {
		got, _ := os.ReadFile(file)
		t.Errorf("%s is not formatted:\n%s", file, lineDiff(string(got), want+"\n"))
		if n++; n > 3 {
			break
		}
	}
}

// lineDiff shows the first differing lines with some context.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		if i >= len(g) || i >= len(w) || g[i] != w[i] {
			from := max(0, i-3)
			var b strings.Builder
			for j := from; j < i+6; j++ {
				if j < len(g) {
					fmt.Fprintf(&b, "got  %4d|%s\n", j+1, g[j])
				}
				if j < len(w) {
					fmt.Fprintf(&b, "want %4d|%s\n", j+1, w[j])
				}
			}
			return b.String()
		}
	}
	return "(no difference)"
}
