# An independent reference for SnakeBridge's config_hash (compat §1.1, §1.2,
# §2.4), written in Elixir and run by real Elixir: it evaluates each
# python_deps entry with Code.eval_string, normalises the options as
# SnakeBridge 0.16's Config.build_library/3 does, and hashes the 25-tuple
# list with :erlang.term_to_binary for both atom encodings.
#
# usage: elixir confighash_reference.exs ENTRIES_FILE ROOT
# ENTRIES_FILE holds one python_deps entry per line; prints for each line
# "<latin1 hash> <utf8 hash>" or "error <message>".

defmodule Ref do
  @keys [:module_name, :generate, :include, :exclude, :streaming, :submodules, :public_api,
         :module_mode, :module_include, :module_exclude, :module_depth, :docs_url, :docs_manifest,
         :docs_profile, :docs_manifest_hash, :class_method_scope, :max_class_methods, :on_not_found,
         :signature_sources, :strict_signatures, :min_signature_tier, :stub_search_paths,
         :use_typeshed, :typeshed_path, :stubgen]

  def parse({name, version, opts}) when is_atom(name) and (is_binary(version) or version == :stdlib) and is_list(opts), do: build(name, opts)
  def parse({name, version}) when is_atom(name) and (is_binary(version) or version == :stdlib), do: build(name, [])
  def parse({name, opts}) when is_atom(name) and is_list(opts), do: build(name, opts)
  def parse(name) when is_atom(name), do: build(name, [])
  def parse(name) when is_binary(name), do: build(String.to_atom(name), [])

  defp build(name, opts) do
    module = Keyword.get(opts, :module_name) || Module.concat([Macro.camelize(Atom.to_string(name))])
    generate = Keyword.get(opts, :generate, :used)
    unless generate in [:used, :all], do: raise(ArgumentError, "Invalid generate option")
    mode = module_mode(Keyword.get(opts, :module_mode))
    if mode == :docs and Keyword.get(opts, :docs_manifest) == nil, do: raise(ArgumentError, "Missing :docs_manifest")
    depth = Keyword.get(opts, :module_depth)
    if depth != nil and not (is_integer(depth) and depth > 0), do: raise(ArgumentError, "module_depth")
    max = Keyword.get(opts, :max_class_methods)
    if max != nil and not (is_integer(max) and max >= 0), do: raise(ArgumentError, "max_class_methods")
    docs_manifest = Keyword.get(opts, :docs_manifest)

    %{
      module_name: (if is_atom(module), do: Atom.to_string(module), else: to_string(module)),
      generate: generate,
      include: nlist(Keyword.get(opts, :include)),
      exclude: nlist(Keyword.get(opts, :exclude)),
      streaming: nlist(Keyword.get(opts, :streaming)),
      submodules: Keyword.get(opts, :submodules, false),
      public_api: Keyword.get(opts, :public_api, false),
      module_mode: mode,
      module_include: mlist(Keyword.get(opts, :module_include)),
      module_exclude: mlist(Keyword.get(opts, :module_exclude)),
      module_depth: depth,
      docs_url: Keyword.get(opts, :docs_url),
      docs_manifest: docs_manifest,
      docs_profile: docs_profile(Keyword.get(opts, :docs_profile)),
      docs_manifest_hash: manifest_hash(docs_manifest),
      class_method_scope: scope(Keyword.get(opts, :class_method_scope)),
      max_class_methods: max,
      on_not_found: (case Keyword.get(opts, :on_not_found) do v when v in [:error, :stub] -> v; _ -> nil end),
      signature_sources: nlist(Keyword.get(opts, :signature_sources)),
      strict_signatures: Keyword.get(opts, :strict_signatures),
      min_signature_tier: Keyword.get(opts, :min_signature_tier),
      stub_search_paths: nlist(Keyword.get(opts, :stub_search_paths)),
      use_typeshed: Keyword.get(opts, :use_typeshed),
      typeshed_path: Keyword.get(opts, :typeshed_path),
      stubgen: stubgen(Keyword.get(opts, :stubgen))
    }
  end

  defp nlist(nil), do: []
  defp nlist(l) when is_list(l), do: Enum.map(l, fn a when is_atom(a) -> Atom.to_string(a); x -> to_string(x) end)
  defp nlist(a) when is_atom(a), do: [Atom.to_string(a)]
  defp nlist(b) when is_binary(b), do: [b]
  defp nlist(_), do: []

  defp mlist(l) when is_list(l), do: Enum.map(l, &to_string/1)
  defp mlist(b) when is_binary(b), do: [b]
  defp mlist(_), do: []

  @aliases %{light: :root, top: :root, root: :root, api: :exports, exports: :exports, standard: :public,
             public: :public, explicit: :explicit, manifest: :docs, docs: :docs, full: :all, nuclear: :all, all: :all}
  defp module_mode(nil), do: nil
  defp module_mode({:only, l}) when is_list(l), do: {:only, Enum.map(l, &to_string/1)}
  defp module_mode(a) when is_atom(a) and is_map_key(@aliases, a), do: @aliases[a]
  defp module_mode(_), do: raise(ArgumentError, "module_mode")

  defp docs_profile(a) when is_atom(a) and a != nil, do: Atom.to_string(a)
  defp docs_profile(b) when is_binary(b), do: b
  defp docs_profile(_), do: nil

  defp scope(s) when s in [:all], do: :all
  defp scope(s) when s in [:defined, :declared, :declared_only, :defined_only], do: :defined
  defp scope(_), do: nil

  defp stubgen(l) when is_list(l), do: Enum.sort_by(l, fn {k, _} -> k end)
  defp stubgen(_), do: []

  defp manifest_hash(path) when is_binary(path) do
    case File.read(Path.expand(path, System.get_env("REF_ROOT"))) do
      {:ok, data} -> :crypto.hash(:sha256, data) |> Base.encode16(case: :lower)
      _ -> nil
    end
  end

  defp manifest_hash(_), do: nil

  def hash(lib, minor) do
    values = Enum.map(@keys, fn k -> {k, Map.fetch!(lib, k)} end)
    :crypto.hash(:sha256, :erlang.term_to_binary(values, minor_version: minor)) |> Base.encode16(case: :lower)
  end
end

[file, root] = System.argv()
System.put_env("REF_ROOT", root)

file
|> File.read!()
|> String.split("\n", trim: true)
|> Enum.each(fn line ->
  try do
    {entry, _} = Code.eval_string(line)
    lib = Ref.parse(entry)
    IO.puts("#{Ref.hash(lib, 1)} #{Ref.hash(lib, 2)}")
  rescue
    e -> IO.puts("error #{Exception.message(e) |> String.replace("\n", " ")}")
  end
end)
