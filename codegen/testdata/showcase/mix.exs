defmodule SignatureShowcaseExample.MixProject do
  use Mix.Project

  def project do
    [
      app: :signature_showcase_example,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: deps(),
      python_deps: python_deps()
    ]
  end

  defp deps do
    [{:snakebridge, "~> 0.16"}]
  end

  defp python_deps do
    [
      {:signature_showcase, :stdlib,
       python_name: "signature_showcase",
       module_name: SignatureShowcase,
       include: ["optional_args", "keyword_only", "variadic", "join_values"]},
      {:math, :stdlib, include: ["sqrt"]}
    ]
  end
end
