package pyenv

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Small assertion helpers: testify's dependencies are not in go.sum, and
// these few cover what the tests need.

func note(ctx []any) string {
	if len(ctx) == 0 {
		return ""
	}
	if f, ok := ctx[0].(string); ok {
		return ": " + fmt.Sprintf(f, ctx[1:]...)
	}
	return ": " + fmt.Sprint(ctx...)
}

func noErr(t testing.TB, err error, ctx ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error%s: %v", note(ctx), err)
	}
}

func isErr(t testing.TB, err error, ctx ...any) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected an error%s", note(ctx))
	}
}

func errIs(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v is not %v", err, target)
	}
}

func equal[T any](t testing.TB, want, got T, ctx ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("mismatch%s\nwant: %#v\n got: %#v", note(ctx), want, got)
	}
}

func isTrue(t testing.TB, cond bool, ctx ...any) {
	t.Helper()
	if !cond {
		t.Fatalf("condition failed%s", note(ctx))
	}
}

func length[T any](t testing.TB, s []T, n int, ctx ...any) {
	t.Helper()
	if len(s) != n {
		t.Fatalf("want %d elements%s, got %d: %#v", n, note(ctx), len(s), s)
	}
}

func hasItem[T comparable](t testing.TB, s []T, item T, ctx ...any) {
	t.Helper()
	if !slices.Contains(s, item) {
		t.Fatalf("%#v not in %#v%s", item, s, note(ctx))
	}
}

func lacksItem[T comparable](t testing.TB, s []T, item T, ctx ...any) {
	t.Helper()
	if slices.Contains(s, item) {
		t.Fatalf("%#v unexpectedly in %#v%s", item, s, note(ctx))
	}
}

func hasText(t testing.TB, s, sub string, ctx ...any) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Fatalf("%q does not contain %q%s", s, sub, note(ctx))
	}
}
