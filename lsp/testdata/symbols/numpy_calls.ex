# Cursor markers ⟨name⟩ stand where the cursor is; the test strips them.
defmodule Np do
  alias Numpy, as: NP

  def m(x), do: Numpy.me⟨mean⟩an(x, axis: 0)

  def s(x), do: x |> NP.s⟨sum⟩um()

  def z, do: Nu⟨module⟩mpy.zeros(3)
end
