# A project whose `mix compile` owns its SnakeBridge bindings (it lists the
# :snakebridge compiler) without depending on SnakeBridge: its own
# `mix snakebridge.regen` (lib/mix/tasks) stands in for upstream's, so the
# tests can tell a delegated run from snakebridge-lsp's own generator.

# The compiler is defined here, not in lib/, because mix needs it to
# compile lib/. It does nothing.
defmodule Mix.Tasks.Compile.Snakebridge do
  use Mix.Task.Compiler

  @impl true
  def run(_args), do: {:noop, []}
end

defmodule MixFixture.MixProject do
  use Mix.Project

  def project do
    [
      app: :mix_fixture,
      version: "0.1.0",
      elixir: "~> 1.14",
      compilers: [:snakebridge] ++ Mix.compilers(),
      deps: [],
      python_deps: [
        {:math, :stdlib}
      ]
    ]
  end
end
