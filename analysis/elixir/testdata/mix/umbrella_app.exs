defmodule UmbrellaApp.MixProject do
  use Mix.Project

  def project do
    [
      app: :umbrella_app,
      version: "0.1.0",
      build_path: "../../_build",
      config_path: "../../config/config.exs",
      deps_path: "../../deps",
      lockfile: "../../mix.lock",
      elixir: "~> 1.18",
      compilers: Mix.compilers() ++ [:snakebridge],
      deps: deps(),
      python_deps: [{:sympy, "~> 1.12", module_name: Sympy}, {:math, :stdlib}]
    ]
  end

  defp deps do
    [{:other_app, in_umbrella: true}, {:snakebridge, "~> 0.16"}]
  end
end
