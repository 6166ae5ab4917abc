//go:build unix && !aix

package fsx

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// lockHome points the lock directory at a fresh cache directory for this
// test and the child processes it starts.
func lockHome(t *testing.T) string {
	t.Helper()
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", t.TempDir())
	return cache
}

func TestLockPath(t *testing.T) {
	cache := lockHome(t)
	root := t.TempDir()
	link := filepath.Join(t.TempDir(), "alias")
	if err := os.Symlink(root, link); err != nil {
		t.Fatal(err)
	}
	p1, err := LockPath(root)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := LockPath(link)
	if err != nil || p1 != p2 {
		t.Fatalf("LockPath through a symlink = %s, %v; want %s", p2, err, p1)
	}
	if filepath.Dir(p1) != filepath.Join(cache, "snakebridge-lsp", "locks") || !strings.HasSuffix(p1, ".lock") {
		t.Fatalf("lock file %s is not under the cache dir %s", p1, cache)
	}
	other, _ := LockPath(t.TempDir())
	if other == p1 {
		t.Fatal("two projects share a lock file")
	}
	if _, err := LockPath(filepath.Join(root, "missing")); err == nil {
		t.Fatal("LockPath of a missing root succeeded")
	}

	// Without a cache directory, $XDG_RUNTIME_DIR is next.
	runtimeDir := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "")
	t.Setenv("XDG_RUNTIME_DIR", runtimeDir)
	p3, err := LockPath(root)
	if err != nil || !strings.HasPrefix(p3, filepath.Join(runtimeDir, "snakebridge-lsp", "locks")+string(filepath.Separator)) {
		t.Fatalf("LockPath without a cache dir = %s, %v; want it under %s", p3, err, runtimeDir)
	}
}

func TestLockKeepsProjectClean(t *testing.T) {
	lockHome(t)
	root := t.TempDir()
	l, err := Lock(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	if files := allFiles(t, root); len(files) != 0 {
		t.Fatalf("locking created files in the project: %v", files)
	}
	real, _ := filepath.EvalSymlinks(root)
	if within(real, l.Path()) || l.Root() != real {
		t.Fatalf("lock file %s, root %s", l.Path(), l.Root())
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := l.Unlock(); err != nil {
		t.Fatalf("a second Unlock: %v", err)
	}
}

func TestTryLockAndWait(t *testing.T) {
	lockHome(t)
	root := t.TempDir()
	l1, err := TryLock(root)
	if err != nil {
		t.Fatal(err)
	}
	_, err = TryLock(root)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "process "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("TryLock of a held lock = %v; want ErrLocked naming the holder", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := Lock(ctx, root); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Lock while held = %v; want the context's deadline", err)
	}
	cancelled, cancelNow := context.WithCancel(context.Background())
	cancelNow()
	if _, err := Lock(cancelled, root); !errors.Is(err, context.Canceled) {
		t.Fatalf("Lock with a cancelled context = %v", err)
	}

	// A waiter gets the lock when the holder lets go.
	go func() {
		time.Sleep(50 * time.Millisecond)
		_ = l1.Unlock()
	}()
	l2, err := Lock(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	if err := l2.Unlock(); err != nil {
		t.Fatal(err)
	}
}

// TestLockReleasedWhenHolderDies: a SIGKILLed holder does not block the
// next writer.
func TestLockReleasedWhenHolderDies(t *testing.T) {
	lockHome(t)
	root := t.TempDir()
	cmd := child(t, "holdlock", envRoot+"="+root)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "locked\n" {
		t.Fatalf("child said %q, %v", line, err)
	}
	_, err = TryLock(root)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "process "+strconv.Itoa(cmd.Process.Pid)) {
		t.Fatalf("TryLock while the child holds the lock = %v", err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	l, err := TryLock(root)
	if err != nil {
		t.Fatalf("the lock of a killed holder was not released: %v", err)
	}
	_ = l.Unlock()
}

// TestLockSerialisesProcesses: three processes enter the critical section
// repeatedly; their sections never overlap and all finish.
func TestLockSerialisesProcesses(t *testing.T) {
	lockHome(t)
	root := t.TempDir()
	logPath := filepath.Join(t.TempDir(), "sections.log")
	const procs, rounds = 3, 8
	var wg sync.WaitGroup
	errs := make([]error, procs)
	for i := range procs {
		cmd := child(t, "locker", envRoot+"="+root, envLog+"="+logPath, envRounds+"="+strconv.Itoa(rounds))
		wg.Go(func() {
			if out, err := cmd.CombinedOutput(); err != nil {
				errs[i] = fmt.Errorf("locker %d: %v: %s", i, err, out)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	type section struct{ pid, start, end int64 }
	var sections []section
	for _, line := range strings.Split(strings.TrimSpace(string(mustRead(t, logPath))), "\n") {
		var s section
		if _, err := fmt.Sscanf(line, "%d %d %d", &s.pid, &s.start, &s.end); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		sections = append(sections, s)
	}
	if len(sections) != procs*rounds {
		t.Fatalf("%d critical sections logged, want %d", len(sections), procs*rounds)
	}
	sort.Slice(sections, func(i, j int) bool { return sections[i].start < sections[j].start })
	pids := map[int64]bool{}
	for i, s := range sections {
		pids[s.pid] = true
		if i > 0 && s.start < sections[i-1].end {
			t.Fatalf("critical sections overlap: %+v and %+v", sections[i-1], s)
		}
	}
	if len(pids) != procs {
		t.Fatalf("sections from %d processes, want %d", len(pids), procs)
	}
}

// TestLockSerialisesGoroutines: 50 goroutines commit the same file set,
// each with its own content, under the lock; one commit wins whole.
func TestLockSerialisesGoroutines(t *testing.T) {
	lockHome(t)
	root := memDir(t)
	const writers, files = 50, 8
	var inside, maxInside atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for g := range writers {
		wg.Go(func() {
			l, err := Lock(context.Background(), root)
			if err != nil {
				errs <- err
				return
			}
			defer l.Unlock()
			n := inside.Add(1)
			for m := maxInside.Load(); n > m && !maxInside.CompareAndSwap(m, n); m = maxInside.Load() {
			}
			defer inside.Add(-1)
			if _, err := SweepTemps(root, true); err != nil {
				errs <- err
				return
			}
			c := Commit{Writer: Writer{Guard: &Guard{Root: root}}}
			for i := range files {
				c.Put(filepath.Join(root, "lib", "gen", fmt.Sprintf("f%d.ex", i)), fmt.Appendf(nil, "writer %d file %d\n", g, i), 0o644)
			}
			if _, err := c.Apply(context.Background()); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if m := maxInside.Load(); m != 1 {
		t.Fatalf("%d goroutines were inside the lock at once", m)
	}
	var winner int
	for i := range files {
		var g, f int
		got := mustRead(t, filepath.Join(root, "lib", "gen", fmt.Sprintf("f%d.ex", i)))
		if _, err := fmt.Sscanf(string(got), "writer %d file %d\n", &g, &f); err != nil || f != i {
			t.Fatalf("file %d holds %q", i, got)
		}
		if i == 0 {
			winner = g
		} else if g != winner {
			t.Fatalf("file %d is from writer %d, file 0 from writer %d: commits interleaved", i, g, winner)
		}
	}
	requireNoTemps(t, root)
}
