package coalesce

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeClock stands in for time.AfterFunc: the test fires the armed timer.
type fakeClock struct {
	mu     sync.Mutex
	f      func()
	armed  bool
	delays []time.Duration
}

type fakeTimer struct{ c *fakeClock }

func (t fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := t.c.armed
	t.c.armed = false
	return was
}

func (t fakeTimer) Reset(d time.Duration) bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := t.c.armed
	t.c.armed = true
	t.c.delays = append(t.c.delays, d)
	return was
}

func (c *fakeClock) afterFunc(d time.Duration, f func()) timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.f, c.armed = f, true
	c.delays = append(c.delays, d)
	return fakeTimer{c}
}

// fire runs the timer's function if it is armed, as the runtime would.
func (c *fakeClock) fire() bool {
	c.mu.Lock()
	f, armed := c.f, c.armed
	c.armed = false
	c.mu.Unlock()
	if armed {
		f()
	}
	return armed
}

// recorder runs values (lists of ints, merged by appending) one at a
// time, each run blocking until the test releases it.
type recorder struct {
	mu      sync.Mutex
	runs    [][]int
	dropped [][]int
	idle    int
	started chan []int
	release chan struct{}
	ctxs    chan context.Context
}

func newRecorder() *recorder {
	return &recorder{started: make(chan []int, 16), release: make(chan struct{}), ctxs: make(chan context.Context, 16)}
}

func (r *recorder) config(delay, maxDelay time.Duration) Config[[]int] {
	return Config[[]int]{
		Merge: func(p []int, has bool, n []int) []int { return append(append([]int(nil), p...), n...) },
		Run: func(ctx context.Context, v []int) {
			r.ctxs <- ctx
			r.started <- v
			<-r.release
			r.mu.Lock()
			r.runs = append(r.runs, v)
			r.mu.Unlock()
		},
		Drop: func(v []int) {
			r.mu.Lock()
			r.dropped = append(r.dropped, v)
			r.mu.Unlock()
		},
		Idle: func() {
			r.mu.Lock()
			r.idle++
			r.mu.Unlock()
		},
		Delay: delay, MaxDelay: maxDelay,
	}
}

func (r *recorder) waitStart(t *testing.T) []int {
	t.Helper()
	select {
	case v := <-r.started:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("no run started")
		return nil
	}
}

func (r *recorder) noStart(t *testing.T) {
	t.Helper()
	select {
	case v := <-r.started:
		t.Fatalf("an unexpected run started with %v", v)
	default:
	}
}

// snapshot returns the runs, drops and idle count so far.
func (r *recorder) snapshot() (runs, dropped [][]int, idle int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]int(nil), r.runs...), append([][]int(nil), r.dropped...), r.idle
}

// waitSeriesEnd waits until n series of runs have ended (Idle was called).
func (r *recorder) waitSeriesEnd(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, _, idle := r.snapshot(); idle >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the runs never ended")
		}
		time.Sleep(time.Millisecond)
	}
}

// waitIdle waits until the coalescer has nothing pending or running.
func waitIdle[T any](t *testing.T, c *Coalescer[T]) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for c.Busy() {
		if time.Now().After(deadline) {
			t.Fatal("the coalescer never went idle")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestRunsInProgressAreFollowedByExactlyOneMore: without a delay the first
// value runs at once; every value added during a run merges into the one
// run that follows it.
func TestRunsInProgressAreFollowedByExactlyOneMore(t *testing.T) {
	tests := []struct {
		name   string
		bursts [][]int // bursts[0] starts a run; each later burst arrives during the previous run
		runs   [][]int
	}{
		{"one value", [][]int{{1}}, [][]int{{1}}},
		{"a burst during a run is one more run", [][]int{{1}, {2, 3, 4}}, [][]int{{1}, {2, 3, 4}}},
		{"bursts during successive runs", [][]int{{1}, {2, 3}, {4, 5, 6}}, [][]int{{1}, {2, 3}, {4, 5, 6}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorder()
			c := New(r.config(0, 0))
			c.Add([]int{tt.bursts[0][0]})
			for _, burst := range tt.bursts[1:] {
				r.waitStart(t)
				for _, v := range burst {
					c.Add([]int{v})
				}
				r.release <- struct{}{}
			}
			r.waitStart(t)
			r.release <- struct{}{}
			r.waitSeriesEnd(t, 1)
			r.noStart(t)
			runs, _, idle := r.snapshot()
			if !slices.EqualFunc(runs, tt.runs, slices.Equal) {
				t.Errorf("runs %v, want %v", runs, tt.runs)
			}
			if idle != 1 || c.Busy() {
				t.Errorf("idle %d times (busy %v), want once", idle, c.Busy())
			}
		})
	}
}

// TestDelayMergesABurstIntoOneRun: with a delay, each value re-arms the
// quiet time (bounded by MaxDelay since the first), and the timer runs
// everything added so far once.
func TestDelayMergesABurstIntoOneRun(t *testing.T) {
	const delay, maxDelay = time.Second, time.Hour
	r := newRecorder()
	clock := &fakeClock{}
	c := New(r.config(delay, maxDelay))
	c.afterFunc = clock.afterFunc
	for i := 1; i <= 5; i++ {
		c.Add([]int{i})
	}
	r.noStart(t)
	if len(clock.delays) != 5 {
		t.Fatalf("the quiet time was armed %d times, want once per value", len(clock.delays))
	}
	for _, d := range clock.delays {
		if d > delay {
			t.Errorf("armed for %v, more than the delay", d)
		}
	}
	clock.fire()
	if v := r.waitStart(t); !slices.Equal(v, []int{1, 2, 3, 4, 5}) {
		t.Errorf("ran %v, want the whole burst", v)
	}
	// During the run: the values wait for the run's end, then for their
	// own quiet time.
	c.Add([]int{6})
	c.Add([]int{7})
	clock.fire() // the timer may fire during the run: nothing starts
	r.noStart(t)
	r.release <- struct{}{}
	for !clock.fire() {
		time.Sleep(time.Millisecond) // the run's end re-arms the timer
	}
	if v := r.waitStart(t); !slices.Equal(v, []int{6, 7}) {
		t.Errorf("ran %v, want [6 7]", v)
	}
	r.release <- struct{}{}
	r.waitSeriesEnd(t, 1)
	if runs, _, _ := r.snapshot(); len(runs) != 2 {
		t.Errorf("%d runs, want 2", len(runs))
	}
}

// TestMaxDelayBoundsTheWait: once MaxDelay has passed since the first
// pending value, the timer is armed for no more than what is left.
func TestMaxDelayBoundsTheWait(t *testing.T) {
	r := newRecorder()
	clock := &fakeClock{}
	c := New(r.config(time.Hour, time.Nanosecond))
	c.afterFunc = clock.afterFunc
	c.Add([]int{1})
	time.Sleep(time.Millisecond)
	c.Add([]int{2})
	if last := clock.delays[len(clock.delays)-1]; last != 0 {
		t.Errorf("armed for %v after MaxDelay passed, want 0", last)
	}
	c.Close()
}

// TestCancelAndClose: Cancel drops what is pending (to Drop) and cancels
// the run in progress; CancelRun keeps what is pending; after Close every
// value is dropped and nothing runs.
func TestCancelAndClose(t *testing.T) {
	t.Run("cancel", func(t *testing.T) {
		r := newRecorder()
		c := New(r.config(0, 0))
		if c.Cancel() {
			t.Error("cancelling an idle coalescer reports work")
		}
		c.Add([]int{1})
		r.waitStart(t)
		ctx := <-r.ctxs
		c.Add([]int{2})
		if !c.Cancel() {
			t.Error("Cancel found nothing to cancel")
		}
		if ctx.Err() == nil {
			t.Error("the run's context was not cancelled")
		}
		r.release <- struct{}{}
		r.waitSeriesEnd(t, 1)
		r.noStart(t)
		if _, dropped, _ := r.snapshot(); !slices.EqualFunc(dropped, [][]int{{2}}, slices.Equal) {
			t.Errorf("dropped %v, want [[2]]", dropped)
		}
	})
	t.Run("cancel run keeps the pending value", func(t *testing.T) {
		r := newRecorder()
		c := New(r.config(0, 0))
		c.Add([]int{1})
		r.waitStart(t)
		ctx := <-r.ctxs
		c.Add([]int{2})
		if !c.CancelRun() || ctx.Err() == nil {
			t.Error("the run was not cancelled")
		}
		r.release <- struct{}{}
		if v := r.waitStart(t); !slices.Equal(v, []int{2}) {
			t.Errorf("ran %v, want [2]", v)
		}
		if (<-r.ctxs).Err() != nil {
			t.Error("the next run starts cancelled")
		}
		r.release <- struct{}{}
		r.waitSeriesEnd(t, 1)
	})
	t.Run("close", func(t *testing.T) {
		r := newRecorder()
		clock := &fakeClock{}
		c := New(r.config(time.Second, 0))
		c.afterFunc = clock.afterFunc
		c.Add([]int{1})
		c.Close()
		c.Add([]int{2})
		clock.fire()
		r.noStart(t)
		if c.Busy() {
			t.Error("a closed coalescer is busy")
		}
		if _, dropped, _ := r.snapshot(); !slices.EqualFunc(dropped, [][]int{{1}, {2}}, slices.Equal) {
			t.Errorf("dropped %v, want [[1] [2]]", dropped)
		}
	})
	t.Run("refused start", func(t *testing.T) {
		r := newRecorder()
		cfg := r.config(0, 0)
		cfg.Go = func(func(context.Context)) bool { return false }
		c := New(cfg)
		c.Add([]int{1})
		if _, dropped, _ := r.snapshot(); c.Busy() || !slices.EqualFunc(dropped, [][]int{{1}}, slices.Equal) {
			t.Errorf("a refused start: busy %v, dropped %v", c.Busy(), dropped)
		}
	})
	t.Run("owner's context ended", func(t *testing.T) {
		r := newRecorder()
		cfg := r.config(0, 0)
		ctx, cancel := context.WithCancel(context.Background())
		cfg.Go = func(f func(context.Context)) bool { go f(ctx); return true }
		c := New(cfg)
		c.Add([]int{1})
		r.waitStart(t)
		c.Add([]int{2})
		cancel()
		r.release <- struct{}{}
		r.waitSeriesEnd(t, 1)
		r.noStart(t)
		if _, dropped, _ := r.snapshot(); !slices.EqualFunc(dropped, [][]int{{2}}, slices.Equal) {
			t.Errorf("dropped %v, want [[2]]", dropped)
		}
	})
}

// TestConcurrentAddsRunEveryValueOnce: under -race, values added from many
// goroutines all run, each exactly once, and runs never overlap.
func TestConcurrentAddsRunEveryValueOnce(t *testing.T) {
	var mu sync.Mutex
	var seen []int
	active := 0
	c := New(Config[[]int]{
		Merge: func(p []int, has bool, n []int) []int { return append(p, n...) },
		Run: func(ctx context.Context, v []int) {
			mu.Lock()
			active++
			if active > 1 {
				t.Error("runs overlap")
			}
			seen = append(seen, v...)
			mu.Unlock()
			time.Sleep(100 * time.Microsecond)
			mu.Lock()
			active--
			mu.Unlock()
		},
	})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				c.Add([]int{g*100 + i})
			}
		}()
	}
	wg.Wait()
	waitIdle(t, c)
	slices.Sort(seen)
	if len(seen) != 800 || seen[0] != 0 || seen[799] != 799 || len(slices.Compact(seen)) != 800 {
		t.Errorf("ran %d values, want 0..799 once each", len(seen))
	}
}
