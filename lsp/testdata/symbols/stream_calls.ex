# Cursor markers ⟨name⟩ stand where the cursor is; the test strips them.
defmodule StreamCalls do
  def s(x, cb), do: Json.dumps_st⟨dumps_stream⟩ream(x, cb)
end
