go test fuzz v1
[]byte("defmodule KeywordStyle.MixProject do\n  use Mix.Project\n\n  def project do\n    [app: :keyword_style, version: \"0.1.0\", python_deps: [pillow: [version: \"~> 10.0\", python_name: \"PIL\"], numpy: [version: \"1.26.0\"]], deps: []]\n  end\nend\n")
