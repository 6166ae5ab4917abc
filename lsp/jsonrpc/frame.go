// Package jsonrpc is the JSON-RPC 2.0 connection of the language server:
// LSP base-protocol framing (Content-Length headers), one read loop, ordered
// handling of notifications and lifecycle requests, concurrent handling of
// other requests with contexts that `$/cancelRequest` really cancels, and
// server-to-client calls with their own deadlines.
//
// It replaces glsp v0.2.2's server loop, which runs every handler on the read
// goroutine (so a handler waiting for a client reply deadlocks) and decodes
// request ids as nil (so cancellation never matches a request).
package jsonrpc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// MaxMessageSize bounds one message body, so a bogus Content-Length cannot
// make the server allocate without limit.
const MaxMessageSize = 64 << 20

// maxHeaderLine bounds one header line; longer lines are garbage.
const maxHeaderLine = 4096

// ErrMessageTooLarge ends the stream at a frame whose Content-Length is
// over MaxMessageSize. Skipping its body could mean reading gigabytes
// (Content-Length: 2000000000) while every request waits, so it is a fatal
// protocol error: the server exits and the editor restarts it.
var ErrMessageTooLarge = errors.New("message too large")

// FrameError is a malformed frame. The reader has skipped it and can go on
// reading the next one.
type FrameError struct {
	Msg string
}

func (e *FrameError) Error() string { return "malformed message frame: " + e.Msg }

// Reader reads framed messages.
type Reader struct {
	r *bufio.Reader
}

// NewReader returns a reader of framed messages from r.
func NewReader(r io.Reader) *Reader {
	return &Reader{r: bufio.NewReaderSize(r, 64<<10)}
}

// Read returns the body of the next message. A *FrameError means one frame
// was garbage and has been skipped; any other error (io.EOF and
// ErrMessageTooLarge included) ends the stream.
func (r *Reader) Read() ([]byte, error) {
	length, err := r.readHeader()
	if err != nil {
		return nil, err
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r.r, body); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("reading a %d-byte message body: %w", length, err)
	}
	return body, nil
}

// readHeader reads header lines up to the empty line and returns the
// Content-Length. Lines that are not headers are skipped and reported once
// the header block ends.
func (r *Reader) readHeader() (int, error) {
	length := -1
	var problem string
	sawAny := false
	for {
		line, err := r.readLine()
		if err != nil {
			if errors.Is(err, io.EOF) && !sawAny {
				return 0, io.EOF
			}
			if errors.Is(err, io.EOF) {
				return 0, io.ErrUnexpectedEOF
			}
			return 0, err
		}
		if line == "" {
			if !sawAny {
				continue // stray blank lines between frames
			}
			break
		}
		sawAny = true
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			problem = fmt.Sprintf("header line %q has no colon", truncate(line))
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				problem = fmt.Sprintf("invalid Content-Length %q", truncate(value))
				continue
			}
			length = n
		}
	}
	switch {
	case problem != "" && length < 0:
		return 0, &FrameError{Msg: problem}
	case length < 0:
		return 0, &FrameError{Msg: "no Content-Length header"}
	case length > MaxMessageSize:
		return 0, fmt.Errorf("a message of %d bytes exceeds the %d-byte limit: %w", length, MaxMessageSize, ErrMessageTooLarge)
	}
	return length, nil
}

// readLine reads one CRLF- or LF-terminated line, discarding the rest of
// an overlong line.
func (r *Reader) readLine() (string, error) {
	var buf []byte
	overlong := false
	for {
		chunk, err := r.r.ReadSlice('\n')
		if !overlong {
			buf = append(buf, chunk...)
			if len(buf) > maxHeaderLine {
				overlong = true
				buf = buf[:maxHeaderLine]
			}
		}
		if err == nil {
			break
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if len(buf) > 0 && errors.Is(err, io.EOF) {
			return "", io.ErrUnexpectedEOF
		}
		return "", err
	}
	return string(bytes.TrimRight(buf, "\r\n")), nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// AppendFrame appends body with its Content-Length header to dst.
func AppendFrame(dst, body []byte) []byte {
	dst = append(dst, "Content-Length: "...)
	dst = strconv.AppendInt(dst, int64(len(body)), 10)
	dst = append(dst, "\r\n\r\n"...)
	return append(dst, body...)
}
