package elixir

import (
	"reflect"
	"strings"
	"testing"
)

// Small assertion helpers (testify's dependencies are not in go.sum).

func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func equal[T any](t testing.TB, want, got T, context ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%v\nwant: %#v\n got: %#v", context, want, got)
	}
}

func errContains(t testing.TB, err error, sub string) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected an error containing %q, got none", sub)
	}
	if !strings.Contains(err.Error(), sub) {
		t.Fatalf("error %q does not contain %q", err.Error(), sub)
	}
}

func contains(t testing.TB, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Fatalf("%q does not contain %q", s, sub)
	}
}

func isTrue(t testing.TB, cond bool, context ...any) {
	t.Helper()
	if !cond {
		t.Fatalf("condition failed: %v", context)
	}
}
