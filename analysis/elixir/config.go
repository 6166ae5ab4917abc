package elixir

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// ConfigEnv is what config files may depend on.
type ConfigEnv struct {
	// MixEnv is the value of config_env() and Mix.env() ("dev" if empty).
	MixEnv string
	// Target is the value of config_target() and Mix.target() ("host" if
	// empty).
	Target string
	// Getenv looks up environment variables for System.get_env/1,2; nil
	// means that no variable is set.
	Getenv func(string) (string, bool)
}

func (c *ConfigEnv) mixEnv() string {
	if c.MixEnv == "" {
		return "dev"
	}
	return c.MixEnv
}

func (c *ConfigEnv) target() string {
	if c.Target == "" {
		return "host"
	}
	return c.Target
}

func (c *ConfigEnv) getenv(name string) (string, bool) {
	if c.Getenv == nil {
		return "", false
	}
	return c.Getenv(name)
}

// Setting is one configured key with its merged value.
type Setting struct {
	// File is the config file of the statement that last set the key.
	File string
	Node *Node
}

// Config is the application configuration of :snakebridge and :snakepit
// as Mix's loadconfig computes it from config/config.exs and its imports.
type Config struct {
	Snakebridge map[string]Setting // key (atom name without colon) → merged value
	Snakepit    map[string]Setting
	Files       []string // every config file read, in order (for watching)
	// Unknown are the parts that could not be evaluated statically; the
	// rest of the configuration is evaluated around them.
	Unknown []UnknownPart
}

// configApps are the applications whose config statements are evaluated.
var configApps = map[string]bool{"snakebridge": true, "snakepit": true}

// LoadConfig reads configDir/config.exs and what it imports. A missing
// config.exs means no configuration, not an error.
func LoadConfig(ctx context.Context, configDir string, env ConfigEnv) (*Config, error) {
	path := filepath.Join(configDir, "config.exs")
	src, err := safefile.ReadFile(path, safefile.MaxSource)
	if errors.Is(err, fs.ErrNotExist) {
		return &Config{Snakebridge: map[string]Setting{}, Snakepit: map[string]Setting{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	readFile := func(p string) ([]byte, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return safefile.ReadFile(p, safefile.MaxSource)
	}
	return ParseConfig(path, src, env, readFile)
}

// ParseConfig evaluates the config file at path (source src): its
// `config :snakebridge, ...` and `config :snakepit, ...` statements,
// import_config (files read with readFile, relative to the importing file)
// and `if config_env() == :env do ... else ... end` conditions. Statements
// for other applications are skipped. What would change the configuration
// of those two applications but cannot be evaluated (a condition on a file,
// a value computed by a function) becomes an UnknownPart naming the keys
// it may set; malformed source is an *Error.
func ParseConfig(path string, src []byte, env ConfigEnv, readFile func(string) ([]byte, error)) (*Config, error) {
	r := &configReader{env: env, readFile: readFile, apps: map[string][]*Node{}}
	if err := r.file(path, src); err != nil {
		return nil, err
	}
	return &Config{Snakebridge: settings(r.apps["snakebridge"]), Snakepit: settings(r.apps["snakepit"]), Files: r.files, Unknown: r.unknown}, nil
}

// settings turns merged keyword pairs into the key → value map; as with
// Application.put_all_env, a later duplicate key wins.
func settings(pairs []*Node) map[string]Setting {
	out := make(map[string]Setting, len(pairs))
	for _, p := range pairs {
		key := string(p.Elems[0].Term.(term.Atom))
		out[key] = Setting{File: p.Elems[1].File, Node: p.Elems[1]}
	}
	return out
}

type configReader struct {
	env       ConfigEnv
	readFile  func(string) ([]byte, error)
	apps      map[string][]*Node // app → merged keyword pairs
	files     []string
	importing []string // import_config chain, against cycles
	depth     int
	unknown   []UnknownPart
}

func (r *configReader) file(path string, src []byte) error {
	for _, p := range r.importing {
		if p == path {
			return fmt.Errorf("import_config cycle: %s imports itself (through %v)", path, r.importing)
		}
	}
	s, err := NewSource(path, src)
	if err != nil {
		return err
	}
	r.files = append(r.files, path)
	r.importing = append(r.importing, path)
	defer func() { r.importing = r.importing[:len(r.importing)-1] }()
	return r.statements(s, 0, len(s.Toks)-1)
}

func (r *configReader) statements(s *Source, from, to int) error {
	r.depth++
	defer func() { r.depth-- }()
	if r.depth > MaxDepth {
		return s.errorf(from, from+1, "config nested too deeply (more than %d levels)", MaxDepth)
	}
	for _, st := range s.Statements(from, to) {
		if err := r.statement(s, st[0], st[1]); err != nil {
			return err
		}
	}
	return nil
}

func (r *configReader) statement(s *Source, from, to int) error {
	if s.Toks[from].Kind == Ident {
		switch s.Text(from) {
		case "import", "use", "require", "alias":
			return nil
		case "config":
			return r.config(s, from, to)
		case "import_config":
			return r.importConfig(s, from, to)
		case "if", "unless":
			return r.ifStatement(s, from, to)
		}
	}
	r.unknownIn(s, from, to, "a statement that is not evaluated ("+s.Text(from)+" …)")
	return nil
}

// callArgs returns the argument ranges of the call `name args` or
// `name(args)` whose name is at i, and whether the last one is a keyword
// list without brackets.
func callArgs(s *Source, i, to int) ([][2]int, bool) {
	if s.Is(i+1, LParen, "") && s.Adjacent(i, i+1) {
		end := int(s.Match[i+1])
		return s.Args(i+2, end)
	}
	return s.Args(i+1, to)
}

func (r *configReader) config(s *Source, from, to int) error {
	args, kw := callArgs(s, from, to)
	if len(args) < 2 {
		return nil
	}
	appTok := s.skipNewlines(args[0][0], args[0][1])
	if s.Toks[appTok].Kind != Atom || appTok+1 != args[0][1] {
		return nil
	}
	app := string(s.Src[s.Toks[appTok].Start+1 : s.Toks[appTok].End])
	if !configApps[app] {
		return nil
	}
	e := &evaluator{s: s, what: "config :" + app, env: &r.env}
	nodes, err := e.args(args[1:], kw)
	if err != nil {
		var ee *Error
		if !errors.As(err, &ee) || isSyntax(ee) {
			return err
		}
		return r.configLenient(s, app, args, kw, err)
	}
	switch len(nodes) {
	case 1:
		l, ok := nodes[0].Term.(term.List)
		if !ok || !term.IsKeyword(l) {
			return &Error{File: s.File, Range: nodes[0].Range, Msg: fmt.Sprintf("config :%s expects a keyword list, got %s", app, term.Inspect(nodes[0].Term))}
		}
		r.merge(app, nodes[0].Elems)
	case 2:
		key, ok := nodes[0].Term.(term.Atom)
		if !ok {
			return &Error{File: s.File, Range: nodes[0].Range, Msg: fmt.Sprintf("config :%s, key, value expects an atom key, got %s", app, term.Inspect(nodes[0].Term))}
		}
		pair := &Node{Term: term.Tuple{key, nodes[1].Term}, Range: Range{Start: nodes[0].Range.Start, End: nodes[1].Range.End}, Elems: nodes, File: s.File}
		r.merge(app, []*Node{pair})
	default:
		return s.errorf(from, to, "config/%d is not a config statement Mix understands", len(nodes)+1)
	}
	return nil
}

// merge applies Config.config/2,3: Keyword.merge of the application's
// configuration with the new pairs, merging keyword values recursively.
func (r *configReader) merge(app string, pairs []*Node) {
	r.apps[app] = mergeKeyword(r.apps[app], pairs)
}

// mergeKeyword is Keyword.merge(old, new, &deep_merge/3) on pair nodes:
// the pairs of old whose keys new does not have, then the pairs of new, a
// value merged with the first pair of old with the same key.
func mergeKeyword(old, new []*Node) []*Node {
	original := append([]*Node{}, old...)
	rest := append([]*Node{}, old...)
	var acc []*Node
	for _, p := range new {
		key := p.Elems[0].Term
		idx := -1
		for k, o := range original {
			if term.Equal(o.Elems[0].Term, key) {
				idx = k
				break
			}
		}
		if idx < 0 {
			acc = append(acc, p)
			continue
		}
		acc = append(acc, mergePair(original[idx], p))
		original = append(original[:idx:idx], original[idx+1:]...)
		kept := rest[:0:0]
		for _, o := range rest {
			if !term.Equal(o.Elems[0].Term, key) {
				kept = append(kept, o)
			}
		}
		rest = kept
	}
	return append(rest, acc...)
}

// mergePair is Config's deep_merge: keyword values merge recursively, any
// other value replaces the old one.
func mergePair(old, new *Node) *Node {
	ov, nv := old.Elems[1], new.Elems[1]
	ol, ok1 := ov.Term.(term.List)
	nl, ok2 := nv.Term.(term.List)
	if !ok1 || !ok2 || !term.IsKeyword(ol) || !term.IsKeyword(nl) {
		return new
	}
	elems := mergeKeyword(ov.Elems, nv.Elems)
	merged := &Node{Term: terms(elems), Range: nv.Range, Elems: elems, File: nv.File}
	return &Node{Term: term.Tuple{new.Elems[0].Term, merged.Term}, Range: new.Range, Elems: []*Node{new.Elems[0], merged}, File: new.File}
}

func (r *configReader) importConfig(s *Source, from, to int) error {
	args, _ := callArgs(s, from, to)
	if len(args) != 1 {
		return s.errorf(from, to, "import_config expects one argument, a file name")
	}
	e := &evaluator{s: s, what: "import_config", env: &r.env, interpolate: true}
	n, err := e.whole(args[0][0], args[0][1])
	if err != nil {
		return err
	}
	name, ok := n.Term.(term.Binary)
	if !ok {
		return &Error{File: s.File, Range: n.Range, Msg: fmt.Sprintf("import_config expects a file name, got %s", term.Inspect(n.Term))}
	}
	path := string(name)
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(s.File), path)
	}
	src, err := r.readFile(path)
	if err != nil {
		return &Error{File: s.File, Range: n.Range, Msg: fmt.Sprintf("import_config: could not read %s: %v", path, err)}
	}
	if err := r.file(path, src); err != nil {
		var ee *Error
		if errors.As(err, &ee) {
			return err
		}
		return &Error{File: s.File, Range: n.Range, Msg: err.Error()}
	}
	return nil
}

// ifStatement evaluates `if cond do ... else ... end` (and unless) whose
// condition compares config_env(), Mix.env(), config_target() or
// Mix.target() with atoms: ==, !=, ===, !==, in, not in.
func (r *configReader) ifStatement(s *Source, from, to int) error {
	do := -1
	for j := from + 1; j < to; j = s.Skip(j) {
		if s.Toks[j].Kind == Do {
			do = j
			break
		}
	}
	if do < 0 {
		r.unknownIn(s, from, to, "an if with do: (not evaluated)")
		return nil
	}
	end := int(s.Match[do])
	elseAt := end
	for j := do + 1; j < end; j = s.Skip(j) {
		if s.Is(j, Ident, "else") {
			elseAt = j
			break
		}
	}
	cond, cerr := r.condition(s, from+1, do)
	if cerr != nil {
		r.unknownIn(s, do, end, "an if whose condition cannot be evaluated ("+cerr.Msg+")")
		return nil
	}
	if s.Is(from, Ident, "unless") {
		cond = !cond
	}
	if cond {
		return r.statements(s, do+1, elseAt)
	}
	if elseAt < end {
		return r.statements(s, elseAt+1, end)
	}
	return nil
}

// condition evaluates a static if condition over tokens [from, to).
func (r *configReader) condition(s *Source, from, to int) (bool, *Error) {
	for from < to && s.Toks[from].Kind == LParen && int(s.Match[from]) == to-1 {
		from, to = from+1, to-1
	}
	op, opEnd := -1, -1
	for j := from; j < to; j = s.Skip(j) {
		t := s.Toks[j]
		switch {
		case t.Kind == Op && (t.is(s.Src, "==") || t.is(s.Src, "!=") || t.is(s.Src, "===") || t.is(s.Src, "!==")):
			op, opEnd = j, j+1
		case s.Is(j, Ident, "in"):
			op, opEnd = j, j+1
		case s.Is(j, Ident, "not") && s.Is(j+1, Ident, "in"):
			op, opEnd = j, j+2
		}
		if op >= 0 {
			break
		}
	}
	e := &evaluator{s: s, what: "an if condition", env: &r.env}
	if op < 0 {
		// A condition without comparison is Elixir truthiness, e.g.
		// `if System.get_env("CI") do`, when its value can be evaluated.
		v, err := e.whole(from, to)
		if err != nil {
			return false, s.errorf(from, to, "only conditions comparing config_env() with atoms, or values known statically, are understood")
		}
		return truthy(v.Term), nil
	}
	l, err := e.whole(from, op)
	if err != nil {
		return false, err.(*Error)
	}
	rv, err := e.whole(opEnd, to)
	if err != nil {
		return false, err.(*Error)
	}
	switch text := s.Text(op); text {
	case "==", "===":
		return term.Equal(l.Term, rv.Term), nil
	case "!=", "!==":
		return !term.Equal(l.Term, rv.Term), nil
	}
	list, ok := rv.Term.(term.List)
	if !ok {
		return false, &Error{File: s.File, Range: rv.Range, Msg: "the right side of in must be a list"}
	}
	found := false
	for _, x := range list {
		found = found || term.Equal(x, l.Term)
	}
	return found == s.Is(op, Ident, "in"), nil
}
