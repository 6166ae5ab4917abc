defmodule Demo.Hidden do
  def h(x), do: Numpy.hidden(x)
end
