package lockfile

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

const (
	// MaxDepth is the deepest nesting of arrays and objects ParseJSON accepts.
	MaxDepth = 1000
	// MaxSize is the largest input ParseJSON accepts, and the largest lock,
	// manifest or registry the readers read (safefile.MaxData). The
	// generator refuses to write a larger one (codegen), so that a file we
	// write is always a file we can read. A generate: :all manifest of a
	// big library is tens of MB; sympy with module_mode: :explicit is over.
	MaxSize = safefile.MaxData
)

// limits bounds one parse; tests shrink them.
type limits struct {
	depth, size int
	// hollow names object keys whose values are validated but not kept:
	// each becomes a node of the right kind and range with no content;
	// drop names keys whose members are validated and left out altogether
	// (a lean ReadManifest).
	hollow, drop map[string]bool
}

// ParseJSON parses one strict RFC 8259 JSON document (UTF-8, no byte order
// mark, nothing but whitespace after the value). file only names the input
// in errors, which are *Error.
func ParseJSON(file string, data []byte) (*Node, error) {
	n, err := parseJSON(file, data, limits{depth: MaxDepth, size: MaxSize})
	if err != nil {
		return nil, err
	}
	return n, nil
}

func parseJSON(file string, data []byte, lim limits) (*Node, *Error) {
	p := &parser{file: file, data: data, lim: lim}
	switch {
	case len(data) > lim.size:
	default:
		// One copy of the input: strings without escapes, and numbers, are
		// slices of it rather than an allocation each.
		p.src = string(data)
	}
	if len(data) > lim.size {
		return nil, p.errSpan(0, 0, fmt.Sprintf("file too large: %d bytes (limit %d)", len(data), lim.size))
	}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		return nil, p.errSpan(0, 3, "byte order mark (U+FEFF) is not allowed at the start of a JSON file")
	}
	p.skipSpace()
	if p.i == len(data) {
		return nil, p.errSpan(p.i, p.i, "empty file: expected a JSON value")
	}
	n, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.i < len(data) {
		return nil, p.unexpected("after the top-level value, expected the end of the file")
	}
	return n, nil
}

type parser struct {
	file string
	data []byte
	src  string // data as a string
	// clone gives every string and number its own copy rather than a
	// slice of src: src aliases a buffer that is reused, and a reader
	// keeping a few strings of an entry must not keep its whole text
	// (ReadManifest's visitors).
	clone bool

	lim   limits
	i     int
	depth int

	// line is the current line and lineStart the offset where it begins;
	// (colOff, col) caches the UTF-16 column of an offset on that line so
	// that positions cost O(distance) rather than O(line length) — minified
	// files are a single line.
	line, lineStart int
	colOff, col     int
	// startCol is the column of lineStart: 0, except on the first line of
	// a part of a document parsed on its own (ReadManifest), which starts
	// at base rather than at the beginning of a line.
	startCol int
	base     Position

	// slab hands out Nodes in chunks to spare one allocation per value;
	// nodes counts those handed out (ReadManifest reuses a slab).
	slab  []Node
	nodes int
	// elems and members collect the children of the open arrays and
	// objects, so that each container gets one slice of the right size.
	elems   []*Node
	members []Member
}

func (p *parser) newNode(k Kind) *Node {
	if len(p.slab) == 0 {
		p.slab = make([]Node, 256)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	p.nodes++
	n.Kind = k
	return n
}

// pos returns the position of byte offset off.
func (p *parser) pos(off int) Position {
	if off < p.lineStart {
		pos := slowPosition(p.data, off)
		if pos.Line == 0 {
			pos.Character += p.base.Character
		}
		pos.Line += p.base.Line
		return pos
	}
	if off < p.colOff || p.colOff < p.lineStart {
		p.colOff, p.col = p.lineStart, p.startCol
	}
	p.col += utf16Len(p.data[p.colOff:off])
	p.colOff = off
	return Position{Line: p.line, Character: p.col}
}

func (p *parser) span(from, to int) Range { return Range{Start: p.pos(from), End: p.pos(to)} }

func (p *parser) errSpan(from, to int, msg string) *Error {
	return &Error{File: p.file, Range: p.span(from, to), Msg: msg}
}

// unexpected reports the byte at p.i (or the end of the input).
func (p *parser) unexpected(context string) *Error {
	if p.i >= len(p.data) {
		return p.errSpan(p.i, p.i, "unexpected end of file "+context)
	}
	what, size := describeAt(p.data, p.i)
	return p.errSpan(p.i, p.i+size, "unexpected "+what+" "+context)
}

// describeAt names the character at offset i for an error message and
// returns its length in bytes.
func describeAt(data []byte, i int) (string, int) {
	c := data[i]
	switch {
	case c < 0x20 || c == 0x7F:
		return fmt.Sprintf("control character U+%04X", c), 1
	case c < 0x80:
		return fmt.Sprintf("character %q", rune(c)), 1
	}
	r, size := utf8.DecodeRune(data[i:])
	if r == utf8.RuneError && size <= 1 {
		return fmt.Sprintf("invalid UTF-8 byte 0x%02x", c), 1
	}
	return fmt.Sprintf("character %q (U+%04X)", r, r), size
}

func (p *parser) skipSpace() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t':
		case '\n':
			p.line, p.lineStart, p.startCol = p.line+1, p.i+1, 0
		case '\r':
			if p.i+1 >= len(p.data) || p.data[p.i+1] != '\n' {
				p.line, p.lineStart, p.startCol = p.line+1, p.i+1, 0
			}
		default:
			return
		}
		p.i++
	}
}

// value parses the value starting at p.i (after whitespace).
func (p *parser) value() (*Node, *Error) {
	if p.i >= len(p.data) {
		return nil, p.unexpected("while expecting a value")
	}
	start := p.i
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		startPos := p.pos(start)
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		n := p.newNode(KindString)
		n.Str, n.Range = s, Range{Start: startPos, End: p.pos(p.i)}
		return n, nil
	case c == '-' || (c >= '0' && c <= '9'):
		end, err := p.number()
		if err != nil {
			return nil, err
		}
		n := p.newNode(KindNumber)
		n.Str, n.Range = p.text(start, end), p.span(start, end)
		p.i = end
		return n, nil
	case c == 't':
		return p.literal("true", KindBool, true)
	case c == 'f':
		return p.literal("false", KindBool, false)
	case c == 'n':
		return p.literal("null", KindNull, false)
	}
	return nil, p.unexpected("while expecting a value")
}

func (p *parser) literal(word string, k Kind, b bool) (*Node, *Error) {
	start := p.i
	end := start
	for end < len(p.data) && end-start < len(word)+8 && isWordByte(p.data[end]) {
		end++
	}
	if string(p.data[start:end]) != word {
		return nil, p.errSpan(start, end, fmt.Sprintf("invalid literal %q (expected %s)", p.data[start:end], word))
	}
	n := p.newNode(k)
	n.Bool, n.Range = b, p.span(start, end)
	p.i = end
	return n, nil
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// number scans the number at p.i and returns its end offset.
func (p *parser) number() (int, *Error) {
	end, msg := scanNumber(p.data, p.i)
	if msg != "" {
		bad := end + 1
		if end >= len(p.data) {
			bad = end
		}
		return 0, p.errSpan(p.i, bad, "invalid number: "+msg)
	}
	return end, nil
}

// scanNumber scans the JSON number grammar from offset i. It returns the end
// offset, or the offending offset and a message.
func scanNumber(data []byte, i int) (int, string) {
	digits := func(i int) int {
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
		return i
	}
	isDigit := func(i int) bool { return i < len(data) && data[i] >= '0' && data[i] <= '9' }
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case !isDigit(i):
		return i, "expected a digit"
	case data[i] == '0':
		i++
		if isDigit(i) {
			return i, "leading zeros are not allowed"
		}
	default:
		i = digits(i)
	}
	if i < len(data) && data[i] == '.' {
		i++
		if !isDigit(i) {
			return i, "expected a digit after the decimal point"
		}
		i = digits(i)
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if !isDigit(i) {
			return i, "expected a digit in the exponent"
		}
		i = digits(i)
	}
	return i, ""
}

func (p *parser) enter() *Error {
	p.depth++
	if p.depth > p.lim.depth {
		return p.errSpan(p.i, p.i+1, fmt.Sprintf("nesting deeper than %d levels", p.lim.depth))
	}
	return nil
}

func (p *parser) array() (*Node, *Error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	n := p.newNode(KindArray)
	startPos := p.pos(p.i)
	p.i++ // '['
	p.skipSpace()
	if p.i < len(p.data) && p.data[p.i] == ']' {
		p.i++
		return p.closeNode(n, startPos), nil
	}
	base := len(p.elems)
	for {
		p.skipSpace()
		if p.i < len(p.data) && p.data[p.i] == ']' && len(p.elems) > base {
			return nil, p.errSpan(p.i, p.i+1, "trailing comma before ']'")
		}
		e, err := p.value()
		if err != nil {
			return nil, err
		}
		p.elems = append(p.elems, e)
		p.skipSpace()
		if p.i < len(p.data) && p.data[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.data) && p.data[p.i] == ']' {
			p.i++
			n.Elems = append([]*Node(nil), p.elems[base:]...)
			clear(p.elems[base:])
			p.elems = p.elems[:base]
			return p.closeNode(n, startPos), nil
		}
		return nil, p.unexpected("in array, expected ',' or ']'")
	}
}

func (p *parser) object() (*Node, *Error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	n := p.newNode(KindObject)
	startPos := p.pos(p.i)
	p.i++ // '{'
	p.skipSpace()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.i++
		return p.closeNode(n, startPos), nil
	}
	base := len(p.members)
	// seen counts the members read, dropped ones too, for the trailing
	// comma check.
	for seen := 0; ; seen++ {
		p.skipSpace()
		if p.i < len(p.data) && p.data[p.i] == '}' && seen > 0 {
			return nil, p.errSpan(p.i, p.i+1, "trailing comma before '}'")
		}
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			return nil, p.unexpected("in object, expected a string key")
		}
		keyStart := p.pos(p.i)
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		keyRange := Range{Start: keyStart, End: p.pos(p.i)}
		p.skipSpace()
		if p.i >= len(p.data) || p.data[p.i] != ':' {
			return nil, p.unexpected("after object key, expected ':'")
		}
		p.i++
		p.skipSpace()
		var v *Node
		switch {
		case p.lim.drop[key]:
			_, err = p.skip()
		case p.lim.hollow[key]:
			v, err = p.hollowValue()
		default:
			v, err = p.value()
		}
		if err != nil {
			return nil, err
		}
		if v != nil {
			p.members = append(p.members, Member{Key: key, KeyRange: keyRange, Value: v})
		}
		p.skipSpace()
		if p.i < len(p.data) && p.data[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.data) && p.data[p.i] == '}' {
			p.i++
			n.Members = dedupe(append([]Member(nil), p.members[base:]...))
			clear(p.members[base:])
			p.members = p.members[:base]
			return p.closeNode(n, startPos), nil
		}
		return nil, p.unexpected("in object, expected ',' or '}'")
	}
}

func (p *parser) closeNode(n *Node, start Position) *Node {
	p.depth--
	n.Range = Range{Start: start, End: p.pos(p.i)}
	return n
}

// dedupe drops all but the last occurrence of each key. Small objects (the
// vast majority) are checked pairwise to spare a map allocation.
func dedupe(ms []Member) []Member {
	if len(ms) < 2 {
		return ms
	}
	if len(ms) <= 16 {
		return dedupeSmall(ms)
	}
	last := make(map[string]int, len(ms))
	for i, m := range ms {
		last[m.Key] = i
	}
	if len(last) == len(ms) {
		return ms
	}
	out := ms[:0]
	for i, m := range ms {
		if last[m.Key] == i {
			out = append(out, m)
		}
	}
	return out
}

// text is src[from:to], copied when the parser clones.
func (p *parser) text(from, to int) string {
	if p.clone {
		return strings.Clone(p.src[from:to])
	}
	return p.src[from:to]
}

// str scans the string starting at the quote at p.i, leaving p.i after the
// closing quote, and returns the decoded text.
func (p *parser) str() (string, *Error) {
	start := p.i + 1
	i := start
	for i < len(p.data) {
		c := p.data[i]
		switch {
		case c == '"':
			p.i = i + 1
			return p.text(start, i), nil
		case c == '\\':
			return p.strEscaped(start, i)
		case c < 0x20:
			return "", p.strErr(i, 1, fmt.Sprintf("control character U+%04X in string (it must be escaped)", c))
		case c < 0x80:
			i++
		default:
			r, size := utf8.DecodeRune(p.data[i:])
			if r == utf8.RuneError && size <= 1 {
				return "", p.strErr(i, 1, fmt.Sprintf("invalid UTF-8 byte 0x%02x in string", c))
			}
			i += size
		}
	}
	return "", p.errSpan(p.i, p.i+1, "unterminated string: unexpected end of file")
}

// strErr reports a problem at offset i inside a string.
func (p *parser) strErr(i, size int, msg string) *Error {
	return p.errSpan(i, i+size, msg)
}

// strEscaped continues str from the first backslash at offset i.
func (p *parser) strEscaped(start, i int) (string, *Error) {
	var b strings.Builder
	// The decoded text is at most as long as the source up to the closing
	// quote: one allocation however long the string.
	b.Grow(escapedEnd(p.data, i) - start)
	b.Write(p.data[start:i])
	for i < len(p.data) {
		c := p.data[i]
		if c >= 0x20 && c < 0x80 && c != '"' && c != '\\' {
			run := i + 1
			for run < len(p.data) && plainStringByte(p.data[run]) {
				run++
			}
			b.Write(p.data[i:run])
			i = run
			continue
		}
		switch {
		case c == '"':
			p.i = i + 1
			return b.String(), nil
		case c == '\\':
			n, err := p.escape(&b, i)
			if err != nil {
				return "", err
			}
			i += n
		case c < 0x20:
			return "", p.strErr(i, 1, fmt.Sprintf("control character U+%04X in string (it must be escaped)", c))
		case c < 0x80:
			b.WriteByte(c)
			i++
		default:
			r, size := utf8.DecodeRune(p.data[i:])
			if r == utf8.RuneError && size <= 1 {
				return "", p.strErr(i, 1, fmt.Sprintf("invalid UTF-8 byte 0x%02x in string", c))
			}
			b.Write(p.data[i : i+size])
			i += size
		}
	}
	return "", p.errSpan(p.i, p.i+1, "unterminated string: unexpected end of file")
}

// plainStringByte reports whether c stands for itself inside a string.
func plainStringByte(c byte) bool {
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'
}

// escapedEnd is the offset of the quote that closes the string containing
// offset i (a backslash), or len(data) when it is unterminated.
func escapedEnd(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case '\\':
			i += 2
		case '"':
			return i
		default:
			i++
		}
	}
	return len(data)
}

// escape decodes the escape sequence at offset i (a backslash) into b and
// returns its length in bytes.
func (p *parser) escape(b *strings.Builder, i int) (int, *Error) {
	if i+1 >= len(p.data) {
		return 0, p.errSpan(p.i, p.i+1, "unterminated string: unexpected end of file")
	}
	switch c := p.data[i+1]; c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		return p.escapeU(b, i)
	default:
		what, size := describeAt(p.data, i+1)
		return 0, p.strErr(i, 1+size, "invalid escape: backslash followed by "+what)
	}
	return 2, nil
}

// escapeU decodes \uXXXX at offset i, combining surrogate pairs; lone
// surrogates are rejected, as Jason does.
func (p *parser) escapeU(b *strings.Builder, i int) (int, *Error) {
	hi, ok := hex4(p.data, i+2)
	if !ok {
		return 0, p.strErr(i, min(6, len(p.data)-i), `invalid \u escape: expected four hexadecimal digits`)
	}
	switch {
	case hi >= 0xDC00 && hi <= 0xDFFF:
		return 0, p.strErr(i, 6, fmt.Sprintf(`lone low surrogate \u%04X in string`, hi))
	case hi >= 0xD800 && hi <= 0xDBFF:
		if i+7 >= len(p.data) || p.data[i+6] != '\\' || p.data[i+7] != 'u' {
			return 0, p.strErr(i, 6, fmt.Sprintf(`lone high surrogate \u%04X in string`, hi))
		}
		lo, ok := hex4(p.data, i+8)
		if !ok || lo < 0xDC00 || lo > 0xDFFF {
			return 0, p.strErr(i, 6, fmt.Sprintf(`high surrogate \u%04X not followed by a low surrogate`, hi))
		}
		b.WriteRune(0x10000 + (rune(hi)-0xD800)<<10 + (rune(lo) - 0xDC00))
		return 12, nil
	}
	b.WriteRune(rune(hi))
	return 6, nil
}

func hex4(data []byte, i int) (int, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	v := 0
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | int(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | int(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | int(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

func dedupeSmall(ms []Member) []Member {
	dup := false
	for i := 1; i < len(ms) && !dup; i++ {
		for j := 0; j < i; j++ {
			if ms[i].Key == ms[j].Key {
				dup = true
				break
			}
		}
	}
	if !dup {
		return ms
	}
	out := ms[:0]
	for i, m := range ms {
		later := false
		for _, n := range ms[i+1:] {
			if n.Key == m.Key {
				later = true
				break
			}
		}
		if !later {
			out = append(out, m)
		}
	}
	return out
}

// hollowValue validates the value at p.i as value does and returns a node
// with its kind and range but no content: the parse of a field nobody
// reads costs one node instead of one per value inside it.
func (p *parser) hollowValue() (*Node, *Error) {
	startPos := p.pos(p.i)
	k, err := p.skip()
	if err != nil {
		return nil, err
	}
	n := p.newNode(k)
	n.Range = Range{Start: startPos, End: p.pos(p.i)}
	return n, nil
}

// skip moves past the value at p.i, with the checks value makes, keeping
// nothing.
func (p *parser) skip() (Kind, *Error) {
	if p.i >= len(p.data) {
		return 0, p.unexpected("while expecting a value")
	}
	switch c := p.data[p.i]; {
	case c == '{':
		return KindObject, p.skipContainer('}', true)
	case c == '[':
		return KindArray, p.skipContainer(']', false)
	case c == '"':
		_, err := p.str()
		return KindString, err
	case c == '-' || (c >= '0' && c <= '9'):
		end, err := p.number()
		if err != nil {
			return 0, err
		}
		p.i = end
		return KindNumber, nil
	}
	n, err := p.value() // a literal, or the error for what is not a value
	if err != nil {
		return 0, err
	}
	return n.Kind, nil
}

// skipContainer moves past an array or an object (keyed) ending in closer.
func (p *parser) skipContainer(closer byte, keyed bool) *Error {
	if err := p.enter(); err != nil {
		return err
	}
	p.i++
	p.skipSpace()
	if p.i < len(p.data) && p.data[p.i] == closer {
		p.i++
		p.depth--
		return nil
	}
	for seen := 0; ; seen++ {
		p.skipSpace()
		// The checks and messages of array and object, trailing comma first.
		if seen > 0 && p.i < len(p.data) && p.data[p.i] == closer {
			return p.errSpan(p.i, p.i+1, fmt.Sprintf("trailing comma before '%c'", closer))
		}
		if keyed {
			if p.i >= len(p.data) || p.data[p.i] != '"' {
				return p.unexpected("in object, expected a string key")
			}
			if _, err := p.str(); err != nil {
				return err
			}
			p.skipSpace()
			if p.i >= len(p.data) || p.data[p.i] != ':' {
				return p.unexpected("after object key, expected ':'")
			}
			p.i++
			p.skipSpace()
		}
		if _, err := p.skip(); err != nil {
			return err
		}
		p.skipSpace()
		if p.i < len(p.data) && p.data[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.data) && p.data[p.i] == closer {
			p.i++
			p.depth--
			return nil
		}
		if keyed {
			return p.unexpected("in object, expected ',' or '}'")
		}
		return p.unexpected("in array, expected ',' or ']'")
	}
}
