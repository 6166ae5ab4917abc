package pyhelper

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// protocolVersion is the worker protocol spoken by introspect.py --serve.
const protocolVersion = 3

// exitChannelBroken is the worker's exit status when it cannot write to its
// response pipe (EXIT_CHANNEL_BROKEN in introspect.py).
const exitChannelBroken = 75

// call is one request travelling through the pool; it may be sent to a
// second worker after a crash.
type call struct {
	req      Request
	params   wireParams
	deadline time.Time
	timeout  time.Duration
	result   chan callResult // buffered(1); exactly one delivery

	mu        sync.Mutex
	delivered bool
	attempts  int
	abandoned bool
	timedOut  bool
	worker    *worker
	id        int64
	timer     *time.Timer
	// retriedAfter says why the call was sent to a second worker, for the
	// message of a failure there.
	retriedAfter string
}

type callResult struct {
	resp *Response
	err  error
}

func (c *call) deliver(resp *Response, err error) {
	c.mu.Lock()
	if c.delivered {
		c.mu.Unlock()
		return
	}
	c.delivered = true
	if c.timer != nil {
		c.timer.Stop()
	}
	c.mu.Unlock()
	c.result <- callResult{resp: resp, err: err}
}

func (c *call) abandon() {
	c.mu.Lock()
	c.abandoned = true
	c.mu.Unlock()
}

type workerState int

const (
	workerStarting workerState = iota
	workerReady
	workerRetiring // takes no new calls; exits when its calls are done
	workerDead
)

// worker supervises one `introspect.py --serve` process.
type worker struct {
	client *Client
	slot   int

	cmd       *exec.Cmd
	auth      *channelAuth
	dir       string // private empty working directory, removed at exit
	requests  *os.File
	responses *os.File
	tail      *tailBuffer
	writeMu   sync.Mutex

	ready     chan struct{} // closed when started (or failed to)
	startErr  error
	handshake chan error
	readDone  chan struct{} // closed when the response reader stopped
	exited    chan struct{} // closed after the process was reaped and read dry
	python    PythonInfo

	mu         sync.Mutex
	state      workerState
	pending    map[int64]*call
	nextID     int64
	idle       *time.Timer
	killReason string
	loaded     map[string]servedModule
}

// servedModule remembers what a worker imported, to retire it when the
// module's files change (a loaded module is never re-imported).
type servedModule struct {
	provenance  Provenance
	fingerprint string
}

func newWorker(c *Client, slot int) *worker {
	return &worker{client: c, slot: slot, ready: make(chan struct{}), exited: make(chan struct{}),
		handshake: make(chan error, 1), readDone: make(chan struct{}),
		pending: map[int64]*call{}, loaded: map[string]servedModule{}, tail: newTailBuffer(16 << 10)}
}

// start launches the process and waits for its "ready" message.
func (w *worker) start() {
	defer close(w.ready)
	if err := w.launch(); err != nil {
		w.startErr = err
		w.mu.Lock()
		w.state = workerDead
		w.mu.Unlock()
		w.client.detach(w)
		w.client.forget(w)
		return
	}
	timer := time.NewTimer(w.client.opts.StartTimeout)
	defer timer.Stop()
	var err error
	select {
	case err = <-w.handshake:
	case <-w.exited:
		err = errors.New("it exited before the worker started")
	case <-timer.C:
		err = fmt.Errorf("no handshake within %s", w.client.opts.StartTimeout)
	}
	if err != nil {
		w.fail(err)
		return
	}
	w.mu.Lock()
	if w.state == workerStarting {
		w.state = workerReady
	}
	w.mu.Unlock()
}

func (w *worker) fail(cause error) {
	w.mu.Lock()
	w.state = workerDead
	w.killReason = "start"
	w.mu.Unlock()
	killTree(w.cmd)
	<-w.exited
	w.startErr = &Error{Kind: KindInterpreter, Interpreter: w.client.exe, Stderr: w.tail.String(),
		Message: fmt.Sprintf("%s is not a usable Python interpreter: %v (%s)", w.client.exe, cause,
			describeExit(w.cmd.ProcessState))}
	w.client.detach(w)
}

func (w *worker) launch() error {
	c := w.client
	scriptArgs, err := c.scriptArgs()
	if err != nil {
		return err
	}
	auth, err := newChannelAuth()
	if err != nil {
		return &Error{Kind: KindInterpreter, Interpreter: c.exe, Message: err.Error()}
	}
	dir, err := workingDir(c.opts.CacheDir)
	if err != nil {
		return &Error{Kind: KindInterpreter, Interpreter: c.exe, Message: err.Error()}
	}
	args := append(append([]string{}, scriptArgs...), "--serve",
		"--rpc-in", strconv.Itoa(workerRequestFD), "--rpc-out", strconv.Itoa(workerResponseFD),
		"--threads", strconv.Itoa(c.opts.Threads),
		"--max-result-bytes", strconv.Itoa(c.opts.MaxResultBytes),
		"--max-capture-bytes", strconv.Itoa(c.opts.MaxCaptureBytes),
		"--max-memory-bytes", strconv.FormatInt(c.opts.memoryLimit(), 10))
	env, dropEnv := scriptEnviron(c.env)
	cmd := exec.Command(c.exe, append(args, dropEnv...)...)
	cmd.Env = env
	cmd.Dir = dir
	cmd.Stdout = w.tail
	cmd.Stderr = w.tail
	cmd.WaitDelay = 2 * time.Second
	isolate(cmd)
	requests, responses, closeChild, err := workerPipes(cmd)
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	if err := cmd.Start(); err != nil {
		closeChild()
		requests.Close()
		responses.Close()
		os.RemoveAll(dir)
		return &Error{Kind: KindInterpreter, Interpreter: c.exe, Message: fmt.Sprintf("starting %s: %v", c.exe, err)}
	}
	closeChild()
	// The key goes first, before any request makes the worker import
	// anything; 65 bytes fit in any pipe buffer. A worker that died already
	// fails its handshake.
	_, _ = requests.Write(auth.keyLine())
	w.mu.Lock()
	w.cmd, w.requests, w.responses, w.auth, w.dir = cmd, requests, responses, auth, dir
	w.mu.Unlock()
	go w.readLoop()
	go w.wait()
	return nil
}

// wait reaps the process, lets the reader drain responses written before the
// exit (bounded: a grandchild may hold the pipe open), then settles calls.
func (w *worker) wait() {
	_ = w.cmd.Wait()
	// What imported code left running in the worker's process group goes
	// with it (the group id stays reserved while the group has members).
	killGroup(w.cmd.Process.Pid)
	os.RemoveAll(w.dir)
	w.requests.Close()
	select {
	case <-w.readDone:
	case <-time.After(2 * time.Second):
		w.responses.Close()
		<-w.readDone
	}
	close(w.exited)
	w.onExit()
}

// awaitReady waits for the start to finish.
func (w *worker) awaitReady(ctx context.Context) error {
	select {
	case <-w.ready:
		return w.startErr
	case <-ctx.Done():
		return ctx.Err()
	}
}

// envelope is any message from the worker.
type envelope struct {
	ID         *int64          `json:"id"`
	Method     string          `json:"method"`
	Params     json.RawMessage `json:"params"`
	Result     json.RawMessage `json:"result"`
	Error      *rpcError       `json:"error"`
	Warnings   []string        `json:"warnings"`
	Producer   Producer        `json:"producer"`
	Provenance Provenance      `json:"provenance"`
}

type rpcError struct {
	Code    int         `json:"code"`
	Message string      `json:"message"`
	Data    pythonError `json:"data"`
}

type readyParams struct {
	Protocol int        `json:"protocol"`
	Schema   int        `json:"schema"`
	Python   PythonInfo `json:"python"`
}

func (w *worker) readLoop() {
	defer close(w.readDone)
	defer w.responses.Close()
	handshake := w.handshake
	reader := bufio.NewReaderSize(w.responses, 64<<10)
	limit := w.client.lineLimit()
	greeted := false
	mac := w.auth.newMAC()
	for {
		mac.Reset()
		line, err := readFrame(reader, limit, mac)
		if err != nil {
			if !greeted {
				handshake <- fmt.Errorf("reading handshake: %w", err)
			} else if errors.Is(err, errLineTooLong) {
				w.kill("protocol: " + err.Error())
			}
			return
		}
		body, err := w.auth.openSummed(line, mac.Sum(nil))
		if err != nil {
			if !greeted {
				handshake <- fmt.Errorf("invalid handshake %q: %w", truncate(string(line), 200), err)
				return
			}
			w.kill("protocol: " + err.Error())
			return
		}
		var msg envelope
		if err := decodeEnvelope(body, &msg); err != nil {
			if !greeted {
				handshake <- fmt.Errorf("invalid handshake %q", truncate(string(line), 200))
				return
			}
			w.kill(fmt.Sprintf("protocol: invalid message: %v", err))
			return
		}
		if !greeted {
			greeted = true
			handshake <- w.greet(msg)
			continue
		}
		w.handle(msg)
	}
}

func (w *worker) greet(msg envelope) error {
	var ready readyParams
	if msg.Method != "ready" || json.Unmarshal(msg.Params, &ready) != nil {
		return fmt.Errorf("unexpected first message %q", msg.Method)
	}
	if ready.Protocol != protocolVersion || ready.Schema != SchemaVersion {
		return fmt.Errorf("worker speaks protocol %d / schema %d, want %d / %d",
			ready.Protocol, ready.Schema, protocolVersion, SchemaVersion)
	}
	w.python = ready.Python
	return nil
}

// handle routes a response to its call.
func (w *worker) handle(msg envelope) {
	if msg.ID == nil {
		return // notifications other than "ready" carry nothing we need
	}
	w.mu.Lock()
	c := w.pending[*msg.ID]
	delete(w.pending, *msg.ID)
	w.afterCallLocked()
	w.mu.Unlock()
	if c == nil {
		return
	}
	if msg.Error != nil {
		err := msg.Error.Data.toError(c.req.Module, w.client.exe, msg.Error.Message)
		if msg.Error.Data.Message == "" {
			err.Message = msg.Error.Message
		}
		if broken := msg.Error.Data.Retire; broken != "" {
			w.retireBroken(c, broken, err)
			return
		}
		c.fail(err)
		return
	}
	if len(msg.Result) == 0 {
		c.deliver(nil, &Error{Kind: KindProtocol, Module: c.req.Module, Message: "response has neither result nor error"})
		return
	}
	c.deliver(&Response{Request: c.req, Raw: msg.Result, Warnings: msg.Warnings, Producer: msg.Producer,
		Provenance: msg.Provenance}, nil)
}

// retireBroken handles an error that says the worker itself is broken (out
// of file descriptors, out of memory): such a worker fails every later
// request, whatever the module, so it is retired and the call retried once
// on a fresh worker.
func (w *worker) retireBroken(c *call, why string, err *Error) {
	w.retire()
	if why == "memory_limit" {
		err.Kind = KindMemoryLimit
		if limit := w.client.opts.memoryLimit(); limit > 0 {
			err.Message = fmt.Sprintf("the worker reached its memory limit of %s of address space (%s): %s",
				formatBytes(limit), memoryLimitHint, err.Message)
		} else {
			err.Message = "the worker ran out of memory: " + err.Message
		}
	}
	c.mu.Lock()
	retry := c.attempts < 2 && !c.timedOut && !c.abandoned
	if retry {
		c.retriedAfter = truncate(err.Message, 300)
	}
	c.mu.Unlock()
	if retry {
		go w.client.redispatch(c)
		return
	}
	c.fail(err)
}

// afterCallLocked arms the idle timer, or finishes retiring, when no call is
// left. w.mu must be held.
func (w *worker) afterCallLocked() {
	if len(w.pending) > 0 {
		return
	}
	switch w.state {
	case workerRetiring:
		w.requests.Close() // EOF makes the worker exit
	case workerReady:
		if w.idle == nil {
			w.idle = time.AfterFunc(w.client.opts.IdleTimeout, w.idleExpired)
		} else {
			w.idle.Reset(w.client.opts.IdleTimeout)
		}
	}
}

func (w *worker) idleExpired() {
	w.mu.Lock()
	if w.state != workerReady || len(w.pending) > 0 {
		w.mu.Unlock()
		return
	}
	w.mu.Unlock()
	w.retire()
}

// retire stops new calls; the process exits once its calls are answered
// (closing the request pipe is the signal), or is killed if it hangs on.
func (w *worker) retire() {
	w.client.detach(w)
	w.mu.Lock()
	if w.state == workerDead || w.state == workerRetiring {
		w.mu.Unlock()
		return
	}
	w.state = workerRetiring
	if len(w.pending) == 0 && w.requests != nil {
		w.requests.Close()
	}
	w.mu.Unlock()
	go func() {
		select {
		case <-w.exited:
		case <-time.After(w.client.opts.RequestTimeout + 5*time.Second):
			w.kill("retired worker did not exit")
		}
	}()
}

// send registers and writes a call; false means the worker cannot take it.
func (w *worker) send(c *call) bool {
	w.mu.Lock()
	if w.state != workerReady {
		w.mu.Unlock()
		return false
	}
	w.nextID++
	id := w.nextID
	w.pending[id] = c
	if w.idle != nil {
		w.idle.Stop()
	}
	w.mu.Unlock()

	c.mu.Lock()
	c.worker, c.id = w, id
	c.attempts++
	remaining := time.Until(c.deadline)
	if c.timer != nil {
		c.timer.Stop()
	}
	c.timer = time.AfterFunc(remaining, func() { w.expire(c) })
	c.mu.Unlock()

	line, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": "introspect", "params": c.params})
	if err != nil {
		w.mu.Lock()
		delete(w.pending, id)
		w.afterCallLocked()
		w.mu.Unlock()
		c.deliver(nil, &Error{Kind: KindProtocol, Module: c.req.Module, Message: "encoding request: " + err.Error()})
		return true
	}
	w.writeMu.Lock()
	_, err = w.requests.Write(append(line, '\n'))
	w.writeMu.Unlock()
	if err != nil {
		// The process is gone or going; its exit handler settles the call.
		w.kill("request pipe closed: " + err.Error())
	}
	return true
}

// expire kills the worker when a call overstays its deadline: a hung import
// cannot be interrupted any other way.
func (w *worker) expire(c *call) {
	w.mu.Lock()
	if w.pending[c.id] != c {
		w.mu.Unlock()
		return
	}
	c.mu.Lock()
	c.timedOut = true
	c.mu.Unlock()
	w.mu.Unlock()
	w.kill("timeout")
}

func (w *worker) kill(reason string) {
	w.mu.Lock()
	if w.killReason == "" {
		w.killReason = reason
	}
	w.mu.Unlock()
	killTree(w.cmd)
}

// onExit settles every call still in flight: timed-out calls fail with a
// timeout, the others are retried once on a fresh worker (a crash with a
// single call in flight is that call's doing and is not retried).
func (w *worker) onExit() {
	w.client.detach(w)
	w.mu.Lock()
	wasStarting := w.state == workerStarting
	w.state = workerDead
	if w.idle != nil {
		w.idle.Stop()
	}
	calls := make([]*call, 0, len(w.pending))
	for _, c := range w.pending {
		calls = append(calls, c)
	}
	w.pending = map[int64]*call{}
	reason := w.killReason
	w.mu.Unlock()
	if _, code := exitStatus(w.cmd.ProcessState); reason == "" && code == exitChannelBroken {
		reason = "protocol: the worker could not write to its response channel any more (imported code closed or replaced it)"
	}
	w.client.forget(w)
	if wasStarting {
		return
	}
	for _, c := range calls {
		w.settle(c, reason, len(calls))
	}
}

func (w *worker) settle(c *call, reason string, inFlight int) {
	c.mu.Lock()
	timedOut, abandoned, attempts := c.timedOut, c.abandoned, c.attempts
	c.mu.Unlock()
	signal, code := exitStatus(w.cmd.ProcessState)
	switch {
	case timedOut:
		c.deliver(nil, &Error{Kind: KindTimeout, Module: c.req.Module, Timeout: c.timeout, Interpreter: w.client.exe,
			Message: fmt.Sprintf("no answer within %s; the worker was killed and will be restarted", c.timeout)})
	case abandoned:
		c.deliver(nil, context.Canceled)
	case reason == "closed":
		c.deliver(nil, &Error{Kind: KindWorkerCrashed, Module: c.req.Module, Interpreter: w.client.exe,
			Message: "the client was closed"})
	case attempts < 2 && (inFlight > 1 || infrastructureFailure(reason)):
		// The channel or the process broke (not this call's doing, or not
		// provably): one more try on a fresh worker.
		c.mu.Lock()
		c.retriedAfter = strings.TrimPrefix(reason, "protocol: ")
		c.mu.Unlock()
		go w.client.redispatch(c)
	case strings.HasPrefix(reason, "protocol: "):
		c.fail(&Error{Kind: KindProtocol, Module: c.req.Module, Interpreter: w.client.exe,
			Message: strings.TrimPrefix(reason, "protocol: ") + "; the worker was retired"})
	default:
		msg := describeExit(w.cmd.ProcessState)
		if reason != "" {
			msg += " (" + reason + ")"
		}
		c.fail(&Error{Kind: KindWorkerCrashed, Module: c.req.Module, Signal: signal, ExitCode: code,
			Interpreter: w.client.exe, Stderr: w.tail.String(), Message: "python worker " + msg})
	}
}

// infrastructureFailure reports whether a kill reason is a broken channel
// (a protocol error, a closed request pipe) or a timeout of another call:
// the calls in flight are retried once on a fresh worker.
func infrastructureFailure(reason string) bool {
	return reason == "timeout" || strings.HasPrefix(reason, "protocol: ") ||
		strings.HasPrefix(reason, "request pipe closed")
}

// fail delivers err, saying when it is the second worker's failure.
func (c *call) fail(err *Error) {
	c.mu.Lock()
	after := c.retriedAfter
	c.mu.Unlock()
	switch {
	case after == "":
	case strings.Contains(err.Message, after):
		err.Message += "; the first worker failed the same way and was retired, and the request was retried once on a fresh worker"
	default:
		err.Message += fmt.Sprintf("; the first worker was retired after %q and the request was retried once on a fresh worker", after)
	}
	c.deliver(nil, err)
}

// remember records the provenance of a module served by this worker.
func (w *worker) remember(p Provenance, fingerprint string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, m := range p.Modules {
		w.loaded[m.Name] = servedModule{provenance: p, fingerprint: fingerprint}
	}
}

// stale reports whether a module this worker imported has changed on disk.
func (w *worker) stale(top string) bool {
	w.mu.Lock()
	served, ok := w.loaded[top]
	w.mu.Unlock()
	if !ok {
		return false
	}
	fp, err := w.client.hashes.fingerprint(served.provenance, w.client.env)
	return err != nil || fp != served.fingerprint
}

// shutdown closes the request pipe and kills the process if it lingers.
func (w *worker) shutdown(grace time.Duration) {
	select {
	case <-w.ready:
	case <-time.After(w.client.opts.StartTimeout):
	}
	w.mu.Lock()
	started := w.cmd != nil
	if w.killReason == "" {
		w.killReason = "closed"
	}
	if started && w.state != workerDead {
		w.state = workerRetiring
		w.requests.Close()
	}
	w.mu.Unlock()
	if !started {
		return
	}
	select {
	case <-w.exited:
	case <-time.After(grace):
		killTree(w.cmd)
		<-w.exited
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
