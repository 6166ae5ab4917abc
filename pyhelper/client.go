package pyhelper

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/privdir"
)

// DefaultRequestTimeout bounds one introspection request when neither the
// caller nor the project's configuration (introspector: [timeout:]) sets a
// limit. sympy with module_mode: :explicit takes over 30 s cold on a
// 2-core machine, so SnakeBridge's 30 s batch default would fail it.
const DefaultRequestTimeout = 60 * time.Second

// Options configure a Client (and RunScript). Zero values take defaults.
type Options struct {
	// Workers is the number of worker processes (default 1). Requests are
	// routed by top-level package, so one library stays in one process.
	Workers int
	// Threads is the request thread pool size inside each worker (default 4).
	Threads int
	// RequestTimeout bounds one request, queueing included (default
	// DefaultRequestTimeout).
	RequestTimeout time.Duration
	// StartTimeout bounds starting a worker (default 30s).
	StartTimeout time.Duration
	// IdleTimeout is how long an unused worker lives (default 5m).
	IdleTimeout time.Duration
	// CacheDir holds the result cache and the written-out script (default
	// os.UserCacheDir()/snakebridge-lsp).
	CacheDir string
	// DisableCache turns the result caches (memory and disk) off.
	DisableCache bool
	// MemoryCacheBytes bounds the in-memory result cache by document size
	// (default 256 MiB).
	MemoryCacheBytes int
	// MaxResultBytes caps one result document (default 64 MiB; RunScript's
	// upstream formats LegacyMaxResultBytes); a larger one is a protocol
	// error.
	MaxResultBytes int
	// MaxCaptureBytes caps the stray output a worker keeps (default 1 MiB).
	MaxCaptureBytes int
	// MemoryLimit caps the address space of each Python process
	// (RLIMIT_AS, set before anything is imported; POSIX only). Default:
	// $SNAKEBRIDGE_LSP_PYTHON_MEMORY_MB when set, else DefaultMemoryLimit.
	// Negative: no cap. Reaching it fails the request with KindMemoryLimit.
	MemoryLimit int64
}

// DefaultMemoryLimit is the address-space cap of a Python process: 4 GiB
// plus 128 MiB per CPU (BLAS libraries reserve buffers and thread stacks per
// CPU). Importing numpy or sympy and describing them stays below 1 GiB.
func DefaultMemoryLimit() int64 { return 4<<30 + int64(runtime.NumCPU())*128<<20 }

// memoryLimitHint says how to change the cap, for error messages.
const memoryLimitHint = "set SNAKEBRIDGE_LSP_PYTHON_MEMORY_MB to raise it, -1 for none"

// memoryLimit is the cap in bytes, 0 for none.
func (o Options) memoryLimit() int64 {
	if o.MemoryLimit < 0 {
		return 0
	}
	return o.MemoryLimit
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = 1
	}
	if o.Threads <= 0 {
		o.Threads = 4
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.StartTimeout <= 0 {
		o.StartTimeout = 30 * time.Second
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 5 * time.Minute
	}
	if o.MaxResultBytes <= 0 {
		o.MaxResultBytes = 64 << 20
	}
	if o.MaxCaptureBytes <= 0 {
		o.MaxCaptureBytes = 1 << 20
	}
	if o.MemoryLimit == 0 {
		o.MemoryLimit = DefaultMemoryLimit()
		if mb, err := strconv.ParseInt(os.Getenv("SNAKEBRIDGE_LSP_PYTHON_MEMORY_MB"), 10, 64); err == nil && mb != 0 {
			o.MemoryLimit = mb << 20
		}
	}
	if o.MemoryCacheBytes <= 0 {
		o.MemoryCacheBytes = 256 << 20
	}
	if o.CacheDir == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			o.CacheDir = filepath.Join(dir, "snakebridge-lsp")
		}
	}
	return o
}

// Client introspects Python modules with supervised worker processes and a
// disk cache. It is safe for concurrent use.
type Client struct {
	interp Interpreter
	opts   Options
	exe    string
	env    []string
	hashes *fileHashes
	cache  *diskCache
	memory *memoryCache

	scriptOnce sync.Once
	scriptArgV []string
	scriptErr  error

	mu       sync.Mutex
	slots    []*worker
	live     map[*worker]struct{}
	identity string
	closed   bool
	pending  sync.WaitGroup // background cache fills of abandoned calls
}

// New prepares a client for interp; workers start on first use.
func New(interp Interpreter, opts Options) (*Client, error) {
	exe, err := interp.executable()
	if err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	c := &Client{interp: interp, opts: opts, exe: exe, env: interp.Environ(), hashes: &fileHashes{},
		slots: make([]*worker, opts.Workers), live: map[*worker]struct{}{}}
	c.identity = interp.identity(exe, c.env)
	if !opts.DisableCache {
		c.memory = newMemoryCache(opts.MemoryCacheBytes)
		if opts.CacheDir != "" && privateCache(opts.CacheDir) {
			c.cache = &diskCache{dir: opts.CacheDir, hashes: c.hashes}
			c.cache.prune(time.Now())
		}
	}
	return c, nil
}

// Introspect answers req from the cache or a worker. The request is bounded
// by req.Timeout (or Options.RequestTimeout) and by ctx's deadline; when
// either expires the worker running it is killed and restarted, and the
// other requests it was running are retried once. Cancelling ctx without a
// deadline only stops waiting: the worker finishes the request (and caches
// its result) unless the timeout kills it first.
func (c *Client) Introspect(ctx context.Context, req Request) (*Response, error) {
	req, err := req.normalized()
	if err != nil {
		return nil, err
	}
	key := ""
	if c.memory != nil && !req.NoCache {
		key = cacheKey(c.currentIdentity(), req)
		if resp := c.cached(key, req); resp != nil {
			return resp, nil
		}
	}
	cl := c.newCall(ctx, req)
	if err := c.dispatch(ctx, cl); err != nil {
		return nil, err
	}
	select {
	case r := <-cl.result:
		if r.err != nil {
			return nil, r.err
		}
		c.afterSuccess(cl, r.resp, key)
		return r.resp, nil
	case <-ctx.Done():
		cl.abandon()
		c.pending.Add(1)
		go func() {
			defer c.pending.Done()
			if r := <-cl.result; r.err == nil {
				c.afterSuccess(cl, r.resp, key)
			}
		}()
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, &Error{Kind: KindTimeout, Module: req.Module, Timeout: cl.timeout, Interpreter: c.exe,
				Message: "the context deadline expired; the worker is killed and restarted"}
		}
		return nil, fmt.Errorf("introspecting %s: %w", req.Module, ctx.Err())
	}
}

// Close stops every worker and waits for them to exit.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	workers := make([]*worker, 0, len(c.live))
	for w := range c.live {
		workers = append(workers, w)
	}
	c.mu.Unlock()
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func(w *worker) {
			defer wg.Done()
			w.shutdown(3 * time.Second)
		}(w)
	}
	wg.Wait()
	c.pending.Wait()
	return nil
}

func (c *Client) newCall(ctx context.Context, req Request) *call {
	timeout := req.Timeout
	if timeout <= 0 {
		timeout = c.opts.RequestTimeout
	}
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
		timeout = time.Until(d)
	}
	return &call{req: req, params: req.params(), deadline: deadline, timeout: timeout, result: make(chan callResult, 1)}
}

// dispatch hands a call to the worker of its slot, starting one if needed.
func (c *Client) dispatch(ctx context.Context, cl *call) error {
	ctx, cancel := context.WithDeadline(ctx, cl.deadline)
	defer cancel()
	for attempt := 0; attempt < 3; attempt++ {
		if !time.Now().Before(cl.deadline) {
			// Sending it would arm an expired timer and kill a healthy worker.
			return &Error{Kind: KindTimeout, Module: cl.req.Module, Timeout: cl.timeout, Interpreter: c.exe,
				Message: "the deadline passed before a worker could take the request"}
		}
		w, err := c.workerFor(ctx, cl.req)
		if err != nil {
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return &Error{Kind: KindTimeout, Module: cl.req.Module, Timeout: cl.timeout, Interpreter: c.exe,
					Message: "no worker was ready before the deadline"}
			}
			if ctx.Err() != nil {
				return fmt.Errorf("introspecting %s: %w", cl.req.Module, ctx.Err())
			}
			return err
		}
		if w.send(cl) {
			return nil
		}
	}
	return &Error{Kind: KindWorkerCrashed, Module: cl.req.Module, Interpreter: c.exe,
		Message: "workers kept exiting before accepting the request"}
}

// redispatch retries a call whose worker died.
func (c *Client) redispatch(cl *call) {
	if err := c.dispatch(context.Background(), cl); err != nil {
		cl.deliver(nil, err)
	}
}

func (c *Client) workerFor(ctx context.Context, req Request) (*worker, error) {
	slot := c.slotFor(req.topLevel())
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, &Error{Kind: KindWorkerCrashed, Module: req.Module, Message: "the client is closed"}
	}
	current := c.slots[slot]
	c.mu.Unlock()
	if current != nil && current.isReady() && current.stale(req.topLevel()) {
		current.retire() // it imported an older version of the module
	}
	c.mu.Lock()
	w := c.slots[slot]
	if w == nil {
		w = newWorker(c, slot)
		c.slots[slot] = w
		c.live[w] = struct{}{}
		go w.start()
	}
	c.mu.Unlock()
	if err := w.awaitReady(ctx); err != nil {
		return nil, err
	}
	return w, nil
}

func (c *Client) slotFor(top string) int {
	h := fnv.New32a()
	h.Write([]byte(top))
	return int(h.Sum32() % uint32(len(c.slots)))
}

// detach removes w from its slot so that new calls start a new worker.
func (c *Client) detach(w *worker) {
	c.mu.Lock()
	if c.slots[w.slot] == w {
		c.slots[w.slot] = nil
	}
	c.mu.Unlock()
}

// forget drops an exited worker.
func (c *Client) forget(w *worker) {
	c.mu.Lock()
	delete(c.live, w)
	c.mu.Unlock()
}

// currentIdentity recomputes the interpreter identity; when it changed (the
// interpreter or venv was replaced) running workers are retired.
func (c *Client) currentIdentity() string {
	id := c.interp.identity(c.exe, c.env)
	c.mu.Lock()
	changed := id != c.identity
	c.identity = id
	var workers []*worker
	if changed {
		for _, w := range c.slots {
			if w != nil {
				workers = append(workers, w)
			}
		}
	}
	c.mu.Unlock()
	for _, w := range workers {
		w.retire()
	}
	return id
}

func (c *Client) afterSuccess(cl *call, resp *Response, key string) {
	fp, err := c.hashes.fingerprint(resp.Provenance, c.env)
	if err != nil {
		return // changed while we were introspecting: neither remember nor cache
	}
	cl.mu.Lock()
	w := cl.worker
	cl.mu.Unlock()
	if w != nil {
		w.remember(resp.Provenance, fp)
	}
	if key != "" && resp.cacheable() {
		c.memory.put(key, resp.shared(false), fp)
		if c.cache != nil {
			_ = c.cache.store(key, resp, fp)
		}
	}
}

// cached answers from memory, then disk, after checking the provenance
// still holds.
func (c *Client) cached(key string, req Request) *Response {
	if resp, fp := c.memory.get(key); resp != nil {
		if now, err := c.hashes.fingerprint(resp.Provenance, c.env); err == nil && now == fp {
			return resp.shared(true)
		}
		c.memory.remove(key)
	}
	if c.cache == nil {
		return nil
	}
	resp, fp := c.cache.load(key, req, c.env)
	if resp == nil {
		return nil
	}
	c.cache.touch(key, time.Now())
	c.memory.put(key, resp, fp)
	return resp.shared(true)
}

func (c *Client) scriptArgs() ([]string, error) {
	c.scriptOnce.Do(func() { c.scriptArgV, c.scriptErr = scriptPrefix(c.opts.CacheDir) })
	return c.scriptArgV, c.scriptErr
}

// privateCache reports whether the disk cache directory is private (package
// privdir): one someone else controls could feed us forged results, so
// without it only the memory cache is used.
func privateCache(dir string) bool {
	if _, err := privateBase(dir); err != nil {
		return false
	}
	_, err := privdir.Under(dir, "introspect")
	return err == nil
}

// lineLimit bounds one protocol message: the result plus escaped warnings.
func (c *Client) lineLimit() int { return c.opts.MaxResultBytes + 8*c.opts.MaxCaptureBytes + 1<<20 }

func (w *worker) isReady() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.state == workerReady
}
