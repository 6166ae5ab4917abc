# A project that keeps python_deps in a private function and module attributes.
defmodule PrivateFun.MixProject do
  use Mix.Project

  @numpy_version "1.26.0"
  @numpy_include ~w(array zeros ones linspace)
  @sympy [{:sympy, "~> 1.12", module_name: Sympy}]

  def project do
    [
      app: :private_fun,
      version: "0.1.0",
      elixir: "~> 1.15",
      compilers: [:snakebridge | Mix.compilers()],
      deps: deps(),
      python_deps: python_deps(),
      aliases: aliases()
    ]
  end

  defp python_deps do
    # Everything here is a literal or an attribute defined above.
    @sympy ++
      [
        {:numpy, @numpy_version, include: @numpy_include, module_name: Numpy},
        {:pylatexenc, "~> 2.10", module_name: PyLatexEnc, submodules: true},
        {:math_verify, "~> 0.1", module_name: MathVerify, pypi_package: "math-verify"}
      ]
  end

  defp deps do
    [
      {:snakebridge, path: Path.expand("../..", __DIR__)},
      {:telemetry, "~> 1.2"}
    ]
  end

  defp aliases do
    [setup: ["deps.get", "compile"], test: ["test --no-start"]]
  end
end
