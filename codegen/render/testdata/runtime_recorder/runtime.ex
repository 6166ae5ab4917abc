# A SnakeBridge runtime that returns what it was given, so that a test can
# call generated wrappers and see what reaches the runtime. Same API as
# testdata/runtime_stub.

defmodule SnakeBridge.Ref do
  @moduledoc false
  @type t :: %{required(:__struct__) => module(), required(:id) => term()}
end

defmodule Snakepit.Error do
  @moduledoc false
  @type t :: %{required(:__struct__) => module(), required(:message) => String.t()}
end

defmodule SnakeBridge.Runtime do
  @moduledoc false

  def call(module, function, args, opts), do: {:call, module, function, args, opts}

  def call_class(module, function, args, opts), do: {:call_class, module, function, args, opts}

  def call_method(ref, method, args, opts), do: {:call_method, ref, method, args, opts}

  def get_attr(ref, attr), do: {:get_attr, ref, attr}

  def get_module_attr(module, attr), do: {:get_module_attr, module, attr}

  def stream(module, function, args, opts, callback),
    do: {:stream, module, function, args, opts, is_function(callback, 1)}

  # Upstream's rule: a keyword-looking args with empty opts is the opts.
  def normalize_args_opts(args, []) when is_list(args) and args != [] do
    if Keyword.keyword?(args), do: {[], args}, else: {args, []}
  end

  def normalize_args_opts(args, opts), do: {args, opts}
end

defmodule SnakeBridge.Docs do
  @moduledoc false

  def search(module, query), do: {:search, module, query}

  def get(module, function), do: {:get, module, function}
end
