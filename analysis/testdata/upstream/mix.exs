# SnakeBridge's own repository, reduced to what a consumer's check reads:
# its version and the priv/python files its generator hash covers.
defmodule SnakeBridge.MixProject do
  use Mix.Project

  @version "0.16.0"

  def project do
    [app: :snakebridge, version: @version]
  end
end
