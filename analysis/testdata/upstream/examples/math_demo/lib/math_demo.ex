defmodule MathDemo do
  def hyp(a, b), do: Math.sqrt(a * a + b * b)
  def avg(xs), do: LocalStats.mean(xs)
  def dump(x), do: Json.dumps(x)
end
