# want: member Numpy.Fft as=Fft prefix=ff
defmodule Demo.Broken do
  alias Numpy.{Linalg, Fft}

  def spectrum(x) do
    x |> Fft.ff‸
  # the end is missing and a string is open: "
