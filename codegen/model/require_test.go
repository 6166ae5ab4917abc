package model

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// requirer is a minimal fail-fast assertion helper: the module's go.sum does
// not carry testify's dependencies.
type requirer struct{}

var require requirer

func fail(t testing.TB, msg string, extra []any) {
	t.Helper()
	if len(extra) > 0 {
		if format, ok := extra[0].(string); ok {
			msg += ": " + fmt.Sprintf(format, extra[1:]...)
		} else {
			msg += ": " + fmt.Sprint(extra...)
		}
	}
	t.Fatal(msg)
}

func (requirer) NoError(t testing.TB, err error, extra ...any) {
	t.Helper()
	if err != nil {
		fail(t, fmt.Sprintf("unexpected error: %v", err), extra)
	}
}

func (requirer) ErrorContains(t testing.TB, err error, want string, extra ...any) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		fail(t, fmt.Sprintf("error %v does not contain %q", err, want), extra)
	}
}

func (requirer) Equal(t testing.TB, want, got any, extra ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		fail(t, fmt.Sprintf("not equal:\nwant: %#v\ngot:  %#v", want, got), extra)
	}
}

func (requirer) True(t testing.TB, v bool, extra ...any) {
	t.Helper()
	if !v {
		fail(t, "expected true", extra)
	}
}

func (requirer) False(t testing.TB, v bool, extra ...any) {
	t.Helper()
	if v {
		fail(t, "expected false", extra)
	}
}

func (requirer) Contains(t testing.TB, s, sub string, extra ...any) {
	t.Helper()
	if !strings.Contains(s, sub) {
		fail(t, fmt.Sprintf("%q does not contain %q", s, sub), extra)
	}
}

func (requirer) NotContains(t testing.TB, s, sub string, extra ...any) {
	t.Helper()
	if strings.Contains(s, sub) {
		fail(t, fmt.Sprintf("%q contains %q", s, sub), extra)
	}
}
