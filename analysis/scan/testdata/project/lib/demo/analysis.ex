defmodule Demo.Analysis do
  @moduledoc """
  Statistics helpers. Example:

      iex> Numpy.mean([1, 2, 3])
      2.0

  Neither Numpy.std(x) in this text nor "Numpy.var(x)" is a call.
  """

  alias Numpy.Linalg, as: LA
  alias Numpy.{Random, Fft}
  alias Json

  @type matrix :: Numpy.Ndarray.t()
  @spec summary(list()) :: %{mean: float(), norm: Numpy.Ndarray.t()}
  def summary(values) do
    # Numpy.max(values) is commented out
    mean = Numpy.mean(values)
    norm = LA.norm(values, ord: 2)

    spread =
      Numpy.std(
        values,
        ddof: 1,
        axis: 0
      )

    %{mean: mean, norm: norm, spread: spread, label: "Numpy.sum(#{Numpy.size(values)})"}
  end

  def pipeline(values) do
    values
    |> Numpy.array()
    |> Numpy.sum(axis: 0)
    |> Random.shuffle()
  end

  def captures do
    [&Numpy.sum/1, &Fft.fft/2, &Numpy.Linalg.det(&1), &Enum.sum/1]
  end

  def misc(mod, values) do
    mod.sum(values)
    __MODULE__.helper(values)
    Enum.map(values, fn v -> Numpy.sqrt v end)
    pi = Numpy.pi
    Json.dumps(%{pi: pi})
    Numpy.Random.seed(42)
    Numpy.Linalg.Sub.thing()
    NumpyExtra.sum(values)
    :numpy.sum(values)
    ~S[Numpy.ignored(x)]
  end

  def helper(x), do: x
end
