// Package scan finds the calls an Elixir project makes into the modules of
// its configured Python libraries (Numpy.sum(x), LA.norm(x) after an alias,
// sum(x) after an import, &Numpy.sum/1, x |> Numpy.sum()), the way
// SnakeBridge's scanner decides which wrappers to generate.
//
// It works on tokens (analysis/elixir), not on a full AST. Aliases and
// imports are lexically scoped: they apply from where they are written to the
// end of the enclosing do/fn block (upstream collects them per file, in any
// order).
package scan

import (
	"strconv"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
)

// Call is one call into a library module.
type Call struct {
	Module   string // "Numpy" or "Numpy.Linalg" (no Elixir. prefix)
	Function string
	Arity    int
	File     string       // as passed to ScanFile, or Root-joined in ScanProject
	Range    elixir.Range // of Module.fun as written (LA.norm), or of fun for imported calls
}

// ScanFile finds the calls into the given library root modules (e.g.
// "Numpy", "Json") in one Elixir source, in source order. On a syntax error
// (such as an unterminated string) it returns the calls found before the
// error together with the *elixir.Error.
func ScanFile(path string, src []byte, modules []string) ([]Call, error) {
	s, err := elixir.NewSource(path, src)
	var calls []Call
	if s != nil {
		calls = newScanner(s, modules).run()
	}
	return calls, err
}

type importSpec struct {
	module string
	arity  map[string][]int // only: name → arities; nil means everything not excepted
	except map[string][]int
	none   bool // only: :macros / :sigils: no function comes from it
}

func (im *importSpec) allows(name string, arity int) bool {
	if im.none {
		return false
	}
	for _, a := range im.except[name] {
		if a == arity {
			return false
		}
	}
	if im.arity == nil {
		return !kernelNames[name]
	}
	for _, a := range im.arity[name] {
		if a == arity {
			return true
		}
	}
	return false
}

type scope struct {
	close   int // token index of the End that closes it, -1 for the file
	aliases map[string]string
	imports []*importSpec
	defs    map[string]bool // local functions of the module the scope belongs to
}

type scanner struct {
	s       *elixir.Source
	modules []string
	scopes  []*scope
	skipTo  int // calls before this token index are ignored (typespecs)
	defs    map[int]map[string]bool
	calls   []Call
	// directivesOnly walks for the scopes alone (aliases, imports), as a
	// cursor context needs, without collecting calls.
	directivesOnly bool
	// keywords, when not nil, collects the keyword keys of each call,
	// parallel to calls (see Sites).
	keywords *[][]Keyword
}

func newScanner(s *elixir.Source, modules []string) *scanner {
	mods := make([]string, 0, len(modules))
	for _, m := range modules {
		mods = append(mods, strings.TrimPrefix(m, "Elixir."))
	}
	return &scanner{s: s, modules: mods, scopes: []*scope{{close: -1}}}
}

// isLibrary reports whether mod is a configured module or one below it.
func (sc *scanner) isLibrary(mod string) bool {
	for _, m := range sc.modules {
		if mod == m || (strings.HasPrefix(mod, m) && len(mod) > len(m) && mod[len(m)] == '.') {
			return true
		}
	}
	return false
}

func (sc *scanner) run() []Call {
	sc.walk(len(sc.s.Toks))
	return sc.calls
}

// walk processes the tokens before index stop, leaving in sc.scopes the
// aliases and imports in effect at stop.
func (sc *scanner) walk(stop int) {
	sc.defs = moduleDefs(sc.s)
	toks := sc.s.Toks
	for i := 0; i < stop; i++ {
		for len(sc.scopes) > 1 && sc.scopes[len(sc.scopes)-1].close == i {
			sc.scopes = sc.scopes[:len(sc.scopes)-1]
		}
		switch t := toks[i]; t.Kind {
		case elixir.Do, elixir.Fn:
			sc.push(i)
		case elixir.Op:
			if sc.s.Is(i, elixir.Op, "@") && sc.s.Is(i+1, elixir.Ident, "") && typespecAttrs[sc.s.Text(i+1)] {
				sc.skipTo = sc.s.StatementEnd(i+1, len(toks)-1)
			}
		case elixir.Ident:
			sc.ident(i)
		case elixir.Alias:
			if !sc.directivesOnly {
				sc.remote(i)
			}
		}
	}
}

var typespecAttrs = map[string]bool{
	"spec": true, "type": true, "typep": true, "opaque": true, "callback": true, "macrocallback": true,
}

func (sc *scanner) push(i int) {
	close := int(sc.s.Match[i])
	if close <= i {
		close = -1
	}
	sc.scopes = append(sc.scopes, &scope{close: close, defs: sc.defs[i]})
}

func (sc *scanner) prevSig(i int) int {
	for i--; i >= 0 && sc.s.Toks[i].Kind == elixir.Newline; i-- {
	}
	return i
}

// ident handles alias/import/require directives and imported local calls.
func (sc *scanner) ident(i int) {
	s := sc.s
	if s.Is(i-1, elixir.Dot, "") {
		return
	}
	switch s.Text(i) {
	case "alias", "require":
		sc.alias(i)
		return
	case "import":
		sc.importDirective(i)
		return
	}
	if !sc.directivesOnly {
		sc.local(i)
	}
}

// directiveArgs returns the arguments of alias/import/require at i.
func (sc *scanner) directiveArgs(i int) ([][2]int, bool) {
	s := sc.s
	if s.Is(i+1, elixir.LParen, "") && s.Adjacent(i, i+1) && s.Match[i+1] > int32(i) {
		return s.Args(i+2, int(s.Match[i+1]))
	}
	return s.Args(i+1, s.StatementEnd(i+1, len(s.Toks)-1))
}

// chain reads Foo.Bar.Baz starting at i: its segments and the index after.
func (sc *scanner) chain(i int) ([]string, int) {
	s := sc.s
	if !s.Is(i, elixir.Alias, "") {
		return nil, i
	}
	parts := []string{s.Text(i)}
	for s.Is(i+1, elixir.Dot, "") && s.Is(i+2, elixir.Alias, "") {
		i += 2
		parts = append(parts, s.Text(i))
	}
	return parts, i + 1
}

// resolve expands the first segment of an alias chain through the aliases
// in scope.
func (sc *scanner) resolve(parts []string) string {
	if parts[0] == "Elixir" && len(parts) > 1 {
		return strings.Join(parts[1:], ".")
	}
	for k := len(sc.scopes) - 1; k >= 0; k-- {
		if full, ok := sc.scopes[k].aliases[parts[0]]; ok {
			return strings.Join(append([]string{full}, parts[1:]...), ".")
		}
	}
	return strings.Join(parts, ".")
}

func (sc *scanner) top() *scope { return sc.scopes[len(sc.scopes)-1] }

func (sc *scanner) addAlias(name, full string) {
	t := sc.top()
	if t.aliases == nil {
		t.aliases = map[string]string{}
	}
	t.aliases[name] = full
}

// alias records alias Foo.Bar, alias Foo.Bar, as: B, alias Foo.{Bar, Baz}
// and require Foo.Bar, as: B.
func (sc *scanner) alias(i int) {
	s := sc.s
	args, kw := sc.directiveArgs(i)
	if len(args) == 0 {
		return
	}
	parts, next := sc.chain(args[0][0])
	if parts == nil {
		return
	}
	base := sc.resolve(parts)
	if s.Is(next, elixir.Dot, "") && s.Is(next+1, elixir.LBrace, "") {
		close := int(s.Match[next+1])
		if close <= next+1 {
			return
		}
		inner, _ := s.Args(next+2, close)
		for _, a := range inner {
			if sub, end := sc.chain(a[0]); sub != nil && end == a[1] {
				sc.addAlias(sub[len(sub)-1], base+"."+strings.Join(sub, "."))
			}
		}
		return
	}
	if next != args[0][1] {
		return
	}
	as := ""
	isRequire := s.Is(i, elixir.Ident, "require")
	if kw && len(args) > 1 {
		as = sc.asOption(args[len(args)-1])
	}
	switch {
	case as != "":
		sc.addAlias(as, base)
	case !isRequire:
		sc.addAlias(parts[len(parts)-1], base)
	}
}

func (sc *scanner) asOption(kw [2]int) string {
	s := sc.s
	for j := kw[0]; j < kw[1]; j = s.Skip(j) {
		if s.Is(j, elixir.KwKey, "as:") {
			v := j + 1
			for s.Is(v, elixir.Newline, "") {
				v++
			}
			if p, end := sc.chain(v); len(p) == 1 && (end >= kw[1] || s.Is(end, elixir.Comma, "") || s.Is(end, elixir.Newline, "")) {
				return p[0]
			}
		}
	}
	return ""
}

// importDirective records import Foo [, only: [...] | except: [...]] when
// Foo is a library module.
func (sc *scanner) importDirective(i int) {
	s := sc.s
	args, kw := sc.directiveArgs(i)
	if len(args) == 0 {
		return
	}
	parts, next := sc.chain(args[0][0])
	if parts == nil || next != args[0][1] {
		return
	}
	mod := sc.resolve(parts)
	if !sc.isLibrary(mod) {
		return
	}
	im := &importSpec{module: mod}
	if kw && len(args) > 1 {
		opts := args[len(args)-1]
		for j := opts[0]; j < opts[1]; j = s.Skip(j) {
			switch {
			case s.Is(j, elixir.KwKey, "only:"):
				sc.onlyOption(im, j+1)
			case s.Is(j, elixir.KwKey, "except:"):
				im.except = sc.arityList(j + 1)
			}
		}
	}
	t := sc.top()
	t.imports = append(t.imports, im)
}

func (sc *scanner) onlyOption(im *importSpec, v int) {
	s := sc.s
	for s.Is(v, elixir.Newline, "") {
		v++
	}
	switch {
	case s.Is(v, elixir.Atom, ":functions"):
	case s.Is(v, elixir.Atom, ":macros"), s.Is(v, elixir.Atom, ":sigils"):
		im.none = true
	default:
		im.arity = sc.arityList(v)
		if im.arity == nil {
			im.arity = map[string][]int{}
		}
	}
}

// arityList reads [name: arity, ...] at token v.
func (sc *scanner) arityList(v int) map[string][]int {
	s := sc.s
	for s.Is(v, elixir.Newline, "") {
		v++
	}
	if !s.Is(v, elixir.LBracket, "") || s.Match[v] <= int32(v) {
		return nil
	}
	out := map[string][]int{}
	for j := v + 1; j < int(s.Match[v]); j++ {
		if s.Toks[j].Kind == elixir.KwKey && s.Is(j+1, elixir.Int, "") {
			if n, err := strconv.Atoi(strings.ReplaceAll(s.Text(j+1), "_", "")); err == nil {
				name := s.KwName(j)
				out[name] = append(out[name], n)
			}
		}
	}
	return out
}

// remote handles Alias.Chain.fun calls starting at alias token i.
func (sc *scanner) remote(i int) {
	s := sc.s
	if p := i - 1; p >= 0 && (s.Is(p, elixir.Dot, "") || s.Is(p, elixir.Op, "%")) {
		return
	}
	parts, next := sc.chain(i)
	if !s.Is(next, elixir.Dot, "") || !s.Is(next+1, elixir.Ident, "") || i < sc.skipTo {
		return
	}
	mod := sc.resolve(parts)
	if !sc.isLibrary(mod) {
		return
	}
	fn := next + 1
	sc.record(mod, s.Text(fn), i, fn)
}

// local handles a call of an imported function by its bare name.
func (sc *scanner) local(i int) {
	s := sc.s
	if i < sc.skipTo || !sc.anyImports() {
		return
	}
	name := s.Text(i)
	if p := sc.prevSig(i); p >= 0 && (s.Is(p, elixir.Op, "@") || (s.Toks[p].Kind == elixir.Ident && defKeywords[s.Text(p)])) {
		return
	}
	arity, ok := sc.arity(i, i)
	if !ok {
		return
	}
	for k := len(sc.scopes) - 1; k >= 0; k-- {
		if sc.scopes[k].defs[name] {
			return
		}
	}
	// An import whose only: names the function is stronger evidence than
	// an unrestricted one (Elixir would reject a real ambiguity).
	for _, explicit := range []bool{true, false} {
		for k := len(sc.scopes) - 1; k >= 0; k-- {
			imps := sc.scopes[k].imports
			for j := len(imps) - 1; j >= 0; j-- {
				if (imps[j].arity != nil) == explicit && imps[j].allows(name, arity) {
					sc.add(imps[j].module, name, arity, i, i)
					return
				}
			}
		}
	}
}

func (sc *scanner) anyImports() bool {
	for _, sp := range sc.scopes {
		if len(sp.imports) > 0 {
			return true
		}
	}
	return false
}

var defKeywords = map[string]bool{
	"def": true, "defp": true, "defmacro": true, "defmacrop": true, "defguard": true, "defguardp": true,
	"defdelegate": true,
}

// record adds the remote call whose chain starts at token from and whose
// function name is at token fn.
func (sc *scanner) record(mod, fun string, from, fn int) {
	arity, ok := sc.arity(from, fn)
	if !ok {
		arity = 0
	}
	sc.add(mod, fun, arity, from, fn)
}

func (sc *scanner) add(mod, fun string, arity, from, fn int) {
	s := sc.s
	sc.calls = append(sc.calls, Call{
		Module: mod, Function: fun, Arity: arity, File: s.File,
		Range: s.Lines.Range(int(s.Toks[from].Start), int(s.Toks[fn].End)),
	})
	if sc.keywords != nil {
		*sc.keywords = append(*sc.keywords, sc.callKeywords(fn))
	}
}

// arity computes the arity of the call whose expression starts at token
// from and whose function name is at token fn: parenthesised or bare
// arguments, +1 for a pipe into it, +1 for a trailing do-block, or the N of
// a capture &fun/N. ok is false for a bare name with no arguments that is
// not piped into or captured (a variable, for an imported name).
func (sc *scanner) arity(from, fn int) (int, bool) {
	s := sc.s
	prev := sc.prevSig(from)
	if prev >= 0 && s.Is(prev, elixir.Op, "&") && s.Is(fn+1, elixir.Op, "/") && s.Is(fn+2, elixir.Int, "") {
		n, err := strconv.Atoi(strings.ReplaceAll(s.Text(fn+2), "_", ""))
		return n, err == nil
	}
	n, after, called := 0, fn+1, false
	if s.Is(fn+1, elixir.LParen, "") && s.Adjacent(fn, fn+1) {
		n, called = len(s.CallArgs(fn+1)), true
		if m := int(s.Match[fn+1]); m > fn+1 {
			after = m + 1
		}
	} else if args := s.NoParenArgs(fn, len(s.Toks)-1); len(args) > 0 {
		n, called, after = len(args), true, args[len(args)-1][1]
	}
	piped := prev >= 0 && s.Is(prev, elixir.Op, "|>")
	if piped {
		n, called = n+1, true
	}
	if s.Is(after, elixir.Do, "") && sc.startsStatement(from-1) {
		n, called = n+1, true
	}
	if !called && fn == from {
		return 0, false
	}
	return n, true
}

// startsStatement reports whether a call preceded by token prev (a line
// break included) is the outermost call of its expression, to which a
// do-block attaches.
func (sc *scanner) startsStatement(prev int) bool {
	if prev < 0 {
		return true
	}
	s := sc.s
	switch s.Toks[prev].Kind {
	case elixir.Newline, elixir.Do, elixir.LParen:
		return true
	case elixir.Op:
		return s.Is(prev, elixir.Op, "=") || s.Is(prev, elixir.Op, "->")
	}
	return false
}

// moduleDefs maps the do token of each defmodule to the names of the
// functions and macros defined in it (including nested modules).
func moduleDefs(s *elixir.Source) map[int]map[string]bool {
	out := map[int]map[string]bool{}
	for i := range s.Toks {
		if !s.Is(i, elixir.Ident, "defmodule") || s.Is(i-1, elixir.Dot, "") {
			continue
		}
		do := -1
		for j := i + 1; j < len(s.Toks) && do < 0; j++ {
			switch s.Toks[j].Kind {
			case elixir.Do:
				do = j
			case elixir.Newline, elixir.EOF, elixir.KwKey:
				j = len(s.Toks)
			}
		}
		if do < 0 || int(s.Match[do]) <= do {
			continue
		}
		names := map[string]bool{}
		for j := do + 1; j < int(s.Match[do]); j++ {
			if s.Toks[j].Kind == elixir.Ident && defKeywords[s.Text(j)] && s.Is(j+1, elixir.Ident, "") {
				names[s.Text(j+1)] = true
			}
		}
		out[do] = names
	}
	return out
}
