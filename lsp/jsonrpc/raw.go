package jsonrpc

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Raw is a result already encoded as JSON, which the connection writes into
// the response verbatim. encoding/json validates and compacts a
// json.RawMessage every time it is marshalled, so a large answer a handler
// caches (the 150 KB completion list after `Sympy.`) would be scanned twice
// per request; a Raw is checked once, when it is built by Encode or
// ValidRaw, and is then only copied into the frame.
//
// The zero Raw encodes as null.
type Raw struct {
	b []byte
}

// Encode builds a Raw from v's JSON encoding.
func Encode(v any) (Raw, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return Raw{}, err
	}
	return Raw{b: b}, nil
}

// ValidRaw builds a Raw from bytes encoded elsewhere, after checking that
// they are one JSON value. The bytes must not be changed afterwards.
func ValidRaw(b []byte) (Raw, error) {
	if !json.Valid(b) {
		return Raw{}, errors.New("jsonrpc: a pre-encoded result is not valid JSON")
	}
	return Raw{b: b}, nil
}

// Bytes returns the encoding (null for the zero Raw); it must not be
// changed.
func (r Raw) Bytes() []byte {
	if r.b == nil {
		return null
	}
	return r.b
}

// MarshalJSON lets a Raw be part of a larger value (encoding/json then
// checks it again; only a Raw returned by a handler is written as is).
func (r Raw) MarshalJSON() ([]byte, error) { return r.Bytes(), nil }

const (
	resultHead = `{"jsonrpc":"2.0","id":`
	resultMid  = `,"result":`

	contentLength = "Content-Length: "
	headerEnd     = "\r\n\r\n"
)

// EncodeResult returns the whole frame (header and body) of a successful
// response to request id. A Raw result is copied in as is; anything else
// is marshalled once, its output used without the second validation that
// marshalling it as a json.RawMessage field would cost. The frame is one
// allocation of its exact size.
func EncodeResult(id *ID, result any) ([]byte, error) {
	var body []byte
	switch r := result.(type) {
	case Raw:
		body = r.Bytes()
	default:
		b, err := json.Marshal(result)
		if err != nil {
			return nil, fmt.Errorf("encoding the result: %w", err)
		}
		body = b
	}
	var idBuf [20]byte
	idb := append(idBuf[:0], null...)
	switch {
	case id == nil:
	case id.IsStr:
		var err error
		if idb, err = id.MarshalJSON(); err != nil {
			return nil, fmt.Errorf("encoding the request id: %w", err)
		}
	default:
		idb = strconv.AppendInt(idBuf[:0], id.Num, 10)
	}
	n := len(resultHead) + len(idb) + len(resultMid) + len(body) + 1
	var num [20]byte
	length := strconv.AppendInt(num[:0], int64(n), 10)
	frame := make([]byte, 0, len(contentLength)+len(length)+len(headerEnd)+n)
	frame = append(frame, contentLength...)
	frame = append(frame, length...)
	frame = append(frame, headerEnd...)
	frame = append(frame, resultHead...)
	frame = append(frame, idb...)
	frame = append(frame, resultMid...)
	frame = append(frame, body...)
	return append(frame, '}'), nil
}
