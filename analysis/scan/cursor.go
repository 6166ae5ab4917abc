package scan

import (
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
)

// ContextKind says what a cursor is on.
type ContextKind int

// Kinds of Context.
const (
	// NoContext: nothing a library call can say something about (a
	// string, a comment, plain code).
	NoContext ContextKind = iota
	// MemberContext: right after `Module.`, possibly with part of a name
	// typed (Numpy.me|).
	MemberContext
	// CallContext: inside the parentheses of a call.
	CallContext
)

// Context is what is at a cursor in an Elixir source, read lexically: the
// tokens before the cursor, the aliases and imports in effect there, the
// enclosing call. It is a best effort on files that do not parse.
type Context struct {
	Kind ContextKind

	// Module is the resolved module (no Elixir. prefix): the one before
	// the dot for MemberContext, the called one for CallContext ("" when
	// a bare call resolves through no import of a library module).
	Module string
	// Written is the module as written (LA for an alias of
	// Numpy.Linalg); "" for an imported call.
	Written string
	// Prefix is the part of a name typed before the cursor: after the dot
	// for MemberContext; for CallContext the identifier being typed at
	// the start of the active argument (maybe a keyword key being
	// written), "" when none.
	Prefix string
	// PrefixRange is where Prefix is (empty at the cursor when Prefix is
	// ""), for completion edits; it ends at the end of the identifier the
	// cursor is in.
	PrefixRange elixir.Range

	// Call is set for CallContext.
	Call *CallSite
}

// CallSite describes the call around a cursor.
type CallSite struct {
	Function string
	// Range is Module.fun (or fun) as written.
	Range elixir.Range
	// Piped: the call is the right side of |>, which passes argument 0.
	Piped bool
	// Arg is the index of the active argument, counting the piped one. In
	// the trailing keyword list it is the index of that list.
	Arg int
	// Positional is the number of positional arguments before the
	// keyword list (the piped one included), written before the cursor.
	Positional int
	// AtArgStart: nothing but Prefix is written in the active argument
	// before the cursor, so a keyword key may be typed there.
	AtArgStart bool
	// InKeywords: the active argument is in the trailing keyword list
	// (a key was written before it in the call).
	InKeywords bool
	// Keyword is the key whose value the cursor is in (axis: |), "" when
	// none.
	Keyword string
	// KeyWritten: the cursor is in the name of a key written with its
	// colon (ind|nt: 2). Prefix is the name up to the cursor and
	// PrefixRange the whole key, colon included, so a completion replaces
	// the key and keeps the value.
	KeyWritten bool
	// Given are the keyword keys written in the call, in order, the one
	// the cursor is in included.
	Given []string
}

// ContextAt reads what is at pos (an LSP position: 0-based line, UTF-16
// character) in src, resolving aliases and imports of the given library
// root modules. A source that does not parse gives what its tokens before
// the error say.
func ContextAt(src []byte, pos elixir.Position, modules []string) Context {
	s, _ := elixir.NewSource("", src)
	off := s.Lines.Offset(pos)
	cur, ok := cursorToken(s, off)
	if !ok {
		return Context{}
	}
	if c, ok := memberContext(s, cur, off, modules); ok {
		return c
	}
	return callContext(s, cur, off, modules)
}

// cursorToken returns the index of the last token starting before off, or
// -1 when there is none. ok is false when off is in a string or a comment.
func cursorToken(s *elixir.Source, off int) (int, bool) {
	lo, hi := 0, len(s.Toks)
	for lo < hi { // first token starting at or after off
		m := (lo + hi) / 2
		if int(s.Toks[m].Start) < off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	i := lo - 1
	if i < 0 {
		return -1, true
	}
	t := s.Toks[i]
	switch t.Kind {
	case elixir.StrBegin, elixir.StrPart, elixir.InterpEnd:
		return i, false
	case elixir.EOF:
		return i, false
	}
	end := int(t.End)
	if end < off {
		// Between tokens there is only blank space and comments; text
		// the tokenizer stopped at (an error) counts as not code.
		gap := strings.TrimLeft(string(s.Src[end:off]), " \t\r\n\\")
		if gap != "" {
			return i, false
		}
	}
	return i, true
}

// isName reports whether token i is a (partial) name the cursor may be in.
func isName(s *elixir.Source, i int) bool {
	return i >= 0 && (s.Toks[i].Kind == elixir.Ident || s.Toks[i].Kind == elixir.Alias)
}

// prefixAt returns the name typed up to off when token i is a name that
// the cursor is in or right after, with its range to the end of the name.
func prefixAt(s *elixir.Source, i, off int) (string, elixir.Range, bool) {
	if !isName(s, i) || int(s.Toks[i].End) < off {
		return "", elixir.Range{}, false
	}
	t := s.Toks[i]
	return string(s.Src[t.Start:off]), s.Lines.Range(int(t.Start), int(t.End)), true
}

func memberContext(s *elixir.Source, cur, off int, modules []string) (Context, bool) {
	if cur < 0 {
		return Context{}, false
	}
	dot := cur
	prefix, pr, named := prefixAt(s, cur, off)
	if named {
		dot = cur - 1
		if dot < 0 || !s.Adjacent(dot, cur) {
			return Context{}, false
		}
	} else {
		if int(s.Toks[cur].End) != off {
			return Context{}, false
		}
		pr = s.Lines.Range(off, off)
	}
	if !s.Is(dot, elixir.Dot, "") || !s.Is(dot-1, elixir.Alias, "") {
		return Context{}, false
	}
	first := dot - 1
	for s.Is(first-1, elixir.Dot, "") && s.Is(first-2, elixir.Alias, "") {
		first -= 2
	}
	if s.Is(first-1, elixir.Dot, "") {
		return Context{}, false // some_map.Key.: not a module
	}
	parts := make([]string, 0, (dot-first)/2+1)
	for j := first; j < dot; j += 2 {
		parts = append(parts, s.Text(j))
	}
	sc := scopesAt(s, first, modules)
	return Context{
		Kind: MemberContext, Module: sc.resolve(parts), Written: strings.Join(parts, "."),
		Prefix: prefix, PrefixRange: pr,
	}, true
}

// scopesAt walks the source up to token stop for the aliases and imports
// in effect there.
func scopesAt(s *elixir.Source, stop int, modules []string) *scanner {
	sc := newScanner(s, modules)
	sc.directivesOnly = true
	sc.walk(stop)
	return sc
}

// callContext finds the innermost call whose parentheses enclose the
// cursor, going out through brackets, braces and binaries but not through
// do/fn blocks.
func callContext(s *elixir.Source, cur, off int, modules []string) Context {
	lp := -1
	for j := cur; j >= 0; j-- {
		k := s.Toks[j].Kind
		if elixir.IsCloser(k) {
			if m := int(s.Match[j]); m >= 0 && m < j {
				j = m
			}
			continue
		}
		if !elixir.IsOpener(k) {
			continue
		}
		if j == cur && int(s.Toks[j].End) > off {
			continue
		}
		if k == elixir.LParen && s.Is(j-1, elixir.Ident, "") && s.Adjacent(j-1, j) {
			lp = j
			break
		}
		if k != elixir.LBracket && k != elixir.LBrace && k != elixir.LBin && k != elixir.LParen {
			break
		}
	}
	if lp < 0 {
		return Context{}
	}
	fn := lp - 1
	c := Context{Kind: CallContext, Call: &CallSite{Function: s.Text(fn)}}
	from := fn
	if s.Is(fn-1, elixir.Dot, "") && s.Is(fn-2, elixir.Alias, "") {
		first := fn - 2
		for s.Is(first-1, elixir.Dot, "") && s.Is(first-2, elixir.Alias, "") {
			first -= 2
		}
		if s.Is(first-1, elixir.Dot, "") {
			return Context{}
		}
		var parts []string
		for j := first; j < fn; j += 2 {
			parts = append(parts, s.Text(j))
		}
		from = first
		c.Written = strings.Join(parts, ".")
		c.Module = scopesAt(s, first, modules).resolve(parts)
	} else if s.Is(fn-1, elixir.Dot, "") {
		return Context{} // var.fun(: not a module's function
	} else {
		c.Module = scopesAt(s, fn, modules).importing(c.Call.Function)
	}
	c.Call.Range = s.Range(from, fn+1)
	prev := from - 1
	for prev >= 0 && s.Toks[prev].Kind == elixir.Newline {
		prev--
	}
	c.Call.Piped = s.Is(prev, elixir.Op, "|>")
	readArgs(s, &c, lp, cur, off)
	return c
}

// readArgs fills the argument facts of a call context from the tokens
// between the call's "(" at lp and the cursor.
func readArgs(s *elixir.Source, c *Context, lp, cur, off int) {
	site := c.Call
	arg, positional := 0, 0
	argStart := true // the next significant token starts an argument
	atStart := true  // nothing significant yet in the current argument
	if site.Piped {
		arg, positional = 1, 1
	}
	last := cur
	for j := lp + 1; j <= last; j++ {
		t := s.Toks[j]
		if t.Kind == elixir.Newline {
			continue
		}
		if t.Kind == elixir.Comma {
			arg++
			if !site.InKeywords {
				positional = arg
			}
			argStart, atStart = true, true
			site.Keyword = ""
			continue
		}
		if argStart && j == last && s.Is(j, elixir.KwKey, "") && off < int(t.End) {
			// The cursor is in the key's name, not in its value: the key
			// is being edited, so it is a prefix, not a key given.
			site.InKeywords = true
			c.Prefix = string(s.Src[t.Start:off])
			c.PrefixRange = s.Lines.Range(int(t.Start), int(t.End))
			site.KeyWritten = true
			argStart = false
			continue
		}
		if argStart && s.Is(j, elixir.KwKey, "") {
			site.InKeywords = true
			site.Keyword = s.KwName(j)
			site.Given = append(site.Given, site.Keyword)
		}
		argStart = false
		if j == last && atStart {
			if p, r, ok := prefixAt(s, j, off); ok {
				// The name being typed: the prefix, not yet a value.
				c.Prefix, c.PrefixRange = p, r
				continue
			}
		}
		atStart = false
		if elixir.IsOpener(t.Kind) {
			m := int(s.Match[j])
			if m <= j || m > last {
				break // the cursor is inside this nested region
			}
			j = m
		}
	}
	if atStart && c.Prefix == "" {
		c.PrefixRange = s.Lines.Range(off, off)
	}
	if site.InKeywords {
		positional = min(positional, arg)
		// In the keyword list every key is part of one argument.
		arg = positional
	} else {
		positional = arg
	}
	site.Arg, site.Positional, site.AtArgStart = arg, positional, atStart
	for j := last + 1; j < len(s.Toks); j = s.Skip(j) {
		// Keys written after the cursor are given too.
		if k := s.Toks[j].Kind; k == elixir.RParen || k == elixir.EOF || k == elixir.End || k == elixir.Do {
			break
		}
		if s.Is(j, elixir.KwKey, "") && (s.Is(j-1, elixir.Comma, "") || s.Is(j-1, elixir.Newline, "")) {
			site.Given = append(site.Given, s.KwName(j))
		}
	}
}

// importing returns the library module an unqualified call of name comes
// from through the imports in scope, or "".
func (sc *scanner) importing(name string) string {
	for k := len(sc.scopes) - 1; k >= 0; k-- {
		imps := sc.scopes[k].imports
		for j := len(imps) - 1; j >= 0; j-- {
			if imps[j].allowsName(name) {
				return imps[j].module
			}
		}
	}
	return ""
}

// allowsName is allows for a call whose arity is not known yet (it is
// being typed): some arity of name is imported.
func (im *importSpec) allowsName(name string) bool {
	if im.none {
		return false
	}
	if im.arity == nil {
		return !kernelNames[name]
	}
	return len(im.arity[name]) > 0
}

// Keyword is a keyword key given in a call's trailing keyword list.
type Keyword struct {
	Name  string
	Range elixir.Range // of the key, colon included
}

// Site is a call with the keyword keys given to it.
type Site struct {
	Call
	Keywords []Keyword
}

// Sites is ScanFile with the keyword keys of each call, for diagnostics on
// a call's keywords.
func Sites(path string, src []byte, modules []string) ([]Site, error) {
	s, err := elixir.NewSource(path, src)
	if s == nil {
		return nil, err
	}
	var kws [][]Keyword
	sc := newScanner(s, modules)
	sc.keywords = &kws
	calls := sc.run()
	out := make([]Site, len(calls))
	for i, c := range calls {
		out[i] = Site{Call: c, Keywords: kws[i]}
	}
	return out, err
}

// callKeywords returns the keys of the trailing keyword list of the call
// whose name is token fn, with or without parentheses.
func (sc *scanner) callKeywords(fn int) []Keyword {
	s := sc.s
	var args [][2]int
	if s.Is(fn+1, elixir.LParen, "") && s.Adjacent(fn, fn+1) {
		args = s.CallArgs(fn + 1)
	} else {
		args = s.NoParenArgs(fn, len(s.Toks)-1)
	}
	if len(args) == 0 {
		return nil
	}
	last := args[len(args)-1]
	if !s.Is(last[0], elixir.KwKey, "") {
		return nil
	}
	var out []Keyword
	for j := last[0]; j < last[1]; j = s.Skip(j) {
		if s.Is(j, elixir.KwKey, "") && (j == last[0] || s.Is(j-1, elixir.Comma, "") || s.Is(j-1, elixir.Newline, "")) {
			out = append(out, Keyword{Name: s.KwName(j), Range: s.Range(j, j+1)})
		}
	}
	return out
}

// ModuleAt reads the module name the cursor at pos is in outside a call
// (alias DemoStats.Histogram, @spec f(H.t()), LA alone), resolved through
// the aliases in effect there as calls are: written is the dotted name up
// to the end of the segment the cursor is in, module its resolution, rng
// where written is. ok is false when the cursor is not in an alias token
// or the name follows some_value. (not a module).
func ModuleAt(src []byte, pos elixir.Position, modules []string) (module, written string, rng elixir.Range, ok bool) {
	s, _ := elixir.NewSource("", src)
	off := s.Lines.Offset(pos)
	cur, inCode := cursorToken(s, off)
	if cur+1 < len(s.Toks) && int(s.Toks[cur+1].Start) == off && s.Is(cur+1, elixir.Alias, "") {
		cur, inCode = cur+1, true // the cursor is at the name's first character
	}
	if !inCode || cur < 0 || !s.Is(cur, elixir.Alias, "") || int(s.Toks[cur].End) < off {
		return "", "", elixir.Range{}, false
	}
	first := cur
	for s.Is(first-1, elixir.Dot, "") && s.Is(first-2, elixir.Alias, "") && s.Adjacent(first-2, first-1) && s.Adjacent(first-1, first) {
		first -= 2
	}
	if s.Is(first-1, elixir.Dot, "") {
		return "", "", elixir.Range{}, false // some_map.Key: not a module
	}
	parts := make([]string, 0, (cur-first)/2+1)
	for j := first; j <= cur; j += 2 {
		parts = append(parts, s.Text(j))
	}
	sc := scopesAt(s, first, modules)
	rng = s.Lines.Range(int(s.Toks[first].Start), int(s.Toks[cur].End))
	return sc.resolve(parts), strings.Join(parts, "."), rng, true
}
