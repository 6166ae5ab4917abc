# def commented(a, b)
defmodule Tricky do
  @moduledoc """
  Not a definition:

      def in_heredoc(x)
      end
  """

  @doc "def in_string(a, b) \"escaped\" #{"nested"}"
  def plain(a, b), do: {a, b, ~s(def in_sigil(x\))}

  def defaults(a, opts \\ [], more \\ %{}) do
    {a, opts, more, :end, [do: 1], ~S"""
    def in_sigil_heredoc(y)
    """}
  end

  def zero, do: ?"

  def zero_block do
    fn x -> x end
  end

  def question?(x) when is_list(x) or is_map(x), do: true
  def question?(_x), do: false

  def bang!(
        first,
        second \\ nil
      ) do
    send(self(), {first, second, ?#, 'charlist def x(y)', "#{"interp #{:end}"}"})
  end

  defp private(x), do: x

  def uses_private(x), do: private(x)

  defmodule Inner do
    @moduledoc false
    def inner(a), do: a

    def with_case(a) do
      case a do
        :end -> "end"
        _ -> ~r/def not_me\(/
      end
    end
  end

  def after_inner(a, b, c), do: [a, b, c]
end

defmodule Second.Module do
  def second(x, y \\ 1), do: x + y
end
