// Package elixirtest runs the real Elixir toolchain for the tests of
// codegen/render: one VM start checks that files are already formatted
// (Code.format_string!/1 leaves them unchanged) and, optionally, compiles
// them with warnings as errors.
package elixirtest

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// script prints "UNFORMATTED <path>" followed by the formatter's output
// and "END" for each file the formatter would change, then compiles the
// files when asked, so that a whole test needs a single VM start.
const script = `
defmodule SurfaceDump do
  # What a module offers its callers: public functions, each with its
  # doc entry (signature, text, metadata) and specs, the module doc and
  # the module's types.
  def lines(mod) do
    {:docs_v1, _, _, _, moddoc, _, docs} = Code.fetch_docs(mod)
    specs = fetched(Code.Typespec.fetch_specs(mod))
    types = fetched(Code.Typespec.fetch_types(mod))

    funs =
      for {f, a} <- Enum.sort(mod.__info__(:functions)) do
        doc =
          case Enum.find(docs, &match?({{:function, ^f, ^a}, _, _, _, _}, &1)) do
            {_, _, sigs, d, meta} -> inspect({sigs, d, meta})
            nil -> "none"
          end

        spec =
          for {{^f, ^a}, clauses} <- specs, c <- clauses do
            Macro.to_string(Code.Typespec.spec_to_quoted(f, c))
          end

        "  #{f}/#{a} doc=#{doc} spec=#{inspect(Enum.sort(spec))}"
      end

    typ = for {k, t} <- Enum.sort(types), do: "  @#{k} #{Macro.to_string(Code.Typespec.type_to_quoted(t))}"
    ["#{inspect(mod)} moduledoc=#{inspect(moddoc)}"] ++ funs ++ typ
  end

  defp fetched({:ok, list}), do: list
  defp fetched(:error), do: []
end

defmodule CallDump do
  # Calls every public function of a generated module (one exporting
  # __snakebridge_library__/0; the discovery functions and doc/1 aside)
  # with argument lists whose last arguments are options, positionals
  # and callbacks of every kind, and reports what each call returned or
  # raised: with a recording runtime, what reached the runtime.
  @lasts [:x, [], [key: 1], [1, 2], [{"k", 1}], [{:a, 1, 2}], &Function.identity/1]

  def lines(mod) do
    if function_exported?(mod, :__snakebridge_library__, 0) do
      for {f, a} <- Enum.sort(mod.__info__(:functions)),
          not String.starts_with?(Atom.to_string(f), "__"),
          {f, a} != {:doc, 1},
          args <- arg_lists(a) do
        "#{inspect(mod)}.#{f}#{inspect(args)} => " <> outcome(mod, f, args)
      end
    else
      []
    end
  end

  defp arg_lists(0), do: [[]]

  defp arg_lists(a) do
    lead = for i <- 1..(a - 1)//1, do: :"a#{i}"
    lasts = for last <- @lasts, do: lead ++ [last]

    if a >= 2 do
      lasts ++ [Enum.drop(lead, -1) ++ [[key: 1], &Function.identity/1]]
    else
      lasts
    end
  end

  defp outcome(mod, f, args) do
    inspect(apply(mod, f, args))
  rescue
    e -> "raised " <> inspect(e.__struct__) <> ": " <> Exception.message(e)
  end
end

[list_file, compile, out_dir] = System.argv()
files = list_file |> File.read!() |> String.split("\n", trim: true)

for file <- files do
  src = File.read!(file)

  try do
    IO.iodata_to_binary(Code.format_string!(src)) <> "\n"
  rescue
    e -> {:error, Exception.message(e)}
  end
  |> case do
    {:error, message} ->
      IO.puts("UNFORMATTED " <> file)
      IO.puts("cannot parse: " <> message)
      IO.puts("END")

    ^src ->
      :ok

    formatted ->
      IO.puts("UNFORMATTED " <> file)
      IO.puts(formatted)
      IO.puts("END")
  end
end

if compile != "false" do
  Code.put_compiler_option(:warnings_as_errors, true)
  Code.put_compiler_option(:ignore_module_conflict, false)

  case Kernel.ParallelCompiler.compile_to_path(files, out_dir, return_diagnostics: true) do
    {:ok, modules, warnings} ->
      Enum.each(warnings, fn w -> IO.puts("WARNING " <> inspect(w)) end)

      for mod <- Enum.sort(modules) do
        exports =
          mod.__info__(:functions)
          |> Enum.sort()
          |> Enum.map_join(",", fn {f, a} -> "#{f}/#{a}" end)

        IO.puts("EXPORTS " <> inspect(mod) <> " " <> exports)
      end

      Code.prepend_path(out_dir)

      for mod <- Enum.sort(modules), function_exported?(mod, :__classes__, 0) do
        for {class, doc} <- mod.__classes__() do
          IO.puts("CLASSDOC " <> inspect(class) <> " " <> Base.encode64(doc))
        end

        for {name, arity, where, summary} <- mod.__functions__() do
          IO.puts("FUNCTION #{inspect(where)}.#{name}/#{arity} " <> Base.encode64(summary))
        end
      end

      for mod <- Enum.sort(modules) do
        case Code.fetch_docs(mod) do
          {:docs_v1, _, _, _, %{"en" => doc}, _, _} ->
            IO.puts("MODULEDOC " <> inspect(mod) <> " " <> Base.encode64(doc))

          _ ->
            :ok
        end
      end

      if compile == "calls" do
        for mod <- Enum.sort(modules), line <- CallDump.lines(mod) do
          IO.puts("CALL " <> Base.encode64(line))
        end
      end

      if compile == "surface" do
        for mod <- Enum.sort(modules) do
          IO.puts("SURFACE " <> Base.encode64(Enum.join(SurfaceDump.lines(mod), "\n")))
        end
      end

      IO.puts("COMPILED #{length(modules)}")

    {:error, errors, warnings} ->
      Enum.each(warnings, fn w -> IO.puts("WARNING " <> inspect(w)) end)
      Enum.each(errors, fn e -> IO.puts("ERROR " <> inspect(e)) end)
      IO.puts("FAILED")
  end
end
`

// Result is what one run found.
type Result struct {
	// Unformatted maps each file the formatter would change to the
	// formatter's output.
	Unformatted map[string]string
	// Compiled is the number of modules compiled (compile runs only).
	Compiled int
	// Exports maps each compiled module to its public functions
	// ("name/arity", sorted as Elixir sorts them).
	Exports map[string][]string
	// Moduledocs maps each compiled module to its @moduledoc text.
	Moduledocs map[string]string
	// ClassDocs and Functions are what the discovery functions
	// __classes__/0 and __functions__/0 return: class module → docstring
	// and "Module.name/arity" → summary.
	ClassDocs, Functions map[string]string
	// Surface is, for each compiled module in name order, what it offers
	// its callers: its moduledoc, each public function with its doc entry
	// (signatures, text, metadata) and specs, and its types (SurfaceRun
	// only). Two renderings with equal surfaces are the same API.
	Surface []string
	// Calls are, for each public wrapper of each compiled module, the
	// outcome of calls with assorted argument lists (CallsRun only):
	// "Mod.f[args] => result" or "=> raised Error: message".
	Calls []string
	// Problems are compiler errors and warnings, one per line.
	Problems []string
	// Output is the whole output, for failure messages.
	Output string
}

// Run checks the formatting of files and, when compile is true, compiles
// them together. It skips the test (fails under CI) without elixir.
func Run(t testing.TB, files []string, compile bool) Result {
	t.Helper()
	mode := "false"
	if compile {
		mode = "true"
	}
	return run(t, files, mode)
}

// SurfaceRun is Run compiling the files and also reporting their
// surface (Result.Surface).
func SurfaceRun(t testing.TB, files []string) Result {
	t.Helper()
	return run(t, files, "surface")
}

// CallsRun is Run compiling the files and then calling every generated
// wrapper with assorted arguments (Result.Calls): with a runtime that
// records what it is given, what each argument list makes the bindings do.
func CallsRun(t testing.TB, files []string) Result {
	t.Helper()
	return run(t, files, "calls")
}

func run(t testing.TB, files []string, mode string) Result {
	t.Helper()
	elixir := testenv.Tool(t, "elixir")
	dir := t.TempDir()
	listFile := filepath.Join(dir, "files.txt")
	if err := os.WriteFile(listFile, []byte(strings.Join(files, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	scriptFile := filepath.Join(dir, "check.exs")
	if err := os.WriteFile(scriptFile, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "ebin")
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(elixir, scriptFile, listFile, mode, outDir)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	res := parse(out.String())
	if err != nil {
		t.Fatalf("elixir failed: %v\n%s", err, out.String())
	}
	if mode != "false" && res.Compiled == 0 && len(res.Problems) == 0 {
		t.Fatalf("elixir did not report a compilation result:\n%s", out.String())
	}
	return res
}

func parse(out string) Result {
	res := Result{Unformatted: map[string]string{}, Exports: map[string][]string{}, Moduledocs: map[string]string{},
		ClassDocs: map[string]string{}, Functions: map[string]string{}, Output: out}
	lines := strings.Split(out, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "UNFORMATTED "):
			file := strings.TrimPrefix(l, "UNFORMATTED ")
			var body []string
			for i++; i < len(lines) && lines[i] != "END"; i++ {
				body = append(body, lines[i])
			}
			res.Unformatted[file] = strings.Join(body, "\n")
		case strings.HasPrefix(l, "EXPORTS "):
			mod, funs, _ := strings.Cut(strings.TrimPrefix(l, "EXPORTS "), " ")
			res.Exports[mod] = strings.Split(funs, ",")
			if funs == "" {
				res.Exports[mod] = nil
			}
		case strings.HasPrefix(l, "MODULEDOC "):
			mod, enc, _ := strings.Cut(strings.TrimPrefix(l, "MODULEDOC "), " ")
			if doc, err := base64.StdEncoding.DecodeString(enc); err == nil {
				res.Moduledocs[mod] = string(doc)
			}
		case strings.HasPrefix(l, "CLASSDOC "), strings.HasPrefix(l, "FUNCTION "):
			kind, rest, _ := strings.Cut(l, " ")
			key, enc, _ := strings.Cut(rest, " ")
			doc, err := base64.StdEncoding.DecodeString(enc)
			if err != nil {
				break
			}
			if kind == "CLASSDOC" {
				res.ClassDocs[key] = string(doc)
			} else {
				res.Functions[key] = string(doc)
			}
		case strings.HasPrefix(l, "CALL "):
			if line, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(l, "CALL ")); err == nil {
				res.Calls = append(res.Calls, string(line))
			}
		case strings.HasPrefix(l, "SURFACE "):
			if dump, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(l, "SURFACE ")); err == nil {
				res.Surface = append(res.Surface, string(dump))
			}
		case strings.HasPrefix(l, "COMPILED "):
			n := 0
			for _, c := range strings.TrimPrefix(l, "COMPILED ") {
				n = n*10 + int(c-'0')
			}
			res.Compiled = n
		case strings.HasPrefix(l, "WARNING "), strings.HasPrefix(l, "ERROR "):
			res.Problems = append(res.Problems, l)
		case l == "FAILED":
			res.Problems = append(res.Problems, l)
		}
	}
	return res
}
