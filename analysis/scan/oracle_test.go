package scan

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// arityOracle walks the real Elixir AST of a file and prints every remote
// call on an alias as "line:column Alias.fun/arity", counting a pipe into
// the call and the N of a capture &Alias.fun/N the way the scanner does.
const arityOracle = `
defmodule ArityOracle do
  def run(path) do
    {:ok, ast} = Code.string_to_quoted(File.read!(path), columns: true)
    {_, acc} = Macro.prewalk(ast, [], &visit/2)
    acc |> Enum.reverse() |> Enum.each(&IO.puts/1)
  end

  # The scanner skips typespecs on purpose, and alias Foo.{A, B} is not a call.
  defp visit({:@, _, [{attr, _, _}]}, acc) when attr in [:spec, :type, :typep, :opaque, :callback, :macrocallback],
    do: {:ok, acc}

  defp visit({{:., _, [{:__aliases__, _, _}, :{}]}, _, _}, acc), do: {:ok, acc}

  defp visit({:|>, m, [lhs, {{:., _, [{:__aliases__, _, _}, _]} = dot, cm, args}]}, acc) when is_list(args) do
    {{:|>, m, [lhs, {:__piped__, cm, args}]}, [line(dot, length(args) + 1) | acc]}
  end

  defp visit({:&, _, [{:/, _, [{{:., _, [{:__aliases__, _, _}, _]} = dot, _, []}, n]}]}, acc) when is_integer(n) do
    {:ok, [line(dot, n) | acc]}
  end

  defp visit({{:., _, [{:__aliases__, _, _}, fun]} = dot, _, args} = node, acc) when is_atom(fun) and is_list(args) do
    {node, [line(dot, length(args)) | acc]}
  end

  defp visit({:__piped__, _, args}, acc), do: {args, acc}
  defp visit(node, acc), do: {node, acc}

  defp line({:., _, [{:__aliases__, am, parts}, fun]}, arity) do
    "#{am[:line]}:#{am[:column]} #{Enum.join(parts, ".")}.#{fun}/#{arity}"
  end
end

ArityOracle.run(System.argv() |> hd())
`

func TestArityAgainstElixir(t *testing.T) {
	elixirBin := testenv.Tool(t, "elixir")
	dir := t.TempDir()
	script := filepath.Join(dir, "oracle.exs")
	if err := os.WriteFile(script, []byte(arityOracle), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"testdata/arity_corpus.ex", "testdata/project/lib/demo/analysis.ex"} {
		t.Run(file, func(t *testing.T) {
			out, err := exec.Command(elixirBin, script, file).Output()
			if err != nil {
				t.Fatalf("elixir: %v", err)
			}
			var want []string
			for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				// Only calls written on the library modules themselves; the
				// oracle resolves no aliases.
				if f := strings.Fields(l); strings.HasPrefix(f[1], "Numpy.") || strings.HasPrefix(f[1], "Json.") {
					want = append(want, l)
				}
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			calls, err := ScanFile(file, src, modules)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			lines := strings.Split(string(src), "\n")
			for _, c := range calls {
				text := lines[c.Range.Start.Line][c.Range.Start.Character:c.Range.End.Character]
				if !strings.HasPrefix(text, "Numpy.") && !strings.HasPrefix(text, "Json.") {
					continue // written through an alias
				}
				got = append(got, fmt.Sprintf("%d:%d %s/%d", c.Range.Start.Line+1, c.Range.Start.Character+1, text, c.Arity))
			}
			sort.Strings(want)
			sort.Strings(got)
			if strings.Join(want, "\n") != strings.Join(got, "\n") {
				t.Fatalf("want (Elixir's parser):\n%s\n\ngot:\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
			}
		})
	}
}
