// Package coalesce runs work on merged requests: requests that arrive
// together (within a quiet delay) become one run, runs never overlap, and
// requests that arrive during a run become exactly one more run after it.
// The language server's check loop, regeneration queue and file-event
// batch are all this one pattern.
package coalesce

import (
	"context"
	"sync"
	"time"
)

// Config says how requests merge and run.
type Config[T any] struct {
	// Merge combines the pending value with a newer one; pending is the
	// zero value when nothing is pending (has is false).
	Merge func(pending T, has bool, newer T) T
	// Run does the work for a merged value. Its context ends when the run
	// is cancelled (Cancel, CancelRun, Close) or the context Go passed
	// ends.
	Run func(ctx context.Context, v T)
	// Drop receives a pending value that will never run (Cancel, Close, a
	// start Go refused, the context of Go ended); nil ignores it.
	Drop func(v T)
	// Idle is called when a series of runs ends with nothing pending;
	// nil ignores it.
	Idle func()
	// Go starts a series of runs; false means it refused (the owner is
	// stopping). nil starts a goroutine with context.Background().
	Go func(func(context.Context)) bool
	// Delay is the quiet time after the latest request before a run
	// starts; 0 starts at once.
	Delay time.Duration
	// MaxDelay bounds the wait since the first pending request while
	// requests keep arriving; 0 leaves it unbounded.
	MaxDelay time.Duration
}

// Coalescer is one coalescing queue. Its methods are safe for concurrent
// use.
type Coalescer[T any] struct {
	cfg Config[T]

	mu      sync.Mutex
	pending T
	has     bool
	first   time.Time // when the pending value was first added
	timer   timer
	running bool
	cancel  context.CancelFunc // of the run in progress
	closed  bool

	// afterFunc is time.AfterFunc; tests replace it with a clock they
	// drive.
	afterFunc func(time.Duration, func()) timer
}

// timer is the part of *time.Timer a Coalescer uses.
type timer interface {
	Stop() bool
	Reset(time.Duration) bool
}

// New returns an idle coalescer.
func New[T any](cfg Config[T]) *Coalescer[T] {
	if cfg.Go == nil {
		cfg.Go = func(f func(context.Context)) bool {
			go f(context.Background())
			return true
		}
	}
	return &Coalescer[T]{cfg: cfg, afterFunc: func(d time.Duration, f func()) timer { return time.AfterFunc(d, f) }}
}

// Add merges v into the pending value and schedules its run: at once, or
// after the quiet delay, or after the run in progress.
func (c *Coalescer[T]) Add(v T) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		c.drop(v)
		return
	}
	if !c.has {
		c.first = time.Now()
	}
	c.pending, c.has = c.cfg.Merge(c.pending, c.has, v), true
	start := c.scheduleLocked()
	c.mu.Unlock()
	if start {
		c.startSeries()
	}
}

// scheduleLocked arms the delay, or reports that a series must start now.
func (c *Coalescer[T]) scheduleLocked() (startNow bool) {
	if c.running {
		return false // the run's end schedules what is pending
	}
	if c.cfg.Delay <= 0 {
		c.running = true
		return true
	}
	d := c.cfg.Delay
	if c.cfg.MaxDelay > 0 {
		d = min(d, max(0, c.cfg.MaxDelay-time.Since(c.first)))
	}
	if c.timer == nil {
		c.timer = c.afterFunc(d, c.fire)
	} else {
		c.timer.Reset(d)
	}
	return false
}

// fire starts the pending value once the delay has passed.
func (c *Coalescer[T]) fire() {
	c.mu.Lock()
	if c.closed || c.running || !c.has {
		c.mu.Unlock()
		return
	}
	c.running = true
	c.mu.Unlock()
	c.startSeries()
}

// startSeries runs pending values until none is left (or, with a delay,
// until the next one must wait for it). c.running is set.
func (c *Coalescer[T]) startSeries() {
	if c.cfg.Go(c.series) {
		return
	}
	c.mu.Lock()
	c.running = false
	v, has := c.takeLocked()
	c.mu.Unlock()
	if has {
		c.drop(v)
	}
}

func (c *Coalescer[T]) series(parent context.Context) {
	for {
		c.mu.Lock()
		v, has := c.takeLocked()
		if !has || c.closed || parent.Err() != nil {
			c.running = false
			c.mu.Unlock()
			if has {
				c.drop(v)
			}
			if c.cfg.Idle != nil {
				c.cfg.Idle()
			}
			return
		}
		ctx, cancel := context.WithCancel(parent)
		c.cancel = cancel
		c.mu.Unlock()

		c.cfg.Run(ctx, v)
		cancel()

		c.mu.Lock()
		c.cancel = nil
		if c.has && c.cfg.Delay > 0 && !c.closed {
			// Requests that arrived during the run wait for their own
			// quiet delay.
			c.running = false
			c.scheduleLocked()
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
	}
}

// takeLocked removes the pending value.
func (c *Coalescer[T]) takeLocked() (T, bool) {
	v, has := c.pending, c.has
	var zero T
	c.pending, c.has = zero, false
	return v, has
}

func (c *Coalescer[T]) drop(v T) {
	if c.cfg.Drop != nil {
		c.cfg.Drop(v)
	}
}

// Cancel drops the pending value and cancels the run in progress; it
// reports whether there was either.
func (c *Coalescer[T]) Cancel() bool {
	c.mu.Lock()
	v, has := c.takeLocked()
	if c.timer != nil {
		c.timer.Stop()
	}
	found := has
	if c.cancel != nil {
		c.cancel()
		found = true
	}
	c.mu.Unlock()
	if has {
		c.drop(v)
	}
	return found
}

// CancelRun cancels the run in progress, keeping what is pending; it
// reports whether a run was in progress.
func (c *Coalescer[T]) CancelRun() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel == nil {
		return false
	}
	c.cancel()
	return true
}

// Close cancels everything for good: later values are dropped. It does
// not wait for the run in progress (the owner's Go does).
func (c *Coalescer[T]) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.Cancel()
}

// Busy reports whether a value is pending or a run is in progress.
func (c *Coalescer[T]) Busy() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.has || c.running
}
