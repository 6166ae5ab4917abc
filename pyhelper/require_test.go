package pyhelper

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// requirer is a minimal fail-fast assertion helper (the module's go.sum does
// not carry testify's dependencies).
type requirer struct{}

var require requirer

func failNow(t testing.TB, msg string, extra []any) {
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
		failNow(t, fmt.Sprintf("unexpected error: %v", err), extra)
	}
}

func (requirer) Error(t testing.TB, err error, extra ...any) {
	t.Helper()
	if err == nil {
		failNow(t, "expected an error", extra)
	}
}

func (requirer) ErrorIs(t testing.TB, err, target error, extra ...any) {
	t.Helper()
	if !errors.Is(err, target) {
		failNow(t, fmt.Sprintf("error %v is not %v", err, target), extra)
	}
}

func (requirer) True(t testing.TB, ok bool, extra ...any) {
	t.Helper()
	if !ok {
		failNow(t, "expected true", extra)
	}
}

func (requirer) False(t testing.TB, ok bool, extra ...any) {
	t.Helper()
	if ok {
		failNow(t, "expected false", extra)
	}
}

func (requirer) Equal(t testing.TB, want, got any, extra ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		failNow(t, fmt.Sprintf("not equal:\nwant: %#v\n got: %#v", want, got), extra)
	}
}

func (requirer) NotEqual(t testing.TB, a, b any, extra ...any) {
	t.Helper()
	if reflect.DeepEqual(a, b) {
		failNow(t, fmt.Sprintf("values are equal: %#v", a), extra)
	}
}

// EqualValues compares numbers by value whatever their types.
func (r requirer) EqualValues(t testing.TB, want, got any, extra ...any) {
	t.Helper()
	if w, ok := toFloat(want); ok {
		if g, ok := toFloat(got); ok && w == g {
			return
		}
	}
	r.Equal(t, want, got, extra...)
}

func toFloat(v any) (float64, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	}
	return 0, false
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Ptr, reflect.Map, reflect.Slice, reflect.Interface, reflect.Func, reflect.Chan:
		return rv.IsNil()
	}
	return false
}

func (requirer) Nil(t testing.TB, v any, extra ...any) {
	t.Helper()
	if !isNil(v) {
		failNow(t, fmt.Sprintf("expected nil, got %#v", v), extra)
	}
}

func (requirer) NotNil(t testing.TB, v any, extra ...any) {
	t.Helper()
	if isNil(v) {
		failNow(t, "expected a value, got nil", extra)
	}
}

func (requirer) Len(t testing.TB, v any, n int, extra ...any) {
	t.Helper()
	if got := reflect.ValueOf(v).Len(); got != n {
		failNow(t, fmt.Sprintf("length %d, want %d: %#v", got, n, v), extra)
	}
}

func (requirer) NotEmpty(t testing.TB, v any, extra ...any) {
	t.Helper()
	if v == nil || reflect.ValueOf(v).Len() == 0 {
		failNow(t, "expected a non-empty value", extra)
	}
}

func (requirer) Empty(t testing.TB, v any, extra ...any) {
	t.Helper()
	if v != nil && reflect.ValueOf(v).Len() != 0 {
		failNow(t, fmt.Sprintf("expected empty, got %#v", v), extra)
	}
}

func contains(container, item any) bool {
	if s, ok := container.(string); ok {
		sub, ok := item.(string)
		return ok && strings.Contains(s, sub)
	}
	rv := reflect.ValueOf(container)
	switch rv.Kind() {
	case reflect.Map:
		return rv.MapIndex(reflect.ValueOf(item)).IsValid()
	case reflect.Slice, reflect.Array:
		for i := 0; i < rv.Len(); i++ {
			if reflect.DeepEqual(rv.Index(i).Interface(), item) {
				return true
			}
		}
	}
	return false
}

func (requirer) Contains(t testing.TB, container, item any, extra ...any) {
	t.Helper()
	if !contains(container, item) {
		failNow(t, fmt.Sprintf("%#v does not contain %#v", truncateAny(container), item), extra)
	}
}

func (requirer) NotContains(t testing.TB, container, item any, extra ...any) {
	t.Helper()
	if contains(container, item) {
		failNow(t, fmt.Sprintf("%#v contains %#v", truncateAny(container), item), extra)
	}
}

func (requirer) Less(t testing.TB, a, b int, extra ...any) {
	t.Helper()
	if a >= b {
		failNow(t, fmt.Sprintf("%d is not less than %d", a, b), extra)
	}
}

func truncateAny(v any) any {
	if s, ok := v.(string); ok && len(s) > 2000 {
		return s[:2000] + "..."
	}
	return v
}
