package lockfile

import "sort"

// Value is an ordered JSON value for MarshalJason: Object, Array, String,
// Number, Bool or Null. A nil Value is written as null, like Elixir's nil.
type Value interface{ jsonValue() }

// Object is a JSON object whose members are written in Keys order.
// Keys and Values must have the same length.
type Object struct {
	Keys   []string
	Values []Value
}

// Array is a JSON array.
type Array []Value

// String is a JSON string (must be valid UTF-8 to be written).
type String string

// Number is a JSON number kept as its literal text, written verbatim (it must
// match the JSON number grammar). Jason writes integers with
// Integer.to_string/1, which is what strconv.Itoa produces.
type Number string

// Bool is a JSON boolean.
type Bool bool

// Null is the JSON null.
type Null struct{}

func (Object) jsonValue() {}
func (Array) jsonValue()  {}
func (String) jsonValue() {}
func (Number) jsonValue() {}
func (Bool) jsonValue()   {}
func (Null) jsonValue()   {}

// Get returns the value of the last member named key.
func (o Object) Get(key string) (Value, bool) {
	for i := len(o.Keys) - 1; i >= 0; i-- {
		if o.Keys[i] == key {
			return o.Values[i], true
		}
	}
	return nil, false
}

// Set replaces the value of the member named key, or appends the member.
func (o *Object) Set(key string, v Value) {
	for i := len(o.Keys) - 1; i >= 0; i-- {
		if o.Keys[i] == key {
			o.Values[i] = v
			return
		}
	}
	o.Keys = append(o.Keys, key)
	o.Values = append(o.Values, v)
}

// SortedObject builds an Object from a map with keys in byte order. That is
// the order in which Jason writes an Elixir map with at most 32 keys (an
// Erlang "flatmap" iterates sorted). Upstream maps with more keys iterate in
// hash (HAMT) order, which we deliberately do not reproduce: we always sort.
func SortedObject(m map[string]Value) Object {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	o := Object{Keys: keys, Values: make([]Value, len(keys))}
	for i, k := range keys {
		o.Values[i] = m[k]
	}
	return o
}

// SortAll returns v with the members of every object, at any depth, stably
// sorted by key in byte order — what a Jason round trip through Elixir maps
// does to a decoded document (see SortedObject for maps over 32 keys).
func SortAll(v Value) Value {
	switch t := v.(type) {
	case Object:
		if len(t.Keys) != len(t.Values) {
			return t // left for MarshalJason to reject
		}
		idx := make([]int, len(t.Keys))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return t.Keys[idx[a]] < t.Keys[idx[b]] })
		o := Object{Keys: make([]string, len(idx)), Values: make([]Value, len(idx))}
		for i, j := range idx {
			o.Keys[i], o.Values[i] = t.Keys[j], SortAll(t.Values[j])
		}
		return o
	case Array:
		a := make(Array, len(t))
		for i, e := range t {
			a[i] = SortAll(e)
		}
		return a
	}
	return v
}
