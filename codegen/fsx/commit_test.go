package fsx

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestCommitApply(t *testing.T) {
	dir := t.TempDir()
	p := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	mustWrite(t, p("lib/gen/json/__init__.ex"), []byte("same\n"))
	mustWrite(t, p("lib/gen/json/old.ex"), []byte("stale\n"))
	mustWrite(t, p("snakebridge.lock"), []byte("old lock"))

	var order []string
	var c Commit
	c.Writer.Echo = func(path string, _ [32]byte) { order = append(order, path) }
	var hooked []int
	c.Hooks.AfterWrite = func(n int) { hooked = append(hooked, n) }
	c.Put(p("lib/gen/json/__init__.ex"), []byte("same\n"), 0o644)
	c.Put(p("lib/gen/json/decoder/__init__.ex"), []byte("decoder\n"), 0o644)
	c.Remove(p("lib/gen/json/old.ex"))
	c.Remove(p("lib/gen/json/never_existed.ex"))
	c.Put(p("snakebridge.lock"), []byte("first draft"), 0o644)
	c.Put(p(".snakebridge/manifest.json"), []byte("{}"), 0o644)
	c.Put(p("snakebridge.lock"), []byte("new lock"), 0o644) // replaces the draft, keeps its place
	if c.Len() != 6 {
		t.Fatalf("Len = %d, want 6", c.Len())
	}

	res, err := c.Apply(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Result{
		Written:   []string{p("lib/gen/json/decoder/__init__.ex"), p("snakebridge.lock"), p(".snakebridge/manifest.json")},
		Unchanged: []string{p("lib/gen/json/__init__.ex")},
		Removed:   []string{p("lib/gen/json/old.ex")},
	}
	if !reflect.DeepEqual(res, want) {
		t.Fatalf("Result\n %+v\nwant\n %+v", res, want)
	}
	if !reflect.DeepEqual(order, want.Written) {
		t.Fatalf("landing order %v, want %v", order, want.Written)
	}
	if !reflect.DeepEqual(hooked, []int{1, 2, 3, 4}) {
		t.Fatalf("AfterWrite calls %v, want 1..4 (3 writes, 1 removal)", hooked)
	}
	if got := mustRead(t, p("snakebridge.lock")); string(got) != "new lock" {
		t.Fatalf("lock holds %q", got)
	}
	if _, err := os.Stat(p("lib/gen/json/old.ex")); !os.IsNotExist(err) {
		t.Fatal("old.ex not removed")
	}
	// Applying again changes nothing.
	res, err = c.Apply(context.Background())
	if err != nil || len(res.Written)+len(res.Removed) != 0 || len(res.Unchanged) != 4 {
		t.Fatalf("second Apply = %+v, %v", res, err)
	}
	requireNoTemps(t, dir)
}

func TestCommitHonoursContext(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var c Commit
	for i := range 5 {
		c.Put(filepath.Join(dir, string(rune('a'+i))+".ex"), []byte("x"), 0o644)
	}
	c.Hooks.AfterWrite = func(n int) {
		if n == 2 {
			cancel()
		}
	}
	res, err := c.Apply(ctx)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), filepath.Join(dir, "c.ex")) {
		t.Fatalf("Apply = %v; want cancelled before c.ex", err)
	}
	if len(res.Written) != 2 || len(allFiles(t, dir)) != 2 {
		t.Fatalf("written %v, on disk %v; want a.ex and b.ex only", res.Written, allFiles(t, dir))
	}

	var fresh Commit
	fresh.Put(filepath.Join(dir, "z.ex"), []byte("x"), 0o644)
	if _, err := fresh.Apply(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Apply with a cancelled context = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "z.ex")); !os.IsNotExist(err) {
		t.Fatal("a cancelled commit wrote a file")
	}
}

// TestCommitStopsAtFirstError: the guard refuses the third file while the
// batch is staged, so nothing of the commit lands.
func TestCommitStopsAtFirstError(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	c := Commit{Writer: Writer{Guard: &Guard{Root: root}}}
	c.Put(filepath.Join(root, "a.ex"), []byte("a"), 0o644)
	c.Put(filepath.Join(root, "b.ex"), []byte("b"), 0o644)
	c.Put(filepath.Join(outside, "c.ex"), []byte("c"), 0o644)
	c.Put(filepath.Join(root, "d.ex"), []byte("d"), 0o644)
	res, err := c.Apply(context.Background())
	if !errors.Is(err, ErrOutsideRoot) {
		t.Fatalf("Apply = %v; want ErrOutsideRoot", err)
	}
	if len(res.Written) != 0 || len(allFiles(t, root)) != 0 || len(allFiles(t, outside)) != 0 {
		t.Fatalf("written %v; root %v; outside %v", res.Written, allFiles(t, root), allFiles(t, outside))
	}
}
