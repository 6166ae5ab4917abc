defmodule MathDemo do
  @moduledoc "Calls into Python's math and json through generated bindings."

  def hypotenuse(a, b), do: Math.sqrt(a * a + b * b)

  def encode(term), do: Json.dumps(term)
end
