# want: call Numpy.Linalg.norm arg=1 pos=1 piped inkw start given=ord,keepdims as=LA
defmodule Demo.Stats do
  alias Numpy.Linalg, as: LA

  # Ünïcödé comment: Numpy.mean(
  def norm(rows) do
    rows
    |> Numpy.array()
    |> LA.norm(
      ord: 2,
      ‸
      keepdims: true
    )
  end
end
