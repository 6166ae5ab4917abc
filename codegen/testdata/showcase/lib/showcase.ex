defmodule Showcase do
  @moduledoc "Calls the bindings the way a project does."

  def run do
    {:ok, _} = SignatureShowcase.variadic(1, 2, three: 3)
    {:ok, _} = SignatureShowcase.variadic()
    {:ok, _} = SignatureShowcase.optional_args(1, 2)
    {:ok, _} = SignatureShowcase.keyword_only(1, required_kw: 2)
    {:ok, _} = SignatureShowcase.join_values("a", "b", sep: "-")
    Math.sqrt(4.0)
  end
end
