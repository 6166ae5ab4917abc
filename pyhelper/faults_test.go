package pyhelper

import (
	"context"
	"errors"
	"github.com/stretchr/testify/require"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type faultCase struct {
	name    string
	req     Request
	kind    ErrorKind
	check   func(t *testing.T, e *Error)
	oneShot bool // also run through RunScript
}

func faultCases() []faultCase {
	return []faultCase{
		{name: "unknown module", req: Request{Module: "fx_nope"}, kind: KindPackageNotInstalled, oneShot: true,
			check: func(t *testing.T, e *Error) {
				require.Equal(t, "ModuleNotFoundError: No module named 'fx_nope'", e.TracebackLastLine)
			}},
		{name: "unknown submodule", req: Request{Mode: ModeSymbols, Module: "json.nope", Symbols: []string{"x"}},
			kind: KindPackageNotInstalled},
		{name: "missing dependency", req: Request{Module: "fx_missing_dep"}, kind: KindImportFailed,
			check: func(t *testing.T, e *Error) {
				require.Equal(t, "ModuleNotFoundError: No module named 'fx_this_dependency_does_not_exist'", e.TracebackLastLine)
			}},
		{name: "raises at import", req: Request{Module: "fx_raises"}, kind: KindImportFailed, oneShot: true,
			check: func(t *testing.T, e *Error) {
				require.Equal(t, "RuntimeError: fixture import failure", e.TracebackLastLine)
				require.Equal(t, "RuntimeError", e.Exception)
				require.Contains(t, e.Traceback, "fx_raises.py")
				require.Contains(t, e.Error(), "fixture import failure")
			}},
		{name: "segfault", req: Request{Module: "fx_segfault"}, kind: KindWorkerCrashed, oneShot: true,
			check: func(t *testing.T, e *Error) {
				require.Equal(t, "segmentation fault", e.Signal)
				require.Contains(t, e.Stderr, "Segmentation fault")
			}},
		{name: "os._exit", req: Request{Module: "fx_exits"}, kind: KindWorkerCrashed,
			check: func(t *testing.T, e *Error) {
				require.Equal(t, 7, e.ExitCode)
				require.Contains(t, e.Error(), "exited with status 7")
			}},
		{name: "infinite loop", req: Request{Module: "fx_hangs", Timeout: 500 * time.Millisecond}, kind: KindTimeout,
			oneShot: true,
			check: func(t *testing.T, e *Error) {
				require.Equal(t, 500*time.Millisecond, e.Timeout)
			}},
		{name: "bad request", req: Request{Mode: "nonsense", Module: "json"}, kind: KindProtocol},
	}
}

// Every fault ends in a typed error, the pool recovers, no process is left.
func TestFaultsWorker(t *testing.T) {
	c := newTestClient(t, fixtureInterp(t), Options{})
	for _, tc := range faultCases() {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Introspect(context.Background(), tc.req)
			var e *Error
			require.True(t, errors.As(err, &e), "want a *pyhelper.Error, got %v", err)
			require.Equal(t, tc.kind, e.Kind, err.Error())
			if tc.check != nil {
				tc.check(t, e)
			}
			_, err = c.Introspect(context.Background(), jsonSymbols())
			require.NoError(t, err, "the pool recovers")
			require.True(t, len(childPIDs(t)) <= 1, "dead workers are reaped: %v", childPIDs(t))
		})
	}
}

func TestFaultsOneShot(t *testing.T) {
	interp := fixtureInterp(t)
	for _, tc := range faultCases() {
		if !tc.oneShot {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			_, err := RunScript(context.Background(), interp, tc.req, Options{CacheDir: t.TempDir()})
			var e *Error
			require.True(t, errors.As(err, &e), "want a *pyhelper.Error, got %v", err)
			require.Equal(t, tc.kind, e.Kind, err.Error())
			if tc.check != nil {
				tc.check(t, e)
			}
			requireNoChildren(t)
		})
	}
}

func TestResultSizeLimit(t *testing.T) {
	c := newTestClient(t, fixtureInterp(t), Options{MaxResultBytes: 4096})
	_, err := c.Introspect(context.Background(), Request{Module: "json"})
	require.ErrorIs(t, err, ErrProtocol)
	require.Contains(t, err.Error(), "exceeds the 4096-byte limit")
	_, err = c.Introspect(context.Background(), Request{Mode: ModeAttribute, Module: "json", Attribute: "dumps"})
	require.NoError(t, err, "the worker keeps serving")

	_, err = RunScript(context.Background(), fixtureInterp(t), Request{Module: "json"}, Options{MaxResultBytes: 4096, CacheDir: t.TempDir()})
	require.ErrorIs(t, err, ErrProtocol)
}

func TestNotAnInterpreter(t *testing.T) {
	dir := t.TempDir()
	shellScript := filepath.Join(dir, "fake-python")
	require.NoError(t, os.WriteFile(shellScript, []byte("#!/bin/sh\necho 'not python'\n"), 0o755))
	textFile := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(textFile, []byte("hello"), 0o644))
	cases := []struct {
		name, path string
		atNew      bool // rejected before anything runs
	}{
		{"missing", filepath.Join(dir, "nope"), true},
		{"directory", dir, true},
		{"not executable", textFile, true},
		{"true", "/bin/true", false},
		{"shell script", shellScript, false},
		{"sleep", "/bin/sleep", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			interp := Interpreter{Path: tc.path, ProjectRoot: dir}
			c, err := New(interp, Options{CacheDir: t.TempDir(), StartTimeout: 5 * time.Second})
			if tc.atNew {
				require.ErrorIs(t, err, ErrInterpreter)
				return
			}
			require.NoError(t, err)
			defer c.Close()
			_, err = c.Introspect(context.Background(), jsonSymbols())
			require.ErrorIs(t, err, ErrInterpreter)
			require.Contains(t, err.Error(), "is not a usable Python interpreter")
			_, err = RunScript(context.Background(), interp, jsonSymbols(), Options{CacheDir: t.TempDir()})
			require.ErrorIs(t, err, ErrInterpreter)
			require.NoError(t, c.Close())
			requireNoChildren(t)
		})
	}
}

func TestErrorsAreTyped(t *testing.T) {
	err := error(&Error{Kind: KindTimeout, Module: "m", Message: "slow"})
	require.ErrorIs(t, err, ErrTimeout)
	require.False(t, errors.Is(err, ErrWorkerCrashed))
	require.Equal(t, `python introspection of "m": timeout: slow`, err.Error())
	wrapped := errors.Join(errors.New("context"), err)
	require.ErrorIs(t, wrapped, ErrTimeout)
	require.True(t, strings.Contains(ErrorKind(99).String(), "99"))
}
