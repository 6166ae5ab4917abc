defmodule Mix.Tasks.Snakebridge.Regen do
  @moduledoc "Writes the fixture's stand-in bindings, announcing each step."
  @shortdoc "Regenerates the fixture's bindings"

  use Mix.Task

  @file_path "lib/snakebridge_generated/math/__init__.ex"

  @impl true
  def run(_args) do
    IO.puts("fixture regen: start")
    File.mkdir_p!(Path.dirname(@file_path))
    File.write!(@file_path, "# written by the fixture's mix snakebridge.regen\n")
    IO.puts("fixture regen: wrote #{@file_path}")
    IO.puts("fixture regen: done")
  end
end
