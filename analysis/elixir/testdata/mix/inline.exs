defmodule InlineDemo.MixProject do
  @moduledoc """
  A demo project. This heredoc mentions python_deps: [:not_this] and
  {:snakebridge, path: "nowhere"} but is only text.
  """
  use Mix.Project

  @version "0.3.1"
  @source_url "https://example.com/inline_demo"

  def project do
    [
      app: :inline_demo,
      version: @version,
      elixir: "~> 1.18",
      start_permanent: Mix.env() == :prod,
      deps: deps(),
      # the compiler must run before Elixir's
      compilers: [:snakebridge] ++ Mix.compilers(),
      python_deps: [
        # "é" and "😀" below shift UTF-16 columns against byte offsets
        {:pandas, "2.0.0", include: ["DataFrame", "read_csv"]}, # é😀
        {:json, :stdlib, generate: :all},
        {:numpy, "1.26.0"},
        {:numpy_legacy, version: "1.26.0", include: ~w(array zeros)},
        :math,
        "statistics",
        {:"torch.nn", "~> 2.1", python_name: "torch.nn", module_name: Torch.NN},
        {:wrapper_args, :stdlib,
         python_name: "wrapper_args_example",
         module_name: WrapperArgs,
         include: ["mean", "join_values"],
         module_mode: {:only, ["a", "b"]},
         max_class_methods: 1_000,
         docs_profile: :"full"},
        pillow: [version: "~> 10.0", python_name: "PIL"]
      ],
      docs: [main: "readme", source_url: @source_url, extras: ["README.md"]]
    ]
  end

  def application do
    [extra_applications: [:logger], mod: {InlineDemo.Application, []}]
  end

  defp deps do
    [
      {:snakebridge, "~> 0.16", path: "../.."},
      {:jason, "~> 1.4"},
      {:ex_doc, ">= 0.0.0", only: :dev, runtime: false},
      {:credo, "~> 1.7", only: [:dev, :test], runtime: Mix.env() != :prod}
    ]
  end
end
