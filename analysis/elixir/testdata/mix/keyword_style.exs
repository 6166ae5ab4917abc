defmodule KeywordStyle.MixProject do
  use Mix.Project

  def project do
    [app: :keyword_style, version: "0.1.0", python_deps: [pillow: [version: "~> 10.0", python_name: "PIL"], numpy: [version: "1.26.0"]], deps: []]
  end
end
