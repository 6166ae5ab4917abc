defmodule Dep do
  def d(x), do: Numpy.from_deps(x)
end
