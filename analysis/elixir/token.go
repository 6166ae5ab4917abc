package elixir

import (
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"
)

// Kind classifies a Token.
type Kind uint8

// Token kinds. Strings of every sort (strings, charlists, heredocs, sigils,
// quoted atoms and quoted keyword keys) are a sequence StrBegin, then StrPart
// (raw literal text) and InterpBegin ... code tokens ... InterpEnd in any
// order, then StrEnd.
const (
	EOF         Kind = iota
	Newline          // one or more line breaks, or a ';'
	Ident            // lower-case identifier, including keywords other than do/end/fn
	Alias            // capitalised alias segment (Foo in Foo.Bar)
	KwKey            // keyword key `name:`; the name is Text without the colon
	Atom             // unquoted atom `:name` or operator atom `:+`
	Int              // integer literal, any base, with _ separators
	Float            // float literal
	Char             // character literal ?a
	StrBegin         // opening delimiter of any kind of string
	StrPart          // raw literal text of a string (escapes not processed)
	InterpBegin      // "#{" inside an interpolating string
	InterpEnd        // "}" closing an interpolation
	StrEnd           // closing delimiter, sigil modifiers, the ':' of a quoted key
	Do               // the keyword do
	End              // the keyword end
	Fn               // the keyword fn
	LParen           // (
	RParen           // )
	LBracket         // [
	RBracket         // ]
	LBrace           // {
	RBrace           // }
	LBin             // <<
	RBin             // >>
	Comma            // ,
	Dot              // .
	Op               // any other operator or punctuation; see Text
)

var kindNames = [...]string{
	EOF: "end of file", Newline: "newline", Ident: "identifier", Alias: "alias", KwKey: "keyword key",
	Atom: "atom", Int: "integer", Float: "float", Char: "character literal", StrBegin: "string",
	StrPart: "string text", InterpBegin: "#{", InterpEnd: "}", StrEnd: "end of string",
	Do: "do", End: "end", Fn: "fn", LParen: "(", RParen: ")", LBracket: "[", RBracket: "]",
	LBrace: "{", RBrace: "}", LBin: "<<", RBin: ">>", Comma: ",", Dot: ".", Op: "operator",
}

// String names the kind for messages.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// StrFlags describe a string token sequence; StrBegin and StrEnd carry them.
type StrFlags uint8

// String flags.
const (
	StrCharlist StrFlags = 1 << iota // '...' or '''...''' (a list of code points)
	StrHeredoc                       // """ or ''' (also sigil heredocs)
	StrSigil                         // ~x...; the sigil name follows the '~' in the source
	StrInterp                        // #{} and escapes are processed (not ~S, ~W, ...)
	StrAtom                          // quoted atom :"..."
	StrKey                           // quoted keyword key "...":
)

// Token is one lexical token. Start and End are byte offsets into the source
// (End exclusive).
type Token struct {
	Kind  Kind
	Flags StrFlags
	Start int32
	End   int32
}

// Text returns the source text of t.
func (t Token) Text(src []byte) string { return string(src[t.Start:t.End]) }

// is reports whether t is an Op (or Ident) token with exactly the text s.
func (t Token) is(src []byte, s string) bool {
	return int(t.End-t.Start) == len(s) && string(src[t.Start:t.End]) == s
}

// MaxDepth bounds the nesting of interpolations, brackets and evaluated
// terms, so that hostile input cannot exhaust the stack.
const MaxDepth = 1000

// maxSource keeps offsets representable in a Token.
const maxSource = math.MaxInt32 - 1

// Tokenize splits Elixir source into tokens, dropping comments and
// whitespace (but keeping line breaks as Newline tokens). The last token is
// EOF. Errors (unterminated strings, invalid UTF-8, characters Elixir does not
// accept) are *Error values naming file; the tokens before the error are
// returned with it (still ending with EOF), for tolerant consumers.
func Tokenize(file string, src []byte) ([]Token, error) {
	if len(src) > maxSource {
		return []Token{{Kind: EOF}}, &Error{File: file, Msg: fmt.Sprintf("file too large (%d bytes)", len(src))}
	}
	l := &lexer{file: file, src: src, end: len(src), toks: make([]Token, 0, len(src)/3+16)}
	var err error
	if !utf8.Valid(src) {
		bad := firstInvalidUTF8(src)
		err = l.errAt(bad, "invalid UTF-8 byte sequence")
		l.end = bad // lex what comes before, for tolerant consumers
	}
	if cerr := l.code(false); cerr != nil && err == nil {
		err = cerr
	}
	l.emit(EOF, 0, l.pos, l.pos)
	return l.toks, err
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

type lexer struct {
	file  string
	src   []byte
	pos   int
	end   int // lexing limit: the file end, or the end of a heredoc body
	toks  []Token
	depth int
	lines *LineIndex
}

func (l *lexer) errAt(off int, format string, args ...any) *Error {
	if l.lines == nil {
		l.lines = NewLineIndex(l.src)
	}
	return &Error{File: l.file, Range: l.lines.Range(off, off), Msg: fmt.Sprintf(format, args...)}
}

func (l *lexer) emit(k Kind, f StrFlags, start, end int) {
	l.toks = append(l.toks, Token{Kind: k, Flags: f, Start: int32(start), End: int32(end)})
}

func (l *lexer) peek(i int) byte {
	if l.pos+i < l.end {
		return l.src[l.pos+i]
	}
	return 0
}

func (l *lexer) lastKind() Kind {
	if len(l.toks) == 0 {
		return EOF
	}
	return l.toks[len(l.toks)-1].Kind
}

// code lexes code until the end, or, inside an interpolation, until the "}"
// that closes it (left unconsumed).
func (l *lexer) code(interp bool) error {
	braces := 0
	for l.pos < l.end {
		c := l.src[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			l.pos++
		case c == '\n' || c == ';':
			l.newline()
		case c == '\\' && (l.peek(1) == '\n' || (l.peek(1) == '\r' && l.peek(2) == '\n')):
			// A backslash before a line break continues the expression.
			l.pos += 2
			if l.src[l.pos-1] == '\r' {
				l.pos++
			}
		case c == '#':
			for l.pos < l.end && l.src[l.pos] != '\n' {
				l.pos++
			}
		case c >= '0' && c <= '9':
			l.number()
		case c == '"' || c == '\'':
			if err := l.quoted(l.pos, 0); err != nil {
				return err
			}
		case c == ':':
			if err := l.colon(); err != nil {
				return err
			}
		case c == '?':
			if err := l.char(); err != nil {
				return err
			}
		case c == '~' && isASCIILetter(l.peek(1)):
			if err := l.sigil(); err != nil {
				return err
			}
		case c == '_' || (c >= 'a' && c <= 'z'):
			l.ident(Ident)
		case c >= 'A' && c <= 'Z':
			l.ident(Alias)
		case c == '{':
			braces++
			l.single(LBrace)
		case c == '}':
			if interp && braces == 0 {
				return nil
			}
			braces--
			l.single(RBrace)
		case c == '(':
			l.single(LParen)
		case c == ')':
			l.single(RParen)
		case c == '[':
			l.single(LBracket)
		case c == ']':
			l.single(RBracket)
		case c == ',':
			l.single(Comma)
		case c >= utf8.RuneSelf:
			r, _ := utf8.DecodeRune(l.src[l.pos:l.end])
			if !unicode.IsLetter(r) {
				return l.errAt(l.pos, "unexpected character %q (U+%04X)", r, r)
			}
			l.ident(Ident)
		default:
			if !l.operator() {
				return l.errAt(l.pos, "unexpected character %q", rune(c))
			}
		}
	}
	if interp {
		return l.errAt(l.pos, `missing terminator "}" for string interpolation`)
	}
	return nil
}

func (l *lexer) single(k Kind) {
	l.emit(k, 0, l.pos, l.pos+1)
	l.pos++
}

func (l *lexer) newline() {
	c := l.src[l.pos]
	if c == '\n' && l.lastKind() == Newline && l.src[l.toks[len(l.toks)-1].Start] == '\n' {
		l.toks[len(l.toks)-1].End = int32(l.pos + 1)
	} else {
		l.emit(Newline, 0, l.pos, l.pos+1)
	}
	l.pos++
}

func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
func isDigit(c byte) bool       { return c >= '0' && c <= '9' }

// identChar reports whether the rune at src[i:] continues an identifier, and
// its size.
func (l *lexer) identChar(i int) (bool, int) {
	c := l.src[i]
	if c < utf8.RuneSelf {
		return c == '_' || isASCIILetter(c) || isDigit(c), 1
	}
	r, size := utf8.DecodeRune(l.src[i:l.end])
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r), size
}

// ident lexes an identifier or alias, a keyword key (`name:`) or one of the
// keywords do/end/fn (not after a '.', where they are plain names).
func (l *lexer) ident(k Kind) {
	start := l.pos
	_, size := l.identChar(l.pos)
	l.pos += size
	for l.pos < l.end {
		ok, size := l.identChar(l.pos)
		if !ok {
			break
		}
		l.pos += size
	}
	if k == Ident && l.pos < l.end && (l.src[l.pos] == '?' || l.src[l.pos] == '!') {
		l.pos++
	}
	if l.pos < l.end && l.src[l.pos] == ':' && l.peek(1) != ':' {
		l.pos++
		l.emit(KwKey, 0, start, l.pos)
		return
	}
	if k == Ident && l.lastKind() != Dot {
		switch string(l.src[start:l.pos]) {
		case "do":
			k = Do
		case "end":
			k = End
		case "fn":
			k = Fn
		}
	}
	l.emit(k, 0, start, l.pos)
}

func (l *lexer) number() {
	start := l.pos
	if l.src[l.pos] == '0' {
		var digit func(byte) bool
		switch l.peek(1) {
		case 'x':
			digit = func(c byte) bool { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }
		case 'o':
			digit = func(c byte) bool { return c >= '0' && c <= '7' }
		case 'b':
			digit = func(c byte) bool { return c == '0' || c == '1' }
		}
		if digit != nil && digit(l.peek(2)) {
			l.pos += 2
			for l.pos < l.end && (digit(l.src[l.pos]) || (l.src[l.pos] == '_' && digit(l.peek(1)))) {
				l.pos++
			}
			l.emit(Int, 0, start, l.pos)
			return
		}
	}
	l.digits()
	kind := Int
	if l.peek(0) == '.' && isDigit(l.peek(1)) {
		kind = Float
		l.pos++
		l.digits()
		if e := l.peek(0); (e == 'e' || e == 'E') && (isDigit(l.peek(1)) || ((l.peek(1) == '-' || l.peek(1) == '+') && isDigit(l.peek(2)))) {
			l.pos += 2
			l.digits()
		}
	}
	l.emit(kind, 0, start, l.pos)
}

func (l *lexer) digits() {
	for l.pos < l.end && (isDigit(l.src[l.pos]) || (l.src[l.pos] == '_' && isDigit(l.peek(1)))) {
		l.pos++
	}
}

// char lexes a character literal: ?a, ?\n, ?é.
func (l *lexer) char() error {
	start := l.pos
	l.pos++
	if l.pos >= l.end {
		return l.errAt(start, "missing character after ?")
	}
	if l.src[l.pos] == '\\' {
		l.pos++
		if l.pos >= l.end {
			return l.errAt(start, "missing character after ?\\")
		}
	}
	_, size := utf8.DecodeRune(l.src[l.pos:l.end])
	l.pos += size
	l.emit(Char, 0, start, l.pos)
	return nil
}

// colon lexes what starts with ':': an atom, a quoted atom, an operator atom,
// '::' or a lone ':'.
func (l *lexer) colon() error {
	start := l.pos
	next := l.peek(1)
	switch {
	case next == ':':
		l.emit(Op, 0, start, start+2)
		l.pos += 2
		return nil
	case next == '"' || next == '\'':
		return l.quoted(start+1, StrAtom)
	case next == '_' || isASCIILetter(next) || next >= utf8.RuneSelf:
		if next >= utf8.RuneSelf {
			if ok, _ := l.identChar(start + 1); !ok {
				break
			}
		}
		l.pos++
		for l.pos < l.end {
			if l.src[l.pos] == '@' {
				l.pos++
				continue
			}
			ok, size := l.identChar(l.pos)
			if !ok {
				break
			}
			l.pos += size
		}
		if c := l.peek(0); c == '?' || c == '!' {
			l.pos++
		}
		l.emit(Atom, 0, start, l.pos)
		return nil
	}
	for _, op := range atomOperators {
		if l.hasPrefix(start+1, op) {
			l.pos = start + 1 + len(op)
			l.emit(Atom, 0, start, l.pos)
			return nil
		}
	}
	l.single(Op)
	return nil
}

func (l *lexer) hasPrefix(at int, s string) bool {
	return at+len(s) <= l.end && string(l.src[at:at+len(s)]) == s
}

// operators, longest first; "<<" and ">>" become LBin/RBin.
var operators = []string{
	"<<<", ">>>", "<<~", "~>>", "<~>", "<|>", "===", "!==", "&&&", "|||", "^^^", "~~~", "+++", "---", "...",
	"<<", ">>", "==", "!=", "<=", ">=", "&&", "||", "|>", "++", "--", "<>", "=>", "->", "<-", "..", "=~",
	"<~", "~>", "\\\\", "//", "**",
	"+", "-", "*", "/", "=", "<", ">", "|", "&", "^", "!", ".", "@", "%", "~",
}

// atomOperators can follow ':' to form an atom, longest first.
var atomOperators = []string{
	"<<>>", "%{}", "...", "<<<", ">>>", "<<~", "~>>", "<~>", "<|>", "===", "!==", "&&&", "|||", "^^^", "~~~",
	"+++", "---", "{}", "==", "!=", "<=", ">=", "&&", "||", "|>", "++", "--", "<>", "->", "<-", "..", "=~",
	"<~", "~>", "\\\\", "//", "**", "<<", ">>", "+", "-", "*", "/", "=", "<", ">", "|", "&", "^", "!", "@",
	"%", ".",
}

// operatorsByFirst indexes operators by their first byte (computed once,
// never modified).
var operatorsByFirst = func() (t [128][]string) {
	for _, op := range operators {
		t[op[0]] = append(t[op[0]], op)
	}
	return t
}()

func (l *lexer) operator() bool {
	c := l.src[l.pos]
	if c >= utf8.RuneSelf {
		return false
	}
	for _, op := range operatorsByFirst[c] {
		if !l.hasPrefix(l.pos, op) {
			continue
		}
		k := Op
		switch op {
		case "<<":
			k = LBin
		case ">>":
			k = RBin
		case ".":
			k = Dot
		}
		l.emit(k, 0, l.pos, l.pos+len(op))
		l.pos += len(op)
		return true
	}
	return false
}

// sigilClosers maps a sigil's opening delimiter to its closing one.
var sigilClosers = map[byte]byte{
	'(': ')', '[': ']', '{': '}', '<': '>', '/': '/', '|': '|', '"': '"', '\'': '\'',
}

// sigil lexes ~x(...) and friends: a lower-case single-letter sigil
// interpolates and unescapes, an upper-case one (one or more letters) does
// not.
func (l *lexer) sigil() error {
	start := l.pos
	l.pos++
	upper := l.src[l.pos] >= 'A' && l.src[l.pos] <= 'Z'
	l.pos++
	if upper {
		for l.pos < l.end && ((l.src[l.pos] >= 'A' && l.src[l.pos] <= 'Z') || isDigit(l.src[l.pos])) {
			l.pos++
		}
	}
	flags := StrSigil
	if !upper {
		flags |= StrInterp
	}
	if l.pos >= l.end {
		return l.errAt(start, "missing sigil delimiter")
	}
	open := l.src[l.pos]
	if (open == '"' || open == '\'') && l.hasPrefix(l.pos, string([]byte{open, open, open})) {
		if open == '\'' {
			flags |= StrCharlist
		}
		return l.heredoc(start, l.pos, open, flags)
	}
	closer, ok := sigilClosers[open]
	if !ok {
		return l.errAt(l.pos, "invalid sigil delimiter %q", rune(open))
	}
	l.pos++
	l.emit(StrBegin, flags, start, l.pos)
	if err := l.body(start, int(closer), flags); err != nil {
		return err
	}
	return l.closeString(flags, true)
}

// quoted lexes a string, charlist, heredoc, quoted atom (tokStart is the ':'
// before the quote) or quoted keyword key; at is the opening quote.
func (l *lexer) quoted(at int, flags StrFlags) error {
	tokStart := at
	if flags&StrAtom != 0 {
		tokStart = at - 1
	}
	q := l.src[at]
	if q == '\'' {
		flags |= StrCharlist
	}
	flags |= StrInterp
	l.pos = at
	if flags&StrAtom == 0 && l.hasPrefix(at, string([]byte{q, q, q})) {
		return l.heredoc(tokStart, at, q, flags)
	}
	l.pos++
	l.emit(StrBegin, flags, tokStart, l.pos)
	if err := l.body(tokStart, int(q), flags); err != nil {
		return err
	}
	return l.closeString(flags, false)
}

// closeString consumes the closing delimiter at l.pos, then sigil modifiers
// or the ':' that makes a plain string a keyword key.
func (l *lexer) closeString(flags StrFlags, sigil bool) error {
	start := l.pos
	l.pos++ // closing delimiter
	if sigil {
		for l.pos < l.end && (isASCIILetter(l.src[l.pos]) || isDigit(l.src[l.pos])) {
			l.pos++
		}
	} else if flags&StrAtom == 0 && l.peek(0) == ':' && l.peek(1) != ':' {
		l.pos++
		flags |= StrKey
		l.markKey()
	}
	l.emit(StrEnd, flags, start, l.pos)
	return nil
}

// markKey flags the StrBegin of the string just lexed as a keyword key.
func (l *lexer) markKey() {
	depth := 0
	for i := len(l.toks) - 1; i >= 0; i-- {
		switch l.toks[i].Kind {
		case InterpEnd:
			depth++
		case InterpBegin:
			depth--
		case StrBegin:
			if depth == 0 {
				l.toks[i].Flags |= StrKey
				return
			}
		}
	}
}

// body lexes string contents up to the unescaped closing delimiter, which is
// left at l.pos. With closer < 0 (a heredoc body) it lexes up to l.end.
func (l *lexer) body(tokStart int, closer int, flags StrFlags) error {
	partStart := l.pos
	for {
		if l.pos >= l.end {
			if closer < 0 {
				l.pos = l.end
				l.flushPart(partStart)
				return nil
			}
			return l.errAt(tokStart, "missing terminator %q for the string starting here", rune(closer))
		}
		c := l.src[l.pos]
		switch {
		case int(c) == closer:
			l.flushPart(partStart)
			return nil
		case c == '\\':
			// Escapes never end a string; in a non-interpolating sigil only
			// an escaped delimiter is special, which this skip covers too.
			l.pos += 2
			if l.pos > l.end {
				l.pos = l.end
			}
		case c == '#' && flags&StrInterp != 0 && l.peek(1) == '{':
			l.flushPart(partStart)
			if err := l.interpolation(); err != nil {
				return err
			}
			partStart = l.pos
		default:
			l.pos++
		}
	}
}

func (l *lexer) flushPart(partStart int) {
	if l.pos > partStart {
		l.emit(StrPart, 0, partStart, l.pos)
	}
}

// interpolation lexes "#{ code }" starting at l.pos.
func (l *lexer) interpolation() error {
	start := l.pos
	if l.depth >= MaxDepth {
		return l.errAt(start, "string interpolations nested too deeply (more than %d levels)", MaxDepth)
	}
	l.emit(InterpBegin, 0, start, start+2)
	l.pos += 2
	l.depth++
	err := l.code(true)
	l.depth--
	if err != nil {
		return err
	}
	l.emit(InterpEnd, 0, l.pos, l.pos+1)
	l.pos++
	return nil
}

// heredoc lexes a triple-quoted heredoc (plain or sigil) whose opening triple
// quote is at `at`. As in Elixir, the body ends at the first line whose first
// non-blank characters are the triple quote, and the indentation of that line
// is removed from every line of the body (see Decode).
func (l *lexer) heredoc(tokStart, at int, q byte, flags StrFlags) error {
	triple := string([]byte{q, q, q})
	l.pos = at + 3
	for l.pos < l.end && (l.src[l.pos] == ' ' || l.src[l.pos] == '\t' || l.src[l.pos] == '\r') {
		l.pos++
	}
	if l.pos >= l.end || l.src[l.pos] != '\n' {
		return l.errAt(at, "heredoc allows only whitespace after the opening %s on its line", triple)
	}
	l.pos++
	bodyStart := l.pos
	closeLine, closeAt := -1, -1
	for line := bodyStart; line < l.end; {
		i := line
		for i < l.end && (l.src[i] == ' ' || l.src[i] == '\t') {
			i++
		}
		if l.hasPrefix(i, triple) {
			closeLine, closeAt = line, i
			break
		}
		for i < l.end && l.src[i] != '\n' {
			i++
		}
		line = i + 1
	}
	if closeLine < 0 {
		return l.errAt(tokStart, "missing terminator %s for the heredoc starting here", triple)
	}
	l.emit(StrBegin, flags|StrHeredoc, tokStart, bodyStart)
	outerEnd := l.end
	l.end = closeLine
	err := l.body(tokStart, -1, flags)
	l.end = outerEnd
	if err != nil {
		return err
	}
	l.pos = closeAt + 2 // closeString consumes the last quote
	return l.closeString(flags|StrHeredoc, flags&StrSigil != 0)
}
