package jsonrpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync"
	"time"
)

// ErrClosed is returned by calls on a closed connection.
var ErrClosed = errors.New("jsonrpc: connection closed")

// Handler answers one request or notification. For notifications the
// result is dropped. Returning an *Error chooses the error code; any other
// error is reported as an internal error, or as RequestCancelled when the
// peer cancelled the request.
type Handler func(ctx context.Context, req *Request) (any, error)

// Options configure a connection.
type Options struct {
	// Ordered reports whether a request is handled on the read loop, before
	// any later message is read (as every notification is). Lifecycle
	// requests such as initialize and shutdown need that; everything else
	// runs concurrently so that a slow request never stalls the connection.
	Ordered func(method string) bool
	// Logf receives protocol problems (nil: discarded). It must never write
	// to the connection's own stream.
	Logf func(format string, args ...any)
	// ReaderGrace is how long Serve waits for the read goroutine after
	// closing the stream; a blocking stdin read cannot be interrupted.
	ReaderGrace time.Duration
}

// Conn is one JSON-RPC connection.
type Conn struct {
	rwc  io.ReadWriteCloser
	opts Options

	wmu sync.Mutex // serialises writes

	mu       sync.Mutex
	nextID   int64
	pending  map[string]chan *wireMessage
	inflight map[string]*inflight
	closed   bool

	done      chan struct{}
	closeOnce sync.Once
	handlers  sync.WaitGroup
}

type inflight struct {
	cancel    context.CancelFunc
	cancelled bool // by the peer's $/cancelRequest
}

// NewConn wraps a stream. Nothing is read until Serve.
func NewConn(rwc io.ReadWriteCloser, opts Options) *Conn {
	if opts.Ordered == nil {
		opts.Ordered = func(string) bool { return false }
	}
	if opts.ReaderGrace == 0 {
		opts.ReaderGrace = time.Second
	}
	return &Conn{
		rwc: rwc, opts: opts, done: make(chan struct{}),
		pending: map[string]chan *wireMessage{}, inflight: map[string]*inflight{},
	}
}

func (c *Conn) logf(format string, args ...any) {
	if c.opts.Logf != nil {
		c.opts.Logf(format, args...)
	}
}

// Done is closed when the connection is closed.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Close closes the stream; Serve returns soon after.
func (c *Conn) Close() error {
	var err error
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		close(c.done)
		err = c.rwc.Close()
	})
	return err
}

type readResult struct {
	body []byte
	err  error
}

// Serve reads and dispatches messages until the stream ends, ctx is
// cancelled or Close is called. It returns nil at end of stream, after every
// handler it started has returned.
func (c *Conn) Serve(ctx context.Context, h Handler) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	msgs := make(chan readResult)
	readerDone := make(chan struct{})
	go c.readLoop(msgs, readerDone)
	var result error
loop:
	for {
		select {
		case m := <-msgs:
			if m.err != nil {
				if !errors.Is(m.err, io.EOF) && !c.isClosed() {
					result = m.err
				}
				break loop
			}
			c.dispatch(ctx, h, m.body)
		case <-c.done:
			break loop
		case <-ctx.Done():
			break loop
		}
	}
	c.Close()
	cancel()
	c.failPending()
	c.handlers.Wait()
	select {
	case <-readerDone:
	case <-time.After(c.opts.ReaderGrace):
		c.logf("jsonrpc: the input stream could not be interrupted; leaving its reader")
	}
	return result
}

func (c *Conn) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

func (c *Conn) readLoop(out chan<- readResult, done chan<- struct{}) {
	defer close(done)
	r := NewReader(c.rwc)
	for {
		body, err := r.Read()
		var fe *FrameError
		if errors.As(err, &fe) {
			c.logf("jsonrpc: %v", err)
			c.replyError(nil, &Error{Code: CodeParseError, Message: err.Error()})
			continue
		}
		select {
		case out <- readResult{body, err}:
		case <-c.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (c *Conn) dispatch(ctx context.Context, h Handler, body []byte) {
	var m wireMessage
	if err := json.Unmarshal(body, &m); err != nil {
		c.logf("jsonrpc: invalid JSON message: %v", err)
		c.replyError(nil, &Error{Code: CodeParseError, Message: fmt.Sprintf("invalid JSON: %v", err)})
		return
	}
	var id *ID
	if len(m.ID) > 0 && string(m.ID) != "null" {
		id = new(ID)
		if err := id.UnmarshalJSON(m.ID); err != nil {
			c.replyError(nil, &Error{Code: CodeInvalidRequest, Message: err.Error()})
			return
		}
	}
	switch {
	case m.Method == "" && id != nil:
		c.deliver(id, &m)
	case m.Method == "":
		c.replyError(nil, &Error{Code: CodeInvalidRequest, Message: "a message needs a method or an id"})
	case m.Method == "$/cancelRequest":
		c.cancelRequest(m.Params)
	case id == nil || c.opts.Ordered(m.Method):
		c.handle(ctx, h, &Request{ID: id, Method: m.Method, Params: m.Params})
	default:
		req := &Request{ID: id, Method: m.Method, Params: m.Params}
		rctx := c.track(ctx, id)
		c.handlers.Add(1)
		go func() {
			defer c.handlers.Done()
			c.handle(rctx, h, req)
		}()
	}
}

// track gives a request a context that $/cancelRequest can cancel.
func (c *Conn) track(ctx context.Context, id *ID) context.Context {
	rctx, cancel := context.WithCancel(ctx)
	c.mu.Lock()
	c.inflight[id.String()] = &inflight{cancel: cancel}
	c.mu.Unlock()
	return rctx
}

func (c *Conn) untrack(id *ID) (cancelled bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.inflight[id.String()]
	if !ok {
		return false
	}
	delete(c.inflight, id.String())
	f.cancel()
	return f.cancelled
}

func (c *Conn) cancelRequest(params json.RawMessage) {
	var p struct {
		ID ID `json:"id"`
	}
	if err := json.Unmarshal(params, &p); err != nil {
		c.logf("jsonrpc: invalid $/cancelRequest: %v", err)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.inflight[p.ID.String()]; ok {
		f.cancelled = true
		f.cancel()
	}
}

func (c *Conn) handle(ctx context.Context, h Handler, req *Request) {
	result, err := c.call(ctx, h, req)
	if req.ID == nil {
		if err != nil {
			c.logf("jsonrpc: notification %s failed: %v", req.Method, err)
		}
		return
	}
	cancelled := false
	if !c.opts.Ordered(req.Method) {
		cancelled = c.untrack(req.ID)
	}
	if err != nil {
		var rpcErr *Error
		switch {
		case errors.As(err, &rpcErr):
		case cancelled:
			rpcErr = &Error{Code: CodeRequestCancelled, Message: "request cancelled"}
		default:
			rpcErr = &Error{Code: CodeInternalError, Message: err.Error()}
		}
		c.replyError(req.ID, rpcErr)
		return
	}
	frame, err := EncodeResult(req.ID, result)
	if err != nil {
		c.replyError(req.ID, &Error{Code: CodeInternalError, Message: err.Error()})
		return
	}
	if err := c.writeFrame(frame); err != nil {
		c.logf("jsonrpc: replying to %s: %v", req.Method, err)
	}
}

// call runs the handler, turning a panic into an internal error so that one
// bad request cannot take the server down.
func (c *Conn) call(ctx context.Context, h Handler, req *Request) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			c.logf("jsonrpc: panic in %s: %v\n%s", req.Method, r, debug.Stack())
			result, err = nil, &Error{Code: CodeInternalError, Message: fmt.Sprintf("internal error in %s: %v", req.Method, r)}
		}
	}()
	return h(ctx, req)
}

func (c *Conn) replyError(id *ID, e *Error) {
	if err := c.write(response{JSONRPC: "2.0", ID: id, Error: e}); err != nil {
		c.logf("jsonrpc: replying with an error: %v", err)
	}
}

func (c *Conn) write(v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding a message: %w", err)
	}
	return c.writeFrame(AppendFrame(make([]byte, 0, len(body)+32), body))
}

// writeFrame writes one whole frame, so that concurrent replies never
// interleave.
func (c *Conn) writeFrame(frame []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.isClosed() {
		return ErrClosed
	}
	if _, err := c.rwc.Write(frame); err != nil {
		return fmt.Errorf("writing a message: %w", err)
	}
	return nil
}

// Notify sends a notification.
func (c *Conn) Notify(method string, params any) error {
	return c.write(outRequest{JSONRPC: "2.0", Method: method, Params: params})
}

// Call sends a request and waits for its response, ctx's end or the
// connection's. It must not be called from an ordered handler: the
// response can only be read once that handler has returned. When ctx ends
// first, the peer is sent $/cancelRequest.
func (c *Conn) Call(ctx context.Context, method string, params, result any) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	c.nextID++
	id := &ID{Num: c.nextID}
	ch := make(chan *wireMessage, 1)
	c.pending[id.String()] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, id.String())
		c.mu.Unlock()
	}()
	if err := c.write(outRequest{JSONRPC: "2.0", ID: id, Method: method, Params: params}); err != nil {
		return err
	}
	select {
	case m := <-ch:
		if m == nil {
			return ErrClosed
		}
		if m.Error != nil {
			return m.Error
		}
		if result == nil || len(m.Result) == 0 {
			return nil
		}
		if r, ok := result.(*json.RawMessage); ok {
			// Already checked with the whole message: scanning it again
			// would double a large answer's cost to the caller.
			*r = m.Result
			return nil
		}
		if err := json.Unmarshal(m.Result, result); err != nil {
			return fmt.Errorf("decoding the result of %s: %w", method, err)
		}
		return nil
	case <-ctx.Done():
		_ = c.Notify("$/cancelRequest", map[string]any{"id": id})
		return fmt.Errorf("%s: %w", method, ctx.Err())
	case <-c.done:
		return ErrClosed
	}
}

func (c *Conn) deliver(id *ID, m *wireMessage) {
	c.mu.Lock()
	ch, ok := c.pending[id.String()]
	delete(c.pending, id.String())
	c.mu.Unlock()
	if !ok {
		c.logf("jsonrpc: response to unknown request %s", id)
		return
	}
	ch <- m
}

func (c *Conn) failPending() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, ch := range c.pending {
		delete(c.pending, k)
		close(ch)
	}
}
