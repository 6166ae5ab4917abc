package lockfile

import (
	"reflect"
	"testing"
)

// The module's go.sum lacks testify's dependencies, so the tests use these
// few stdlib-only assertions.

func mustEqual[T any](t testing.TB, want, got T, context ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%v\nwant: %#v\n got: %#v", context, want, got)
	}
}

func mustNoErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func mustErr(t testing.TB, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	if err.Error() != want {
		t.Fatalf("error\nwant: %s\n got: %s", want, err.Error())
	}
}

func mustTrue(t testing.TB, cond bool, context ...any) {
	t.Helper()
	if !cond {
		t.Fatalf("condition false: %v", context)
	}
}
