defmodule Plain.MixProject do
  use Mix.Project

  def project do
    [app: :plain, version: "0.1.0", deps: deps()]
  end

  def application, do: [extra_applications: [:logger]]

  defp deps do
    [{:jason, "~> 1.4"}, {:plug, github: "elixir-plug/plug", branch: "main"}]
  end
end
