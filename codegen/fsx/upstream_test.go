package fsx

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestUpstreamWriters(t *testing.T) {
	gen := filepath.Join(t.TempDir(), "gen")
	for _, rel := range []string{
		"json/decoder/json_decoder.ex.lock",
		"json/__init__.ex.lock",
		"json/__init__.ex",
		"json/__init__.ex.tmp.576460752303423",
		"json/decoder/json_decoder.ex",
		"notes.lock",
	} {
		mustWrite(t, filepath.Join(gen, filepath.FromSlash(rel)), nil)
	}
	got, err := UpstreamWriters(gen)
	want := []string{
		filepath.Join(gen, "json", "__init__.ex.lock"),
		filepath.Join(gen, "json", "decoder", "json_decoder.ex.lock"),
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("UpstreamWriters = %v, %v; want %v", got, err, want)
	}
	if got, err := UpstreamWriters(filepath.Join(gen, "missing")); err != nil || len(got) != 0 {
		t.Fatalf("missing dir: %v, %v", got, err)
	}
	if runtime.GOOS != "windows" {
		link := filepath.Join(t.TempDir(), "linked_gen")
		if err := os.Symlink(gen, link); err != nil {
			t.Fatal(err)
		}
		if got, err := UpstreamWriters(link); err != nil || len(got) != 2 {
			t.Fatalf("a symlinked generated dir: %v, %v; want its 2 lock files", got, err)
		}
	}
}

func TestWaitUpstreamReturnsWhenWritersFinish(t *testing.T) {
	gen := t.TempDir()
	if err := WaitUpstream(context.Background(), gen); err != nil {
		t.Fatalf("no writers: %v", err)
	}
	lock := filepath.Join(gen, "json", "__init__.ex.lock")
	mustWrite(t, lock, nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		time.Sleep(100 * time.Millisecond)
		_ = os.Remove(lock)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := WaitUpstream(ctx, gen); err != nil {
		t.Fatalf("WaitUpstream = %v", err)
	}
	if _, err := os.Stat(lock); !os.IsNotExist(err) {
		t.Fatal("WaitUpstream returned while the writer's lock was still there")
	}
	<-done
}

func TestWaitUpstreamHonoursContext(t *testing.T) {
	gen := t.TempDir()
	lock := filepath.Join(gen, "numpy", "ndarray.ex.lock")
	mustWrite(t, lock, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	err := WaitUpstream(ctx, gen)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), filepath.Join(gen, "numpy", "ndarray.ex")) {
		t.Fatalf("WaitUpstream = %v; want the deadline, naming the file being written", err)
	}
}

func TestWaitUpstreamReportsStaleLock(t *testing.T) {
	gen := t.TempDir()
	fresh := filepath.Join(gen, "a.ex.lock")
	stale := filepath.Join(gen, "json", "__init__.ex.lock")
	mustWrite(t, fresh, nil)
	mustWrite(t, stale, nil)
	old := time.Now().Add(-2 * StaleUpstreamAge)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := WaitUpstream(ctx, gen)
	var se *StaleLockError
	if !errors.As(err, &se) || !errors.Is(err, ErrStaleUpstreamLock) || se.Path != stale || se.Age < StaleUpstreamAge {
		t.Fatalf("WaitUpstream = %v; want a StaleLockError for %s", err, stale)
	}
	if !strings.Contains(err.Error(), stale) {
		t.Fatalf("the message %q does not name the file", err)
	}
}

// TestWaitUpstreamOldButHeldLockIsNotStale: a lock file some process still
// holds open is a live writer, however old.
func TestWaitUpstreamOldButHeldLockIsNotStale(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("holders are only detected through /proc")
	}
	gen := t.TempDir()
	lock := filepath.Join(gen, "json", "__init__.ex.lock")
	mustWrite(t, lock, nil)
	old := time.Now().Add(-2 * StaleUpstreamAge)
	if err := os.Chtimes(lock, old, old); err != nil {
		t.Fatal(err)
	}
	held, err := os.Open(lock)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := WaitUpstream(ctx, gen); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitUpstream = %v; want it to keep waiting for the holder", err)
	}
	held.Close()
	if err := WaitUpstream(context.Background(), gen); !errors.Is(err, ErrStaleUpstreamLock) {
		t.Fatalf("after the holder closed it: %v; want stale", err)
	}
}
