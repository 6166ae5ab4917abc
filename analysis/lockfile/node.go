package lockfile

import "strconv"

// Kind is the JSON type of a Node.
type Kind uint8

// The JSON types.
const (
	KindNull Kind = iota + 1
	KindBool
	KindNumber
	KindString
	KindArray
	KindObject
)

// describe names the kind with an article, for "expected X, got Y" messages.
func (k Kind) describe() string {
	switch k {
	case KindNull:
		return "null"
	case KindBool:
		return "a boolean"
	case KindNumber:
		return "a number"
	case KindString:
		return "a string"
	case KindArray:
		return "an array"
	case KindObject:
		return "an object"
	}
	return "nothing"
}

// Node is one parsed JSON value with its source range.
type Node struct {
	Kind  Kind
	Range Range
	// Str is the decoded text of a string, or the literal text of a number
	// (kept exactly as written).
	Str  string
	Bool bool
	// Elems are the elements of an array.
	Elems []*Node
	// Members are the members of an object in document order. Of duplicate
	// keys only the last occurrence is kept (like Jason, which decodes into a
	// map), at the place where it occurred.
	Members []Member
}

// Member is one key/value pair of an object.
type Member struct {
	Key      string
	KeyRange Range
	Value    *Node
}

// Member returns the object member with the given key, or nil when n is not
// an object or has no such key.
func (n *Node) Member(key string) *Member {
	if n == nil || n.Kind != KindObject {
		return nil
	}
	for i := range n.Members {
		if n.Members[i].Key == key {
			return &n.Members[i]
		}
	}
	return nil
}

// Get returns the value of an object member, or nil.
func (n *Node) Get(key string) *Node {
	if m := n.Member(key); m != nil {
		return m.Value
	}
	return nil
}

// Lookup follows path from n: a segment selects an object member by key, or
// an array element by decimal index.
func (n *Node) Lookup(path ...string) (*Node, bool) {
	cur := n
	for _, seg := range path {
		next := cur.child(seg)
		if next == nil {
			return nil, false
		}
		cur = next
	}
	return cur, cur != nil
}

func (n *Node) child(seg string) *Node {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case KindObject:
		return n.Get(seg)
	case KindArray:
		i, err := strconv.Atoi(seg)
		if err != nil || i < 0 || i >= len(n.Elems) {
			return nil
		}
		return n.Elems[i]
	}
	return nil
}

// PathRange returns the range of the value at path (see Lookup) and true.
// When the path does not exist it returns false and the range of the nearest
// present ancestor instead, so that a diagnostic about a missing field still
// lands somewhere sensible: the key range of the deepest object member on the
// path, or the value range of the deepest array element, or — when not even
// the first segment exists — the first character of n (the opening brace).
func (n *Node) PathRange(path ...string) (Range, bool) {
	if n == nil {
		return Range{}, false
	}
	fallback := Range{Start: n.Range.Start, End: Position{Line: n.Range.Start.Line, Character: n.Range.Start.Character + 1}}
	cur := n
	for _, seg := range path {
		if cur.Kind == KindObject {
			m := cur.Member(seg)
			if m == nil {
				return fallback, false
			}
			fallback, cur = m.KeyRange, m.Value
			continue
		}
		next := cur.child(seg)
		if next == nil {
			return fallback, false
		}
		fallback, cur = next.Range, next
	}
	return cur.Range, true
}

// Value converts the node to the ordered value model of MarshalJason, keeping
// member order and number text.
func (n *Node) Value() Value {
	if n == nil {
		return Null{}
	}
	switch n.Kind {
	case KindBool:
		return Bool(n.Bool)
	case KindNumber:
		return Number(n.Str)
	case KindString:
		return String(n.Str)
	case KindArray:
		a := make(Array, len(n.Elems))
		for i, e := range n.Elems {
			a[i] = e.Value()
		}
		return a
	case KindObject:
		o := Object{Keys: make([]string, len(n.Members)), Values: make([]Value, len(n.Members))}
		for i, m := range n.Members {
			o.Keys[i], o.Values[i] = m.Key, m.Value.Value()
		}
		return o
	}
	return Null{}
}
