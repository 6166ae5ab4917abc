// Package term models the Erlang/Elixir terms that SnakeBridge hashes and that
// our Elixir reader evaluates, and encodes them in the Erlang external term
// format exactly as :erlang.term_to_binary/1,2 does.
package term

import (
	"fmt"
	"math/big"
	"strings"
)

// Term is one Erlang term. The concrete types are Atom, Binary, Integer,
// Float, List, Tuple and Map.
type Term interface {
	isTerm()
}

// Atom is an Erlang atom. Elixir's nil, true and false are the atoms "nil",
// "true" and "false"; an Elixir alias Foo.Bar is the atom "Elixir.Foo.Bar".
type Atom string

// Binary is an Erlang binary, i.e. an Elixir string (arbitrary bytes).
type Binary string

// Integer is an arbitrary-precision integer.
type Integer struct{ V *big.Int }

// Float is an IEEE-754 double.
type Float float64

// List is a proper list. An Elixir charlist is a List of Integers.
type List []Term

// Tuple is an Erlang tuple.
type Tuple []Term

// Map is an Erlang map. Keys and Values are parallel slices in source order;
// the encoder orders them as the runtime does.
type Map struct {
	Keys   []Term
	Values []Term
}

func (Atom) isTerm()    {}
func (Binary) isTerm()  {}
func (Integer) isTerm() {}
func (Float) isTerm()   {}
func (List) isTerm()    {}
func (Tuple) isTerm()   {}
func (Map) isTerm()     {}

// Nil, True and False are the atoms Elixir spells nil, true and false.
const (
	Nil   Atom = "nil"
	True  Atom = "true"
	False Atom = "false"
)

// Int returns the Integer term for v.
func Int(v int64) Integer { return Integer{V: big.NewInt(v)} }

// Bool returns the atom true or false.
func Bool(b bool) Atom {
	if b {
		return True
	}
	return False
}

// IsKeyword reports whether l is an Elixir keyword list: every element a
// 2-tuple whose first element is an atom. The empty list is a keyword list.
func IsKeyword(l List) bool {
	for _, e := range l {
		t, ok := e.(Tuple)
		if !ok || len(t) != 2 {
			return false
		}
		if _, ok := t[0].(Atom); !ok {
			return false
		}
	}
	return true
}

// Equal reports whether a and b are the same term.
func Equal(a, b Term) bool {
	switch x := a.(type) {
	case Atom:
		y, ok := b.(Atom)
		return ok && x == y
	case Binary:
		y, ok := b.(Binary)
		return ok && x == y
	case Integer:
		y, ok := b.(Integer)
		return ok && x.V.Cmp(y.V) == 0
	case Float:
		y, ok := b.(Float)
		return ok && x == y
	case List:
		y, ok := b.(List)
		return ok && equalSlices(x, y)
	case Tuple:
		y, ok := b.(Tuple)
		return ok && equalSlices(x, y)
	case Map:
		y, ok := b.(Map)
		return ok && equalSlices(x.Keys, y.Keys) && equalSlices(x.Values, y.Values)
	}
	return false
}

func equalSlices(a, b []Term) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// Inspect renders t in Elixir syntax, the way a user wrote it, for messages.
func Inspect(t Term) string {
	var b strings.Builder
	inspect(&b, t)
	return b.String()
}

func inspect(b *strings.Builder, t Term) {
	switch x := t.(type) {
	case Atom:
		b.WriteString(inspectAtom(string(x)))
	case Binary:
		fmt.Fprintf(b, "%q", string(x))
	case Integer:
		b.WriteString(x.V.String())
	case Float:
		fmt.Fprintf(b, "%v", float64(x))
	case List:
		inspectList(b, x)
	case Tuple:
		b.WriteByte('{')
		inspectSeq(b, x)
		b.WriteByte('}')
	case Map:
		b.WriteString("%{")
		for i := range x.Keys {
			if i > 0 {
				b.WriteString(", ")
			}
			inspect(b, x.Keys[i])
			b.WriteString(" => ")
			inspect(b, x.Values[i])
		}
		b.WriteByte('}')
	default:
		b.WriteString("?")
	}
}

func inspectList(b *strings.Builder, l List) {
	b.WriteByte('[')
	if len(l) > 0 && IsKeyword(l) {
		for i, e := range l {
			if i > 0 {
				b.WriteString(", ")
			}
			kv := e.(Tuple)
			key := string(kv[0].(Atom))
			if simpleAtom(key) {
				b.WriteString(key)
			} else {
				fmt.Fprintf(b, "%q", key)
			}
			b.WriteString(": ")
			inspect(b, kv[1])
		}
	} else {
		inspectSeq(b, l)
	}
	b.WriteByte(']')
}

func inspectSeq(b *strings.Builder, ts []Term) {
	for i, e := range ts {
		if i > 0 {
			b.WriteString(", ")
		}
		inspect(b, e)
	}
}

func inspectAtom(a string) string {
	switch a {
	case "nil", "true", "false":
		return a
	}
	if strings.HasPrefix(a, "Elixir.") && len(a) > len("Elixir.") {
		return a[len("Elixir."):]
	}
	if simpleAtom(a) {
		return ":" + a
	}
	return fmt.Sprintf(":%q", a)
}

func simpleAtom(a string) bool {
	if a == "" {
		return false
	}
	for i, r := range a {
		switch {
		case r == '_' || (r >= 'a' && r <= 'z'):
		case i > 0 && ((r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '@'):
		case i == len(a)-1 && (r == '?' || r == '!'):
		default:
			return false
		}
	}
	return true
}
