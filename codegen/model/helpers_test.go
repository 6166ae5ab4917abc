package model

import (
	"context"
	"github.com/stretchr/testify/require"
	"path/filepath"
	"sort"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// introspect runs the real introspection script once (pyhelper's one-shot
// path) with Debian's python3, the fixture packages of testdata/python on
// PYTHONPATH.
func introspect(t testing.TB, req pyhelper.Request, modules ...string) *pyhelper.Response {
	t.Helper()
	py := testenv.SystemPython(t, modules...)
	fixtures, err := filepath.Abs(filepath.Join("testdata", "python"))
	require.NoError(t, err)
	interp := pyhelper.Interpreter{Path: py, ProjectRoot: t.TempDir(),
		Env: []string{"PYTHONPATH=" + fixtures, "PYTHONDONTWRITEBYTECODE=1"}}
	resp, err := pyhelper.RunScript(context.Background(), interp, req, pyhelper.Options{CacheDir: t.TempDir()})
	require.NoError(t, err)
	return resp
}

// introspectModule introspects a module (with discovered submodules when
// discover is set) and decodes the schema 3 result; needs are the modules
// the system python must provide (not the fixtures, which are on PYTHONPATH
// only for the script).
func introspectModule(t testing.TB, module string, discover bool, needs ...string) *pyhelper.ModuleResult {
	t.Helper()
	resp := introspect(t, pyhelper.Request{Module: module,
		Options: pyhelper.ModuleOptions{DiscoverSubmodules: discover}}, needs...)
	res, err := resp.Module()
	require.NoError(t, err)
	return res
}

// build is FromModule that must succeed.
func build(t testing.TB, lib Library, res *pyhelper.ModuleResult, opts BuildOptions) (*Manifest, []Issue) {
	t.Helper()
	m, issues, err := FromModule(lib, res, opts)
	require.NoError(t, err)
	return m, issues
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func symbol(t testing.TB, m *Manifest, key string) *Symbol {
	t.Helper()
	s, ok := m.Symbols[key]
	require.True(t, ok, "symbol %s missing; have %v", key, keys(m.Symbols))
	return s
}

func class(t testing.TB, m *Manifest, key string) *Class {
	t.Helper()
	c, ok := m.Classes[key]
	require.True(t, ok, "class %s missing; have %v", key, keys(m.Classes))
	return c
}

func method(t testing.TB, c *Class, elixirName string) *Method {
	t.Helper()
	var names []string
	for _, m := range c.Methods {
		if m.ElixirName == elixirName {
			return m
		}
		names = append(names, m.ElixirName)
	}
	t.Fatalf("class %s has no method %s; have %v", c.Module, elixirName, names)
	return nil
}

func str(s string) *string { return &s }
