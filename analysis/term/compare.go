package term

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strings"
)

var errTooDeep = errors.New("term nested deeper than the supported depth")

// typeRank is Erlang's term order across types:
// number < atom < reference < fun < port < pid < tuple < map < nil < list < bitstring.
func typeRank(t Term) int {
	switch x := t.(type) {
	case Integer, Float:
		return 0
	case Atom:
		return 1
	case Tuple:
		return 2
	case Map:
		return 3
	case List:
		if len(x) == 0 {
			return 4
		}
		return 5
	case Binary:
		return 6
	}
	return 7
}

// compareCanonical orders terms as Erlang's standard term order does, which
// is how small maps order their keys in the external format. Both terms must
// be canonical (see canonicalize): their maps already hold sorted keys, so a
// comparison never sorts and stays linear in the size of the terms.
func compareCanonical(a, b Term) int {
	ra, rb := typeRank(a), typeRank(b)
	if ra != rb {
		return cmpInt(ra, rb)
	}
	switch x := a.(type) {
	case Integer, Float:
		return compareNumbers(a, b)
	case Atom:
		return strings.Compare(string(x), string(b.(Atom)))
	case Binary:
		return strings.Compare(string(x), string(b.(Binary)))
	case Tuple:
		y := b.(Tuple)
		if len(x) != len(y) {
			return cmpInt(len(x), len(y))
		}
		return compareSeq(x, y)
	case List:
		return compareLists(x, b.(List))
	case Map:
		return compareMaps(x, b.(Map))
	}
	return 0
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func compareSeq(a, b []Term) int {
	for i := range a {
		if c := compareCanonical(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

func compareLists(a, b List) int {
	n := min(len(a), len(b))
	if c := compareSeq(a[:n], b[:n]); c != 0 {
		return c
	}
	return cmpInt(len(a), len(b))
}

func compareMaps(a, b Map) int {
	if len(a.Keys) != len(b.Keys) {
		return cmpInt(len(a.Keys), len(b.Keys))
	}
	if c := compareSeq(a.Keys, b.Keys); c != 0 {
		return c
	}
	return compareSeq(a.Values, b.Values)
}

// canonicalize returns t with every map deduplicated (the last value of a
// repeated key wins, as in a map literal) and its keys in term order,
// bottom-up, so that each map is sorted exactly once.
func canonicalize(t Term, depth int) (Term, error) {
	if depth > maxDepth {
		return nil, errTooDeep
	}
	switch x := t.(type) {
	case List:
		out := make(List, len(x))
		for i, e := range x {
			c, err := canonicalize(e, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case Tuple:
		out := make(Tuple, len(x))
		for i, e := range x {
			c, err := canonicalize(e, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case Map:
		return canonicalMap(x, depth)
	}
	return t, nil
}

func canonicalMap(m Map, depth int) (Term, error) {
	if len(m.Keys) != len(m.Values) {
		return nil, fmt.Errorf("map has %d keys but %d values", len(m.Keys), len(m.Values))
	}
	keys := make([]Term, len(m.Keys))
	values := make([]Term, len(m.Values))
	for i := range m.Keys {
		k, err := canonicalize(m.Keys[i], depth+1)
		if err != nil {
			return nil, err
		}
		v, err := canonicalize(m.Values[i], depth+1)
		if err != nil {
			return nil, err
		}
		keys[i], values[i] = k, v
	}
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	// Stable sort by key; among equal keys the last occurrence survives.
	sort.SliceStable(idx, func(i, j int) bool { return compareCanonical(keys[idx[i]], keys[idx[j]]) < 0 })
	out := Map{}
	for n, i := range idx {
		if n+1 < len(idx) && compareCanonical(keys[i], keys[idx[n+1]]) == 0 && sameKeyKind(keys[i], keys[idx[n+1]]) {
			continue
		}
		out.Keys = append(out.Keys, keys[i])
		out.Values = append(out.Values, values[i])
	}
	return out, nil
}

// sameKeyKind tells 1 and 1.0 apart: they compare equal in term order but
// are different map keys.
func sameKeyKind(a, b Term) bool {
	_, ai := a.(Integer)
	_, bi := b.(Integer)
	return ai == bi
}

func compareNumbers(a, b Term) int {
	fa, fb := toBigFloat(a), toBigFloat(b)
	return fa.Cmp(fb)
}

func toBigFloat(t Term) *big.Float {
	switch x := t.(type) {
	case Integer:
		return new(big.Float).SetInt(x.V)
	case Float:
		if math.IsNaN(float64(x)) {
			return new(big.Float)
		}
		return big.NewFloat(float64(x))
	}
	return new(big.Float)
}
