defmodule Sci do
  @moduledoc "Calls into numpy's bindings (generate: :used), with cursor markers."
  alias Numpy.Linalg, as: LA

  def avg(x), do: Numpy.mean(x, ⟨mean_axis⟩axis: 0)
  def avg_kw(x), do: Numpy.mean(x, ke⟨mean_kw⟩)
  def norm(rows) do
    rows
    |> Numpy.array()
    |> LA.norm(
      ord: 2,
      ⟨norm_multiline⟩
    )
  end

  def member, do: Numpy.⟨member⟩
  def unicode(x), do: {"ñandú 🐍", Numpy.mean(x, axis: 0, wh⟨utf16⟩)}
end
