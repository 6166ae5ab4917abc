# Cursor markers ⟨name⟩ stand where the cursor is; the test strips them.
defmodule Calls do
  alias Demo⟨alias_root⟩Stats.Histo⟨alias_line⟩gram, as: H
  import Math, only: [sqrt: 1]

  def plain(x), do: Json.d⟨dumps⟩umps(x)

  def piped(x), do: x |> Json.lo⟨piped⟩ads()

  def aliased(xs) do
    {:ok, h} = ⟨alias_module⟩H.n⟨alias_new⟩ew(xs, bins: 4)
    H.cou⟨alias_counts⟩nts(h)
  end

  def imported(x), do: sq⟨imported⟩rt(x)

  def module_only, do: Js⟨module⟩on.dumps(1)

  # Non-ASCII text before the call on the line: columns are UTF-16 units.
  def unicode(x), do: {"ünï 🐍", Json.dum⟨utf16⟩ps(x, sort_keys: true)}

  def multi_line(x) do
    Json.du⟨multi_dumps⟩mps(
      x,
      sort_keys: true
    )
    |> Json.lo⟨multi⟩ads()
  end

  def not_a_call(x), do: ⟨nothing⟩x

  # Aliases written alone, outside a call.
  @spec bare(H⟨bare_spec⟩.t()) :: module()
  def bare(_h), do: H⟨bare_alias⟩
end
