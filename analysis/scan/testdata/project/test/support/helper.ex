defmodule Demo.TestHelper do
  def fixture, do: Numpy.ones([2, 2])
end
