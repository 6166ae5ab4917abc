package pyhelper

import (
	"encoding/json"
	"github.com/stretchr/testify/require"
	"strings"
	"testing"
)

// The script is runnable by hand: the file itself, not only the embedded copy.
func TestScriptByHandSchema3(t *testing.T) {
	interp := fixtureInterp(t)
	stdout, stderr, code := runCLI(t, interp, "json")
	require.Equal(t, 0, code, stderr)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	require.EqualValues(t, 3, doc["schema"])
	require.Equal(t, "json", doc["module"])
	require.Contains(t, doc, "methods")
	require.Nil(t, doc["distribution"], "json is part of the standard library")
	result, err := decodeModule([]byte(stdout))
	require.NoError(t, err)
	names := map[string]bool{}
	for _, f := range result.Namespaces[""].Functions {
		names[f.Name] = true
	}
	require.True(t, names["dumps"] && names["loads"], "json functions: %v", names)
}

func TestScriptByHandUpstreamShapes(t *testing.T) {
	interp := fixtureInterp(t)
	stdout, stderr, code := runCLI(t, interp, "json", "--v21")
	require.Equal(t, 0, code, stderr)
	require.True(t, strings.HasPrefix(stdout, "{\n  \"module\""), "v2.1 module mode is indented like upstream")
	var v21 struct {
		Version    string                    `json:"version"`
		Namespaces map[string]map[string]any `json:"namespaces"`
		Methods    any                       `json:"methods"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &v21))
	require.Equal(t, "2.1", v21.Version)
	require.Nil(t, v21.Methods, "v2.1 has no methods table")
	classes := v21.Namespaces[""]["classes"].([]any)
	require.NotEmpty(t, classes)
	method := classes[0].(map[string]any)["methods"].([]any)[0].(map[string]any)
	require.Contains(t, method, "parameters", "v2.1 repeats full method entries")
	require.NotContains(t, method, "ref")

	stdout, stderr, code = runCLI(t, interp, "json", "--flat")
	require.Equal(t, 0, code, stderr)
	var v20 map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &v20))
	require.Equal(t, "2.0", v20["version"])
	require.Contains(t, v20, "functions")
}

func TestScriptNeedsModule(t *testing.T) {
	_, stderr, code := runCLI(t, fixtureInterp(t))
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "module name is required")
}

// Whatever imported code prints goes to stderr; stdout is the document only.
func TestScriptStrayOutputGoesToStderr(t *testing.T) {
	interp := fixtureInterp(t)
	for _, args := range [][]string{{"fx_prints"}, {"fx_prints", "--symbols", "quiet"}, {"fx_prints", "--v21"},
		{"fx_prints", "--module-docs", "fx_prints"}, {"fx_prints", "--attribute", "quiet"}} {
		stdout, stderr, code := runCLI(t, interp, args...)
		require.Equal(t, 0, code, stderr)
		require.True(t, json.Valid([]byte(stdout)), "stdout of %v is not pure JSON: %q", args, stdout)
		for _, line := range []string{"hello from fx_prints", "stderr from fx_prints", "fd1 from fx_prints"} {
			require.Contains(t, stderr, line)
			require.NotContains(t, stdout, line)
		}
	}
}

// Libraries that parse argv at import time see only the program name.
func TestScriptHidesArgv(t *testing.T) {
	interp := fixtureInterp(t)
	for _, run := range []func() string{
		func() string {
			stdout, stderr, code := runCLI(t, interp, "fx_argv", "--symbols", "argv_seen")
			require.Equal(t, 0, code, stderr)
			return stdout
		},
		func() string {
			return string(oneShot(t, interp, Request{Mode: ModeSymbols, Module: "fx_argv", Symbols: []string{"argv_seen"}}).Raw)
		},
	} {
		var doc SymbolsResult
		require.NoError(t, json.Unmarshal([]byte(run()), &doc))
		require.Len(t, doc.Symbols, 1)
		params := doc.Symbols[0].Function.Parameters
		require.Len(t, params, 1)
		require.NotNil(t, params[0].Default)
		require.NotContains(t, *params[0].Default, "--", "argv leaked: %s", *params[0].Default)
		require.NotContains(t, *params[0].Default, "fx_argv")
		require.Equal(t, 1, strings.Count(*params[0].Default, "'"+"")/2, "one argv element: %s", *params[0].Default)
	}
}

// Upstream-compatible error documents: import failures are JSON with exit 0.
func TestScriptImportFailureDocuments(t *testing.T) {
	interp := fixtureInterp(t)
	cases := []struct {
		args []string
		want map[string]any
	}{
		{[]string{"fx_nope", "--v21"}, map[string]any{"module": "fx_nope",
			"error": "Failed to import module 'fx_nope': No module named 'fx_nope'"}},
		{[]string{"fx_nope", "--symbols", "a", "--v21"}, map[string]any{
			"error": "Failed to import module 'fx_nope': No module named 'fx_nope'"}},
		{[]string{"fx_nope", "--attribute", "a", "--v21"}, map[string]any{"error": "No module named 'fx_nope'"}},
	}
	for _, tc := range cases {
		stdout, stderr, code := runCLI(t, interp, tc.args...)
		require.Equal(t, 0, code, stderr)
		var got map[string]any
		require.NoError(t, json.Unmarshal([]byte(stdout), &got))
		require.Equal(t, tc.want, got, "args %v", tc.args)
	}
	stdout, _, code := runCLI(t, interp, "fx_raises")
	require.Equal(t, 0, code)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	require.Equal(t, "import_failed", got["error_kind"])
	require.Equal(t, "RuntimeError: fixture import failure", got["traceback_last_line"])
	require.EqualValues(t, 3, got["schema"])
}
