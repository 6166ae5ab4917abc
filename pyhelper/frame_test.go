package pyhelper

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// resultFrame is a worker line carrying a document of n bytes.
func resultFrame(n int) []byte {
	doc := `{"doc":"` + strings.Repeat("x", n-len(`{"doc":""}`)) + `"}`
	body := fmt.Sprintf(`{"result_bytes":%d,"result":%s,"jsonrpc":"2.0","id":3,"warnings":["w"]}`, len(doc), doc)
	return []byte(strings.Repeat("a", 64) + " " + body + "\n")
}

func TestResultLength(t *testing.T) {
	mac := strings.Repeat("f", 64) + " "
	for _, tc := range []struct {
		frame string
		n     int
		ok    bool
	}{
		{mac + `{"result_bytes":123,"result":`, 123, true},
		{mac + `{"result_bytes":0,"result":`, 0, true},
		{mac + `{"result_bytes":999999999999,`, 999999999999, true},
		{mac + `{"result_bytes":1000000000000,`, 0, false}, // 13 digits
		{mac + `{"result_bytes":0123,`, 0, false},
		{mac + `{"result_bytes":,`, 0, false},
		{mac + `{"result_bytes":-1,`, 0, false},
		{mac + `{"jsonrpc":"2.0","result_bytes":5,`, 0, false},
		{mac + ` {"result_bytes":5,`, 0, false},
		{strings.Repeat("f", 63) + ` {"result_bytes":5,`, 0, false},
		{`{"result_bytes":5,`, 0, false},
	} {
		n, ok := resultLength([]byte(tc.frame))
		require.Equal(t, tc.ok, ok, tc.frame)
		require.Equal(t, tc.n, n, tc.frame)
	}
}

func TestDecodeEnvelope(t *testing.T) {
	for _, tc := range []struct {
		body, result, err string
		id                int64
	}{
		{body: `{"result_bytes":7,"result":{"a":1},"jsonrpc":"2.0","id":4}`, result: `{"a":1}`, id: 4},
		{body: `{"result_bytes":2,"result":[]}`, result: `[]`},
		{body: `{"result_bytes":5,"result":" 1 ","id":5}`, result: `" 1 "`, id: 5},
		{body: `{"result_bytes":3,"result": 1 ,"id":5}`, result: ` 1 `, id: 5},
		// Bodies without the length are decoded whole (ready, errors, ping).
		{body: `{"jsonrpc":"2.0","id":6,"result":{"pong":true}}`, result: `{"pong":true}`, id: 6},
		{body: `{"result_bytes":1,"result":1 ,"id":4}`, err: `followed by`},
		{body: `{"result_bytes":8,"result":{"a":1},"id":4}`, err: `not one JSON value`},
		{body: `{"result_bytes":70,"result":{"a":1},"id":4}`, err: `the message has`},
		{body: `{"result_bytes":7,"result":{"a":1}`, err: `the message has`},
		{body: `{"result_bytes":7,"other":{"a":1},"id":4}`, err: `not followed by "result"`},
		{body: `{"result_bytes":7,"result":{"a":1},"result":{"b":2}}`, err: `appears twice`},
		{body: `{"result_bytes":7,"result":{"a":1},"RESULT":null}`, err: `appears twice`},
		{body: `{"result_bytes":7,"result":{"a":1},"id":4}x`, err: `after the result`},
		{body: `{"result_bytes":7,"result":{"a":1},"id":}`, err: `after the result`},
		{body: `{"result_bytes":7,"result":{"a":1},}`, err: `after the result`},
	} {
		var msg envelope
		err := decodeEnvelope([]byte(tc.body), &msg)
		if tc.err != "" {
			require.ErrorContains(t, err, tc.err, tc.body)
			continue
		}
		require.NoError(t, err, tc.body)
		require.Equal(t, tc.result, string(msg.Result), tc.body)
		if tc.id != 0 {
			require.NotNil(t, msg.ID, tc.body)
			require.Equal(t, tc.id, *msg.ID, tc.body)
		}
	}
}

// FuzzDecodeEnvelope: whatever decodeEnvelope accepts, json.Unmarshal of
// the whole body decodes to the same envelope.
func FuzzDecodeEnvelope(f *testing.F) {
	f.Add([]byte(`{"result_bytes":7,"result":{"a":1},"jsonrpc":"2.0","id":4,"warnings":["w"]}`))
	f.Add([]byte(`{"result_bytes":2,"result":[] }`))
	f.Add([]byte(`{"result_bytes":3,"result":1.5,"error":{"code":1,"message":"m"}}`))
	f.Add([]byte(`{"jsonrpc":"2.0","method":"ready","params":{"protocol":3}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var got, want envelope
		if decodeEnvelope(body, &got) != nil {
			return
		}
		if err := json.Unmarshal(body, &want); err != nil {
			t.Fatalf("accepted %q, which json.Unmarshal refuses: %v", body, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: decoded %+v, json.Unmarshal %+v", body, got, want)
		}
	})
}

// A frame that declares its document's length is read into one buffer.
func TestReadLineSizesItsBufferFromResultBytes(t *testing.T) {
	frame := resultFrame(3 << 20)
	const runs = 4
	readers := make([]*bufio.Reader, runs+1) // AllocsPerRun runs once more
	for i := range readers {
		readers[i] = bufio.NewReaderSize(bytes.NewReader(frame), 64<<10)
	}
	next := 0
	var line []byte
	allocs := testing.AllocsPerRun(runs, func() {
		var err error
		line, err = readLine(readers[next], 8<<20)
		next++
		if err != nil {
			t.Fatal(err)
		}
	})
	require.Equal(t, frame[:len(frame)-1], line)
	require.LessOrEqual(t, allocs, 1.0, "the line's buffer grew while it was read")
}

// A frame that declares more than the limit is refused before the rest of
// it is read.
func TestReadLineRefusesADeclaredOversizeAtOnce(t *testing.T) {
	frame := resultFrame(3 << 20)
	r := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(frame[:64<<10]), failingReader{t}), 64<<10)
	_, err := readLine(r, 1<<20)
	require.True(t, errors.Is(err, errLineTooLong), "got %v", err)
}

type failingReader struct{ t *testing.T }

func (f failingReader) Read([]byte) (int, error) {
	f.t.Error("read past the frame's declared length")
	return 0, io.EOF
}
