package scan

import "strings"

// kernelNames are the functions, macros and special forms that Elixir
// imports into every module. An `import Numpy` without only: does not make
// `if(...)` or `length(x)` a call into Numpy (Elixir would reject the
// ambiguity anyway).
var kernelNames = func() map[string]bool {
	names := strings.Fields(`
		__aliases__ __block__ __CALLER__ __DIR__ __ENV__ __MODULE__ __STACKTRACE__ __cursor__
		alias case cond fn for import quote receive require super try unquote unquote_splicing with
		alias! and binding dbg def defdelegate defexception defguard defguardp defimpl defmacro defmacrop
		defmodule defoverridable defp defprotocol defstruct destructure get_and_update_in if in
		is_exception is_struct match? not or pop_in put_in raise reraise sigil_C sigil_D sigil_N sigil_R
		sigil_S sigil_T sigil_U sigil_W sigil_c sigil_r sigil_s sigil_w tap then to_char_list
		to_charlist to_string unless update_in use var!
		abs apply binary_part binary_slice bit_size byte_size ceil div elem exit floor
		function_exported? get_in hd inspect is_atom is_binary is_bitstring is_boolean is_float
		is_function is_integer is_list is_map is_map_key is_nil is_number is_pid is_port is_reference
		is_tuple length macro_exported? make_ref map_size max min node put_elem rem round self send
		spawn spawn_link spawn_monitor struct throw tl trunc tuple_size
	`)
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}()
