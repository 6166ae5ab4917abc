package elixir

import (
	"fmt"
	"strings"
	"testing"
)

// bigMixExs generates a realistic mix.exs of about n lines: attributes,
// project/0 with python_deps in a private function, a long deps list with
// calls in options, docs and aliases, comments and heredocs.
func bigMixExs(n int) []byte {
	var b strings.Builder
	lines := 0
	line := func(format string, args ...any) {
		fmt.Fprintf(&b, format+"\n", args...)
		lines++
	}
	line("defmodule Big.MixProject do")
	line(`  @moduledoc """`)
	for i := 0; i < n/20; i++ {
		line("  Documentation paragraph %d: python_deps and {:snakebridge, ...} are mentioned here.", i)
	}
	line(`  """`)
	line("  use Mix.Project")
	line(`  @version "1.2.3"`)
	line(`  @numpy_version "1.26.0"`)
	line(`  @source_url "https://example.com/big"`)
	line("  def project do")
	line("    [")
	line("      app: :big, version: @version, elixir: \"~> 1.18\",")
	line("      start_permanent: Mix.env() == :prod,")
	line("      compilers: [:snakebridge] ++ Mix.compilers(),")
	line("      deps: deps(), python_deps: python_deps(), aliases: aliases(),")
	line("      docs: [main: \"readme\", source_url: @source_url, extras: [\"README.md\"]]")
	line("    ]")
	line("  end")
	line("  def application, do: [extra_applications: [:logger], mod: {Big.Application, []}]")
	line("  defp python_deps do")
	line("    [")
	entries := n / 4 * 2 / 5
	for i := 0; i < entries; i++ {
		line("      # library %d", i)
		line("      {:lib_%d, @numpy_version,", i)
		line("       include: ~w(array zeros ones fn_%d), module_name: Lib%d, generate: :used},", i, i)
	}
	line("      :math")
	line("    ]")
	line("  end")
	line("  defp deps do")
	line("    [")
	line(`      {:snakebridge, "~> 0.16", path: "../.."},`)
	for i := 0; lines < n-6; i++ {
		line(`      {:dep_%d, "~> %d.0", only: [:dev, :test], runtime: Mix.env() != :prod, override: true},`, i, i%9)
	}
	line(`      {:jason, "~> 1.4"}`)
	line("    ]")
	line("  end")
	line("  defp aliases, do: [setup: [\"deps.get\"], test: [\"test --no-start\"]]")
	line("end")
	return []byte(b.String())
}

func BenchmarkParseMixExs2000Lines(b *testing.B) {
	src := bigMixExs(2000)
	if lines := strings.Count(string(src), "\n"); lines < 1900 || lines > 2200 {
		b.Fatalf("generated %d lines", lines)
	}
	m, err := ParseMixExs("mix.exs", src)
	if err != nil {
		b.Fatal(err)
	}
	if m.SnakebridgeDep == nil || len(m.PythonDeps.Elems) < 100 {
		b.Fatal("unexpected parse result")
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseMixExs("mix.exs", src); err != nil {
			b.Fatal(err)
		}
	}
}
