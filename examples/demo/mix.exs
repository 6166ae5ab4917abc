defmodule Demo.MixProject do
  use Mix.Project

  @version "0.1.0"

  def project do
    [
      app: :demo,
      version: @version,
      elixir: "~> 1.14",
      start_permanent: Mix.env() == :prod,
      deps: deps(),
      # Python libraries SnakeBridge generates Elixir bindings for.
      python_deps: python_deps()
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end

  defp deps do
    [
      {:snakebridge, "~> 0.16"}
    ]
  end

  defp python_deps do
    [
      # Standard library modules: no pip requirement.
      {:math, :stdlib},
      {:json, :stdlib, include: ["dumps", "loads"]},
      # A Python module of this project, under priv/python/.
      {:demo_stats, :stdlib,
       python_name: "demo_stats", module_name: DemoStats, include: ["mean", "Histogram"]}
    ]
  end
end
