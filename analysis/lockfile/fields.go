package lockfile

import (
	"fmt"
	"strconv"
	"strings"
)

// Opt is a scalar field read from a JSON object. Present reports whether the
// key exists; Null whether its value was null (Value is then the zero value).
type Opt[T any] struct {
	Value   T
	Present bool
	Null    bool
}

// Valid reports whether the field is present and not null.
func (o Opt[T]) Valid() bool { return o.Present && !o.Null }

// Arity is a manifest maximum_arity: an integer or the string "unbounded".
type Arity struct {
	N         int
	Unbounded bool
}

// fieldReader extracts typed fields from parsed nodes and remembers the first
// type error. Every field accepts null; objects read as absent when null.
type fieldReader struct {
	file string
	err  *Error
}

// fieldPath renders path segments as a.b["c.d"][3]: keys that would be
// ambiguous in dotted form are quoted.
func fieldPath(parent, key string) string {
	if key == "" || strings.ContainsAny(key, `.[]" `) || strings.ContainsFunc(key, func(r rune) bool { return r < 0x20 }) {
		return parent + "[" + strconv.Quote(key) + "]"
	}
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func indexPath(parent string, i int) string { return parent + "[" + strconv.Itoa(i) + "]" }

// fieldRef names a field for an error message and is rendered only when
// one is reported: the readers name every field they read, and building
// each name (a concatenation and a scan for characters to quote) took a
// third of a manifest's parse.
type fieldRef struct {
	parent, key string
	whole       bool // parent is the whole path
}

// field is the member key of the field at parent.
func field(parent, key string) fieldRef { return fieldRef{parent: parent, key: key} }

// pathOf is a path already rendered.
func pathOf(path string) fieldRef { return fieldRef{parent: path, whole: true} }

func (f fieldRef) String() string {
	if f.whole {
		return f.parent
	}
	return fieldPath(f.parent, f.key)
}

func (r *fieldReader) wrongType(n *Node, path fieldRef, want string) {
	if r.err != nil {
		return
	}
	got := n.Kind.describe()
	if n.Kind == KindNumber && strings.HasPrefix(want, "an integer") {
		got = "the non-integer number " + n.Str
	}
	r.err = &Error{File: r.file, Range: n.Range, Msg: fmt.Sprintf("%s: expected %s, got %s", path.String(), want, got)}
}

// object returns the member key of obj if it is an object; nil when absent or
// null (or on a type error, which is recorded).
func (r *fieldReader) object(obj *Node, key string, path fieldRef) *Node {
	return r.asObject(obj.Get(key), path)
}

// asObject is object for a node already at hand (n may be nil).
func (r *fieldReader) asObject(n *Node, path fieldRef) *Node {
	if n == nil || n.Kind == KindNull {
		return nil
	}
	if n.Kind != KindObject {
		r.wrongType(n, path, "an object or null")
		return nil
	}
	return n
}

func (r *fieldReader) str(obj *Node, key string, path fieldRef) Opt[string] {
	n := obj.Get(key)
	switch {
	case n == nil:
		return Opt[string]{}
	case n.Kind == KindNull:
		return Opt[string]{Present: true, Null: true}
	case n.Kind == KindString:
		return Opt[string]{Value: n.Str, Present: true}
	}
	r.wrongType(n, path, "a string or null")
	return Opt[string]{}
}

func (r *fieldReader) boolean(obj *Node, key string, path fieldRef) Opt[bool] {
	n := obj.Get(key)
	switch {
	case n == nil:
		return Opt[bool]{}
	case n.Kind == KindNull:
		return Opt[bool]{Present: true, Null: true}
	case n.Kind == KindBool:
		return Opt[bool]{Value: n.Bool, Present: true}
	}
	r.wrongType(n, path, "a boolean or null")
	return Opt[bool]{}
}

func (r *fieldReader) integer(obj *Node, key string, path fieldRef) Opt[int] {
	n := obj.Get(key)
	switch {
	case n == nil:
		return Opt[int]{}
	case n.Kind == KindNull:
		return Opt[int]{Present: true, Null: true}
	case n.Kind == KindNumber:
		if v, ok := r.intValue(n, path); ok {
			return Opt[int]{Value: v, Present: true}
		}
		return Opt[int]{}
	}
	r.wrongType(n, path, "an integer or null")
	return Opt[int]{}
}

func (r *fieldReader) intValue(n *Node, path fieldRef) (int, bool) {
	v, err := strconv.Atoi(n.Str)
	if err == nil {
		return v, true
	}
	if strings.ContainsAny(n.Str, ".eE") {
		r.wrongType(n, path, "an integer or null")
	} else if r.err == nil {
		r.err = &Error{File: r.file, Range: n.Range, Msg: fmt.Sprintf("%s: integer %s is out of range", path, n.Str)}
	}
	return 0, false
}

// arity reads an integer or the string "unbounded".
func (r *fieldReader) arity(obj *Node, key string, path fieldRef) Opt[Arity] {
	n := obj.Get(key)
	switch {
	case n == nil:
		return Opt[Arity]{}
	case n.Kind == KindNull:
		return Opt[Arity]{Present: true, Null: true}
	case n.Kind == KindString && n.Str == "unbounded":
		return Opt[Arity]{Value: Arity{Unbounded: true}, Present: true}
	case n.Kind == KindNumber:
		if v, ok := r.intValue(n, path); ok {
			return Opt[Arity]{Value: Arity{N: v}, Present: true}
		}
		return Opt[Arity]{}
	}
	if r.err == nil {
		got := n.Kind.describe()
		if n.Kind == KindString {
			got = "the string " + strconv.Quote(n.Str)
		}
		r.err = &Error{File: r.file, Range: n.Range, Msg: fmt.Sprintf(`%s: expected an integer, "unbounded" or null, got %s`, path, got)}
	}
	return Opt[Arity]{}
}

func (r *fieldReader) strings(obj *Node, key string, path fieldRef) Opt[[]string] {
	n := obj.Get(key)
	switch {
	case n == nil:
		return Opt[[]string]{}
	case n.Kind == KindNull:
		return Opt[[]string]{Present: true, Null: true}
	case n.Kind != KindArray:
		r.wrongType(n, path, "an array of strings or null")
		return Opt[[]string]{}
	}
	out := make([]string, 0, len(n.Elems))
	for i, e := range n.Elems {
		if e.Kind != KindString {
			r.wrongType(e, pathOf(indexPath(path.String(), i)), "a string")
			return Opt[[]string]{}
		}
		out = append(out, e.Str)
	}
	return Opt[[]string]{Value: out, Present: true}
}

// root checks that a document is an object.
func (r *fieldReader) root(n *Node, what string) bool {
	if n.Kind == KindObject {
		return true
	}
	r.err = &Error{File: r.file, Range: n.Range, Msg: fmt.Sprintf("expected %s (a JSON object), got %s", what, n.Kind.describe())}
	return false
}

// errOrNil avoids returning a typed nil pointer as a non-nil error.
func (r *fieldReader) errOrNil() error {
	if r.err == nil {
		return nil
	}
	return r.err
}
