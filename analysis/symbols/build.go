package symbols

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// Build indexes the project at root from its manifest and registry (paths
// absolute or relative to root) and the generated files the registry
// lists. An absent manifest or registry indexes as empty; one that does
// not parse is an error naming the file and position. Generated files
// that cannot be read are left out (their functions then have no
// arities). It never starts Python.
func Build(ctx context.Context, root, manifest, registry string) (*Index, error) {
	return BuildFrom(ctx, Input{Root: root, Manifest: manifest, Registry: registry})
}

// Input says what BuildFrom indexes.
type Input struct {
	// Root is the project directory; Manifest and Registry the files,
	// absolute or relative to Root.
	Root, Manifest, Registry string
	// Generated are more generated files to read definitions from,
	// absolute or relative to Root, besides those the registry lists
	// (analysis.Project.GeneratedFiles: what check reads); a file in both
	// is read once.
	Generated []string
}

// rebuilds is how often a build starts again when the manifest was
// rewritten in place while it read it (a generation replaces it by
// rename, which a build never sees: it reads the file it opened).
const rebuilds = 3

// BuildFrom is Build.
func BuildFrom(ctx context.Context, in Input) (*Index, error) {
	for attempt := 1; ; attempt++ {
		ix, err := buildOnce(ctx, in)
		if !errors.Is(err, errRewritten) || attempt == rebuilds {
			return ix, err
		}
	}
}

// errRewritten says the manifest changed in place during the build.
var errRewritten = errors.New("rewritten while it was read")

func buildOnce(ctx context.Context, in Input) (*Index, error) {
	ix := &Index{manifest: abs(in.Root, in.Manifest), registryPath: abs(in.Root, in.Registry)}
	b := &builder{ix: ix, root: in.Root, strs: map[string]uint32{"": 0}, mods: map[string]*moduleBuild{}}
	ix.strs = []string{""}
	reg, info, err := readRegistry(ix.registryPath)
	if err != nil {
		return nil, err
	}
	ix.registryInfo = info
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := b.readManifest(reg); err != nil {
		return nil, err
	}
	if err := b.definitions(ctx, reg, in.Generated); err != nil {
		return nil, err
	}
	b.finish()
	return ix, nil
}

// readManifest reads the manifest and indexes it. The file is streamed
// (lockfile.ReadManifest with a visitor that keeps of each entry what the
// index needs), never held whole: a sympy generate: :all manifest is
// 312 MB. The docstrings' positions are then turned into byte spans in a
// second pass over the same open file.
func (b *builder) readManifest(reg *lockfile.Registry) error {
	path := b.ix.manifest
	f, info, err := safefile.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		b.libraries(reg, nil)
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	b.ix.manifestInfo = info
	var e entries
	lm, err := lockfile.ReadManifest(path, f, lockfile.ReadOptions{Visit: e.visitor(b)})
	if err != nil {
		return err
	}
	b.libraries(reg, lm)
	e.keep(lm)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if !b.resolveDocsFrom(f) {
		return errRewritten
	}
	if now, err := f.Stat(); err != nil || !filememo.SameVersion(now, info) {
		return errRewritten
	}
	b.manifest(&e)
	return nil
}

func abs(root, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(root, filepath.FromSlash(path))
}

// readOptional reads a project file; an absent one gives nil data.
func readOptional(path string) ([]byte, os.FileInfo, error) {
	data, info, err := safefile.ReadFileInfo(path, lockfile.MaxSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return data, info, nil
}

func readRegistry(path string) (*lockfile.Registry, os.FileInfo, error) {
	data, info, err := readOptional(path)
	if err != nil || data == nil {
		return nil, nil, err
	}
	reg, err := lockfile.ParseRegistry(path, data)
	if err != nil {
		return nil, nil, err
	}
	return reg, info, nil
}

// builder collects modules and functions, then freezes them into the
// Index's sorted slices.
type builder struct {
	ix   *Index
	root string
	strs map[string]uint32 // string table index of each string
	mods map[string]*moduleBuild
	docs []docTarget
}

type moduleBuild struct {
	m     *Module
	funcs map[string]*Function
}

// docTarget is a docstring whose byte span is still to be found.
type docTarget struct {
	r   lockfile.Range
	dst *span
}

// id returns the string table index of s, adding it. The table keeps a
// copy (strings.Clone): the parser's strings are slices of the whole
// manifest, which a kept slice would keep alive.
func (b *builder) id(s string) uint32 {
	if k, ok := b.strs[s]; ok {
		return k
	}
	s = strings.Clone(s)
	k := uint32(len(b.ix.strs))
	b.ix.strs = append(b.ix.strs, s)
	b.strs[s] = k
	return k
}

// intern returns the one shared copy of s.
func (b *builder) intern(s string) string { return b.ix.strs[b.id(s)] }

func (b *builder) module(name string) *moduleBuild {
	mb := b.mods[name]
	if mb == nil {
		mb = &moduleBuild{m: &Module{Name: b.intern(name), ix: b.ix}, funcs: map[string]*Function{}}
		b.mods[name] = mb
	}
	return mb
}

func (b *builder) libraries(reg *lockfile.Registry, lm *lockfile.Manifest) {
	if reg == nil {
		return
	}
	for name, rl := range reg.Libraries {
		l := &Library{
			Name:         b.intern(name),
			Module:       b.intern(strings.TrimPrefix(rl.ElixirModule.Value, "Elixir.")),
			PythonModule: b.intern(rl.PythonModule.Value),
			Version:      b.intern(rl.PythonVersion.Value),
			Functions:    rl.Stats.Functions.Value,
		}
		if l.PythonModule == "" {
			l.PythonModule = l.Name
		}
		if g := rl.Options.Get("generate"); g != nil && g.Kind == lockfile.KindString {
			l.Generate = b.intern(g.Str)
		}
		if lm != nil {
			if me := lm.Modules[l.PythonModule]; me != nil && me.ModuleVersion.Valid() && me.ModuleVersion.Value != "" {
				l.Version = b.intern(me.ModuleVersion.Value)
			}
		}
		b.ix.libraries = append(b.ix.libraries, l)
		if l.Module != "" {
			mb := b.module(l.Module)
			mb.m.PythonModule = l.PythonModule
		}
	}
	sort.Slice(b.ix.libraries, func(i, j int) bool { return b.ix.libraries[i].Name < b.ix.libraries[j].Name })
}

// manifest indexes the entries read (in key order, so that of the
// entries of one function, one per arity, the same one wins every time).
func (b *builder) manifest(e *entries) {
	for _, key := range slices.Sorted(maps.Keys(e.symbols)) {
		b.symbol(e.symbols[key])
	}
	for _, key := range slices.Sorted(maps.Keys(e.classes)) {
		b.class(e.classes[key])
	}
	for _, key := range slices.Sorted(maps.Keys(e.modules)) {
		me := e.modules[key]
		if mb := b.mods[b.elixirModuleOf(me.python)]; mb != nil && me.doc.n > 0 {
			mb.m.doc = me.doc
		}
	}
}

// elixirModuleOf names the non-class module whose functions come from a
// Python module, or "".
func (b *builder) elixirModuleOf(python string) string {
	for _, l := range b.ix.libraries {
		if l.PythonModule == python && l.Module != "" {
			return l.Module
		}
	}
	for name, mb := range b.mods {
		if !mb.m.Class && mb.m.PythonModule == python {
			return name
		}
	}
	return ""
}

func (b *builder) symbol(s *symbolEntry) {
	if s.module == "" || s.name == "" {
		return
	}
	mb := b.module(s.module)
	if mb.m.PythonModule == "" {
		mb.m.PythonModule = s.pythonModule
	}
	if mb.funcs[s.name] != nil {
		return // another arity's entry of the same function
	}
	mb.funcs[s.name] = s.f
}

func (b *builder) class(c *classEntry) {
	mb := b.module(c.module)
	m := mb.m
	m.Class = true
	m.PythonModule, m.PythonClass, m.Source, m.doc = c.pythonModule, c.pythonClass, c.source, c.doc
	for _, f := range c.methods {
		if mb.funcs[f.Name] == nil {
			mb.funcs[f.Name] = f
		}
	}
}

// signature reads the Python side of a function or method entry.
func (b *builder) signature(f *Function, n *lockfile.Node) {
	f.sigSource = b.id(str(n, "signature_source"))
	f.retAnn = b.id(str(n, "return_annotation"))
	f.source = b.location(n)
	f.params = uint32(len(b.ix.params))
	var varPos, varKw bool
	if ps := n.Get("parameters"); ps != nil && ps.Kind == lockfile.KindArray {
		for _, e := range ps.Elems {
			if e.Kind != lockfile.KindObject || f.nParams == 1<<16-1 {
				continue
			}
			p := param{name: b.id(str(e, "name")), kind: kindOf(str(e, "kind")), ann: b.id(str(e, "annotation"))}
			if d := e.Get("default"); d != nil && d.Kind == lockfile.KindString {
				p.def, p.hasDefault = b.id(d.Str), true
			}
			varPos = varPos || p.kind == VarPositional
			varKw = varKw || p.kind == VarKeyword
			b.ix.params = append(b.ix.params, p)
			f.nParams++
		}
	}
	if v := n.Get("has_var_positional"); v != nil && v.Kind == lockfile.KindBool {
		varPos = v.Bool
	}
	if v := n.Get("has_var_keyword"); v != nil && v.Kind == lockfile.KindBool {
		varKw = v.Bool
	}
	if varPos {
		f.flags |= flagVarPositional
	}
	if varKw {
		f.flags |= flagVarKeyword
	}
	b.docAt(n, &f.doc)
}

func kindOf(s string) Kind {
	switch strings.ToUpper(s) {
	case "POSITIONAL_ONLY":
		return PositionalOnly
	case "POSITIONAL_OR_KEYWORD":
		return PositionalOrKeyword
	case "VAR_POSITIONAL":
		return VarPositional
	case "KEYWORD_ONLY":
		return KeywordOnly
	case "VAR_KEYWORD":
		return VarKeyword
	}
	return 0
}

// location reads source_file and source_line, relative files taken from
// the project root.
func (b *builder) location(n *lockfile.Node) loc {
	file := str(n, "source_file")
	if file == "" {
		return loc{}
	}
	l := loc{file: b.id(abs(b.root, file))}
	if v := n.Get("source_line"); v != nil && v.Kind == lockfile.KindNumber {
		if line, err := strconv.ParseUint(v.Str, 10, 32); err == nil {
			l.line = uint32(line)
		}
	}
	return l
}

// docAt records the docstring member of n, if it is a non-empty string.
func (b *builder) docAt(n *lockfile.Node, dst *span) {
	if d := n.Get("docstring"); d != nil && d.Kind == lockfile.KindString && d.Str != "" {
		b.docs = append(b.docs, docTarget{r: d.Range, dst: dst})
	}
}

func str(n *lockfile.Node, key string) string {
	if v := n.Get(key); v != nil && v.Kind == lockfile.KindString {
		return v.Str
	}
	return ""
}

func firstValid(o lockfile.Opt[string], fallback string) string {
	if o.Valid() && o.Value != "" {
		return o.Value
	}
	return fallback
}

// splitSymbolKey splits "<Module>.<name>/<arity>" into module and name.
func splitSymbolKey(key string) (module, name string) {
	if slash := strings.LastIndexByte(key, '/'); slash >= 0 {
		key = key[:slash]
	}
	if dot := strings.LastIndexByte(key, '.'); dot >= 0 {
		return key[:dot], key[dot+1:]
	}
	return "", key
}

func before(a, c lockfile.Position) bool {
	return a.Line < c.Line || a.Line == c.Line && a.Character < c.Character
}

// resolveDocsFrom turns the LSP ranges of the docstrings into byte spans
// of the file r reads from its start, a line at a time. It reports false
// when a docstring's range does not hold a JSON string there: the file
// is not the one the ranges came from.
func (b *builder) resolveDocsFrom(r io.Reader) bool {
	sort.Slice(b.docs, func(i, j int) bool { return before(b.docs[i].r.Start, b.docs[j].r.Start) })
	w := lineReader{r: bufio.NewReaderSize(r, 1<<16), line: -1}
	for _, t := range b.docs {
		if t.r.Start.Line != t.r.End.Line || !w.seek(t.r.Start.Line) {
			return false
		}
		start, end := byteIndex(w.buf, t.r.Start.Character), byteIndex(w.buf, t.r.End.Character)
		if start < 0 || end <= start+1 || end > len(w.buf) || w.buf[start] != '"' || w.buf[end-1] != '"' {
			return false
		}
		off := w.start + int64(start)
		if off+int64(end-start) >= 1<<32 {
			return false
		}
		*t.dst = span{off: uint32(off), n: uint32(end - start)}
	}
	b.docs = nil
	return true
}

// lineReader reads a file forward a line at a time ("\n"-terminated, as
// the JSON files SnakeBridge writes are).
type lineReader struct {
	r     *bufio.Reader
	line  int    // line number of buf; -1 before the first read
	start int64  // byte offset of buf in the file
	buf   []byte // the current line without its "\n"
	next  int64  // byte offset of the next line
	eof   bool
}

// seek advances to line n, which must not be before the current line.
func (w *lineReader) seek(n int) bool {
	for w.line < n {
		if w.eof {
			return false
		}
		w.buf = w.buf[:0]
		for {
			chunk, err := w.r.ReadSlice('\n')
			w.buf = append(w.buf, chunk...)
			if err == bufio.ErrBufferFull {
				continue
			}
			w.eof = err != nil
			break
		}
		w.start = w.next
		w.next += int64(len(w.buf))
		w.buf = bytes.TrimSuffix(w.buf, []byte{'\n'})
		w.line++
	}
	return w.line == n
}

// byteIndex converts a UTF-16 column of line to a byte index, or -1 past
// the end.
func byteIndex(line []byte, units int) int {
	i, u := 0, 0
	for u < units {
		if i >= len(line) {
			return -1
		}
		c := line[i]
		switch {
		case c < 0x80:
			u, i = u+1, i+1
		case c < 0xE0:
			u, i = u+1, i+2
		case c < 0xF0:
			u, i = u+1, i+3
		default:
			u, i = u+2, i+4
		}
	}
	if i > len(line) {
		return -1
	}
	return i
}

// definitions reads the def heads of the generated files the registry
// lists: the arities and lines of the functions, the defmodule lines.
func (b *builder) definitions(ctx context.Context, reg *lockfile.Registry, generated []string) error {
	var files []string
	if reg != nil {
		for _, name := range slices.Sorted(maps.Keys(reg.Libraries)) {
			rl := reg.Libraries[name]
			dir := rl.Path.Value
			if dir == "" {
				dir = "lib/snakebridge_generated"
			}
			for _, rel := range rl.Files.Value {
				files = append(files, abs(b.root, filepath.Join(filepath.FromSlash(dir), filepath.FromSlash(rel))))
			}
		}
	}
	for _, f := range generated {
		files = append(files, abs(b.root, f))
	}
	read := map[string]bool{}
	for _, file := range files {
		if read[file] {
			continue
		}
		read[file] = true
		if err := ctx.Err(); err != nil {
			return err
		}
		b.definitionsOf(file)
	}
	return nil
}

func (b *builder) definitionsOf(file string) {
	src, err := safefile.ReadFile(file, lockfile.MaxSize)
	if err != nil {
		return // a missing wrapper file: its functions stay without arities
	}
	fileID := b.id(file)
	for _, d := range scan.Definitions(src) {
		mb := b.mods[d.Module]
		if mb == nil {
			continue
		}
		if mb.m.Def.File == "" {
			mb.m.Def = Location{File: b.ix.strs[fileID], Line: defmoduleLine(src, d.Module)}
		}
		f := mb.funcs[d.Name]
		if f == nil {
			f = b.streamWrapper(mb, d.Name)
		}
		if f == nil {
			continue
		}
		if f.def.file == 0 {
			f.def = loc{file: fileID, line: uint32(d.Line)}
		}
		for a := d.MinArity; a <= d.MaxArity; a++ {
			b.addArity(f, d.Module, a)
		}
	}
}

// streamWrapper indexes <name>_stream, the streaming variant generated
// for a library's streaming: functions (compat §6.3), which the manifest
// does not list: it calls the same Python function as <name>, so it takes
// that entry's signature and docstring, with its own def and arities
// (set by the caller from the wrapper's defs). nil when name is no such
// variant.
func (b *builder) streamWrapper(mb *moduleBuild, name string) *Function {
	base, ok := strings.CutSuffix(name, "_stream")
	if !ok || mb.funcs[base] == nil {
		return nil
	}
	f := *mb.funcs[base]
	f.Name, f.def, f.arities = b.intern(name), loc{}, 0
	mb.funcs[name] = &f
	return &f
}

// addArity records a generated arity of f in module.
func (b *builder) addArity(f *Function, module string, n int) {
	switch {
	case n < 0:
	case n < 64:
		f.arities |= 1 << n
	default:
		key := module + "." + f.Name
		if !slices.Contains(b.ix.wide[key], n) {
			if b.ix.wide == nil {
				b.ix.wide = map[string][]int{}
			}
			b.ix.wide[key] = append(b.ix.wide[key], n)
			slices.Sort(b.ix.wide[key])
		}
	}
}

// defmoduleLine is the 1-based line of "defmodule <name> do" in src, or 1.
func defmoduleLine(src []byte, name string) int {
	k := bytes.Index(src, []byte("defmodule "+name+" do"))
	if k < 0 {
		return 1
	}
	return bytes.Count(src[:k], []byte{'\n'}) + 1
}

// finish freezes the modules into sorted slices. What the index keeps is
// allocated here in a few large blocks — every string in one, every
// function in one, every parameter in one — so that it does not sit
// scattered among the freed pages of the parsed manifest, which would
// keep them resident (about twice the index's size in RSS, measured).
func (b *builder) finish() {
	ix := b.ix
	remap := b.compactStrings()
	total := 0
	for _, mb := range b.mods {
		total += len(mb.funcs)
	}
	all := make([]Function, 0, total)
	ix.modules = make([]*Module, 0, len(b.mods))
	for _, mb := range b.mods {
		m := mb.m
		m.Name, m.PythonModule, m.PythonClass = remap(m.Name), remap(m.PythonModule), remap(m.PythonClass)
		m.Def.File, m.Source.File = remap(m.Def.File), remap(m.Source.File)
		names := make([]string, 0, len(mb.funcs))
		for n := range mb.funcs {
			names = append(names, n)
		}
		sort.Strings(names)
		start := len(all)
		for _, n := range names {
			f := *mb.funcs[n]
			f.Name, f.Module = remap(f.Name), m
			all = append(all, f)
		}
		m.Functions = all[start:len(all):len(all)]
		ix.modules = append(ix.modules, m)
	}
	sort.Slice(ix.modules, func(i, j int) bool { return ix.modules[i].Name < ix.modules[j].Name })
	for _, l := range ix.libraries {
		l.Name, l.Module, l.PythonModule = remap(l.Name), remap(l.Module), remap(l.PythonModule)
		l.Generate, l.Version = remap(l.Generate), remap(l.Version)
	}
	for _, m := range ix.modules {
		m.Library = ix.Library(m.Name)
	}
	for _, l := range ix.libraries {
		if l.Functions == 0 {
			if m := ix.Module(l.Module); m != nil {
				l.Functions = len(m.Functions)
			}
		}
	}
	ix.params = append(make([]param, 0, len(ix.params)), ix.params...)
	b.strs, b.mods = nil, nil
}

// compactStrings rebuilds the string table as slices of one string and
// returns the function that maps a table string to its new copy.
func (b *builder) compactStrings() func(string) string {
	ix := b.ix
	n := 0
	for _, s := range ix.strs {
		n += len(s)
	}
	var blob strings.Builder
	blob.Grow(n)
	for _, s := range ix.strs {
		blob.WriteString(s)
	}
	all := blob.String()
	strs := make([]string, len(ix.strs))
	off := 0
	for i, s := range ix.strs {
		strs[i] = all[off : off+len(s)]
		off += len(s)
	}
	ix.strs = strs
	return func(s string) string {
		if s == "" {
			return ""
		}
		return strs[b.strs[s]]
	}
}
