defmodule KeywordDo.MixProject do
  use Mix.Project

  @app :keyword_do

  def project,
    do: [
      app: @app,
      version: "1.0.0",
      deps: [{:snakebridge, "~> 0.16.0"}, {:req, "~> 0.4", override: true}],
      python_deps: python_deps()
    ]

  defp python_deps, do: [{:math, :stdlib}, {:json, :stdlib, generate: :all, submodules: true}]
end
