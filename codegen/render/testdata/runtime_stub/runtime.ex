# A stub of exactly the SnakeBridge runtime API generated bindings may
# call, so that the tests compile generated files without SnakeBridge.
# Every function raises: the tests compile the bindings, they never run
# Python.

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

  @type result :: {:ok, term()} | {:error, Snakepit.Error.t()}

  @spec call(module(), atom() | String.t(), list(), keyword()) :: result()
  def call(_module, _function, _args, _opts), do: raise("stub: call/4")

  @spec call_class(module(), atom(), list(), keyword()) :: result()
  def call_class(_module, _function, _args, _opts), do: raise("stub: call_class/4")

  @spec call_method(SnakeBridge.Ref.t(), atom() | String.t(), list(), keyword()) :: result()
  def call_method(_ref, _method, _args, _opts), do: raise("stub: call_method/4")

  @spec get_attr(SnakeBridge.Ref.t(), atom()) :: result()
  def get_attr(_ref, _attr), do: raise("stub: get_attr/2")

  @spec get_module_attr(module(), atom() | String.t()) :: result()
  def get_module_attr(_module, _attr), do: raise("stub: get_module_attr/2")

  @spec stream(module(), atom() | String.t(), list(), keyword(), (term() -> any())) ::
          :ok | {:error, Snakepit.Error.t()}
  def stream(_module, _function, _args, _opts, _callback), do: raise("stub: stream/5")

  @spec normalize_args_opts(term(), keyword()) :: {list(), keyword()}
  def normalize_args_opts(_args, _opts), do: raise("stub: normalize_args_opts/2")
end

defmodule SnakeBridge.Docs do
  @moduledoc false

  @spec search(module(), String.t()) :: list()
  def search(_module, _query), do: raise("stub: search/2")

  @spec get(module(), atom()) :: term()
  def get(_module, _function), do: raise("stub: get/2")
end
