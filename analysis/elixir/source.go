package elixir

import "fmt"

// Source is a tokenized Elixir file with its brackets matched. It is the
// shared ground of the mix.exs and config readers and of the call scanner.
// A Source is not safe for concurrent use (it memoizes lazily).
type Source struct {
	File  string
	Src   []byte
	Toks  []Token
	Match []int32 // index of the partner of each opening/closing token, -1 for others and unmatched ones
	Lines *LineIndex

	// ends memoizes where the expression or statement starting at each
	// token ends (per mode), so that finding ends is linear overall even
	// when every token of a long line asks for its own.
	ends [3]endMemo
	path []int32 // scratch for naturalEnd
}

// endMemo maps token indexes to a memoized end+1 (0 = unknown) in pages
// allocated on first use: readers that look at a few regions of a big file
// only pay for those.
type endMemo struct{ pages [][]int32 }

const memoPage = 1 << 12

func (m *endMemo) get(i int) int32 {
	if p := i / memoPage; p < len(m.pages) && m.pages[p] != nil {
		return m.pages[p][i%memoPage]
	}
	return 0
}

func (m *endMemo) set(i int, v int32, n int) {
	if m.pages == nil {
		m.pages = make([][]int32, n/memoPage+1)
	}
	p := i / memoPage
	if m.pages[p] == nil {
		m.pages[p] = make([]int32, min(memoPage, n-p*memoPage))
	}
	m.pages[p][i%memoPage] = v
}

// Modes of scanEnd.
const (
	endStatement = iota
	endExpr      // also stops at commas
	endBeforeDo  // a statement, also stopping at a do-block
)

// NewSource tokenizes src and matches its brackets, do/fn ... end blocks and
// string delimiters. On a syntax error it returns the *Error together with a
// Source holding the tokens before the error (with best-effort matching), so
// that tolerant consumers such as the call scanner can still use it.
func NewSource(file string, src []byte) (*Source, error) {
	toks, err := Tokenize(file, src)
	if toks == nil {
		toks = []Token{{Kind: EOF}}
	}
	s := &Source{File: file, Src: src, Toks: toks, Lines: NewLineIndex(src)}
	merr := s.match()
	if err != nil {
		return s, err
	}
	if merr != nil {
		return s, merr
	}
	return s, nil
}

// Range returns the source range of tokens [from, to) (to exclusive).
func (s *Source) Range(from, to int) Range {
	if to <= from {
		off := int(s.Toks[from].Start)
		return s.Lines.Range(off, off)
	}
	return s.Lines.Range(int(s.Toks[from].Start), int(s.Toks[to-1].End))
}

// Text returns the source text of token i.
func (s *Source) Text(i int) string { return s.Toks[i].Text(s.Src) }

// Is reports whether token i has kind k and, when text is not empty, exactly
// that text.
func (s *Source) Is(i int, k Kind, text string) bool {
	if i < 0 || i >= len(s.Toks) || s.Toks[i].Kind != k {
		return false
	}
	return text == "" || s.Toks[i].is(s.Src, text)
}

// KwName returns the key of a KwKey token (without the colon).
func (s *Source) KwName(i int) string {
	t := s.Toks[i]
	return string(s.Src[t.Start : t.End-1])
}

func (s *Source) errorf(from, to int, format string, args ...any) *Error {
	return &Error{File: s.File, Range: s.Range(from, to), Msg: fmt.Sprintf(format, args...)}
}

// closerOf returns the kind that closes a region opened by k (EOF if k
// opens none).
func closerOf(k Kind) Kind {
	switch k {
	case LParen:
		return RParen
	case LBracket:
		return RBracket
	case LBrace:
		return RBrace
	case LBin:
		return RBin
	case Do, Fn:
		return End
	case StrBegin:
		return StrEnd
	case InterpBegin:
		return InterpEnd
	}
	return EOF
}

// IsOpener reports whether k opens a bracketed region.
func IsOpener(k Kind) bool { return closerOf(k) != EOF }

// IsCloser reports whether k closes a bracketed region.
func IsCloser(k Kind) bool {
	switch k {
	case RParen, RBracket, RBrace, RBin, End, StrEnd, InterpEnd:
		return true
	}
	return false
}

// match fills s.Match. The first imbalance is returned as an *Error; after it
// matching goes on best-effort (a stray closer is ignored, a closer that
// matches an outer opener closes the ones in between).
func (s *Source) match() error {
	s.Match = make([]int32, len(s.Toks))
	var stack []int32
	var first *Error
	fail := func(e *Error) {
		if first == nil {
			first = e
		}
	}
	for i, t := range s.Toks {
		s.Match[i] = -1
		if IsOpener(t.Kind) {
			stack = append(stack, int32(i))
			continue
		}
		if !IsCloser(t.Kind) {
			continue
		}
		if len(stack) == 0 {
			fail(s.errorf(i, i+1, "unexpected %q: nothing to close here", s.Text(i)))
			continue
		}
		top := stack[len(stack)-1]
		if closerOf(s.Toks[top].Kind) == t.Kind {
			s.Match[top], s.Match[i] = int32(i), top
			stack = stack[:len(stack)-1]
			continue
		}
		o := s.Toks[top]
		fail(s.errorf(i, i+1, "unexpected %q: the %q opened at %s is not closed", s.Text(i), s.openerText(int(top)), s.where(int(o.Start))))
		for j := len(stack) - 2; j >= 0; j-- {
			if closerOf(s.Toks[stack[j]].Kind) == t.Kind {
				s.Match[stack[j]], s.Match[i] = int32(i), stack[j]
				stack = stack[:j]
				break
			}
		}
	}
	if len(stack) > 0 {
		top := int(stack[len(stack)-1])
		fail(s.errorf(top, top+1, "missing terminator %q for the %q opened here (the file ends first)", closerOf(s.Toks[top].Kind).String(), s.openerText(top)))
	}
	if first == nil {
		return nil
	}
	return first
}

func (s *Source) openerText(i int) string {
	if s.Toks[i].Kind == StrBegin {
		return "string"
	}
	return s.Text(i)
}

func (s *Source) where(off int) string {
	p := s.Lines.Position(off)
	return fmt.Sprintf("%d:%d", p.Line+1, p.Character+1)
}

// Skip returns the index after the token at i, jumping over a whole
// bracketed region when i opens one.
func (s *Source) Skip(i int) int {
	if IsOpener(s.Toks[i].Kind) {
		if m := s.Match[i]; m > int32(i) {
			return int(m) + 1
		}
		return len(s.Toks) - 1
	}
	return i + 1
}

// ExprEnd returns the index of the token that ends the expression starting at
// i (at most limit): a comma, a closer of an enclosing region, a line break
// that does not continue the expression, "->", or a clause keyword (else,
// after, rescue, catch).
func (s *Source) ExprEnd(i, limit int) int { return s.scanEnd(i, limit, endExpr) }

// StatementEnd is ExprEnd without stopping at commas: the end of a statement
// such as a call without parentheses (config :app, key: value).
func (s *Source) StatementEnd(i, limit int) int { return s.scanEnd(i, limit, endStatement) }

func (s *Source) scanEnd(i, limit int, mode int) int {
	if i >= limit {
		return limit
	}
	// A limit is always the closer of an enclosing region (or the end), and
	// regions are skipped whole, so the end within the limit is the natural
	// end clipped to it.
	return min(s.naturalEnd(i, mode), limit)
}

// naturalEnd returns where the expression or statement starting at token i
// ends: at i when it stops one, else where the one starting at the next
// token (after a skipped region) ends. Results are memoized along the whole
// path walked, so every token is walked at most once per mode however many
// starts are asked for.
func (s *Source) naturalEnd(i, mode int) int {
	memo := &s.ends[mode]
	path := s.path[:0]
	end := len(s.Toks) - 1
	for j := i; j < len(s.Toks); j = s.Skip(j) {
		if v := memo.get(j); v != 0 {
			end = int(v) - 1
			break
		}
		path = append(path, int32(j))
		if s.stops(j, mode) {
			end = j
			break
		}
	}
	for _, j := range path {
		memo.set(int(j), int32(end)+1, len(s.Toks))
	}
	s.path = path
	return end
}

// stops reports whether token i ends the expression or statement it is in.
func (s *Source) stops(i int, mode int) bool {
	t := s.Toks[i]
	switch {
	case t.Kind == EOF || IsCloser(t.Kind):
		return true
	case t.Kind == Comma:
		return mode == endExpr
	case t.Kind == Do:
		return mode == endBeforeDo
	case t.Kind == Newline:
		return !s.continues(i)
	case t.Kind == Op:
		return t.is(s.Src, "->")
	case t.Kind == Ident:
		return s.isClauseWord(i)
	}
	return false
}

// isClauseWord reports whether token i is else, after, rescue or catch.
func (s *Source) isClauseWord(i int) bool {
	t := s.Toks[i]
	switch t.End - t.Start {
	case 4, 5, 6:
		switch string(s.Src[t.Start:t.End]) {
		case "else", "after", "rescue", "catch":
			return true
		}
	}
	return false
}

// continues reports whether the line break at i continues the expression: the
// line ends with an operator, comma or keyword key, or the next line starts
// with an operator that can only be binary (a leading |> or ++).
func (s *Source) continues(i int) bool {
	if s.Src[s.Toks[i].Start] == ';' {
		return false
	}
	if p := i - 1; p >= 0 {
		switch pt := s.Toks[p]; pt.Kind {
		case Op, Comma, Dot, KwKey, LParen, LBracket, LBrace, LBin, InterpBegin:
			return true
		case Ident:
			switch pt.Text(s.Src) {
			case "and", "or", "in", "when", "not":
				return true
			}
		}
	}
	n := i + 1
	for n < len(s.Toks) && s.Toks[n].Kind == Newline && s.Src[s.Toks[n].Start] != ';' {
		n++
	}
	if n >= len(s.Toks) {
		return false
	}
	switch nt := s.Toks[n]; nt.Kind {
	case Dot:
		return true
	case Op:
		return binaryOnly[nt.Text(s.Src)]
	case Ident:
		switch nt.Text(s.Src) {
		case "and", "or", "when", "in":
			return true
		}
	}
	return false
}

// binaryOnly are the operators that cannot start an expression, so a line
// starting with one continues the previous line.
var binaryOnly = map[string]bool{
	"|>": true, "++": true, "--": true, "+++": true, "---": true, "<>": true, "==": true, "!=": true,
	"===": true, "!==": true, "=~": true, "<": true, ">": true, "<=": true, ">=": true, "&&": true,
	"||": true, "&&&": true, "|||": true, "*": true, "/": true, "=": true, "|": true, "::": true,
	"\\\\": true, "=>": true, "<-": true, "**": true, "<<<": true, ">>>": true, "^^^": true, "~>": true,
	"<~": true, "<~>": true, "<|>": true, "~>>": true, "<<~": true, "//": true,
}

// Statements splits tokens [from, to) into statements (separated by line
// breaks that do not continue an expression, and by ';'), returning the
// half-open token range of each. Stray tokens that end statements (such as a
// clause keyword) are skipped.
func (s *Source) Statements(from, to int) [][2]int {
	var out [][2]int
	for i := from; i < to; {
		if s.Toks[i].Kind == Newline || s.Toks[i].Kind == EOF {
			i++
			continue
		}
		e := s.StatementEnd(i, to)
		if e == i {
			i++
			continue
		}
		out = append(out, [2]int{i, e})
		i = e
	}
	return out
}

// Args splits the arguments of a call in tokens [from, to) at top-level
// commas, returning the token range of each argument. A trailing keyword
// list written without brackets (f(a, k: 1, j: 2)) counts as one argument,
// reported as the range from its first key to the end; kw reports whether the
// last argument is such a list.
func (s *Source) Args(from, to int) (args [][2]int, kw bool) {
	i := s.skipNewlines(from, to)
	for i < to {
		if s.startsKeyword(i) {
			end := to
			for end > i && s.Toks[end-1].Kind == Newline {
				end--
			}
			if end > i && s.Toks[end-1].Kind == Comma {
				end--
			}
			return append(args, [2]int{i, end}), true
		}
		e := s.ExprEnd(i, to)
		if e == i {
			// A token that cannot start an argument: skip it so that the
			// count stays meaningful on broken input.
			e = i + 1
		}
		args = append(args, [2]int{i, e})
		i = e
		if i < to && s.Toks[i].Kind == Comma {
			i++
		}
		i = s.skipNewlines(i, to)
	}
	return args, false
}

// startsKeyword reports whether token i is a keyword key (key: or "key":).
func (s *Source) startsKeyword(i int) bool {
	t := s.Toks[i]
	return t.Kind == KwKey || (t.Kind == StrBegin && t.Flags&StrKey != 0)
}

func (s *Source) skipNewlines(i, to int) int {
	for i < to && s.Toks[i].Kind == Newline {
		i++
	}
	return i
}

// CallArgs returns the argument ranges of the call whose opening parenthesis
// is the token at lparen.
func (s *Source) CallArgs(lparen int) [][2]int {
	end := int(s.Match[lparen])
	if end < lparen {
		end = len(s.Toks) - 1
	}
	args, _ := s.Args(lparen+1, end)
	return args
}

// Adjacent reports whether token j starts right where token i ends (no
// space between), as in f( versus f (.
func (s *Source) Adjacent(i, j int) bool {
	return j < len(s.Toks) && s.Toks[i].End == s.Toks[j].Start
}

// NoParenArgs returns the argument ranges of a call written without
// parentheses whose name is the token at i (foo a, b or Mod.fun a). It
// returns nil when the next token on the line cannot start an argument (an
// operator, a comma, a closer, the end of the line), so that Mod.fun + 1 and
// [Mod.fun] are calls without arguments.
func (s *Source) NoParenArgs(i, limit int) [][2]int {
	n := i + 1
	if n >= limit || !s.startsArg(n) || (s.Adjacent(i, n) && s.Toks[n].Kind == LBracket) {
		return nil
	}
	// A trailing do-block is not an argument here: it belongs to the
	// outermost call (if foo do ... end), which the caller decides.
	end := s.scanEnd(n, limit, endBeforeDo)
	args, _ := s.Args(n, end)
	return args
}

// startsArg reports whether token i can start an argument of a call without
// parentheses.
func (s *Source) startsArg(i int) bool {
	t := s.Toks[i]
	switch t.Kind {
	case Ident:
		switch t.Text(s.Src) {
		case "and", "or", "in", "when", "not", "else", "after", "rescue", "catch":
			return false
		}
		return true
	case Alias, KwKey, Atom, Int, Float, Char, StrBegin, LBracket, LBrace, LBin, Fn:
		return true
	case LParen:
		// f (x): Elixir reads a parenthesised argument (with a warning).
		return !s.Adjacent(i-1, i)
	case Op:
		switch t.Text(s.Src) {
		case "@", "&", "%", "!", "^":
			return true
		}
	}
	return false
}
