go test fuzz v1
[]byte("defmodule Plain.MixProject do\n  use Mix.Project\n\n  def project do\n    [app: :plain, version: \"0.1.0\", deps: deps()]\n  end\n\n  def application, do: [extra_applications: [:logger]]\n\n  defp deps do\n    [{:jason, \"~> 1.4\"}, {:plug, github: \"elixir-plug/plug\", branch: \"main\"}]\n  end\nend\n")
