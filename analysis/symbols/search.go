package symbols

import (
	"sort"
	"strings"
)

// Symbol is a Search result: a module (Function nil) or a function.
type Symbol struct {
	Module   *Module
	Function *Function
}

// Name is the symbol's full Elixir name ("Numpy.Linalg" or "Numpy.mean").
func (s Symbol) Name() string {
	if s.Function != nil {
		return s.Function.FullName()
	}
	return s.Module.Name
}

// Search returns up to limit modules and functions matching query, best
// first: case-insensitively, a name equal to the query, then one starting
// with it, then one containing it (the query is matched against the last
// name segment and against the full dotted name, so "linalg.norm" finds
// Numpy.Linalg.norm). An empty query matches nothing.
func (ix *Index) Search(query string, limit int) []Symbol {
	if ix == nil || query == "" || limit <= 0 {
		return nil
	}
	q := strings.ToLower(query)
	var hits []hit
	consider := func(s Symbol, short, full string) {
		score, ok := matchScore(q, short, full)
		if !ok {
			return
		}
		hits = append(hits, hit{s: s, score: score, name: full})
		if len(hits) >= 4*limit+64 {
			hits = best(hits, limit)
		}
	}
	for _, m := range ix.modules {
		consider(Symbol{Module: m}, lastSegment(m.Name), m.Name)
		for i := range m.Functions {
			f := &m.Functions[i]
			consider(Symbol{Module: m, Function: f}, f.Name, m.Name+"."+f.Name)
		}
	}
	hits = best(hits, limit)
	out := make([]Symbol, len(hits))
	for i, h := range hits {
		out[i] = h.s
	}
	return out
}

type hit struct {
	s     Symbol
	score int
	name  string
}

// best sorts hits by score, then shorter and alphabetically earlier names,
// and keeps the first limit.
func best(hits []hit, limit int) []hit {
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.score != b.score {
			return a.score < b.score
		}
		if len(a.name) != len(b.name) {
			return len(a.name) < len(b.name)
		}
		return a.name < b.name
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// matchScore ranks a match of the lower-case query: 0 exact, 1 prefix, 2
// substring of the short name, 3 substring of the full name.
func matchScore(q, short, full string) (int, bool) {
	switch {
	case strings.EqualFold(short, q) || strings.EqualFold(full, q):
		return 0, true
	case hasPrefixFold(short, q):
		return 1, true
	case containsFold(short, q):
		return 2, true
	case containsFold(full, q):
		return 3, true
	}
	return 0, false
}

func hasPrefixFold(s, q string) bool { return len(s) >= len(q) && strings.EqualFold(s[:len(q)], q) }

// containsFold is an allocation-free case-insensitive strings.Contains for
// ASCII queries (names are ASCII identifiers).
func containsFold(s, q string) bool {
	for i := 0; i+len(q) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(q)], q) {
			return true
		}
	}
	return false
}

func lastSegment(name string) string {
	if k := strings.LastIndexByte(name, '.'); k >= 0 {
		return name[k+1:]
	}
	return name
}
