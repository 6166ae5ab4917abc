//go:build unix

package jsonrpc

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// socketPair returns two connected stream sockets. Unlike net.Pipe they
// are buffered, so one wedged side cannot wedge the other's writes.
func socketPair(t *testing.T) (net.Conn, net.Conn) {
	t.Helper()
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatalf("socketpair: %v", err)
	}
	conn := func(fd int, name string) net.Conn {
		f := os.NewFile(uintptr(fd), name)
		defer f.Close()
		c, err := net.FileConn(f)
		if err != nil {
			t.Fatalf("FileConn: %v", err)
		}
		return c
	}
	a, b := conn(fds[0], "a"), conn(fds[1], "b")
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

// rawPeer writes frames and reads responses by hand.
type rawPeer struct {
	t  *testing.T
	c  net.Conn
	r  *Reader
	mu sync.Mutex
}

func (p *rawPeer) send(msg string) {
	p.t.Helper()
	if _, err := p.c.Write(AppendFrame(nil, []byte(msg))); err != nil {
		p.t.Fatalf("write: %v", err)
	}
}

func (p *rawPeer) recv() map[string]any {
	p.t.Helper()
	p.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	body, err := p.r.Read()
	if err != nil {
		p.t.Fatalf("read: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		p.t.Fatalf("decoding %s: %v", body, err)
	}
	return m
}

func serve(t *testing.T, h Handler, ordered func(string) bool) (*Conn, *rawPeer, chan error) {
	t.Helper()
	a, b := socketPair(t)
	c := NewConn(a, Options{Ordered: ordered, Logf: t.Logf})
	// done is closed when Serve returns; its error is sent first when a
	// test reads it.
	done := make(chan error, 1)
	go func() { done <- c.Serve(context.Background(), h); close(done) }()
	t.Cleanup(func() {
		c.Close()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return")
		}
	})
	return c, &rawPeer{t: t, c: b, r: NewReader(b)}, done
}

func errorCode(m map[string]any) int {
	e, _ := m["error"].(map[string]any)
	if e == nil {
		return 0
	}
	return int(e["code"].(float64))
}

func TestRequestResponse(t *testing.T) {
	_, peer, _ := serve(t, func(ctx context.Context, req *Request) (any, error) {
		switch req.Method {
		case "echo":
			return req.Params, nil
		case "nil":
			return nil, nil
		case "fail":
			return nil, Errorf(CodeInvalidParams, "bad")
		}
		return nil, errors.New("plain failure")
	}, nil)
	peer.send(`{"jsonrpc":"2.0","id":1,"method":"echo","params":{"x":1}}`)
	m := peer.recv()
	if m["id"].(float64) != 1 || m["result"].(map[string]any)["x"].(float64) != 1 {
		t.Fatalf("echo: %v", m)
	}
	peer.send(`{"jsonrpc":"2.0","id":"s","method":"nil"}`)
	m = peer.recv()
	if m["id"] != "s" {
		t.Fatalf("string id: %v", m)
	}
	if v, ok := m["result"]; !ok || v != nil {
		t.Fatalf("a null result must be present: %v", m)
	}
	peer.send(`{"jsonrpc":"2.0","id":2,"method":"fail"}`)
	if m := peer.recv(); errorCode(m) != CodeInvalidParams {
		t.Fatalf("fail: %v", m)
	}
	peer.send(`{"jsonrpc":"2.0","id":3,"method":"other"}`)
	if m := peer.recv(); errorCode(m) != CodeInternalError {
		t.Fatalf("plain error: %v", m)
	}
}

func TestGarbageKeepsServing(t *testing.T) {
	_, peer, _ := serve(t, func(ctx context.Context, req *Request) (any, error) { return "ok", nil }, nil)
	peer.c.Write([]byte("this is not a frame\r\n\r\n"))
	if m := peer.recv(); errorCode(m) != CodeParseError {
		t.Fatalf("garbage frame: %v", m)
	}
	peer.send(`{"jsonrpc":"2.0","id":1,"method":`)
	if m := peer.recv(); errorCode(m) != CodeParseError || m["id"] != nil {
		t.Fatalf("invalid JSON: %v", m)
	}
	peer.send(`[1,2,3]`)
	if m := peer.recv(); errorCode(m) != CodeParseError {
		t.Fatalf("batch: %v", m)
	}
	peer.send(`{"jsonrpc":"2.0","id":{"x":1},"method":"m"}`)
	if m := peer.recv(); errorCode(m) != CodeInvalidRequest {
		t.Fatalf("object id: %v", m)
	}
	peer.send(`{"jsonrpc":"2.0","id":7,"method":"m"}`)
	if m := peer.recv(); m["result"] != "ok" {
		t.Fatalf("after garbage: %v", m)
	}
}

func TestPanicBecomesInternalError(t *testing.T) {
	_, peer, _ := serve(t, func(ctx context.Context, req *Request) (any, error) {
		if req.Method == "boom" {
			var m map[string]int
			m["x"]++ // nil map write: a real bug, not a staged panic call
		}
		return "alive", nil
	}, nil)
	peer.send(`{"jsonrpc":"2.0","id":1,"method":"boom"}`)
	if m := peer.recv(); errorCode(m) != CodeInternalError {
		t.Fatalf("panic: %v", m)
	}
	peer.send(`{"jsonrpc":"2.0","id":2,"method":"x"}`)
	if m := peer.recv(); m["result"] != "alive" {
		t.Fatalf("after panic: %v", m)
	}
}

func TestCancelRequestCancelsContext(t *testing.T) {
	started := make(chan struct{})
	_, peer, _ := serve(t, func(ctx context.Context, req *Request) (any, error) {
		if req.Method == "slow" {
			close(started)
			<-ctx.Done()
			return nil, ctx.Err()
		}
		return "quick", nil
	}, nil)
	peer.send(`{"jsonrpc":"2.0","id":"slow-1","method":"slow"}`)
	<-started
	// The connection keeps serving while the slow request runs.
	peer.send(`{"jsonrpc":"2.0","id":2,"method":"quick"}`)
	if m := peer.recv(); m["result"] != "quick" {
		t.Fatalf("concurrent request: %v", m)
	}
	peer.send(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"slow-1"}}`)
	m := peer.recv()
	if m["id"] != "slow-1" || errorCode(m) != CodeRequestCancelled {
		t.Fatalf("cancelled request: %v", m)
	}
}

func TestOrderedRequestsAndNotifications(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	_, peer, _ := serve(t, func(ctx context.Context, req *Request) (any, error) {
		mu.Lock()
		seen = append(seen, req.Method)
		mu.Unlock()
		return len(seen), nil
	}, func(m string) bool { return m == "init" })
	peer.send(`{"jsonrpc":"2.0","method":"n1"}`)
	peer.send(`{"jsonrpc":"2.0","id":1,"method":"init"}`)
	peer.send(`{"jsonrpc":"2.0","method":"n2"}`)
	peer.send(`{"jsonrpc":"2.0","id":2,"method":"init"}`)
	peer.recv()
	peer.recv()
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(seen, ",") != "n1,init,n2,init" {
		t.Fatalf("order: %v", seen)
	}
}

func TestCallTimesOutAndCancels(t *testing.T) {
	c, peer, _ := serve(t, func(ctx context.Context, req *Request) (any, error) { return nil, nil }, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- c.Call(ctx, "client/never", nil, nil) }()
	req := peer.recv()
	if req["method"] != "client/never" {
		t.Fatalf("call: %v", req)
	}
	if err := <-errc; !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a deadline error, got %v", err)
	}
	cancelMsg := peer.recv()
	if cancelMsg["method"] != "$/cancelRequest" || cancelMsg["params"].(map[string]any)["id"] != req["id"] {
		t.Fatalf("want $/cancelRequest for %v, got %v", req["id"], cancelMsg)
	}
}

func TestCallReceivesResponse(t *testing.T) {
	c, peer, _ := serve(t, func(ctx context.Context, req *Request) (any, error) { return nil, nil }, nil)
	type answer struct {
		V string `json:"v"`
	}
	got := make(chan answer, 1)
	errc := make(chan error, 1)
	go func() {
		var a answer
		err := c.Call(context.Background(), "client/ask", map[string]int{"q": 1}, &a)
		errc <- err
		got <- a
	}()
	req := peer.recv()
	id, _ := json.Marshal(req["id"])
	peer.send(`{"jsonrpc":"2.0","id":` + string(id) + `,"result":{"v":"yes"}}`)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if a := <-got; a.V != "yes" {
		t.Fatalf("answer %v", a)
	}
	go func() { errc <- c.Call(context.Background(), "client/ask", nil, nil) }()
	req = peer.recv()
	id, _ = json.Marshal(req["id"])
	peer.send(`{"jsonrpc":"2.0","id":` + string(id) + `,"error":{"code":-32601,"message":"nope"}}`)
	var rpcErr *Error
	if err := <-errc; !errors.As(err, &rpcErr) || rpcErr.Code != CodeMethodNotFound {
		t.Fatalf("want the peer's error, got %v", err)
	}
}

func TestServeEndsAtEOFAfterHandlers(t *testing.T) {
	release := make(chan struct{})
	var finished sync.WaitGroup
	finished.Add(1)
	c, peer, done := serve(t, func(ctx context.Context, req *Request) (any, error) {
		defer finished.Done()
		<-ctx.Done() // the connection's end cancels in-flight requests
		close(release)
		return nil, ctx.Err()
	}, nil)
	peer.send(`{"jsonrpc":"2.0","id":1,"method":"wait"}`)
	time.Sleep(20 * time.Millisecond)
	peer.c.(*net.UnixConn).CloseWrite()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
		<-done
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return at EOF")
	}
	<-release
	finished.Wait()
	if err := c.Call(context.Background(), "x", nil, nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("a call after the end: %v", err)
	}
}
