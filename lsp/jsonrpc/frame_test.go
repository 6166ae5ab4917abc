package jsonrpc

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestReaderFrames(t *testing.T) {
	tests := []struct {
		name  string
		input string
		// want lists bodies, "!" for a skipped malformed frame, "EOF" and
		// "ERR" for the end of the stream.
		want []string
	}{
		{"one", "Content-Length: 2\r\n\r\n{}", []string{"{}", "EOF"}},
		{"two", "Content-Length: 2\r\n\r\n{}Content-Length: 4\r\n\r\nnull", []string{"{}", "null", "EOF"}},
		{"lf only", "Content-Length: 2\n\n{}", []string{"{}", "EOF"}},
		{"content type", "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}", []string{"{}", "EOF"}},
		{"case", "content-length: 2\r\n\r\n{}", []string{"{}", "EOF"}},
		{"garbage line then frame", "hello world\r\n\r\nContent-Length: 2\r\n\r\n{}", []string{"!", "{}", "EOF"}},
		{"no length", "X-Foo: 1\r\n\r\nContent-Length: 2\r\n\r\n{}", []string{"!", "{}", "EOF"}},
		{"bad length", "Content-Length: -3\r\n\r\nContent-Length: 2\r\n\r\n{}", []string{"!", "{}", "EOF"}},
		{"blank lines between frames", "\r\n\r\nContent-Length: 2\r\n\r\n{}", []string{"{}", "EOF"}},
		{"truncated body", "Content-Length: 10\r\n\r\n{}", []string{"ERR"}},
		{"truncated header", "Content-Len", []string{"ERR"}},
		{"empty", "", []string{"EOF"}},
		{"overlong header line", strings.Repeat("x", 10000) + "\r\n\r\nContent-Length: 2\r\n\r\n{}", []string{"!", "{}", "EOF"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tt.input))
			var got []string
			for len(got) < 10 {
				body, err := r.Read()
				var fe *FrameError
				switch {
				case errors.As(err, &fe):
					got = append(got, "!")
					continue
				case errors.Is(err, io.EOF):
					got = append(got, "EOF")
				case err != nil:
					got = append(got, "ERR")
				default:
					got = append(got, string(body))
					continue
				}
				break
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestReaderRefusesOversizedMessage: a Content-Length over the limit ends
// the stream at once, without reading (or waiting for) its body.
func TestReaderRefusesOversizedMessage(t *testing.T) {
	input := "Content-Length: 2000000000\r\n\r\n" + strings.Repeat(" ", 100) + "Content-Length: 2\r\n\r\n{}"
	src := strings.NewReader(input)
	r := NewReader(src)
	_, err := r.Read()
	var fe *FrameError
	if !errors.Is(err, ErrMessageTooLarge) || errors.As(err, &fe) || !strings.Contains(err.Error(), "2000000000 bytes exceeds") {
		t.Fatalf("want the fatal ErrMessageTooLarge, got %v", err)
	}
}

func TestAppendFrameRoundTrip(t *testing.T) {
	frame := AppendFrame(nil, []byte(`{"a":"é"}`))
	if want := "Content-Length: 10\r\n\r\n{\"a\":\"é\"}"; string(frame) != want {
		t.Fatalf("frame %q, want %q", frame, want)
	}
	body, err := NewReader(strings.NewReader(string(frame))).Read()
	if err != nil || string(body) != `{"a":"é"}` {
		t.Fatalf("read back %q, %v", body, err)
	}
}

// FuzzReader feeds arbitrary bytes: the reader must never panic, must make
// progress, and must end with an error at the end of the input.
func FuzzReader(f *testing.F) {
	f.Add([]byte("Content-Length: 2\r\n\r\n{}"))
	f.Add([]byte("Content-Length: 99999999999999999999\r\n\r\n"))
	f.Add([]byte("\r\n\r\n\r\n:"))
	f.Add([]byte("Content-Length: 3\n\nabcContent-Length"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		r := NewReader(strings.NewReader(string(data)))
		for i := 0; i <= len(data)+1; i++ {
			_, err := r.Read()
			var fe *FrameError
			if err != nil && !errors.As(err, &fe) {
				return
			}
		}
		t.Fatalf("the reader did not reach the end of %d bytes", len(data))
	})
}

func FuzzIDUnmarshal(f *testing.F) {
	for _, s := range []string{`1`, `"a"`, `1.5`, `null`, `{}`, `-9223372036854775808`, `"\u0000"`, `1e3`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var id ID
		if err := id.UnmarshalJSON(data); err != nil {
			return
		}
		out, err := id.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back ID
		if err := back.UnmarshalJSON(out); err != nil || back != id {
			t.Fatalf("%s round-tripped to %v (%v), want %v", out, back, err, id)
		}
	})
}
