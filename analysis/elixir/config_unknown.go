package elixir

import (
	"fmt"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
)

// UnknownPart is a part of the configuration that cannot be evaluated
// without running Elixir, e.g. `config :snakebridge, venv_path: …` inside
// `if File.dir?(…) do … end`: the keys it may set keep an unknown value.
// Whether that matters depends on what the keys are used for, which the
// caller decides.
type UnknownPart struct {
	// App is "snakebridge" or "snakepit"; "" when any application's
	// configuration may change (an import_config that cannot be followed).
	App string
	// Keys are the keys the part may set, sorted; nil means any key.
	Keys []string
	// File and Range locate the part: the statement, or the value that
	// could not be evaluated.
	File  string
	Range Range
	// Reason says what could not be evaluated.
	Reason string
}

// AnyKey reports whether the part may set keys that are not known.
func (u UnknownPart) AnyKey() bool { return u.Keys == nil }

// unknownIn records, instead of failing, every config statement for the
// applications of interest and every import_config among tokens
// [from, to), which cannot be evaluated because of reason.
func (r *configReader) unknownIn(s *Source, from, to int, reason string) {
	for i := from; i < to; i++ {
		switch {
		case s.Is(i, Ident, "import_config"):
			r.unknown = append(r.unknown, UnknownPart{File: s.File, Range: s.Range(i, s.StatementEnd(i, to)),
				Reason: "import_config inside " + reason})
		case s.Is(i, Ident, "config") && !s.Is(i-1, Dot, ""):
			j := i + 1
			if s.Is(j, LParen, "") {
				j++
			}
			j = s.skipNewlines(j, to)
			if s.Toks[j].Kind != Atom {
				continue
			}
			app := string(s.Src[s.Toks[j].Start+1 : s.Toks[j].End])
			if !configApps[app] {
				continue
			}
			end := s.StatementEnd(i, to)
			r.unknown = append(r.unknown, UnknownPart{App: app, Keys: configKeys(s, i, end), File: s.File,
				Range: s.Range(i, end), Reason: fmt.Sprintf("config :%s inside %s", app, reason)})
		}
	}
}

// configKeys reads syntactically the keys a `config :app, …` statement over
// tokens [from, to) sets, without evaluating values: `config :app, k: v, …`,
// `config :app, [k: v, …]` and `config :app, :k, v`. It returns nil when
// the keys themselves are not literal.
func configKeys(s *Source, from, to int) []string {
	args, kw := callArgs(s, from, to)
	if len(args) < 2 {
		return nil
	}
	var keys []string
	switch a := args[1]; {
	case len(args) == 2 && kw:
		keys = keywordKeys(s, a[0], a[1])
	case len(args) == 2 && s.Is(a[0], LBracket, "") && int(s.Match[a[0]]) == a[1]-1:
		keys = keywordKeys(s, a[0]+1, a[1]-1)
	case len(args) == 3 && s.Toks[a[0]].Kind == Atom && a[1] == a[0]+1:
		keys = []string{string(s.Src[s.Toks[a[0]].Start+1 : s.Toks[a[0]].End])}
	}
	if keys == nil {
		return nil
	}
	sort.Strings(keys)
	return keys
}

// keywordKeys returns the keys of `k1: v1, k2: v2` over tokens [from, to),
// or nil when something there is not a literal key.
func keywordKeys(s *Source, from, to int) []string {
	keys := []string{}
	for i := s.skipNewlines(from, to); i < to; i = s.skipNewlines(i, to) {
		if !s.Is(i, KwKey, "") {
			return nil
		}
		keys = append(keys, s.KwName(i))
		i = s.ExprEnd(i+1, to)
		if i < to && s.Toks[i].Kind == Comma {
			i++
		}
	}
	return keys
}

// configLenient evaluates a top-level config statement pair by pair when
// evaluating it whole failed with err: pairs that evaluate are merged, the
// others become unknown parts of their key. It returns err when not even
// the keys can be told apart.
func (r *configReader) configLenient(s *Source, app string, args [][2]int, kw bool, err error) error {
	e := &evaluator{s: s, what: "config :" + app, env: &r.env}
	var pairs [][2]int // token range of each key: value
	switch a := args[1]; {
	case len(args) == 2 && kw:
		pairs = pairRanges(s, a[0], a[1])
	case len(args) == 2 && s.Is(a[0], LBracket, "") && int(s.Match[a[0]]) == a[1]-1:
		pairs = pairRanges(s, a[0]+1, a[1]-1)
	case len(args) == 3 && s.Toks[a[0]].Kind == Atom && a[1] == a[0]+1:
		key := string(s.Src[s.Toks[a[0]].Start+1 : s.Toks[a[0]].End])
		v, verr := e.whole(args[2][0], args[2][1])
		if verr != nil {
			r.unknownValue(app, key, s, args[2][0], args[2][1], verr)
			return nil
		}
		k := e.node(term.Atom(key), a[0], a[1], nil)
		r.merge(app, []*Node{{Term: term.Tuple{term.Atom(key), v.Term}, Range: Range{Start: k.Range.Start, End: v.Range.End}, Elems: []*Node{k, v}, File: s.File}})
		return nil
	}
	if pairs == nil {
		return err
	}
	for _, p := range pairs {
		key := s.KwName(p[0])
		nodes, perr := e.keywords(p[0], p[1])
		if perr != nil {
			r.unknownValue(app, key, s, p[0], p[1], perr)
			continue
		}
		r.merge(app, nodes)
	}
	return nil
}

// pairRanges splits `k1: v1, k2: v2` over [from, to) into the token range
// of each pair; nil when a key is not a literal keyword key.
func pairRanges(s *Source, from, to int) [][2]int {
	var out [][2]int
	for i := s.skipNewlines(from, to); i < to; i = s.skipNewlines(i, to) {
		if !s.Is(i, KwKey, "") {
			return nil
		}
		end := s.ExprEnd(i+1, to)
		out = append(out, [2]int{i, end})
		i = end
		if i < to && s.Toks[i].Kind == Comma {
			i++
		}
	}
	return out
}

// isSyntax tells malformed source, which stays an error, from source that
// is well formed but cannot be evaluated statically.
func isSyntax(e *Error) bool { return strings.HasPrefix(e.Msg, "syntax error") }

func (r *configReader) unknownValue(app, key string, s *Source, from, to int, err error) {
	reason := err.Error()
	if ee, ok := err.(*Error); ok {
		reason = ee.Msg
	}
	r.unknown = append(r.unknown, UnknownPart{App: app, Keys: []string{key}, File: s.File, Range: s.Range(from, to), Reason: reason})
}
