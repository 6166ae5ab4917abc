defmodule MathDemo.MixProject do
  use Mix.Project

  def project do
    [
      app: :math_demo,
      version: "0.1.0",
      elixir: "~> 1.14",
      start_permanent: Mix.env() == :prod,
      deps: deps(),
      python_deps: python_deps(),
      compilers: [:snakebridge] ++ Mix.compilers()
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end

  defp deps do
    [
      # SnakeBridge's own repository, two levels up, as in its examples.
      {:snakebridge, path: "../.."}
    ]
  end

  defp python_deps do
    [
      {:json, :stdlib, generate: :all, submodules: true},
      {:math, :stdlib},
      # A Python module of this project, under priv/python/.
      {:local_stats, :stdlib, python_name: "local_stats", module_name: LocalStats, include: ["mean"]}
    ]
  end
end
