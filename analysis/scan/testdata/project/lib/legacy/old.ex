defmodule Demo.Old do
  def old(x), do: Numpy.legacy(x)
end
