package pyhelper

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"
)

// A response that carries a document starts its JSON with the document's
// byte length (protocol 3, docs/introspection.md §6):
//
//	<hex HMAC> {"result_bytes":N,"result":<N bytes>,"jsonrpc":"2.0","id":7,...}
//
// so that the reader sizes its buffer once instead of doubling it through a
// 6.9 MB line (sympy: ~16 MB of fresh memory, ~4,000 page faults), and the
// envelope is decoded without scanning the document for its end.
var (
	resultBytesKey = []byte(`{"result_bytes":`)
	resultKey      = []byte(`,"result":`)
)

// frameHeaderLen is the MAC and the space before a frame's JSON.
const frameHeaderLen = macLen + 1

// errLineTooLong: a message over the client's size limit.
var errLineTooLong = errors.New("message exceeds the size limit")

// readLine reads one newline-terminated message of at most limit bytes. A
// message that declares its document's length (resultLength) is read into
// one buffer of that size; one that declares more than limit is refused
// before it is read.
func readLine(r *bufio.Reader, limit int) ([]byte, error) {
	return readFrame(r, limit, nil)
}

// readFrame is readLine that also writes the frame's body (what follows
// the MAC and its space, without the newline) to body as it arrives: the
// MAC of a large document is computed while the worker is still writing
// it (sympy's 6.9 MB: 4-8 ms that followed the last byte).
func readFrame(r *bufio.Reader, limit int, body hash.Hash) ([]byte, error) {
	var line []byte
	hashed := frameHeaderLen
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line)+len(chunk) > limit {
			return nil, fmt.Errorf("%w (%d bytes)", errLineTooLong, limit)
		}
		if line == nil && errors.Is(err, bufio.ErrBufferFull) {
			if n, ok := resultLength(chunk); ok {
				if n > limit {
					return nil, fmt.Errorf("%w (%d bytes)", errLineTooLong, limit)
				}
				// The envelope's other members (warnings, provenance) follow
				// the document; a larger tail grows the buffer as before.
				line = make([]byte, 0, min(limit, n+len(chunk)+64<<10)+1)
			}
		}
		line = append(line, chunk...)
		if body != nil {
			end := len(line)
			if err == nil {
				end-- // the newline
			}
			if end > hashed {
				body.Write(line[hashed:end])
				hashed = end
			}
		}
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(line) > 0:
			return nil, io.ErrUnexpectedEOF
		default:
			return nil, err
		}
	}
}

// resultLength reads N from the start of a frame, `<MAC> {"result_bytes":N,`;
// ok is false for any other start. It is only a hint for the buffer: the
// frame is authenticated and decoded (decodeEnvelope) after it is read.
func resultLength(frame []byte) (int, bool) {
	if len(frame) < frameHeaderLen || frame[frameHeaderLen-1] != ' ' {
		return 0, false
	}
	n, _, ok := parseResultBytes(frame[frameHeaderLen:])
	return n, ok
}

// parseResultBytes parses `{"result_bytes":N` at the start of body and
// returns N and where the rest begins. N is decimal without leading zeros
// and at most 12 digits.
func parseResultBytes(body []byte) (n, rest int, ok bool) {
	if !bytes.HasPrefix(body, resultBytesKey) {
		return 0, 0, false
	}
	i := len(resultBytesKey)
	j := i
	for j < len(body) && j-i <= 12 && body[j] >= '0' && body[j] <= '9' {
		j++
	}
	digits := body[i:j]
	if len(digits) == 0 || len(digits) > 12 || (len(digits) > 1 && digits[0] == '0') {
		return 0, 0, false
	}
	v, err := strconv.Atoi(string(digits))
	if err != nil {
		return 0, 0, false
	}
	return v, j, true
}

// decodeEnvelope decodes an authenticated message body. A body that declares
// its document's length has its envelope decoded on its own and its result
// taken as a slice of body (checked to be one JSON value); any other body is
// decoded whole.
func decodeEnvelope(body []byte, msg *envelope) error {
	n, at, ok := parseResultBytes(body)
	if !ok {
		return json.Unmarshal(body, msg)
	}
	if !bytes.HasPrefix(body[at:], resultKey) {
		return fmt.Errorf(`"result_bytes" is not followed by "result"`)
	}
	start := at + len(resultKey)
	end := start + n
	if end >= len(body) || end < start {
		return fmt.Errorf(`"result_bytes" says %d bytes; the message has %d after "result"`, n, len(body)-start)
	}
	result := body[start:end]
	if !validJSON(result) {
		return fmt.Errorf(`the %d bytes of "result" are not one JSON value`, n)
	}
	// The envelope is decoded as the object without its result: the
	// result's member is replaced by the (ignored) length, so that what
	// follows it must be members as in the whole object (`,}` is refused).
	var rest []byte
	switch body[end] {
	case ',':
		rest = append([]byte(`{"result_bytes":0,`), body[end+1:]...)
	case '}':
		rest = append([]byte{'{'}, body[end:]...)
	default:
		return fmt.Errorf(`the %d bytes of "result" are followed by %q`, n, body[end])
	}
	if err := json.Unmarshal(rest, msg); err != nil {
		return fmt.Errorf("decoding the envelope after the result: %w", err)
	}
	if msg.Result != nil {
		return fmt.Errorf(`"result" appears twice`)
	}
	msg.Result = result
	return nil
}
