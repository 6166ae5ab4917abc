defmodule Demo.ArityCorpus do
  @moduledoc "Call shapes whose arity the scanner must count like Elixir's parser."

  def shapes(x, y, opts) do
    Numpy.a()
    Numpy.b(x)
    Numpy.c(x, y)
    Numpy.d(x, y, axis: 0, keepdims: true)
    Numpy.e(x, [axis: 0])
    Numpy.f(
      x,
      y,
      dtype: :float32
    )
    Numpy.g x, y
    Numpy.h x, axis: 1
    Numpy.i(Numpy.j(x), Numpy.k(y, 2))
    Numpy.l [1, 2], {3, 4}
    Numpy.m(%{a: 1}, <<1, 2>>, fn z -> Numpy.n(z) end)
    z = Numpy.o
    w = Numpy.p + Numpy.q * 2
    [Numpy.r, Numpy.s(1)]
    %{key: Numpy.t(x), other: Numpy.u}
    x |> Numpy.v()
    x |> Numpy.w(1, 2)
    x
    |> Numpy.x(opts)
    |> Numpy.y()
    |> Enum.map(&Numpy.z/1)
    Enum.map(x, &Numpy.aa(&1, 2))
    f = &Numpy.ab/3
    Numpy.ac(x) do
      :block
    end
    Numpy.ad x do
      :block
    end
    Numpy.ae do
      :block
    end
    if Numpy.af(x) do
      Numpy.ag(y)
    else
      Numpy.ah()
    end
    case Numpy.ai(x, y) do
      {:ok, v} -> Numpy.aj(v)
      _ -> Numpy.ak
    end
    "text #{Numpy.al(x)} and #{Numpy.am x, y}"
    Numpy.an(opts[:a], x.field, y.(1))
    Numpy.ao(x, "str", 'chars', ~w(a b), :atom, 1.5, ?c)
    Numpy.ap(Numpy.aq x)
    Numpy.ar (x)
    Numpy.Linalg.as(x)
    Numpy.Linalg.Deep.at x, y
    {z, w, f}
  end
end
