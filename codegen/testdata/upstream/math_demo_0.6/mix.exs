defmodule MathDemo.MixProject do
  use Mix.Project

  def project do
    [
      app: :math_demo,
      version: "0.1.0",
      elixir: "~> 1.14",
      start_permanent: Mix.env() == :prod,
      deps: deps(),
      compilers: [:snakebridge] ++ Mix.compilers()
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end

  defp deps do
    [
      # SnakeBridge before 0.7.8: the libraries are an option of the dependency.
      {:snakebridge, path: "../..", libraries: [json: :stdlib, math: :stdlib]},
      {:ex_doc, "~> 0.31", only: :dev, runtime: false}
    ]
  end
end
