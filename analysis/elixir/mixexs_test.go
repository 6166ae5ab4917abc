package elixir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
	"github.com/stretchr/testify/require"
)

func parseFixture(t *testing.T, name string) *MixFile {
	t.Helper()
	path := filepath.Join("testdata", "mix", name)
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	m, err := ParseMixExs(path, src)
	require.NoError(t, err)
	return m
}

func TestParseMixExsFixtures(t *testing.T) {
	tests := []struct {
		file       string
		app        string
		appsPath   string
		depsPath   string
		configPath string
		compiler   bool
		deps       string // term.Inspect of PythonDeps, "" for nil
		dep        *Dep   // Range not compared
	}{
		{
			file: "inline.exs", app: "inline_demo", compiler: true,
			deps: `[{:pandas, "2.0.0", [include: ["DataFrame", "read_csv"]]}, {:json, :stdlib, [generate: :all]}, ` +
				`{:numpy, "1.26.0"}, {:numpy_legacy, [version: "1.26.0", include: ["array", "zeros"]]}, :math, "statistics", ` +
				`{:"torch.nn", "~> 2.1", [python_name: "torch.nn", module_name: Torch.NN]}, ` +
				`{:wrapper_args, :stdlib, [python_name: "wrapper_args_example", module_name: WrapperArgs, include: ["mean", "join_values"], ` +
				`module_mode: {:only, ["a", "b"]}, max_class_methods: 1000, docs_profile: :full]}, ` +
				`{:pillow, [version: "~> 10.0", python_name: "PIL"]}]`,
			dep: &Dep{IsPath: true, Path: "../..", Requirement: "~> 0.16"},
		},
		{
			file: "private_fun.exs", app: "private_fun", compiler: true,
			deps: `[{:sympy, "~> 1.12", [module_name: Sympy]}, ` +
				`{:numpy, "1.26.0", [include: ["array", "zeros", "ones", "linspace"], module_name: Numpy]}, ` +
				`{:pylatexenc, "~> 2.10", [module_name: PyLatexEnc, submodules: true]}, ` +
				`{:math_verify, "~> 0.1", [module_name: MathVerify, pypi_package: "math-verify"]}]`,
			// path: Path.expand(...) is a path dependency whose path is not a literal.
			dep: &Dep{IsPath: true},
		},
		{
			file: "keyword_do.exs", app: "keyword_do",
			deps: `[{:math, :stdlib}, {:json, :stdlib, [generate: :all, submodules: true]}]`,
			dep:  &Dep{Requirement: "~> 0.16.0"},
		},
		{
			file: "keyword_style.exs", app: "keyword_style",
			deps: `[pillow: [version: "~> 10.0", python_name: "PIL"], numpy: [version: "1.26.0"]]`,
		},
		{file: "umbrella.exs", appsPath: "apps"},
		{
			file: "umbrella_app.exs", app: "umbrella_app", compiler: true, depsPath: "../../deps", configPath: "../../config/config.exs",
			deps: `[{:sympy, "~> 1.12", [module_name: Sympy]}, {:math, :stdlib}]`,
			dep:  &Dep{Requirement: "~> 0.16"},
		},
		{file: "no_python_deps.exs", app: "plain"},
		{
			file: "heredoc_sigils.exs", app: "heredoc_sigils",
			deps: `[{:math, :stdlib, [include: ["sqrt", "floor", "ceil"], exclude: ["fsum\\s"]]}, ` +
				`{:pathlib, :stdlib, [include: ["Path", "PurePath"]]}, ` +
				`{:"my.local", :stdlib, [python_name: "my.local", module_name: My.Local, docs_url: "https://example.com/docs\\n\n"]}]`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			m := parseFixture(t, tc.file)
			require.Equal(t, tc.app, m.App)
			require.Equal(t, tc.appsPath, m.AppsPath)
			require.Equal(t, tc.depsPath, m.DepsPath)
			require.Equal(t, tc.configPath, m.ConfigPath)
			require.Equal(t, tc.compiler, m.UsesSnakebridgeCompiler)
			if tc.deps == "" {
				require.True(t, m.PythonDeps == nil, "want no python_deps")
				require.Equal(t, Range{}, m.PythonDepsRange)
			} else {
				require.True(t, m.PythonDeps != nil, "want python_deps")
				require.Equal(t, tc.deps, term.Inspect(m.PythonDeps.Term))
				require.Equal(t, len(m.PythonDeps.Term.(term.List)), len(m.PythonDeps.Elems))
			}
			if tc.dep == nil {
				require.True(t, m.SnakebridgeDep == nil, "want no snakebridge dep")
				return
			}
			got := *m.SnakebridgeDep
			got.Range = Range{}
			require.Equal(t, *tc.dep, got)
		})
	}
}

// TestParseMixExsAgainstElixir loads each fixture into a real Mix and
// compares project()[:python_deps] with what we read.
func TestParseMixExsAgainstElixir(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "mix", "*.exs"))
	require.NoError(t, err)
	dir := t.TempDir()
	var names []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		name := filepath.Base(f)
		names = append(names, name)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), src, 0o644))
	}
	out := runElixir(t, dir, `
Mix.start()
for f <- Enum.sort(Path.wildcard("*.exs")) -- ["oracle.exs"] do
  [{mod, _} | _] = Code.require_file(f)
  deps = mod.project()[:python_deps]
  IO.puts(f <> " " <> if(deps == nil, do: "nil", else: Canon.c(deps)))
end
`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Equal(t, len(names), len(lines))
	for k, name := range names {
		m := parseFixture(t, name)
		got := "nil"
		if m.PythonDeps != nil {
			got = canon(m.PythonDeps.Term)
		}
		require.Equal(t, lines[k], name+" "+got)
	}
}

// TestMixExsRanges checks exact LSP ranges on a line where "é😀" make UTF-16
// columns differ from byte offsets.
func TestMixExsRanges(t *testing.T) {
	src := "defmodule R.MixProject do\n" +
		"  def project do\n" +
		"    [app: :r, python_deps: [\"é😀\", {:numpy, \"1.26\", include: [\"a\"]}]]\n" +
		"  end\n" +
		"end\n"
	m, err := ParseMixExs("mix.exs", []byte(src))
	require.NoError(t, err)
	r := func(l1, c1, l2, c2 int) Range { return Range{Position{l1, c1}, Position{l2, c2}} }
	// `python_deps: [...]` starts at byte 14 of the line and at UTF-16 column 14.
	require.Equal(t, r(2, 14, 2, 68), m.PythonDepsRange)
	deps := m.PythonDeps
	require.Equal(t, r(2, 27, 2, 68), deps.Range)
	require.Equal(t, r(2, 28, 2, 33), deps.Elems[0].Range) // "é😀" is 5 UTF-16 units, 8 bytes
	tuple := deps.Elems[1]
	require.Equal(t, r(2, 35, 2, 67), tuple.Range)
	require.Equal(t, r(2, 36, 2, 42), tuple.Elems[0].Range)
	require.Equal(t, r(2, 44, 2, 50), tuple.Elems[1].Range)
	opts := tuple.Elems[2]
	require.Equal(t, r(2, 52, 2, 66), opts.Range)
	include := opts.Elems[0]
	require.Equal(t, r(2, 52, 2, 66), include.Range)
	require.Equal(t, r(2, 52, 2, 60), include.Elems[0].Range)
	require.Equal(t, r(2, 61, 2, 66), include.Elems[1].Range)
	require.Equal(t, "mix.exs", include.File)
}

// TestMixExsRangesThroughAttributes: entries evaluated through a private
// function and attributes keep the ranges where they are written.
func TestMixExsRangesThroughAttributes(t *testing.T) {
	m := parseFixture(t, "private_fun.exs")
	deps := m.PythonDeps
	// @sympy ++ [...]: the first entry comes from the @sympy definition (line 7).
	require.Equal(t, Range{Position{6, 10}, Position{6, 49}}, deps.Elems[0].Range)
	numpy := deps.Elems[1]
	require.Equal(t, 24, numpy.Range.Start.Line)
	// {:numpy, @numpy_version, ...}: the version node is the reference.
	require.Equal(t, Range{Position{24, 17}, Position{24, 31}}, numpy.Elems[1].Range)
	include := numpy.Elems[2].Elems[0].Elems[1]
	require.Equal(t, Range{Position{24, 42}, Position{24, 56}}, include.Range)
	// ... whose words keep the ranges of the attribute definition.
	require.Equal(t, Range{Position{5, 20}, Position{5, 25}}, include.Elems[0].Range)
}

func TestMixExsErrors(t *testing.T) {
	wrap := func(body string) string {
		return "defmodule E.MixProject do\n  use Mix.Project\n\n  def project do\n    [app: :e, python_deps: python_deps()]\n  end\n\n  defp python_deps do\n" + body + "\n  end\nend\n"
	}
	tests := []struct{ name, src, want string }{
		{"get_env", wrap(`    [{:numpy, System.get_env("NUMPY_VERSION")}]`),
			`mix.exs:9:15: cannot evaluate a call to System.get_env/1 inside python_deps (only literals are understood)`},
		{"interpolation", wrap(`    [{:numpy, "1.#{26}"}]`),
			`mix.exs:9:18: cannot evaluate string interpolation (#{...}) inside python_deps`},
		{"if", wrap(`    if Mix.env() == :prod, do: [], else: [:math]`),
			`mix.exs:9:5: cannot evaluate an "if" expression inside python_deps`},
		{"unknown attribute", wrap(`    [{:numpy, @numpy_version}]`),
			`mix.exs:9:15: cannot evaluate the module attribute @numpy_version, which is not set before this point inside python_deps`},
		{"variable", wrap("    deps = [:math]\n    deps"),
			`mix.exs:10:5: cannot evaluate the variable deps inside python_deps`},
		{"pipe", wrap(`    [:math] |> Enum.uniq()`),
			`mix.exs:9:13: cannot evaluate the operator |> inside python_deps`},
		{"missing function", "defmodule E.MixProject do\n  def project do\n    [python_deps: deps_for(:py)]\n  end\nend\n",
			`mix.exs:3:19: cannot evaluate a call to deps_for/1 inside python_deps`},
		{"recursion", "defmodule E.MixProject do\n  def project, do: [python_deps: a()]\n  defp a, do: b()\n  defp b, do: a()\nend\n",
			`mix.exs:4:15: cannot evaluate a recursive call to a/0 inside python_deps`},
		{"not a list", "defmodule E.MixProject do\n  def project, do: [python_deps: {:math, :stdlib}]\nend\n",
			`mix.exs:2:34: python_deps must be a list, got {:math, :stdlib}`},
		{"truncated", "defmodule E.MixProject do\n  def project do\n    [python_deps: [:math]\n",
			`mix.exs:3:5: missing terminator "]" for the "[" opened here`},
		{"unbalanced", "defmodule E.MixProject do\n  def project do\n    [python_deps: [:math)]\n  end\nend\n",
			`mix.exs:3:25: unexpected ")": the "[" opened at 3:19 is not closed`},
		{"unterminated string", "defmodule E.MixProject do\n  def project do\n    [python_deps: [\"math]]\n  end\nend\n",
			`mix.exs:3:20: missing terminator '"' for the string starting here`},
		{"invalid utf-8", "defmodule E.MixProject do\n  def project do\n    [python_deps: [\"m\xc3\x28\"]]\n  end\nend\n",
			`mix.exs:3:22: invalid UTF-8 byte sequence`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseMixExs("mix.exs", []byte(tc.src))
			var e *Error
			require.True(t, errors.As(err, &e), "want *Error, got %T: %v", err, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestMixExsNilPythonDeps(t *testing.T) {
	m, err := ParseMixExs("mix.exs", []byte("defmodule N.MixProject do\n  def project, do: [python_deps: nil]\nend\n"))
	require.NoError(t, err)
	require.Equal(t, "[]", term.Inspect(m.PythonDeps.Term))
}

// TestMixExsLargeFile reads a 20 MB mix.exs: huge comments, a huge heredoc,
// a huge unevaluated function, and a 4 MB line of non-ASCII text right
// before python_deps on the same line.
func TestMixExsLargeFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("defmodule Big.MixProject do\n  @moduledoc \"\"\"\n")
	for b.Len() < 6<<20 {
		b.WriteString("  Documentation line with \\\"escapes\\\" and #{interpolation}.\n")
	}
	b.WriteString("  \"\"\"\n")
	for b.Len() < 10<<20 {
		b.WriteString("  # a comment line with {:snakebridge, path: \"not here\"} in it\n")
	}
	b.WriteString("  defp data do\n    [\n")
	for b.Len() < 16<<20 {
		b.WriteString("      {:dep, Mix.env() == :prod, fn x -> x + 1 end, %{a: <<1, 2>>}},\n")
	}
	b.WriteString("    ]\n  end\n")
	last := "  def project, do: [desc: \"" + strings.Repeat("é😀", (20<<20-b.Len())/6) + "\", python_deps: [:math, {:numpy, \"1.26\"}]]"
	b.WriteString(last + "\nend\n")
	m, err := ParseMixExs("big.exs", []byte(b.String()))
	require.NoError(t, err)
	require.Equal(t, `[:math, {:numpy, "1.26"}]`, term.Inspect(m.PythonDeps.Term))
	start := m.PythonDeps.Elems[0].Range.Start
	require.Equal(t, strings.Count(b.String(), "\n")-2, start.Line)
	require.Equal(t, utf16Len([]byte(last[:strings.Index(last, ":math")])), start.Character)
}

func TestMixExsDeepNesting(t *testing.T) {
	deep := "defmodule D.MixProject do\n  def project, do: [python_deps: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "]\nend\n"
	_, err := ParseMixExs("deep.exs", []byte(deep))
	require.ErrorContains(t, err, "nested too deeply")
}

// TestMixExsExpansionBudget: attributes that double at each level must not
// take exponential time or memory.
func TestMixExsExpansionBudget(t *testing.T) {
	for _, op := range []string{"[@a%d, @a%d]", "@a%d ++ @a%d", "@s%d <> @s%d"} {
		name := op[strings.IndexByte(op, '@')+1:][:1]
		var b strings.Builder
		b.WriteString("defmodule M do\n  @a0 [:x]\n  @s0 \"xy\"\n")
		for i := 1; i <= 60; i++ {
			fmt.Fprintf(&b, "  @%s%d "+op+"\n", name, i, i-1, i-1)
		}
		fmt.Fprintf(&b, "  def project, do: [python_deps: [@%s60]]\nend\n", name)
		_, err := ParseMixExs("m.exs", []byte(b.String()))
		require.ErrorContains(t, err, "expands to more than")
	}
	var b strings.Builder
	b.WriteString("defmodule M do\n  defp f0, do: [:x]\n")
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, "  defp f%d, do: [f%d(), f%d()]\n", i, i-1, i-1)
	}
	b.WriteString("  def project, do: [python_deps: f60()]\nend\n")
	_, err := ParseMixExs("m.exs", []byte(b.String()))
	require.ErrorContains(t, err, "expands to more than")
	// Legitimate reuse stays within the budget.
	_, err = ParseMixExs("m.exs", []byte("defmodule M do\n  @v \"1.0\"\n  def project, do: [python_deps: [{:a, @v}, {:b, @v}, {:c, @v}, {:d, @v}]]\nend\n"))
	require.NoError(t, err)
}

func TestMixExsAttributeRedefinition(t *testing.T) {
	src := "defmodule M do\n  @v \"1\"\n  @v [@v, \"2\"]\n  def project, do: [python_deps: [{:a, @v}]]\n  @v \"3\"\nend\n"
	m, err := ParseMixExs("m.exs", []byte(src))
	require.NoError(t, err)
	require.Equal(t, `[a: ["1", "2"]]`, term.Inspect(m.PythonDeps.Term))
}

func TestMixExsProjectModuleAfterHelper(t *testing.T) {
	src := "defmodule Helper do\n  def versions, do: [:x]\nend\n\ndefmodule P.MixProject do\n  use Mix.Project\n  def project, do: [app: :p, python_deps: [:math]]\nend\n"
	m, err := ParseMixExs("mix.exs", []byte(src))
	require.NoError(t, err)
	require.Equal(t, "p", m.App)
	require.Equal(t, "[:math]", term.Inspect(m.PythonDeps.Term))
}
