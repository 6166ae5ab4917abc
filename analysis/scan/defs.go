package scan

import "bytes"

// Definition is a public function an Elixir source defines: its module,
// name and arity range (default arguments, `opts \\ []`, make a range).
type Definition struct {
	Module             string // "Numpy" or "Numpy.Linalg" (nested modules joined)
	Name               string
	MinArity, MaxArity int
	// Line is the 1-based line of the def keyword (go-to-definition on
	// generated wrappers).
	Line int
}

// Definitions lists the `def` heads of the modules an Elixir source
// defines, for checking which calls generated bindings really answer. It
// is a byte-level scanner, not the tokenizer the call scanner uses: it
// runs on every generated file of a library at every check, and generated
// files run to megabytes. It skips comments, strings, charlists, heredocs,
// sigils and character literals, follows do/fn … end nesting to know which
// module a def belongs to, and ignores defp, macros and defs written by
// macros (`def unquote(name)(…)`).
func Definitions(src []byte) []Definition {
	d := defScanner{src: src}
	d.run()
	return d.out
}

type openModule struct {
	name  string
	depth int // block depth inside the module's do … end
}

type defScanner struct {
	src     []byte
	i       int
	depth   int // open do/fn blocks
	modules []openModule
	pending string // a defmodule name waiting for its do
	out     []Definition
	// line is the 1-based line of offset lineAt; lines are counted
	// forward from the last def only, so the whole scan counts once.
	line, lineAt int
}

func (d *defScanner) run() {
	for d.i < len(d.src) {
		c := d.src[d.i]
		switch {
		case c == '#':
			d.skipComment()
		case c == '"' || c == '\'':
			d.skipQuoted()
		case c == '~' && d.i+1 < len(d.src) && isLetter(d.src[d.i+1]):
			d.skipSigil()
		case c == '?' && d.i+1 < len(d.src):
			d.skipCharLiteral()
		case isIdentStart(c):
			d.word()
		default:
			d.i++
		}
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isIdentStart(c byte) bool { return isLetter(c) || c == '_' }

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func (d *defScanner) skipComment() {
	d.jumpTo("\n")
}

// jumpTo moves to the next of the bytes in set (or the end).
func (d *defScanner) jumpTo(set string) {
	if k := bytes.IndexAny(d.src[d.i:], set); k >= 0 {
		d.i += k
	} else {
		d.i = len(d.src)
	}
}

// skipCharLiteral skips ?c and ?\c, which may be a quote or a #.
func (d *defScanner) skipCharLiteral() {
	d.i++
	if d.src[d.i] == '\\' && d.i+1 < len(d.src) {
		d.i++
	}
	d.i++
}

// skipQuoted skips a string or charlist (or their heredoc forms) starting
// at d.i, interpolations included.
func (d *defScanner) skipQuoted() {
	q := d.src[d.i]
	if d.hasPrefix(string([]byte{q, q, q})) {
		d.i += 3
		d.skipUntilTriple(q, true)
		return
	}
	d.i++
	d.skipUntil(q, true)
}

func (d *defScanner) hasPrefix(s string) bool {
	return d.i+len(s) <= len(d.src) && string(d.src[d.i:d.i+len(s)]) == s
}

// skipUntil skips to just past the closing delimiter close, honouring
// backslash escapes and, when interpolating, #{…} with code inside.
func (d *defScanner) skipUntil(close byte, interpolating bool) {
	d.skipPast(string([]byte{close}), interpolating)
}

// skipUntilTriple skips a heredoc body to just past its closing triple
// quote.
func (d *defScanner) skipUntilTriple(q byte, interpolating bool) {
	d.skipPast(string([]byte{q, q, q}), interpolating)
}

// skipPast skips to just past end, which starts with its own stop byte.
func (d *defScanner) skipPast(end string, interpolating bool) {
	stops := string([]byte{'\\', '#', end[0]})
	for d.i < len(d.src) {
		d.jumpTo(stops)
		if d.i >= len(d.src) {
			return
		}
		c := d.src[d.i]
		switch {
		case c == '\\':
			d.i += 2
			continue
		case interpolating && c == '#' && d.i+1 < len(d.src) && d.src[d.i+1] == '{':
			d.i += 2
			d.skipCode('}')
			continue
		case d.hasPrefix(end):
			d.i += len(end)
			return
		}
		d.i++
	}
}

// skipCode skips the code of an interpolation up to its closing brace.
func (d *defScanner) skipCode(close byte) {
	nest := 0
	for d.i < len(d.src) {
		c := d.src[d.i]
		switch {
		case c == '"' || c == '\'':
			d.skipQuoted()
			continue
		case c == '{':
			nest++
		case c == close:
			if nest == 0 {
				d.i++
				return
			}
			nest--
		}
		d.i++
	}
}

var sigilClosers = map[byte]byte{'(': ')', '[': ']', '{': '}', '<': '>', '/': '/', '|': '|', '"': '"', '\'': '\''}

// skipSigil skips ~s(…), ~S"""…""" and the like.
func (d *defScanner) skipSigil() {
	d.i++ // ~
	interpolating := d.src[d.i] >= 'a' && d.src[d.i] <= 'z'
	for d.i < len(d.src) && isLetter(d.src[d.i]) {
		d.i++
	}
	if d.i >= len(d.src) {
		return
	}
	open := d.src[d.i]
	if (open == '"' || open == '\'') && d.hasPrefix(string([]byte{open, open, open})) {
		d.i += 3
		d.skipUntilTriple(open, interpolating)
		return
	}
	close, ok := sigilClosers[open]
	if !ok {
		return
	}
	d.i++
	// Elixir ends a sigil at the first unescaped closing delimiter:
	// brackets inside do not nest.
	d.skipUntil(close, interpolating)
}

// word handles an identifier or alias at d.i: the keywords that open and
// close blocks, defmodule and def.
func (d *defScanner) word() {
	start := d.i
	for d.i < len(d.src) && isIdentChar(d.src[d.i]) {
		d.i++
	}
	if d.i < len(d.src) && (d.src[d.i] == '?' || d.src[d.i] == '!') {
		d.i++
	}
	w := d.src[start:d.i]
	if c := w[0]; c != 'd' && c != 'e' && c != 'f' {
		return // not a keyword this scanner follows; the common case
	}
	// A remote call (Kernel.def), an atom (:end) or a keyword key (do:)
	// is no keyword.
	if start > 0 && (d.src[start-1] == '.' || d.src[start-1] == ':') {
		return
	}
	if d.i < len(d.src) && d.src[d.i] == ':' && !(d.i+1 < len(d.src) && d.src[d.i+1] == ':') {
		return
	}
	switch string(w) {
	case "do", "fn":
		d.depth++
		if w[0] == 'd' && d.pending != "" {
			d.modules = append(d.modules, openModule{name: d.pending, depth: d.depth})
			d.pending = ""
		}
	case "end":
		if n := len(d.modules); n > 0 && d.modules[n-1].depth == d.depth {
			d.modules = d.modules[:n-1]
		}
		if d.depth > 0 {
			d.depth--
		}
	case "defmodule":
		d.defmodule()
	case "def":
		d.def()
	}
}

func (d *defScanner) skipBlanks() {
	for d.i < len(d.src) && (d.src[d.i] == ' ' || d.src[d.i] == '\t') {
		d.i++
	}
}

func (d *defScanner) defmodule() {
	d.skipBlanks()
	start := d.i
	for d.i < len(d.src) && (isIdentChar(d.src[d.i]) || d.src[d.i] == '.') {
		d.i++
	}
	name := string(d.src[start:d.i])
	if name == "" || !(name[0] >= 'A' && name[0] <= 'Z') {
		return // defmodule __MODULE__.X, unquote(…): not followed
	}
	if n := len(d.modules); n > 0 {
		name = d.modules[n-1].name + "." + name
	}
	d.pending = name
}

// def reads a head: def name(args) or def name (arity 0).
func (d *defScanner) def() {
	if len(d.modules) == 0 {
		return
	}
	line := d.lineOf(d.i)
	d.skipBlanks()
	start := d.i
	if d.i >= len(d.src) || !(isIdentStart(d.src[d.i]) && !(d.src[d.i] >= 'A' && d.src[d.i] <= 'Z')) {
		return
	}
	for d.i < len(d.src) && isIdentChar(d.src[d.i]) {
		d.i++
	}
	if d.i < len(d.src) && (d.src[d.i] == '?' || d.src[d.i] == '!') {
		d.i++
	}
	name := string(d.src[start:d.i])
	if name == "unquote" {
		return
	}
	args, defaults := 0, 0
	if d.i < len(d.src) && d.src[d.i] == '(' {
		d.i++
		args, defaults = d.headArgs()
	}
	d.out = append(d.out, Definition{Module: d.modules[len(d.modules)-1].name, Name: name, MinArity: args - defaults, MaxArity: args, Line: line})
}

// lineOf returns the 1-based line of offset off, which must not be before
// the offset of the previous call.
func (d *defScanner) lineOf(off int) int {
	if d.line == 0 {
		d.line = 1
	}
	d.line += bytes.Count(d.src[d.lineAt:off], []byte{'\n'})
	d.lineAt = off
	return d.line
}

// headArgs counts the arguments of a head up to its closing parenthesis,
// and those with a default (`\\`).
func (d *defScanner) headArgs() (args, defaults int) {
	nest := 0
	seen, hasDefault := false, false
	finish := func() {
		if seen {
			args++
			if hasDefault {
				defaults++
			}
		}
		seen, hasDefault = false, false
	}
	for d.i < len(d.src) {
		c := d.src[d.i]
		switch {
		case c == '"' || c == '\'':
			d.skipQuoted()
			seen = true
			continue
		case c == '~' && d.i+1 < len(d.src) && isLetter(d.src[d.i+1]):
			d.skipSigil()
			seen = true
			continue
		case c == '#':
			d.skipComment()
			continue
		case c == '?' && d.i+1 < len(d.src):
			d.skipCharLiteral()
			seen = true
			continue
		case c == '(' || c == '[' || c == '{':
			nest++
		case c == ')' || c == ']' || c == '}':
			if nest == 0 {
				d.i++
				finish()
				return args, defaults
			}
			nest--
		case c == ',' && nest == 0:
			finish()
			d.i++
			continue
		case c == '\\' && nest == 0 && d.i+1 < len(d.src) && d.src[d.i+1] == '\\':
			hasDefault = true
			d.i += 2
			continue
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			seen = true
		}
		d.i++
	}
	finish()
	return args, defaults
}
