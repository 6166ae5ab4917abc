package elixir

import (
	"fmt"
	"sort"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
)

// MixFile is what snakebridge-lsp reads from a mix.exs.
type MixFile struct {
	Path string
	// App is the project's app: atom name, "" if unknown.
	App string
	// AppsPath is the apps_path: of an umbrella project, "" otherwise.
	AppsPath string
	// DepsPath is the deps_path: of the project ("../../deps" in an
	// umbrella's apps), "" when not set or not a literal.
	DepsPath string
	// ConfigPath is the config_path: of the project
	// ("../../config/config.exs" in an umbrella's apps), "" when not set or
	// not a literal.
	ConfigPath string
	// PythonDeps is nil when python_deps: is not declared in project/0; else
	// a List node with one Elem per library entry (python_deps: nil, which
	// SnakeBridge reads as [], gives an empty List).
	PythonDeps *Node
	// PythonDepsRange is the range of the `python_deps: ...` pair in
	// project/0 (zero when not declared).
	PythonDepsRange Range
	// UsesSnakebridgeCompiler reports whether compilers: mentions :snakebridge.
	UsesSnakebridgeCompiler bool
	// SnakebridgeDep is nil when deps has no {:snakebridge, ...} entry.
	SnakebridgeDep *Dep
}

// Dep is the {:snakebridge, ...} entry of a project's deps.
type Dep struct {
	// IsPath reports whether the entry has a path: option; Path is its
	// value when it is a literal string ("" for e.g. Path.expand(...)).
	IsPath bool
	Path   string
	// Requirement is the version requirement ("~> 0.16"), "" if none.
	Requirement string
	// Libraries is the range of a libraries: option, the way SnakeBridge
	// before 0.7.8 was configured (nil when absent).
	Libraries *Range
	// Range is the range of the whole tuple.
	Range Range
}

// ParseMixExs reads the project configuration from the source of a mix.exs
// without running it. Syntax errors, and anything inside python_deps that is
// not a literal, are *Error values.
func ParseMixExs(path string, src []byte) (*MixFile, error) {
	s, err := NewSource(path, src)
	if err != nil {
		return nil, err
	}
	out := &MixFile{Path: path}
	var m *mixReader
	var project [2]int
	found := false
	for _, body := range modules(s) {
		m = &mixReader{s: s, funs: map[string][2]int{}, attrs: map[string][]attrDef{}}
		m.collect(body[0], body[1])
		if project, found = m.funs["project"]; found {
			break
		}
	}
	if !found {
		return out, nil
	}
	keys := m.keys(project[0], project[1])
	if k, ok := keys["app"]; ok {
		out.App = m.atomValue(k, project[1])
	}
	if k, ok := keys["apps_path"]; ok {
		out.AppsPath = m.stringValue(k, project[1])
	}
	if k, ok := keys["config_path"]; ok {
		out.ConfigPath = m.stringValue(k, project[1])
	}
	if k, ok := keys["deps_path"]; ok {
		out.DepsPath = m.stringValue(k, project[1])
	}
	if k, ok := keys["compilers"]; ok {
		out.UsesSnakebridgeCompiler = m.mentionsSnakebridge(k+1, s.ExprEnd(k+1, project[1]))
	}
	if k, ok := keys["deps"]; ok {
		out.SnakebridgeDep = m.snakebridgeDep(k+1, s.ExprEnd(k+1, project[1]))
	} else if d, ok := m.funs["deps"]; ok {
		out.SnakebridgeDep = m.snakebridgeDep(d[0], d[1])
	}
	if k, ok := keys["python_deps"]; ok {
		if err := m.pythonDeps(out, k, project[1]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

type mixReader struct {
	s     *Source
	funs  map[string][2]int    // zero-arity function name → token range of its body's last expression
	attrs map[string][]attrDef // name → definitions in source order
}

type attrDef struct {
	name     string
	at       int // byte offset of the '@'
	from, to int // token range of the value
}

// modules returns the token ranges of the bodies of the top-level
// defmodules, then the whole file (for a file without one).
func modules(s *Source) [][2]int {
	var out [][2]int
	for _, st := range s.Statements(0, len(s.Toks)-1) {
		if !s.Is(st[0], Ident, "defmodule") {
			continue
		}
		for j := st[0] + 1; j < st[1]; j = s.Skip(j) {
			if s.Toks[j].Kind == Do {
				out = append(out, [2]int{j + 1, int(s.Match[j])})
				break
			}
		}
	}
	return append(out, [2]int{0, len(s.Toks) - 1})
}

// collect records the module attributes and zero-arity functions defined in
// a module body.
func (m *mixReader) collect(from, to int) {
	s := m.s
	for _, st := range s.Statements(from, to) {
		i := st[0]
		switch {
		case s.Is(i, Op, "@") && s.Is(i+1, Ident, "") && i+2 < st[1]:
			name := s.Text(i + 1)
			m.attrs[name] = append(m.attrs[name], attrDef{name: name, at: int(s.Toks[i].Start), from: i + 2, to: st[1]})
		case s.Is(i, Ident, "def") || s.Is(i, Ident, "defp"):
			m.function(i+1, st[1])
		}
	}
}

// function records `name do ... end`, `name() do ... end` and
// `name, do: expr` (and their () forms) for zero-arity functions.
func (m *mixReader) function(i, end int) {
	s := m.s
	if !s.Is(i, Ident, "") {
		return
	}
	name := s.Text(i)
	j := i + 1
	if s.Is(j, LParen, "") {
		if len(s.CallArgs(j)) > 0 {
			return
		}
		j = s.Skip(j)
	}
	var from, to int
	switch {
	case j < end && s.Toks[j].Kind == Do:
		body := s.Statements(j+1, int(s.Match[j]))
		if len(body) == 0 {
			return
		}
		last := body[len(body)-1]
		from, to = last[0], last[1]
	case s.Is(j, Comma, "") && s.Is(s.skipNewlines(j+1, end), KwKey, "do:"):
		kw := s.skipNewlines(j+1, end)
		from, to = kw+1, s.ExprEnd(kw+1, end)
	default:
		return
	}
	if _, dup := m.funs[name]; !dup {
		m.funs[name] = [2]int{from, to}
	}
}

// attr finds the definition of @name in effect at byte offset at: the last
// one before it, not counting a definition whose own value contains it.
func (m *mixReader) attr(name string, at int) (int, int, bool) {
	defs := m.attrs[name]
	k := sort.Search(len(defs), func(i int) bool { return defs[i].at >= at }) - 1
	// Definitions do not nest, so only the closest one can contain the
	// reference (@a [@a] refers to the previous @a).
	if k >= 0 && at < int(m.s.Toks[defs[k].to-1].End) {
		k--
	}
	if k < 0 {
		return 0, 0, false
	}
	return defs[k].from, defs[k].to, true
}

// keys finds the keyword keys of interest in the body of project/0, taking
// for each name the first occurrence at the shallowest nesting.
func (m *mixReader) keys(from, to int) map[string]int {
	s := m.s
	want := map[string]bool{"app": true, "apps_path": true, "compilers": true, "config_path": true, "deps": true, "deps_path": true, "python_deps": true}
	found := map[string]int{}
	depthOf := map[string]int{}
	depth := 0
	for i := from; i < to; i++ {
		t := s.Toks[i]
		switch {
		case t.Kind == StrBegin:
			i = int(s.Match[i])
		case IsOpener(t.Kind):
			depth++
		case IsCloser(t.Kind):
			depth--
		case t.Kind == KwKey:
			name := s.KwName(i)
			if d, seen := depthOf[name]; want[name] && (!seen || depth < d) {
				found[name], depthOf[name] = i, depth
			}
		}
	}
	return found
}

func (m *mixReader) evaluator(what string) *evaluator {
	return &evaluator{
		s: m.s, what: what, attr: m.attr,
		fun: func(name string) (int, int, bool) {
			r, ok := m.funs[name]
			return r[0], r[1], ok
		},
	}
}

func (m *mixReader) pythonDeps(out *MixFile, key, limit int) error {
	s := m.s
	end := s.ExprEnd(key+1, limit)
	out.PythonDepsRange = s.Range(key, end)
	n, err := m.evaluator("python_deps").whole(key+1, end)
	if err != nil {
		return err
	}
	switch n.Term.(type) {
	case term.List:
	default:
		if n.Term == term.Nil {
			n = &Node{Term: term.List{}, Range: n.Range, File: n.File}
			break
		}
		return &Error{File: s.File, Range: n.Range, Msg: fmt.Sprintf("python_deps must be a list, got %s", term.Inspect(n.Term))}
	}
	out.PythonDeps = n
	return nil
}

// atomValue evaluates the value after key as an atom name, "" if it is not
// a literal atom.
func (m *mixReader) atomValue(key, limit int) string {
	n, err := m.evaluator("project").whole(key+1, m.s.ExprEnd(key+1, limit))
	if err != nil {
		return ""
	}
	if a, ok := n.Term.(term.Atom); ok {
		return string(a)
	}
	return ""
}

func (m *mixReader) stringValue(key, limit int) string {
	n, err := m.evaluator("project").whole(key+1, m.s.ExprEnd(key+1, limit))
	if err != nil {
		return ""
	}
	if b, ok := n.Term.(term.Binary); ok {
		return string(b)
	}
	return ""
}

// mentionsSnakebridge reports whether tokens [from, to), or the bodies of
// zero-arity local functions they call, contain the atom :snakebridge.
func (m *mixReader) mentionsSnakebridge(from, to int) bool {
	found := false
	m.visit(from, to, func(i int) bool {
		found = m.s.Is(i, Atom, ":snakebridge")
		return found
	})
	return found
}

// visit calls f on every token of [from, to) and of the bodies of the local
// zero-arity functions called there (each body once), until f returns true.
func (m *mixReader) visit(from, to int, f func(i int) bool) {
	seen := map[string]bool{}
	ranges := [][2]int{{from, to}}
	for len(ranges) > 0 {
		r := ranges[0]
		ranges = ranges[1:]
		for i := r[0]; i < r[1]; i++ {
			if f(i) {
				return
			}
			if m.s.Toks[i].Kind != Ident || m.s.Is(i-1, Dot, "") {
				continue
			}
			name := m.s.Text(i)
			if body, ok := m.funs[name]; ok && !seen[name] {
				seen[name] = true
				ranges = append(ranges, body)
			}
		}
	}
}

// snakebridgeDep finds {:snakebridge, ...} syntactically among tokens
// [from, to) (following local function calls such as deps()), and reads
// its requirement and path: option where they are literals.
func (m *mixReader) snakebridgeDep(from, to int) *Dep {
	s := m.s
	var dep *Dep
	m.visit(from, to, func(i int) bool {
		if s.Toks[i].Kind != LBrace || !s.Is(i+1, Atom, ":snakebridge") || !(s.Is(i+2, Comma, "") || s.Is(i+2, RBrace, "")) {
			return false
		}
		dep = m.readDep(i)
		return true
	})
	return dep
}

func (m *mixReader) readDep(open int) *Dep {
	s := m.s
	close := int(s.Match[open])
	dep := &Dep{Range: s.Range(open, close+1)}
	args, kw := s.Args(open+1, close)
	e := m.evaluator("deps")
	for k, a := range args {
		if k == 0 {
			continue
		}
		if kw && k == len(args)-1 {
			m.depOptions(dep, a[0], a[1])
			continue
		}
		if n, err := e.whole(a[0], a[1]); err == nil {
			if b, ok := n.Term.(term.Binary); ok && dep.Requirement == "" {
				dep.Requirement = string(b)
			}
		}
	}
	return dep
}

// depOptions reads path: (and notes libraries:) from the options of a
// dependency, tolerating options that cannot be evaluated.
func (m *mixReader) depOptions(dep *Dep, from, to int) {
	s := m.s
	e := m.evaluator("deps")
	for i := from; i < to; {
		vend := s.ExprEnd(i+1, to)
		if s.Is(i, KwKey, "libraries:") {
			r := s.Range(i, vend)
			dep.Libraries = &r
		}
		if s.Is(i, KwKey, "path:") {
			dep.IsPath = true
			if n, err := e.whole(i+1, vend); err == nil {
				if b, ok := n.Term.(term.Binary); ok {
					dep.Path = string(b)
				}
			}
		}
		i = s.skipNewlines(vend+1, to)
	}
}
