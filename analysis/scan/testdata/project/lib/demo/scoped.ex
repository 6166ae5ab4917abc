defmodule Demo.Scoped do
  def first(x) do
    alias Numpy.Linalg, as: L
    L.norm(x)
  end

  def second(x) do
    # The alias of first/1 does not reach here: L is another module.
    L.norm(x)
  end

  def third(x) do
    import Numpy, except: [prod: 2]
    {sum(x), prod(x), prod(x, 0), length(x)}
  end

  def fourth(x), do: sum(x)
end
