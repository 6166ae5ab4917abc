defmodule Demo do
  @moduledoc """
  A small project that calls Python through SnakeBridge bindings: the
  standard library's `math` and `json`, and `priv/python/demo_stats.py`.
  """

  alias DemoStats.Histogram

  @doc "The hypotenuse of a right triangle, computed by Python's math module."
  def hypotenuse(a, b) do
    with {:ok, a2} <- Math.pow(a, 2),
         {:ok, b2} <- Math.pow(b, 2) do
      Math.sqrt(a2 + b2)
    end
  end

  @doc "Round-trips a map through Python's json module."
  def round_trip(map) do
    with {:ok, text} <- Json.dumps(map) do
      text |> Json.loads()
    end
  end

  @doc "Summary statistics from the project's own Python module."
  def summary(values) do
    with {:ok, mean} <- DemoStats.mean(values),
         {:ok, hist} <- Histogram.new(values, bins: 4),
         {:ok, counts} <- Histogram.counts(hist) do
      {:ok, %{mean: mean, counts: counts}}
    end
  end
end
