package term

import (
	"math"
	"math/big"
	"strings"
)

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

// Compare orders terms as Erlang's standard term order does, which is how
// small maps order their keys in the external format.
func Compare(a, b Term) int {
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
		if c := Compare(a[i], b[i]); c != 0 {
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
	ka, kb := sortedEntries(a), sortedEntries(b)
	for i := range ka {
		if c := Compare(a.Keys[ka[i]], b.Keys[kb[i]]); c != 0 {
			return c
		}
	}
	for i := range ka {
		if c := Compare(a.Values[ka[i]], b.Values[kb[i]]); c != 0 {
			return c
		}
	}
	return 0
}

func sortedEntries(m Map) []int {
	idx := make([]int, len(m.Keys))
	for i := range idx {
		idx[i] = i
	}
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && Compare(m.Keys[idx[j-1]], m.Keys[idx[j]]) > 0; j-- {
			idx[j-1], idx[j] = idx[j], idx[j-1]
		}
	}
	return idx
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
