package lockfile

import (
	"fmt"
	"io"
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
	// out, when set, receives the document as it is written, a chunk at
	// a time (NewJasonStreamEncoder); flushed counts the bytes sent.
	out     io.Writer
	flushed int64
}

// streamChunk is how much a streaming encoder buffers before it writes:
// large enough that writes are few, small enough that a document of
// hundreds of megabytes costs no memory.
const streamChunk = 256 << 10

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

// NewJasonStreamEncoder returns an encoder that writes the document to w
// as it goes instead of holding it: a manifest can run to hundreds of
// megabytes. Finish writes the rest.
func NewJasonStreamEncoder(w io.Writer) *JasonEncoder {
	return &JasonEncoder{w: jasonWriter{buf: make([]byte, 0, streamChunk+streamChunk/4)}, out: w}
}

// Finish completes a streaming encoder's document: it checks it as Bytes
// does, writes what is buffered and returns the document's size.
func (e *JasonEncoder) Finish() (int64, error) {
	if e.out == nil {
		return 0, e.fail("Finish on an encoder that does not stream")
	}
	if err := e.complete(); err != nil {
		return 0, err
	}
	e.flush(0)
	return e.flushed, e.err
}

// flush writes the buffer once it holds more than keep bytes.
func (e *JasonEncoder) flush(keep int) {
	if e.out == nil || len(e.w.buf) <= keep || e.err != nil {
		return
	}
	n, err := e.out.Write(e.w.buf)
	e.flushed += int64(n)
	e.w.buf = e.w.buf[:0]
	if err != nil {
		e.err = fmt.Errorf("jason: writing the document: %w", err)
	}
}

// empty reports whether nothing was written yet.
func (e *JasonEncoder) empty() bool { return len(e.w.buf) == 0 && e.flushed == 0 }

// complete reports the first error, or a document left incomplete.
func (e *JasonEncoder) complete() error {
	switch {
	case e.err != nil:
		return e.err
	case len(e.stack) > 0:
		return e.fail("a container is not closed")
	case e.empty():
		return e.fail("the document is empty")
	}
	return nil
}

// Bytes returns the document, or the first error. The document must be
// complete: every container closed, one top-level value.
func (e *JasonEncoder) Bytes() ([]byte, error) {
	if e.out != nil {
		return nil, e.fail("Bytes on a streaming encoder (use Finish)")
	}
	if err := e.complete(); err != nil {
		return nil, err
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
		if !e.empty() {
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
	e.flush(streamChunk)
}

// String writes a string.
func (e *JasonEncoder) String(s string) {
	if e.value() {
		if err := e.w.str(s); err != nil {
			e.failErr(err, len(e.stack))
		}
		e.flush(streamChunk)
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
