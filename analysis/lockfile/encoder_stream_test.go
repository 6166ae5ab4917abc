package lockfile

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestJasonStreamEncoder: a streaming encoder writes what Bytes returns,
// refuses an incomplete document and reports the writer's error.
func TestJasonStreamEncoder(t *testing.T) {
	write := func(e *JasonEncoder, n int) {
		e.BeginObject()
		e.Key("items")
		e.BeginArray()
		for i := range n {
			e.String(strings.Repeat("x", i%1000))
		}
		e.EndArray()
		e.EndObject()
	}
	mem := NewJasonEncoder(0)
	write(mem, 2000)
	want, err := mem.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	st := NewJasonStreamEncoder(&buf)
	write(st, 2000)
	n, err := st.Finish()
	if err != nil || n != int64(len(want)) || !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("Finish = %d, %v; streamed %d bytes equal: %v", n, err, buf.Len(), bytes.Equal(buf.Bytes(), want))
	}
	if _, err := st.Bytes(); err == nil {
		t.Fatal("Bytes on a streaming encoder did not fail")
	}

	open := NewJasonStreamEncoder(&bytes.Buffer{})
	open.BeginObject()
	if _, err := open.Finish(); err == nil || !strings.Contains(err.Error(), "not closed") {
		t.Fatalf("an unclosed document: %v", err)
	}

	broken := NewJasonStreamEncoder(failingWriter{})
	write(broken, 2000)
	if _, err := broken.Finish(); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("a failing writer: %v", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
