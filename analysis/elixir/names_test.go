package elixir

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCamelize(t *testing.T) {
	tests := map[string]string{
		"numpy": "Numpy", "json": "Json", "math_verify": "MathVerify", "wrapper_args": "WrapperArgs",
		"torch.nn": "Torch.nn", "_private": "Private", "foo/bar_baz": "Foo.BarBaz", "a__b": "AB",
		"a_1b": "A1b", "trailing_": "Trailing", "foo_Bar": "Foo_Bar", "": "", "___": "", "x/_y": "X.Y",
		"pylatexenc": "Pylatexenc", "latexwalker": "Latexwalker",
	}
	for in, want := range tests {
		require.Equal(t, want, Camelize(in), "input %q", in)
	}
}

func TestUnderscore(t *testing.T) {
	tests := map[string]string{
		"JSONDecodeError": "json_decode_error", "LatexWalker": "latex_walker", "SAPExample": "sap_example",
		"Numpy.Ndarray": "numpy/ndarray", "HTTP2Server": "http2_server", "Foo2Bar": "foo2_bar",
		"ABc.DEf_Gh": "a_bc/d_ef__gh", "widget": "widget", "": "", "MathVerify": "math_verify",
	}
	for in, want := range tests {
		require.Equal(t, want, Underscore(in), "input %q", in)
	}
}

// TestNamesAgainstElixir compares both functions with Macro.camelize/1 and
// Macro.underscore/1 on many generated names.
func TestNamesAgainstElixir(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aZbY_09./xX"
	var inputs []string
	for range 400 {
		n := rng.IntN(9)
		var b strings.Builder
		for range n {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		inputs = append(inputs, b.String())
	}
	inputs = append(inputs, "JSONDecodeError", "SAPExample", "numpy", "math_verify", "torch.nn")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "names.txt"), []byte(strings.Join(inputs, "\n")), 0o644))
	out := runElixir(t, dir, `
for name <- String.split(File.read!("names.txt"), "\n") do
  IO.puts(Macro.camelize(name) <> "\t" <> Macro.underscore(name))
end
`)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Equal(t, len(inputs), len(lines))
	for k, in := range inputs {
		require.Equal(t, lines[k], Camelize(in)+"\t"+Underscore(in), "input %q", in)
	}
}
