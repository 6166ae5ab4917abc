package lockfile

import (
	"fmt"
	"strconv"
)

// JasonEncoder writes a document piece by piece in MarshalJason's layout,
// for documents too large to build as a Value first (a manifest). Open a
// container with BeginObject or BeginArray, write an object member as Key
// followed by its value, and close the container with EndObject or
// EndArray. The first error (invalid UTF-8, a misplaced call, a key out of
// order) sticks: later calls do nothing and Bytes returns it.
type JasonEncoder struct {
	w     jasonWriter
	stack []frame
	err   error
	// SortedKeys makes Key fail unless the keys of each object come in
	// strictly increasing byte order: the order of SortedObject.
	SortedKeys bool
}

type frame struct {
	array bool
	n     int    // elements or members so far
	key   string // the last key, for errors and SortedKeys
	open  bool   // a key waits for its value
}

// NewJasonEncoder returns an encoder whose buffer starts with room for
// sizeHint bytes.
func NewJasonEncoder(sizeHint int) *JasonEncoder {
	return &JasonEncoder{w: jasonWriter{buf: make([]byte, 0, max(sizeHint, 0))}}
}

// Bytes returns the document, or the first error. The document must be
// complete: every container closed, one top-level value.
func (e *JasonEncoder) Bytes() ([]byte, error) {
	switch {
	case e.err != nil:
		return nil, e.err
	case len(e.stack) > 0:
		return nil, e.fail("a container is not closed")
	case len(e.w.buf) == 0:
		return nil, e.fail("the document is empty")
	}
	return e.w.buf, nil
}

// fail records a problem, located by the open containers' keys.
func (e *JasonEncoder) fail(msg string) error {
	return e.failErr(&marshalError{msg: msg}, len(e.stack))
}

// failErr records an error of the writer, adding the keys of the first
// open containers to its location.
func (e *JasonEncoder) failErr(err error, open int) error {
	if e.err == nil {
		me, ok := err.(*marshalError)
		if !ok {
			me = &marshalError{msg: err.Error()}
		}
		for i := open - 1; i >= 0; i-- {
			f := e.stack[i]
			switch {
			case f.array && f.n > 0:
				me.path = append(me.path, "["+strconv.Itoa(f.n-1)+"]")
			case f.n > 0:
				me.path = append(me.path, "."+f.key)
			}
		}
		e.err = me
	}
	return e.err
}

// value starts a value: in an array, the separator and its line; in an
// object, the value of the pending key.
func (e *JasonEncoder) value() bool {
	if e.err != nil {
		return false
	}
	if len(e.stack) == 0 {
		if len(e.w.buf) > 0 {
			e.fail("a second top-level value")
			return false
		}
		return true
	}
	f := &e.stack[len(e.stack)-1]
	if !f.array {
		if !f.open {
			e.fail("an object member without a key")
			return false
		}
		f.open = false
		return true
	}
	if f.n > 0 {
		e.w.buf = append(e.w.buf, ',')
	}
	f.n++
	e.w.newline(len(e.stack))
	return true
}

// Key starts an object member.
func (e *JasonEncoder) Key(k string) {
	if e.err != nil {
		return
	}
	if len(e.stack) == 0 || e.stack[len(e.stack)-1].array || e.stack[len(e.stack)-1].open {
		e.fail(fmt.Sprintf("key %q outside an object or after another key", k))
		return
	}
	f := &e.stack[len(e.stack)-1]
	if e.SortedKeys && f.n > 0 && k <= f.key {
		e.fail(fmt.Sprintf("key %q after %q", k, f.key))
		return
	}
	if f.n > 0 {
		e.w.buf = append(e.w.buf, ',')
	}
	f.n++
	f.key, f.open = k, true
	e.w.newline(len(e.stack))
	if err := e.w.str(k); err != nil {
		e.failErr(inside(err, "{key "+strconv.Quote(k)+"}"), len(e.stack)-1)
		return
	}
	e.w.buf = append(e.w.buf, ':', ' ')
}

// BeginObject opens an object.
func (e *JasonEncoder) BeginObject() { e.begin(false) }

// BeginArray opens an array.
func (e *JasonEncoder) BeginArray() { e.begin(true) }

func (e *JasonEncoder) begin(array bool) {
	if !e.value() {
		return
	}
	if len(e.stack) >= MaxDepth {
		e.fail(fmt.Sprintf("nesting deeper than %d levels", MaxDepth))
		return
	}
	e.stack = append(e.stack, frame{array: array})
	if array {
		e.w.buf = append(e.w.buf, '[')
	} else {
		e.w.buf = append(e.w.buf, '{')
	}
}

// EndObject closes the innermost container, an object.
func (e *JasonEncoder) EndObject() { e.end(false, '}') }

// EndArray closes the innermost container, an array.
func (e *JasonEncoder) EndArray() { e.end(true, ']') }

func (e *JasonEncoder) end(array bool, c byte) {
	if e.err != nil {
		return
	}
	if len(e.stack) == 0 || e.stack[len(e.stack)-1].array != array || e.stack[len(e.stack)-1].open {
		e.fail("a container closed out of turn")
		return
	}
	f := e.stack[len(e.stack)-1]
	e.stack = e.stack[:len(e.stack)-1]
	if f.n > 0 {
		e.w.newline(len(e.stack))
	}
	e.w.buf = append(e.w.buf, c)
}

// String writes a string.
func (e *JasonEncoder) String(s string) {
	if e.value() {
		if err := e.w.str(s); err != nil {
			e.failErr(err, len(e.stack))
		}
	}
}

// Int writes an integer as Jason does (Integer.to_string/1).
func (e *JasonEncoder) Int(n int) {
	if e.value() {
		e.w.buf = strconv.AppendInt(e.w.buf, int64(n), 10)
	}
}

// Bool writes true or false.
func (e *JasonEncoder) Bool(b bool) {
	if e.value() {
		e.w.buf = strconv.AppendBool(e.w.buf, b)
	}
}

// Null writes null.
func (e *JasonEncoder) Null() {
	if e.value() {
		e.w.buf = append(e.w.buf, "null"...)
	}
}

// Value writes v as MarshalJason does, as one value.
func (e *JasonEncoder) Value(v Value) {
	if !e.value() {
		return
	}
	if err := e.w.value(v, len(e.stack)); err != nil {
		e.failErr(err, len(e.stack))
	}
}
