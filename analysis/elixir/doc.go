// Package elixir reads the parts of Elixir source that snakebridge-lsp needs
// without running Elixir: a tolerant tokenizer for any Elixir file, an
// evaluator for the literal subset (atoms, strings, numbers, lists, keyword
// lists, tuples, maps, ~w sigils, module attributes, ++), and on top of them
// readers for mix.exs (python_deps, compilers, the :snakebridge dependency)
// and for config/config.exs with what it imports.
//
// Everything that is not a literal is skipped at token level where it does
// not matter, and reported as an *Error (file, line, column, what was not
// understood) where it does: the reader never guesses a value.
package elixir
