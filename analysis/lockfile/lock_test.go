package lockfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}

func some(s string) Opt[string] { return Opt[string]{Value: s, Present: true} }

var null = Opt[string]{Present: true, Null: true}

func TestParseLockCPU(t *testing.T) {
	l, err := ParseLock("snakebridge.lock", readFixture(t, "cpu.lock"))
	require.NoError(t, err)
	require.Equal(t, some("0.16.0"), l.Version)
	env := l.Environment
	require.True(t, env.Present)
	require.Equal(t, some("b42fe11f5e562e661535f7df00ee90c76624920d03cf35f9fbca687ac22b0c0f"), env.GeneratorHash)
	require.Equal(t, some("0.16.0"), env.SnakebridgeVersion)
	require.Equal(t, some("3.12.3"), env.PythonVersion)
	require.Equal(t, some("x86_64-pc-linux-gnu"), env.PythonPlatform)
	require.Equal(t, some("cdffd5dd8ca8126c0482ba994814b9014cc9e973435d399f1cf1f69479e6b907"), env.PythonRuntimeHash)
	require.Equal(t, some("sha256:67ded8e74b12664c6ec48d3e7388d0133854554b365219f5b5d745a73f637ef6"), env.PythonPackagesHash)
	require.Equal(t, some("28"), env.OTPVersion)
	require.Equal(t, some("1.18.4"), env.ElixirVersion)
	require.Equal(t, Platform{Present: true, OS: some("linux"), Arch: some("x86_64")}, env.Platform)
	require.Equal(t, some("cpu"), env.Hardware.Accelerator)
	require.Equal(t, Opt[int]{Value: 0, Present: true}, env.Hardware.GPUCount)
	require.Equal(t, []string{"sse3", "pclmul", "ssse3", "fma", "sse4_1", "sse4_2", "aes", "avx", "f16c", "avx2"}, env.Hardware.CPUFeatures.Value)
	require.True(t, !env.Hardware.CUDAVersion.Present && !env.Hardware.CUDNNVersion.Present, "no CUDA fields on CPU")
	require.Equal(t, null, l.Compatibility.CUDAMin)
	require.Equal(t, KindNull, l.Compatibility.ComputeCapabilityMin.Kind)
	require.Equal(t, Generator{Present: true, Name: some("snakebridge-lsp"), Version: some("0.1.0"),
		Hash: some("3b6a765ede676559e0f261b5b9e339c9f36819c74a67568eb417ff4b379dbfbd")}, l.Generator)
	require.Equal(t, 4, len(l.Libraries))
	require.Equal(t, LockLibrary{
		ConfigHash: some("6ac7c38bd097f896730dbff4c5faa0a21d616f1c767f8eb9a75fae578663a071"),
		Hash:       null, Requested: some("stdlib"), Resolved: some("stdlib"),
	}, l.Libraries["math"])
	require.Equal(t, some("~> 0.1"), l.Libraries["math_verify"].Requested)
	require.Equal(t, map[string]PythonPackage{
		"math-verify": {Version: some("0.8.0"), Hash: null},
		"pylatexenc":  {Version: some("2.10"), Hash: null},
		"sympy":       {Version: some("1.14.0"), Hash: null},
	}, l.PythonPackages)
}

func TestParseLockCUDAAndExtensions(t *testing.T) {
	l, err := ParseLock("snakebridge.lock", readFixture(t, "cuda.lock"))
	require.NoError(t, err)
	hw := l.Environment.Hardware
	require.Equal(t, some("cuda"), hw.Accelerator)
	require.Equal(t, some("12.4"), hw.CUDAVersion)
	require.Equal(t, null, hw.CUDNNVersion)
	require.Equal(t, 2, hw.GPUCount.Value)
	require.Equal(t, some("12.4"), l.Compatibility.CUDAMin)
	require.Equal(t, some("unknown"), l.Environment.PythonRuntimeHash)
	require.True(t, !l.Generator.Present, "no generator extension")
	require.Equal(t, LockLibrary{ConfigHash: some("37bf51bfba4699a940ce31349422b24a5bc55a2b179ed7aec74459a9ae8d57b7"),
		Hash: null, Requested: null, Resolved: null}, l.Libraries["torch.nn"])
	require.Equal(t, null, l.PythonPackages["torch"].Version)
}

// A rewrite through Raw keeps fields we do not model.
func TestLockRewriteKeepsUnknownFields(t *testing.T) {
	data := readFixture(t, "cuda.lock")
	l, err := ParseLock("snakebridge.lock", data)
	require.NoError(t, err)
	doc := l.Raw.Value().(Object)
	doc.Set("generator", SortedObject(map[string]Value{
		"name": String("snakebridge-lsp"), "version": String("0.2.0"), "hash": String("abc"),
	}))
	out, err := MarshalJason(SortAll(doc))
	require.NoError(t, err)
	l2, err := ParseLock("snakebridge.lock", out)
	require.NoError(t, err)
	require.Equal(t, some("0.2.0"), l2.Generator.Version)
	require.Equal(t, l.Libraries, l2.Libraries)
	note, ok := l2.Raw.Lookup("environment", "x_vendor_note")
	require.True(t, ok)
	require.Equal(t, "Ünïcödé → kept as-is", note.Str)
	num, ok := l2.Raw.Lookup("x_future_field", "list", "1")
	require.True(t, ok)
	require.Equal(t, "-2.5e-3", num.Str)
	// SortAll moved "generator" between "environment" and "libraries", and
	// sorted "hash" before "version" in python_packages.
	require.True(t, strings.Index(string(out), `"generator"`) < strings.Index(string(out), `"libraries"`))
	require.True(t, strings.Contains(string(out), "\"numpy\": {\n      \"hash\": null,\n      \"version\": \"1.26.4\"\n    }"))
}

func TestParseLockMissingFields(t *testing.T) {
	l, err := ParseLock("snakebridge.lock", []byte(`{"environment": {"platform": null}, "libraries": {"json": {}}}`))
	require.NoError(t, err)
	require.True(t, !l.Version.Present)
	require.True(t, l.Environment.Present)
	require.True(t, !l.Environment.GeneratorHash.Present)
	require.True(t, !l.Environment.Platform.Present, "null object reads as absent")
	require.True(t, !l.Environment.Hardware.Present)
	require.True(t, !l.Compatibility.Present)
	require.True(t, !l.Generator.Present)
	require.Equal(t, LockLibrary{}, l.Libraries["json"])
	require.Equal(t, 0, len(l.PythonPackages))

	l, err = ParseLock("snakebridge.lock", []byte(`{}`))
	require.NoError(t, err)
	require.True(t, l.Libraries != nil && l.PythonPackages != nil, "maps are never nil")
}

func TestParseLockWrongTypes(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"libraries is an array", `{"libraries": []}`,
			"lock:1:15: libraries: expected an object or null, got an array"},
		{"config_hash is a number", "{\n  \"libraries\": {\n    \"numpy\": {\"config_hash\": 5}\n  }\n}",
			"lock:3:30: libraries.numpy.config_hash: expected a string or null, got a number"},
		{"dotted library name is quoted", `{"libraries": {"torch.nn": {"requested": true}}}`,
			`lock:1:42: libraries["torch.nn"].requested: expected a string or null, got a boolean`},
		{"library entry is a string", `{"libraries": {"numpy": "1.26"}}`,
			"lock:1:25: libraries.numpy: expected an object or null, got a string"},
		{"version is a number", `{"version": 0.16}`,
			"lock:1:13: version: expected a string or null, got a number"},
		{"generator_hash is an object", `{"environment": {"generator_hash": {}}}`,
			"lock:1:36: environment.generator_hash: expected a string or null, got an object"},
		{"gpu_count is a string", `{"environment": {"hardware": {"gpu_count": "2"}}}`,
			"lock:1:44: environment.hardware.gpu_count: expected an integer or null, got a string"},
		{"gpu_count is fractional", `{"environment": {"hardware": {"gpu_count": 1.5}}}`,
			"lock:1:44: environment.hardware.gpu_count: expected an integer or null, got the non-integer number 1.5"},
		{"gpu_count overflows", `{"environment": {"hardware": {"gpu_count": 99999999999999999999}}}`,
			"lock:1:44: environment.hardware.gpu_count: integer 99999999999999999999 is out of range"},
		{"cpu_features element", `{"environment": {"hardware": {"cpu_features": ["avx", 2]}}}`,
			"lock:1:55: environment.hardware.cpu_features[1]: expected a string, got a number"},
		{"cpu_features is a string", `{"environment": {"hardware": {"cpu_features": "avx"}}}`,
			"lock:1:47: environment.hardware.cpu_features: expected an array of strings or null, got a string"},
		{"platform is a string", `{"environment": {"platform": "linux-x86_64"}}`,
			"lock:1:30: environment.platform: expected an object or null, got a string"},
		{"compatibility cuda_min", `{"compatibility": {"cuda_min": 12}}`,
			"lock:1:32: compatibility.cuda_min: expected a string or null, got a number"},
		{"generator is an array", `{"generator": ["snakebridge-lsp"]}`,
			"lock:1:15: generator: expected an object or null, got an array"},
		{"generator hash", `{"generator": {"hash": false}}`,
			"lock:1:24: generator.hash: expected a string or null, got a boolean"},
		{"package version", `{"python_packages": {"numpy": {"version": 1}}}`,
			"lock:1:43: python_packages.numpy.version: expected a string or null, got a number"},
		{"top level is an array", "[]",
			"lock:1:1: expected a lock file (a JSON object), got an array"},
		{"first error wins", `{"version": 1, "libraries": []}`,
			"lock:1:13: version: expected a string or null, got a number"},
		{"non-ASCII before the field", `{"x": "μ🐍", "version": []}`,
			"lock:1:25: version: expected a string or null, got an array"},
		{"syntax error", `{"version": "0.16.0",}`, "lock:1:22: trailing comma before '}'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLock("lock", []byte(tt.in))
			require.EqualError(t, err, tt.want)
			var je *Error
			require.True(t, errors.As(err, &je), "not an *Error")
		})
	}
}

// lineCol returns the 0-based line and UTF-16 column of the first occurrence
// of needle in src, computed independently of the parser.
func lineCol(t testing.TB, src, needle string) Position {
	t.Helper()
	off := strings.Index(src, needle)
	require.True(t, off >= 0, "needle %q", needle)
	line := strings.Count(src[:off], "\n")
	lineStart := strings.LastIndex(src[:off], "\n") + 1
	col := 0
	for _, r := range src[lineStart:off] {
		col++
		if r > 0xFFFF {
			col++
		}
	}
	return Position{Line: line, Character: col}
}

func TestLockRange(t *testing.T) {
	src := string(readFixture(t, "cuda.lock"))
	l, err := ParseLock("snakebridge.lock", []byte(src))
	require.NoError(t, err)

	r, ok := l.Range("environment", "generator_hash")
	require.True(t, ok)
	start := lineCol(t, src, `"b42fe11f`)
	require.Equal(t, Range{Start: start, End: Position{start.Line, start.Character + 66}}, r)

	r, ok = l.Range("libraries", "numpy", "config_hash")
	require.True(t, ok)
	require.Equal(t, lineCol(t, src, `"73dd0baf`), r.Start)

	r, ok = l.Range("environment", "hardware", "cpu_features", "7")
	require.True(t, ok)
	require.Equal(t, lineCol(t, src, `"avx512"`), r.Start)

	// Absent: the nearest present ancestor's key.
	r, ok = l.Range("libraries", "scipy", "config_hash")
	require.True(t, !ok)
	libKey := lineCol(t, src, `"libraries"`)
	require.Equal(t, Range{Start: libKey, End: Position{libKey.Line, libKey.Character + 11}}, r)
	r, ok = l.Range("generator", "hash")
	require.True(t, !ok)
	require.Equal(t, Range{Start: Position{0, 0}, End: Position{0, 1}}, r)
}

// Columns are UTF-16 code units: "μ" counts one, "🐍" two.
func TestLockRangeAfterNonASCII(t *testing.T) {
	src := "{\n  \"environment\": {\"x_note\": \"μ🐍μ\", \"generator_hash\": \"abc\"},\n  \"libraries\": {\"🐍\": {\"config_hash\": null}}\n}"
	l, err := ParseLock("snakebridge.lock", []byte(src))
	require.NoError(t, err)
	r, ok := l.Range("environment", "generator_hash")
	require.True(t, ok)
	require.Equal(t, Range{Start: Position{1, 54}, End: Position{1, 59}}, r)
	require.Equal(t, lineCol(t, src, `"abc"`), r.Start)
	r, ok = l.Range("libraries", "🐍", "config_hash")
	require.True(t, ok)
	require.Equal(t, Range{Start: Position{2, 38}, End: Position{2, 42}}, r)
	require.Equal(t, lineCol(t, src, "null"), r.Start)
	r, ok = l.Range("libraries", "🐍", "requested")
	require.True(t, !ok)
	require.Equal(t, Range{Start: Position{2, 16}, End: Position{2, 20}}, r)
}
