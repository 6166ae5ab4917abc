// Package symbols is a compact, read-only index of the Elixir modules and
// functions a project's SnakeBridge bindings define, for editor requests
// (hover, completion, signature help, definition, call diagnostics,
// workspace symbols) that must answer in a millisecond without Python.
//
// Build reads what is on disk: .snakebridge/manifest.json (parsed with
// analysis/lockfile), priv/snakebridge/registry.json and the generated
// wrapper files the registry lists (their def heads, found with
// analysis/scan.Definitions). The manifest is streamed
// (lockfile.ReadManifest with a visitor keeping of each entry what the
// index needs), never held whole nor parsed into one tree: a sympy
// generate: :all manifest is 312 MB, its index tens of MB. Docstrings are not kept in memory; each is a byte span of the
// manifest file read when asked for (Doc), and strings repeated across
// entries (file names, annotations, defaults) are interned.
//
// An Index is immutable and safe for concurrent use. It stays valid while
// the manifest and registry are the same file versions (Current); a
// generation replaces them by rename, after which the holder builds a new
// Index. Doc returns "" once the manifest has changed under it.
//
// Usage:
//
//	ix, err := symbols.Build(ctx, root, manifestPath, registryPath)
//	m := ix.Module("Numpy")      // also "Numpy.Linalg", class "Json.Decoder.JSONDecoder"; nil when absent
//	m.Doc(), m.Def, m.Source     // moduledoc; generated defmodule; a class's Python definition
//	f := m.Function("mean")      // by Elixir name; nil when the module has none
//	f.Arities()                  // the arities the generated def heads define: [1 2 3 4 5 6]
//	f.Accepts(2)                 // one of them? (no allocation)
//	f.PythonName()               // "mean" ("__init__" for a class's "new")
//	f.Signature()                // "mean(a: _ArrayLikeFloat_co, axis: None = ..., ..., *, where: ... = ...)"
//	f.NumParams(), f.Param(i)    // Python parameters: Name, Kind (PositionalOnly … VarKeyword), Default, Annotation
//	f.Keyword("axis")            // the parameter an opts keyword names, if it may be passed by keyword
//	f.VarPositional(), f.VarKeyword()
//	f.SignatureSource()          // "runtime", "text_signature", "runtime_hints", "stub", "variadic"
//	f.Doc()                      // the Python docstring, read from the manifest file
//	f.Def(), f.Source()          // generated wrapper / Python definition: absolute file, 1-based line
//	ix.Children("Numpy")         // direct submodules and class modules, sorted
//	ix.Search("linalg.norm", 50) // workspace-symbol matches, modules and functions, best first
//	ix.Library("Numpy.Linalg")   // the library of a module: Name, Module, Generate (":all"/":used"), Version
//	ix.Current()                 // false once a generation replaced the manifest or registry: rebuild
//
// Functions are stored compactly (numpy and sympy generate: :all index
// 50,000 of them in about 6 MB), hence methods rather than fields; Params,
// Arities and Signature allocate their result, Accepts, Param and Keyword
// do not allocate beyond the returned value.
//
// Names are Elixir module names without the "Elixir." prefix. A function's
// Arities are those of the generated def heads (so a *args function's
// variadic fallback clauses count, and a manifest entry whose wrapper is
// missing has none); Params describe the Python side. For class methods
// other than __init__ (Elixir "new") the Elixir arity counts the leading
// ref argument; Params do not include self.
package symbols
