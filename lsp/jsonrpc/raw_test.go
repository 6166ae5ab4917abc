//go:build unix

package jsonrpc

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// A pre-encoded result reaches the peer byte for byte: not compacted, not
// HTML-escaped (both of which encoding/json does to a json.RawMessage), in
// a frame whose Content-Length is its body's.
func TestRawResultWrittenVerbatim(t *testing.T) {
	pre := `{"isIncomplete": false,  "items": ["<a&b>", "é", {"x": [1, 2 ]}]}`
	_, peer, _ := serve(t, func(ctx context.Context, req *Request) (any, error) {
		return ValidRaw([]byte(pre))
	}, nil)
	for _, tc := range []struct{ id, wantID string }{
		{`7`, `7`},
		{`"a\"é\u0041"`, `"a\"éA"`},
	} {
		peer.send(`{"jsonrpc":"2.0","id":` + tc.id + `,"method":"m"}`)
		body := `{"jsonrpc":"2.0","id":` + tc.wantID + `,"result":` + pre + `}`
		want := fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
		got := make([]byte, len(want))
		peer.c.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.ReadFull(peer.c, got); err != nil {
			t.Fatalf("reading the response to id %s: %v (got %q)", tc.id, err, got)
		}
		if string(got) != want {
			t.Fatalf("response to id %s:\n got %q\nwant %q", tc.id, got, want)
		}
		if !json.Valid([]byte(body)) {
			t.Fatalf("the body is not JSON: %s", body)
		}
	}
	// Nothing follows the frame: the next message starts right after it.
	peer.send(`{"jsonrpc":"2.0","id":8,"method":"m"}`)
	if m := peer.recv(); m["id"].(float64) != 8 {
		t.Fatalf("the next response: %v", m)
	}
}

// Bytes that are not one JSON value are refused when the Raw is built
// (a cache fill), so that no request can send them.
func TestValidRaw(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{`{"a":[1,2]}`, true},
		{` [ ] `, true},
		{`null`, true},
		{`"s"`, true},
		{``, false},
		{`{`, false},
		{`[1,]`, false},
		{`nul`, false},
		{`{"a":1}{"b":2}`, false},
		{`{"a":1} x`, false},
		{"\"\xff\"", true}, // encoding/json accepts invalid UTF-8 in strings
	} {
		r, err := ValidRaw([]byte(tc.in))
		if (err == nil) != tc.ok {
			t.Errorf("ValidRaw(%q): err = %v, want ok = %v", tc.in, err, tc.ok)
		}
		if err != nil && string(r.Bytes()) != "null" {
			t.Errorf("ValidRaw(%q) failed but returned %q", tc.in, r.Bytes())
		}
	}
}

// For an ordinary result the frame is the very bytes the former path
// (marshal the result, then the response holding it) wrote.
func TestEncodeResultMatchesMarshal(t *testing.T) {
	type item struct {
		Label string `json:"label"`
		N     int    `json:"n,omitempty"`
	}
	ids := []*ID{{Num: 1}, {Num: -42}, {Str: "x\"<é>\n", IsStr: true}}
	results := []any{
		nil, "s", 3.5, []int{}, map[string]any{"b": 1, "a": []string{"<&>"}},
		[]item{{Label: "sin"}, {Label: "cos", N: 2}}, json.RawMessage(`{ "a" : 1 }`),
	}
	for _, id := range ids {
		for _, res := range results {
			got, err := EncodeResult(id, res)
			if err != nil {
				t.Fatalf("EncodeResult(%v, %#v): %v", id, res, err)
			}
			raw, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			old, err := json.Marshal(response{JSONRPC: "2.0", ID: id, Result: raw})
			if err != nil {
				t.Fatal(err)
			}
			if want := AppendFrame(nil, old); string(got) != string(want) {
				t.Errorf("EncodeResult(%v, %#v):\n got %q\nwant %q", id, res, got, want)
			}
			if len(got) != cap(got) {
				t.Errorf("EncodeResult(%v, %#v): %d bytes in a %d-byte buffer", id, res, len(got), cap(got))
			}
		}
	}
}

func TestEncodeResultEdges(t *testing.T) {
	got, err := EncodeResult(&ID{Num: 1}, Raw{})
	if want := AppendFrame(nil, []byte(`{"jsonrpc":"2.0","id":1,"result":null}`)); err != nil || string(got) != string(want) {
		t.Errorf("zero Raw: %q, %v; want %q", got, err, want)
	}
	if _, err := EncodeResult(&ID{Num: 1}, make(chan int)); err == nil || !strings.Contains(err.Error(), "encoding the result") {
		t.Errorf("an unencodable result: err = %v", err)
	}
	// Inside a larger value a Raw is an ordinary JSON value.
	r, err := Encode(map[string]int{"a": 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal([]any{r, Raw{}})
	if err != nil || string(b) != `[{"a":1},null]` {
		t.Errorf("nested Raw: %s, %v", b, err)
	}
}

// Framing a large pre-encoded result costs the frame and the id, whatever
// its size: nothing is re-encoded or copied twice.
func TestEncodeResultAllocations(t *testing.T) {
	big, err := Encode(map[string]any{"items": strings.Split(strings.Repeat("item,", 30000), ",")})
	if err != nil {
		t.Fatal(err)
	}
	id := &ID{Num: 12345}
	var frame []byte
	allocs := testing.AllocsPerRun(50, func() {
		frame, _ = EncodeResult(id, big)
	})
	if allocs > 2 {
		t.Errorf("%v allocations per framed result, want at most 2 (the frame, and the result boxed in an interface)", allocs)
	}
	if len(frame) < len(big.Bytes()) {
		t.Fatalf("frame of %d bytes for a %d-byte result", len(frame), len(big.Bytes()))
	}
}

// A result asked for as json.RawMessage is the peer's bytes of it, as
// received (the message was parsed once, when it arrived).
func TestCallRawMessageResult(t *testing.T) {
	c, peer, _ := serve(t, func(ctx context.Context, req *Request) (any, error) { return nil, nil }, nil)
	errc := make(chan error, 1)
	var got json.RawMessage
	go func() { errc <- c.Call(context.Background(), "client/ask", nil, &got) }()
	req := peer.recv()
	id, _ := json.Marshal(req["id"])
	peer.send(`{"jsonrpc":"2.0","id":` + string(id) + `,"result": {"v" : [1, "<é>"]} }`)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if want := `{"v" : [1, "<é>"]}`; string(got) != want {
		t.Fatalf("result %q, want %q", got, want)
	}
}
