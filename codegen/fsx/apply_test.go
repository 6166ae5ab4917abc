package fsx

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
)

// TestCommitManyBatches: a commit larger than a batch lands every change
// in commit order (writes, removals, unchanged files mixed), calls the
// hook once per change and leaves no temp file.
func TestCommitManyBatches(t *testing.T) {
	dir := t.TempDir()
	total := 2*applyBatch + 37
	path := func(i int) string { return filepath.Join(dir, fmt.Sprintf("d%d", i%7), fmt.Sprintf("f%03d.ex", i)) }
	var want Result
	var c Commit
	var order []string
	c.Writer.Echo = func(p string, _ [32]byte) { order = append(order, p) }
	hooks := 0
	c.Hooks.AfterWrite = func(n int) {
		if hooks++; n != hooks {
			t.Fatalf("AfterWrite(%d) after %d calls", n, hooks-1)
		}
	}
	for i := range total {
		switch i % 5 {
		case 0:
			mustWrite(t, path(i), []byte("same"))
			c.Put(path(i), []byte("same"), 0o644)
			want.Unchanged = append(want.Unchanged, path(i))
		case 1:
			mustWrite(t, path(i), []byte("stale"))
			c.Remove(path(i))
			want.Removed = append(want.Removed, path(i))
		default:
			if i%2 == 0 {
				mustWrite(t, path(i), []byte("old"))
			}
			c.Put(path(i), []byte(fmt.Sprint("new ", i)), 0o644)
			want.Written = append(want.Written, path(i))
		}
	}
	res, err := c.Apply(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res, want) {
		t.Fatalf("Result differs: %d written, %d unchanged, %d removed", len(res.Written), len(res.Unchanged), len(res.Removed))
	}
	if !reflect.DeepEqual(order, want.Written) || hooks != len(want.Written)+len(want.Removed) {
		t.Fatalf("%d echoes (want %d in order), %d hooks", len(order), len(want.Written), hooks)
	}
	for i := range total {
		switch i % 5 {
		case 0:
			if got := string(mustRead(t, path(i))); got != "same" {
				t.Fatalf("%s holds %q", path(i), got)
			}
		case 1:
		default:
			if got := string(mustRead(t, path(i))); got != fmt.Sprint("new ", i) {
				t.Fatalf("%s holds %q", path(i), got)
			}
		}
	}
	requireNoTemps(t, dir)
}
