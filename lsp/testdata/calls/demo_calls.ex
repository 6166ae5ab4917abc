defmodule Demo.Calls do
  @moduledoc "Calls into the demo's bindings, with cursor markers for the editor tests."
  alias Math, as: M
  alias DemoStats.Histogram

  def member, do: Math.⟨member⟩
  def partial, do: M.fl⟨alias_partial⟩
  def classes, do: DemoStats.⟨classes⟩

  def keywords(x), do: Json.dumps(x, sort_k⟨kw_prefix⟩)
  def given(x), do: Json.dumps(x, indent: 2, ⟨kw_next⟩)
  def value(x), do: Json.dumps(x, indent: ⟨kw_value⟩2)
  def rekey(x), do: Json.dumps(x, sort_keys: true, ind⟨kw_in_key⟩nt: 2)

  def piped(values) do
    values
    |> Histogram.new(
      ⟨piped_multiline⟩
    )
  end

  def power(a), do: Math.pow(a, ⟨pow_second⟩2)
  def piped_power(a), do: a |> Math.pow(⟨pow_piped⟩2)
  def counts(h), do: Histogram.counts(⟨method⟩h)
  def unicode, do: Json.dumps("é😀 ünï", ind⟨utf16⟩)
end
