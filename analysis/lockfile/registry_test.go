package lockfile

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseRegistry(t *testing.T) {
	src := readFixture(t, "registry.json")
	reg, err := ParseRegistry("priv/snakebridge/registry.json", src)
	require.NoError(t, err)
	require.Equal(t, some("2.1"), reg.Version)
	require.Equal(t, some("2026-01-14T09:31:07.482913Z"), reg.GeneratedAt)
	require.Equal(t, 2, len(reg.Libraries))

	js := reg.Libraries["json"]
	require.Equal(t, some("Json"), js.ElixirModule)
	require.Equal(t, some("lib/snakebridge_generated"), js.Path)
	require.Equal(t, some("json"), js.PythonModule)
	require.Equal(t, some("stdlib"), js.PythonVersion)
	require.Equal(t, []string{"json/__init__.ex", "json/decoder/__init__.ex", "json/encoder/__init__.ex",
		"json/decoder/json_decoder.ex", "json/encoder/json_encoder.ex"}, js.Files.Value)
	require.Equal(t, Stats{Present: true, Classes: Opt[int]{Value: 2, Present: true},
		Functions: Opt[int]{Value: 10, Present: true}, Submodules: Opt[int]{Value: 2, Present: true}}, js.Stats)

	// Our "options" extension is exposed untouched.
	require.True(t, js.Options != nil)
	opts := js.Options.Value().(Object)
	gen, _ := opts.Get("generate")
	require.Equal(t, Value(String("all")), gen)
	depth, _ := opts.Get("module_depth")
	require.Equal(t, Value(Null{}), depth)
	r, ok := reg.Range("libraries", "json", "options", "submodules")
	require.True(t, ok)
	require.Equal(t, lineCol(t, string(src), "true"), r.Start)

	math := reg.Libraries["math"]
	require.True(t, math.Options == nil, "no options recorded")
	require.Equal(t, 3, math.Stats.Functions.Value)
}

func TestParseRegistryTolerant(t *testing.T) {
	reg, err := ParseRegistry("r", []byte(`{"libraries": {"json": {"options": [1, "x"]}, "old": null}}`))
	require.NoError(t, err)
	require.True(t, !reg.Version.Present && !reg.GeneratedAt.Present)
	require.Equal(t, 1, len(reg.Libraries), "a null entry reads as absent")
	js := reg.Libraries["json"]
	require.True(t, !js.Stats.Present && !js.Files.Present && !js.ElixirModule.Present)
	require.Equal(t, KindArray, js.Options.Kind, "options may be any JSON value")
}

func TestParseRegistryWrongTypes(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"files is a string", `{"libraries": {"json": {"files": "json.ex"}}}`,
			"r:1:34: libraries.json.files: expected an array of strings or null, got a string"},
		{"file element", `{"libraries": {"json": {"files": ["json.ex", {}]}}}`,
			"r:1:46: libraries.json.files[1]: expected a string, got an object"},
		{"stats count", `{"libraries": {"json": {"stats": {"classes": "7"}}}}`,
			"r:1:46: libraries.json.stats.classes: expected an integer or null, got a string"},
		{"stats array", `{"libraries": {"json": {"stats": []}}}`,
			"r:1:34: libraries.json.stats: expected an object or null, got an array"},
		{"version number", `{"version": 2.1}`,
			"r:1:13: version: expected a string or null, got a number"},
		{"libraries array", `{"libraries": []}`,
			"r:1:15: libraries: expected an object or null, got an array"},
		{"top level string", `"registry"`,
			"r:1:1: expected a registry (a JSON object), got a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRegistry("r", []byte(tt.in))
			require.EqualError(t, err, tt.want)
			var je *Error
			require.True(t, errors.As(err, &je), "not an *Error")
		})
	}
}
