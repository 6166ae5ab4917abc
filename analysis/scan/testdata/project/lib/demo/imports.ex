defmodule Demo.Imports do
  import Numpy, only: [sum: 1, mean: 2, zeros: 1]
  import Json, only: [dumps: 1, loads: 2]

  def total(values), do: sum(values)
  def average(values), do: mean(values, 0)
  def both(values), do: mean(values)
  def piped(values), do: values |> sum()
  def capture, do: &sum/1
  def shadowed(values), do: zeros(values)
  def json(text), do: {loads(text), loads(text, []), dumps(text)}
  def kernel(values), do: length(values) + is_list(values)
  def variable do
    sum = 1
    sum
  end

  defp zeros(x), do: x
end
