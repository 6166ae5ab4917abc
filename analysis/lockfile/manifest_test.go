package lockfile

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/stretchr/testify/require"
)

func parseManifestFixture(t testing.TB) *Manifest {
	t.Helper()
	m, err := ParseManifest(".snakebridge/manifest.json", readFixture(t, "manifest.json"))
	require.NoError(t, err)
	return m
}

func TestParseManifestFixture(t *testing.T) {
	m := parseManifestFixture(t)
	require.Equal(t, some("0.16.0"), m.Version)

	require.Equal(t, 10, len(m.Symbols))
	for _, k := range []string{"Json.loads/1", "MathVerify.grade/2", "MathVerify.verify/2", "Numpy.sum/1",
		"Numpy.broadcast_arrays/0", "Numpy.pi/0", "Streaming.generate/1", "Sympy.mystery/0", "Json.dumps/1",
		"Jsonpickle.encode/1"} {
		require.True(t, m.Symbols[k] != nil, "symbol %s", k)
	}
	require.True(t, m.Symbols["Elixir.MathVerify.grade/2"] == nil, "Elixir. prefix stripped")

	// Both spellings present: the un-prefixed one wins.
	require.Equal(t, some("plain twin"), m.Symbols["Json.loads/1"].Docstring)

	sum := m.Symbols["Numpy.sum/1"]
	require.Equal(t, Opt[int]{Value: 1, Present: true}, sum.KeyArity)
	require.Equal(t, Opt[int]{Value: 1, Present: true}, sum.MinimumArity)
	require.Equal(t, Opt[Arity]{Value: Arity{N: 3}, Present: true}, sum.MaximumArity)
	require.Equal(t, some("numpy"), sum.PythonModule)
	require.Equal(t, some("sum"), sum.ElixirName)
	require.Equal(t, 3, len(sum.Node.Get("parameters").Elems))

	bc := m.Symbols["Numpy.broadcast_arrays/0"]
	require.Equal(t, Opt[Arity]{Value: Arity{Unbounded: true}, Present: true}, bc.MaximumArity)
	require.True(t, bc.HasVarPositional.Value)
	require.Equal(t, some("module_attr"), m.Symbols["Numpy.pi/0"].CallType)
	require.True(t, m.Symbols["Streaming.generate/1"].Streaming.Value)
	require.Equal(t, "Yield tokens one by one — «streamed» to Elixir 🐍.", m.Symbols["Streaming.generate/1"].Docstring.Value)
	require.True(t, strings.Contains(m.Symbols["Json.dumps/1"].Docstring.Value, "乾杯) and U+2028 \u2028 line"))
	require.True(t, strings.Contains(m.Symbols["Json.dumps/1"].Docstring.Value, "a bell \x07 and an escape \x1b[1m"))

	old := m.Symbols["MathVerify.grade/2"]
	require.True(t, !old.MinimumArity.Present && !old.MaximumArity.Present && !old.SignatureSource.Present, "old entry shape")
	require.Equal(t, 2, old.KeyArity.Value)

	require.Equal(t, 3, len(m.Classes))
	lw := m.Classes["PyLatexEnc.Latexwalker.LatexWalker"]
	require.True(t, lw != nil, "class key normalised")
	require.Equal(t, some("PyLatexEnc.Latexwalker.LatexWalker"), lw.Module)
	require.Equal(t, 2, len(lw.Methods))
	require.Equal(t, []string{"new"}, lw.Methods[0].ElixirNames())
	require.Equal(t, []string{"get_latex_nodes"}, lw.Methods[1].ElixirNames())

	nd := m.Classes["Numpy.Ndarray"]
	require.Equal(t, []string{"dtype", "shape"}, nd.Attributes.Value)
	require.Equal(t, []string{"new"}, nd.Methods[0].ElixirNames())
	require.Equal(t, some("defined"), nd.MethodScope)
	require.Equal(t, Opt[bool]{Value: false, Present: true}, nd.MethodsTruncated)

	require.Equal(t, 5, len(m.Modules))
	require.Equal(t, some("1.26.4"), m.Modules["numpy"].ModuleVersion)

	// Ranges use the keys as written.
	r, ok := m.Range("classes", "Elixir.PyLatexEnc.latexwalker.LatexWalker", "module")
	require.True(t, ok)
	require.Equal(t, lineCol(t, string(readFixture(t, "manifest.json")), `"Elixir.PyLatexEnc.latexwalker.LatexWalker",`), r.Start)
}

func TestSupports(t *testing.T) {
	m := parseManifestFixture(t)
	const nd, lw, dec = "Numpy.Ndarray", "PyLatexEnc.Latexwalker.LatexWalker", "Json.Decoder.JSONDecoder"
	tests := []struct {
		module, function string
		arity            int
		want             bool
		why              string
	}{
		{"Numpy", "sum", 0, false, "below minimum_arity"},
		{"Numpy", "sum", 1, true, "minimum_arity"},
		{"Numpy", "sum", 3, true, "maximum_arity"},
		{"Numpy", "sum", 4, false, "above maximum_arity"},
		{"Elixir.Numpy", "sum", 2, true, "Elixir. prefix on the module"},
		{"Numpy", "broadcast_arrays", 0, true, "unbounded: minimum"},
		{"Numpy", "broadcast_arrays", 12, true, "unbounded: no maximum"},
		{"Numpy", "pi", 0, true, "module attribute"},
		{"Numpy", "pi", 1, false, "module attribute takes no argument"},
		{"Json", "dumps", 2, true, "within range"},
		{"Json", "dumps", 3, false, "var-keyword does not lift the maximum"},
		{"Sympy", "mystery", 9, true, "not-found stub: variadic_max_arity + 1"},
		{"Sympy", "mystery", 10, false, "not-found stub maximum"},
		{"MathVerify", "grade", 2, true, "old shape: key arity (key had Elixir. prefix)"},
		{"MathVerify", "grade", 1, false, "old shape: exact key arity only"},
		{"MathVerify", "grade", 3, false, "old shape: exact key arity only"},
		{"MathVerify", "verify", 2, true, "old shape"},
		{"Json", "loads", 1, true, "old shape twin"},
		{"Json", "loads", 2, false, "old shape twin"},
		{"Streaming", "generate", 1, true, "streaming function itself"},
		{"Streaming", "generate_stream", 1, true, "_stream variant of a streaming symbol"},
		{"Streaming", "generate_stream", 7, true, "_stream variant: arity not checked"},
		{"Numpy", "sum_stream", 2, false, "_stream of a non-streaming symbol"},
		{"Numpy", "_stream", 0, false, "bare _stream"},
		{"Scipy", "sum", 1, false, "unknown module"},
		{"Numpy", "mean", 1, false, "unknown function"},
		{"Numpy", "sum/1", 0, false, "slash in function name"},
		{"Numpy", "__functions__", 0, true, "internal"},
		{"Numpy", "__functions__", 1, false, "internal with wrong arity"},
		{"Numpy", "__classes__", 0, true, "internal"},
		{"Numpy", "__search__", 1, true, "internal"},
		{"Numpy", "__snakebridge_python_name__", 0, true, "internal"},
		{"Numpy", "__snakebridge_library__", 0, true, "internal"},
		{nd, "__snakebridge_python_class__", 0, true, "internal on a class"},
		{"Nowhere.At.All", "doc", 1, true, "internal on any module"},
		{"Nowhere", "doc", 2, false, "doc/2 is not internal"},
		{nd, "new", 1, true, "__init__ → new, minimum"},
		{nd, "new", 3, true, "__init__ → new, maximum"},
		{nd, "new", 0, false, "__init__ below minimum"},
		{nd, "new", 4, false, "__init__ above maximum"},
		{nd, "__init__", 1, false, "the Python name of __init__ is not callable"},
		{nd, "reshape", 1, true, "var-positional method: minimum"},
		{nd, "reshape", 0, false, "var-positional method: below minimum"},
		{nd, "reshape", 9, true, "var-positional method: no maximum"},
		{nd, "sum", 3, true, "method"},
		{nd, "sum", 4, false, "class decides alone, the Numpy.sum symbol does not matter"},
		{nd, "shape", 1, true, "attribute with the ref"},
		{nd, "shape", 0, false, "attribute needs the ref"},
		{nd, "dtype", 2, false, "attribute takes only the ref"},
		{nd, "nbytes", 1, false, "unknown attribute"},
		{"Elixir." + nd, "sum", 1, true, "class with Elixir. prefix"},
		{lw, "new", 1, true, "old method shape: __init__ → new"},
		{lw, "new", 6, true, "old method shape: any arity"},
		{lw, "get_latex_nodes", 1, true, "old method shape: Python name"},
		{lw, "parse", 1, false, "old class: unknown method"},
		{"PyLatexEnc.latexwalker.LatexWalker", "new", 1, false, "un-normalised class key"},
		{dec, "decode", 2, true, "class without methods and attributes supports everything"},
		{dec, "anything", 0, true, "class without methods and attributes supports everything"},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s.%s/%d", tt.module, tt.function, tt.arity)
		t.Run(name, func(t *testing.T) {
			require.Equal(t, tt.want, m.Supports(tt.module, tt.function, tt.arity), tt.why)
		})
	}
}

func TestSupportsClassByModuleField(t *testing.T) {
	m, err := ParseManifest("m.json", []byte(`{"classes": {"Pkg.Thing": {"module": "Pkg.Thing.Alias", "methods": [
		{"name": "go", "elixir_name": "go", "minimum_arity": 1, "maximum_arity": 1}]}}}`))
	require.NoError(t, err)
	require.True(t, m.Supports("Pkg.Thing.Alias", "go", 1), "class found by its module field")
	require.True(t, !m.Supports("Pkg.Thing.Alias", "go", 2), "arity still checked")
}

func TestLibraryEntries(t *testing.T) {
	m := parseManifestFixture(t)
	tests := []struct {
		lib                   string
		syms, classes, mods   int
		usyms, uclasses, umod int
	}{
		{"json", 2, 1, 2, 3, 1, 3},        // upstream also claims jsonpickle
		{"numpy", 3, 1, 1, 3, 1, 1},       // no prefix sibling
		{"math", 0, 0, 0, 2, 0, 0},        // upstream claims math_verify
		{"math_verify", 2, 0, 0, 2, 0, 0}, // old-shape symbols carry python_module
		{"pylatexenc", 0, 1, 1, 0, 1, 1},  // dotted submodules belong to the package
		{"pylatexenc.latexwalker", 0, 1, 1, 0, 1, 1},
		{"scipy", 0, 0, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.lib, func(t *testing.T) {
			s, c, mo := m.LibraryEntries(tt.lib)
			require.Equal(t, [3]int{tt.syms, tt.classes, tt.mods}, [3]int{s, c, mo}, "dot boundary")
			s, c, mo = m.LibraryEntriesUpstream(tt.lib)
			require.Equal(t, [3]int{tt.usyms, tt.uclasses, tt.umod}, [3]int{s, c, mo}, "upstream prefix")
		})
	}
}

func TestParseManifestMissingSections(t *testing.T) {
	m, err := ParseManifest("m.json", []byte(`{"version": "0.15.0"}`))
	require.NoError(t, err)
	require.Equal(t, 0, len(m.Symbols)+len(m.Classes)+len(m.Modules))
	require.True(t, !m.Supports("Numpy", "sum", 1))
	require.True(t, m.Supports("Numpy", "__functions__", 0))
}

func TestParseManifestWrongTypes(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"maximum_arity string", `{"symbols": {"Numpy.sum/1": {"maximum_arity": "many"}}}`,
			`m:1:47: symbols["Numpy.sum/1"].maximum_arity: expected an integer, "unbounded" or null, got the string "many"`},
		{"streaming string", `{"symbols": {"Numpy.sum/1": {"streaming": "yes"}}}`,
			`m:1:43: symbols["Numpy.sum/1"].streaming: expected a boolean or null, got a string`},
		{"symbol entry array", `{"symbols": {"Numpy.sum/1": []}}`,
			`m:1:29: symbols["Numpy.sum/1"]: expected an object or null, got an array`},
		{"key as written in the path", `{"symbols": {"Elixir.A.f/1": {"minimum_arity": 1.0}}}`,
			`m:1:48: symbols["Elixir.A.f/1"].minimum_arity: expected an integer or null, got the non-integer number 1.0`},
		{"methods object", `{"classes": {"A": {"methods": {}}}}`,
			`m:1:31: classes.A.methods: expected an array of objects or null, got an object`},
		{"method number", `{"classes": {"A": {"methods": [1]}}}`,
			`m:1:32: classes.A.methods[0]: expected an object, got a number`},
		{"method arity string", `{"classes": {"A": {"methods": [{"minimum_arity": "1"}]}}}`,
			`m:1:50: classes.A.methods[0].minimum_arity: expected an integer or null, got a string`},
		{"attribute null", `{"classes": {"A": {"attributes": [null]}}}`,
			`m:1:35: classes.A.attributes[0]: expected a string, got null`},
		{"module version", `{"modules": {"json": {"module_version": 2}}}`,
			`m:1:41: modules.json.module_version: expected a string or null, got a number`},
		{"symbols array", `{"symbols": []}`,
			`m:1:13: symbols: expected an object or null, got an array`},
		{"top level array", `[1]`,
			`m:1:1: expected a manifest (a JSON object), got an array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseManifest("m", []byte(tt.in))
			require.EqualError(t, err, tt.want)
			var je *Error
			require.True(t, errors.As(err, &je), "not an *Error")
		})
	}
}

var camelizeCases = []struct{ in, want string }{
	{"numpy", "Numpy"},
	{"json", "Json"},
	{"math_verify", "MathVerify"},
	{"wrapper_args", "WrapperArgs"},
	{"_private", "Private"},
	{"__init__", "Init"},
	{"foo__bar", "FooBar"},
	{"a___b", "AB"},
	{"foo_1", "Foo1"},
	{"a_9b", "A9b"},
	{"_9", "9"},
	{"9lives", "9lives"},
	{"foo_", "Foo"},
	{"foo__", "Foo"},
	{"foo_Bar", "Foo_Bar"},
	{"torch.nn", "Torch.nn"},
	{"a/b_c", "A.BC"},
	{"a/_b", "A.B"},
	{"a_/b", "A_.B"},
	{"JSONDecoder", "JSONDecoder"},
	{"latexwalker", "Latexwalker"},
	{"", ""},
	{"_", ""},
	{"é_x", "éX"},
	{"x_é", "X_é"},
}

func TestCamelize(t *testing.T) {
	for _, tt := range camelizeCases {
		require.Equal(t, tt.want, camelize(tt.in), "input %q", tt.in)
	}
	require.Equal(t, "PyLatexEnc.Latexwalker.LatexWalker", normalizeClassModule("Elixir.PyLatexEnc.latexwalker.LatexWalker"))
	require.Equal(t, "Numpy.Ndarray", normalizeClassModule("Numpy.ndarray"))
}

// Our camelize must agree with the real Macro.camelize/1.
func TestCamelizeMatchesElixir(t *testing.T) {
	elixir := testenv.Tool(t, "elixir")
	var in bytes.Buffer
	for _, tt := range camelizeCases {
		in.WriteString(tt.in + "\n")
	}
	cmd := exec.Command(elixir, "-e", `IO.read(:stdio, :eof) |> String.split("\n") |> Enum.drop(-1) |> Enum.each(&IO.puts(Macro.camelize(&1)))`)
	cmd.Stdin = &in
	out, err := cmd.Output()
	require.NoError(t, err)
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	require.Equal(t, len(camelizeCases), len(got))
	for i, tt := range camelizeCases {
		require.Equal(t, got[i], camelize(tt.in), "input %q", tt.in)
	}
}
