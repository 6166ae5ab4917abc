go test fuzz v1
[]byte("defmodule Demo.Scoped do\n  def first(x) do\n    alias Numpy.Linalg, as: L\n    L.norm(x)\n  end\n\n  def second(x) do\n    # The alias of first/1 does not reach here: L is another module.\n    L.norm(x)\n  end\n\n  def third(x) do\n    import Numpy, except: [prod: 2]\n    {sum(x), prod(x), prod(x, 0), length(x)}\n  end\n\n  def fourth(x), do: sum(x)\nend\n")
