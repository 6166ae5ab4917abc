package lockfile

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unsafe"
)

// ManifestVisitor receives a manifest's entries while ReadManifest reads
// them, each with its Node: the way for a reader that needs more than the
// lean entries (parameters, return types, docstrings) to see them without
// the whole document being held at once.
//
// An entry is visited when, at the point it is read, it wins its
// normalised key (the rules of ParseManifest: for symbols the un-prefixed
// spelling wins, then the later entry; for classes the original key last
// in byte order). A later entry may win the same key and be visited in
// turn, so a visitor keeps what it builds by the entry's Key, the later
// visit replacing the earlier. Entries are visited in no promised order.
// When ReadManifest returns an error, whatever was visited must be
// discarded.
//
// During its visit an entry is complete: its docstring, and its Node with
// every field. Unless ReadOptions.KeepNodes is set, the entry becomes lean
// right after the visit (Node nil, docstring emptied, as in the result):
// copy what you need while visiting. A visited Node's strings share one
// copy of that entry's text, which stays alive as long as any is kept.
//
// For every key of the result, the last visit is of the result's entry
// itself. Keys repeated within a section, or a section repeated in the
// document (which no manifest writer produces: Jason writes maps), can
// take an entry back after its visit, as ParseManifest's last-occurrence
// rule does: `"K": null` after `"K": {…}`, or a second "symbols" without
// K. The result is then authoritative: a visitor drops what it built for
// keys the result lacks. When such a removal leaves the key to an entry
// visited earlier, or shadowed when read, ReadManifest visits that entry
// again after the read — without KeepNodes its text is gone by then, and
// its Node is nil on that one visit.
type ManifestVisitor struct {
	Symbol func(s *Symbol)
	Class  func(c *Class)
	Module func(m *ModuleEntry)
}

// ReadOptions says what ReadManifest keeps and whom it tells.
type ReadOptions struct {
	// KeepNodes keeps each entry's Node, every field's text, and the
	// document's Raw tree in the result. Without it the result is lean:
	// Raw and Node are nil on every entry and method, and docstrings are
	// present but empty — what a check reads (LibraryEntries, Supports)
	// and nothing that renders, indexes or hovers.
	KeepNodes bool
	// Visit, when set, is told of each entry as it is read.
	Visit ManifestVisitor
	// MaxSize is the most bytes read from r; 0 means MaxSize.
	MaxSize int64

	// scribble overwrites the reused buffer before each reuse and at the
	// end: a test's way to catch a kept string that aliases it.
	scribble bool
}

// ReadManifest reads a manifest from r with the normalisation and the
// errors of ParseManifest (message and position). It streams: each entry
// of "symbols", "classes" and "modules" is read into one reused buffer,
// parsed, converted and visited on its own, so its memory is bounded by
// what it keeps (see ReadOptions.KeepNodes) and the largest entry, not by
// the size of the file.
func ReadManifest(path string, r io.Reader, opts ReadOptions) (*Manifest, error) {
	limit := opts.MaxSize
	if limit <= 0 {
		limit = MaxSize
	}
	cr := &countingReader{r: io.LimitReader(r, limit+1)}
	s := &streamReader{
		path: path, cr: cr, br: bufio.NewReaderSize(cr, 64<<10), opts: opts,
		top: map[string]*topMember{},
		secs: [...]*section{
			{kind: secSymbols, name: "symbols"}, {kind: secClasses, name: "classes"}, {kind: secModules, name: "modules"},
		},
	}
	m, perr := s.read()
	if perr != nil {
		// ParseManifest checks the size before the syntax: read on to
		// learn it.
		if _, err := io.Copy(io.Discard, s.br); err != nil {
			s.note(err)
		}
	}
	s.scribble()
	switch {
	case s.readErr != nil:
		return nil, fmt.Errorf("reading %s: %w", path, s.readErr)
	case cr.n > limit:
		return nil, &Error{File: path, Msg: fmt.Sprintf("file too large: %d bytes (limit %d)", cr.n, limit)}
	case perr != nil:
		return nil, perr
	}
	return m, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// lookahead is how far past a value's last byte the parser may look while
// reading it or reporting its error: a literal's word (13 bytes), a \u
// escape pair (12), a UTF-8 character (4).
const lookahead = 16

// streamReader walks a manifest's top-level object and the objects of its
// sections itself, tracking the LSP position, and hands every member value
// to the parser as a document of its own that starts at that position.
type streamReader struct {
	path    string
	cr      *countingReader
	br      *bufio.Reader
	opts    ReadOptions
	readErr error

	// line and col are the position of the next unread byte, off its
	// offset.
	line, col int
	off       int64

	// buf holds the value being read and lookahead bytes after it.
	buf []byte
	// arena is the zeroed slab of Nodes for the next entry whose nodes
	// die with its conversion (lean, not visited): sympy's entries make
	// 400 MB of nodes, which the collector then need not chase.
	arena []Node
	// nodes is how many nodes the last value took.
	nodes int

	top  map[string]*topMember // last occurrence of each top-level key
	secs [3]*section
}

// topMember is a member of the document's top-level object.
type topMember struct {
	key      string
	keyRange Range
	off      int64
	value    *Node // nil for a streamed section, or skipped when lean
}

// note records the first read error other than the end of the input.
func (s *streamReader) note(err error) {
	if err != nil && err != io.EOF && s.readErr == nil {
		s.readErr = err
	}
}

func (s *streamReader) peekN(n int) []byte {
	b, err := s.br.Peek(n)
	if len(b) < n {
		s.note(err)
	}
	return b
}

func (s *streamReader) peekByte() (byte, bool) {
	b := s.peekN(1)
	if len(b) == 0 {
		return 0, false
	}
	return b[0], true
}

// chunk returns the buffered input, reading more when none is.
func (s *streamReader) chunk() []byte {
	if s.br.Buffered() == 0 && len(s.peekN(1)) == 0 {
		return nil
	}
	b, _ := s.br.Peek(s.br.Buffered())
	return b
}

func (s *streamReader) discard(n int) {
	d, err := s.br.Discard(n)
	s.off += int64(d)
	s.note(err)
}

// consume1 moves past one ASCII character that is not a line break.
func (s *streamReader) consume1() {
	s.discard(1)
	s.col++
}

func (s *streamReader) pos() Position { return Position{Line: s.line, Character: s.col} }

// skipSpace is parser.skipSpace: the same line breaks.
func (s *streamReader) skipSpace() {
	for {
		c, ok := s.peekByte()
		if !ok {
			return
		}
		switch c {
		case ' ', '\t':
			s.col++
		case '\n':
			s.line, s.col = s.line+1, 0
		case '\r':
			if b := s.peekN(2); len(b) == 2 && b[1] == '\n' {
				s.col++
			} else {
				s.line, s.col = s.line+1, 0
			}
		default:
			return
		}
		s.discard(1)
	}
}

// parser returns a parser of data whose first byte is at the current
// position. copyText copies data for the parsed strings; otherwise they
// alias data, which is reused.
func (s *streamReader) parser(data []byte, copyText bool, lim limits) *parser {
	p := &parser{file: s.path, data: data, lim: lim, line: s.line, col: s.col, startCol: s.col, base: s.pos()}
	switch {
	case copyText:
		p.src = string(data)
	case len(data) > 0:
		p.src = unsafe.String(unsafe.SliceData(data), len(data))
	}
	return p
}

// errHere is parser.errSpan for offsets relative to the current position.
func (s *streamReader) errHere(from, to int, msg string) *Error {
	return s.parser(s.peekN(lookahead), false, limits{}).errSpan(from, to, msg)
}

// unexpected is parser.unexpected at the current position.
func (s *streamReader) unexpected(context string) *Error {
	return s.parser(s.peekN(lookahead), false, limits{}).unexpected(context)
}

func (s *streamReader) enter(depth int) *Error {
	if depth > MaxDepth {
		return s.errHere(0, 1, fmt.Sprintf("nesting deeper than %d levels", MaxDepth))
	}
	return nil
}

// read reads the document; its errors are parseManifest's.
func (s *streamReader) read() (*Manifest, *Error) {
	if b := s.peekN(3); len(b) == 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return nil, s.errHere(0, 3, "byte order mark (U+FEFF) is not allowed at the start of a JSON file")
	}
	s.skipSpace()
	c, ok := s.peekByte()
	if !ok {
		return nil, s.errHere(0, 0, "empty file: expected a JSON value")
	}
	if c != '{' {
		return nil, s.notAnObject()
	}
	start := s.pos()
	if err := s.enter(1); err != nil {
		return nil, err
	}
	s.consume1()
	if err := s.members(s.topMember); err != nil {
		return nil, err
	}
	end := s.pos()
	s.skipSpace()
	if _, ok := s.peekByte(); ok {
		return nil, s.unexpected("after the top-level value, expected the end of the file")
	}
	return s.finish(Range{Start: start, End: end})
}

// notAnObject gives ParseManifest's error for a document that is not an
// object: the first syntax error, or the wrong type. It reads the rest
// whole (MaxSize bounds it): no manifest comes this way.
func (s *streamReader) notAnObject() *Error {
	data, err := io.ReadAll(s.br)
	s.note(err)
	p := s.parser(data, false, limits{depth: MaxDepth})
	n, perr := p.value()
	if perr != nil {
		return perr
	}
	p.skipSpace()
	if p.i < len(data) {
		return p.unexpected("after the top-level value, expected the end of the file")
	}
	r := &fieldReader{file: s.path}
	r.root(n, "a manifest")
	return r.err
}

// members reads an object's members after its '{', as parser.object does,
// handing each value to member with the reader at its first byte.
func (s *streamReader) members(member func(key string, keyRange Range, off int64) *Error) *Error {
	s.skipSpace()
	if c, ok := s.peekByte(); ok && c == '}' {
		s.consume1()
		return nil
	}
	for seen := 0; ; seen++ {
		s.skipSpace()
		c, ok := s.peekByte()
		if ok && c == '}' && seen > 0 {
			return s.errHere(0, 1, "trailing comma before '}'")
		}
		if !ok || c != '"' {
			return s.unexpected("in object, expected a string key")
		}
		off := s.off
		key, keyRange, err := s.key()
		if err != nil {
			return err
		}
		s.skipSpace()
		if c, ok := s.peekByte(); !ok || c != ':' {
			return s.unexpected("after object key, expected ':'")
		}
		s.consume1()
		s.skipSpace()
		if err := member(key, keyRange, off); err != nil {
			return err
		}
		s.skipSpace()
		c, ok = s.peekByte()
		switch {
		case ok && c == ',':
			s.consume1()
		case ok && c == '}':
			s.consume1()
			return nil
		default:
			return s.unexpected("in object, expected ',' or '}'")
		}
	}
}

// key reads the object key at the current position (a quote).
func (s *streamReader) key() (string, Range, *Error) {
	data, n := s.capture()
	p := s.parser(data, false, limits{})
	start := p.pos(0)
	key, err := p.str()
	if err != nil {
		return "", Range{}, err
	}
	if p.i != n {
		return "", Range{}, p.errSpan(0, p.i, "internal error: key scanned and parsed apart")
	}
	end := p.pos(p.i)
	s.line, s.col = end.Line, end.Character
	return strings.Clone(key), Range{Start: start, End: end}, nil
}

// How value parses.
type valueMode uint8

const (
	parseFull   valueMode = iota // every node
	parseHollow                  // kind and range only
	parseSkip                    // validated, no node
)

// value reads the value at the current position at the given depth (of
// its container): its text copied once when copyText (kept nodes), each
// string its own copy when clone (a visitor's), else strings on the reused
// buffer; nodes on the reused arena when reuse.
func (s *streamReader) value(depth int, mode valueMode, lim limits, copyText, reuse, clone bool) (*Node, *Error) {
	data, n := s.capture()
	p := s.parser(data, copyText, lim)
	p.depth, p.clone = depth, clone
	if reuse {
		p.slab = s.arena
		defer func() { s.nodes = p.nodes }()
	}
	var v *Node
	var err *Error
	switch mode {
	case parseFull:
		v, err = p.value()
	case parseHollow:
		v, err = p.hollowValue()
	default:
		_, err = p.skip()
	}
	switch {
	case err != nil:
		return nil, err
	case p.i < n:
		// A scalar followed by what is not a delimiter ("1x").
		return nil, p.unexpected("in object, expected ',' or '}'")
	case p.i > n:
		return nil, p.errSpan(0, p.i, "internal error: value scanned and parsed apart")
	}
	end := p.pos(p.i)
	s.line, s.col = end.Line, end.Character
	return v, nil
}

// capture moves the bytes of the value at the current position into buf
// and returns them followed by lookahead bytes, and the value's length.
// The value's extent is found by counting brackets outside strings; where
// that disagrees with the grammar the parser finds the error before the
// end, with the bytes it would have seen in the whole file.
func (s *streamReader) capture() ([]byte, int) {
	s.scribble()
	s.buf = s.buf[:0]
	if c, ok := s.peekByte(); ok {
		sc := scanner{run: c != '{' && c != '[' && c != '"'}
		for !sc.done {
			chunk := s.chunk()
			if len(chunk) == 0 {
				break
			}
			n := sc.feed(chunk)
			s.buf = append(s.buf, chunk[:n]...)
			s.discard(n)
		}
	}
	n := len(s.buf)
	s.buf = append(s.buf, s.peekN(lookahead)...)
	return s.buf, n
}

func (s *streamReader) scribble() {
	if s.opts.scribble {
		b := s.buf[:cap(s.buf)]
		for i := range b {
			b[i] = 0xFF
		}
	}
}

// scanner finds the end of a value without parsing it.
type scanner struct {
	run        bool // a number, a literal or garbage: up to a delimiter
	depth      int
	inStr, esc bool
	done       bool
}

// feed scans b and returns how many of its bytes belong to the value.
func (sc *scanner) feed(b []byte) int {
	if sc.run {
		for i, c := range b {
			switch c {
			case ' ', '\t', '\n', '\r', ',', '}':
				sc.done = true
				return i
			}
		}
		return len(b)
	}
	for i := 0; i < len(b); i++ {
		if sc.inStr {
			if sc.esc {
				sc.esc = false
				continue
			}
			rest := b[i:]
			q := bytes.IndexByte(rest, '"')
			seg := rest
			if q >= 0 {
				seg = rest[:q]
			}
			if bs := bytes.IndexByte(seg, '\\'); bs >= 0 {
				i += bs
				sc.esc = true
				continue
			}
			if q < 0 {
				return len(b)
			}
			i += q
			sc.inStr = false
			if sc.depth == 0 {
				sc.done = true
				return i + 1
			}
			continue
		}
		switch b[i] {
		case '"':
			sc.inStr = true
		case '{', '[':
			sc.depth++
		case '}', ']':
			sc.depth--
			if sc.depth <= 0 {
				sc.done = true
				return i + 1
			}
		}
	}
	return len(b)
}

// topMember reads one member of the document's object.
func (s *streamReader) topMember(key string, keyRange Range, off int64) *Error {
	tm := &topMember{key: key, keyRange: keyRange, off: off}
	s.top[key] = tm // the last occurrence wins, at its place
	full := limits{depth: MaxDepth}
	sec := s.section(key)
	if sec == nil {
		mode := parseFull
		if key != "version" && !s.opts.KeepNodes {
			mode = parseSkip
		}
		var err *Error
		tm.value, err = s.value(1, mode, full, s.opts.KeepNodes || key == "version", false, false)
		return err
	}
	sec.reset()
	if c, _ := s.peekByte(); c == '{' {
		return s.streamSection(sec)
	}
	mode := parseHollow
	if s.opts.KeepNodes {
		mode = parseFull
	}
	var err *Error
	tm.value, err = s.value(1, mode, full, s.opts.KeepNodes, false, false)
	sec.node = tm.value
	return err
}

func (s *streamReader) section(key string) *section {
	for _, sec := range s.secs {
		if sec.name == key {
			return sec
		}
	}
	return nil
}

// streamSection reads a section's object entry by entry.
func (s *streamReader) streamSection(sec *section) *Error {
	start := s.pos()
	if err := s.enter(2); err != nil {
		return err
	}
	s.consume1()
	visiting := sec.visited(s.opts.Visit)
	lim := limits{depth: MaxDepth}
	if !s.opts.KeepNodes && !visiting {
		lim.hollow, lim.drop = hollowFields, unreadFields
	}
	// Kept nodes get one copy of their entry's text. A visitor gets
	// strings of their own instead: one copy would live as long as any
	// string the visitor keeps (a method name kept the whole 166 KB of
	// its sympy class: 300 MB for generation's previous manifest).
	copyText := s.opts.KeepNodes
	clone := visiting && !s.opts.KeepNodes
	err := s.members(func(key string, keyRange Range, off int64) *Error {
		n, err := s.value(2, parseFull, lim, copyText, !copyText, clone)
		if err != nil {
			return err
		}
		s.add(sec, key, keyRange, off, n)
		if !copyText {
			s.recycle()
		}
		return nil
	})
	if err != nil {
		return err
	}
	sec.streamed, sec.rng = true, Range{Start: start, End: s.pos()}
	return nil
}

// recycle readies the arena for the next entry once the last one's nodes
// are dead: zeroed (newNode expects it, and no stale pointer may keep
// anything alive), or grown to fit when the entry outgrew it.
func (s *streamReader) recycle() {
	if s.nodes > len(s.arena) {
		s.arena = make([]Node, s.nodes+s.nodes/4)
		return
	}
	clear(s.arena[:s.nodes])
}

// The sections of a manifest that are read entry by entry.
type sectionKind uint8

const (
	secSymbols sectionKind = iota
	secClasses
	secModules
)

// section is what is known of one section: the last occurrence of each
// key, and per normalised key the entries that may win it.
type section struct {
	kind sectionKind
	name string

	node     *Node // the section's value when it is not an object
	streamed bool
	rng      Range // of the object, when streamed

	occ   map[string]*occurrence   // by key as written
	cands map[string][]*occurrence // entries by normalised key
	told  map[string]*occurrence   // last visited by normalised key
}

// occurrence is the last occurrence so far of one key of a section.
type occurrence struct {
	key  string
	norm string
	off  int64
	err  *Error // its first type error

	sym *Symbol
	cls *Class
	mod *ModuleEntry

	keyRange Range // with KeepNodes, for Raw
	value    *Node
}

func (o *occurrence) entry() bool { return o.sym != nil || o.cls != nil || o.mod != nil }

// reset forgets an earlier occurrence of the section: the last one wins.
func (sec *section) reset() {
	sec.node, sec.streamed, sec.rng = nil, false, Range{}
	sec.occ = map[string]*occurrence{}
	sec.cands = map[string][]*occurrence{}
	sec.told = map[string]*occurrence{}
}

func (sec *section) visited(v ManifestVisitor) bool {
	switch sec.kind {
	case secSymbols:
		return v.Symbol != nil
	case secClasses:
		return v.Class != nil
	}
	return v.Module != nil
}

// add converts one entry, records it as its key's last occurrence and
// visits it if it wins its normalised key.
func (s *streamReader) add(sec *section, key string, keyRange Range, off int64, n *Node) {
	r := &fieldReader{file: s.path}
	mem := Member{Key: key, KeyRange: keyRange, Value: n}
	o := &occurrence{key: key, off: off}
	if s.opts.KeepNodes {
		o.keyRange, o.value = keyRange, n
	}
	switch sec.kind {
	case secSymbols:
		o.norm = normalizeSymbolKey(key)
		o.sym = r.symbol(mem)
	case secClasses:
		o.norm = normalizeClassModule(key)
		o.cls = r.class(mem)
	default:
		o.norm = key
		o.mod = r.module(mem)
	}
	if r.err != nil {
		// The read fails unless a later occurrence replaces this one; it
		// competes for nothing meanwhile.
		o.err, o.sym, o.cls, o.mod = r.err, nil, nil, nil
	}
	if old := sec.occ[key]; old != nil {
		cs := sec.cands[old.norm]
		if i := slices.Index(cs, old); i >= 0 {
			sec.cands[old.norm] = slices.Delete(cs, i, i+1)
		}
	}
	sec.occ[key] = o
	if o.entry() {
		sec.cands[o.norm] = append(sec.cands[o.norm], o)
		if sec.winner(o.norm) == o {
			s.tell(sec, o)
		}
	}
	if !s.opts.KeepNodes {
		o.makeLean()
	}
}

// winner is the entry ParseManifest keeps for a normalised key.
func (sec *section) winner(norm string) *occurrence {
	cs := sec.cands[norm]
	if len(cs) == 0 {
		return nil
	}
	if sec.kind == secSymbols {
		for _, o := range cs {
			if o.key == norm {
				return o // the un-prefixed spelling
			}
		}
		return cs[0]
	}
	// Classes: the original key last in byte order; modules have one.
	return slices.MaxFunc(cs, func(a, b *occurrence) int { return strings.Compare(a.key, b.key) })
}

func (s *streamReader) tell(sec *section, o *occurrence) {
	sec.told[o.norm] = o
	v := s.opts.Visit
	switch {
	case o.sym != nil && v.Symbol != nil:
		v.Symbol(o.sym)
	case o.cls != nil && v.Class != nil:
		v.Class(o.cls)
	case o.mod != nil && v.Module != nil:
		v.Module(o.mod)
	}
}

// makeLean drops the entry's node and docstring and copies its strings
// out of the buffer they may share with the whole entry's text.
func (o *occurrence) makeLean() {
	o.keyRange, o.value = Range{}, nil
	switch {
	case o.sym != nil:
		leanSymbol(o.sym)
	case o.cls != nil:
		leanClass(o.cls)
	case o.mod != nil:
		m := o.mod
		m.Node, m.Docstring.Value = nil, ""
		m.Key = strings.Clone(m.Key)
		cloneOpts(&m.PythonModule, &m.DocSource, &m.ModuleVersion)
	}
}

func leanSymbol(s *Symbol) {
	s.Node, s.Docstring.Value = nil, ""
	s.Key = strings.Clone(s.Key)
	cloneOpts(&s.Module, &s.Function, &s.Name, &s.ElixirName, &s.PythonName, &s.PythonModule,
		&s.CallType, &s.SignatureSource, &s.DocSource)
}

func leanClass(c *Class) {
	c.Node, c.Docstring.Value = nil, ""
	c.Key = strings.Clone(c.Key)
	cloneOpts(&c.Module, &c.Class, &c.PythonModule, &c.MethodScope)
	for i, a := range c.Attributes.Value {
		c.Attributes.Value[i] = strings.Clone(a)
	}
	for i := range c.Methods {
		m := &c.Methods[i]
		m.Node = nil
		// Name, python_name and elixir_name mostly agree: one copy for
		// all three, for each of sympy's 150,000 methods.
		m.Name.Value = strings.Clone(m.Name.Value)
		m.PythonName.Value = cloneLike(m.PythonName.Value, m.Name.Value)
		m.ElixirName.Value = cloneLike(m.ElixirName.Value, m.Name.Value)
	}
}

// cloneLike copies s, or returns like, a copy already made, when equal.
func cloneLike(s, like string) string {
	if s == like {
		return like
	}
	return strings.Clone(s)
}

func cloneOpts(opts ...*Opt[string]) {
	for _, o := range opts {
		o.Value = strings.Clone(o.Value)
	}
}

// finish decides the outcome as parseManifest does once the whole
// document is known to be JSON: the first type error in its order
// (version, symbols, classes, modules), or the manifest.
func (s *streamReader) finish(rootRange Range) (*Manifest, *Error) {
	r := &fieldReader{file: s.path}
	var version Opt[string]
	if tm := s.top["version"]; tm != nil {
		version = r.str(&Node{Kind: KindObject, Members: []Member{{Key: "version", Value: tm.value}}}, "version", pathOf("version"))
	}
	if r.err != nil {
		return nil, r.err
	}
	for _, sec := range s.secs {
		if sec.node != nil {
			if r.asObject(sec.node, pathOf(sec.name)); r.err != nil {
				return nil, r.err
			}
		}
		if err := sec.firstErr(); err != nil {
			return nil, err
		}
	}
	m := &Manifest{Path: s.path, Version: version, Symbols: map[string]*Symbol{}, Classes: map[string]*Class{}, Modules: map[string]*ModuleEntry{}}
	for _, sec := range s.secs {
		for norm := range sec.cands {
			w := sec.winner(norm)
			if w == nil {
				continue
			}
			if sec.told[norm] != w {
				s.tell(sec, w)
			}
			switch {
			case w.sym != nil:
				m.Symbols[norm] = w.sym
			case w.cls != nil:
				m.Classes[norm] = w.cls
			default:
				m.Modules[norm] = w.mod
			}
		}
	}
	if s.opts.KeepNodes {
		m.Raw = s.raw(rootRange)
	}
	m.index()
	return m, nil
}

// firstErr is the type error parseManifest reports first in the section:
// in document order of the entries kept, for classes in key order.
func (sec *section) firstErr() *Error {
	var first *occurrence
	for _, o := range sec.occ {
		if o.err == nil {
			continue
		}
		if first == nil || sec.before(o, first) {
			first = o
		}
	}
	if first == nil {
		return nil
	}
	return first.err
}

func (sec *section) before(a, b *occurrence) bool {
	if sec.kind == secClasses {
		return a.key < b.key
	}
	return a.off < b.off
}

// raw rebuilds the document's tree as ParseManifest keeps it: the last
// occurrence of each key at its place.
func (s *streamReader) raw(rng Range) *Node {
	root := &Node{Kind: KindObject, Range: rng}
	tops := slices.SortedFunc(maps.Values(s.top), func(a, b *topMember) int { return cmp.Compare(a.off, b.off) })
	for _, tm := range tops {
		v := tm.value
		if sec := s.section(tm.key); sec != nil && sec.streamed {
			v = sec.raw()
		}
		root.Members = append(root.Members, Member{Key: tm.key, KeyRange: tm.keyRange, Value: v})
	}
	return root
}

func (sec *section) raw() *Node {
	n := &Node{Kind: KindObject, Range: sec.rng}
	occ := slices.SortedFunc(maps.Values(sec.occ), func(a, b *occurrence) int { return cmp.Compare(a.off, b.off) })
	for _, o := range occ {
		n.Members = append(n.Members, Member{Key: o.key, KeyRange: o.keyRange, Value: o.value})
	}
	return n
}
