defmodule Demo.MixProject do
  use Mix.Project

  def project do
    [app: :demo, version: "0.1.0", compilers: [:snakebridge] ++ Mix.compilers(),
     python_deps: [{:numpy, "1.26.0"}, {:json, :stdlib}]]
  end
end
