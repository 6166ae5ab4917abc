// Package exfmt prints a small Elixir syntax tree exactly as Elixir's code
// formatter (Code.format_string!/1, default options, Elixir 1.14) prints it.
//
// It is a port of the parts of Code.Formatter and Inspect.Algebra that the
// generated bindings use, so that generated files are already formatted:
// `mix format` and SnakeBridge's own Code.format_string! pass leave them
// byte for byte unchanged. Trees are printed as the formatter prints source
// written on one line, which by the formatter's idempotence is its fixed
// point. The constructs are limited to what codegen/render emits: calls,
// operators, lists, tuples, maps, keyword arguments, captures, module
// attributes, heredocs, type functions and do/end blocks.
package exfmt

// Node is a node of the syntax tree.
type Node interface{ node() }

// Var is a variable, or a zero-arity name written without parentheses
// (`__MODULE__`, `def __functions__ do`).
type Var struct{ Name string }

// Atom is an atom literal. Name is the atom's text without the colon; nil,
// true and false print bare. Names that are not plain identifiers are
// quoted (ASCII only: callers must not pass non-ASCII atoms).
type Atom struct{ Name string }

// Alias is a module alias such as SnakeBridge.Runtime.
type Alias struct{ Name string }

// String is a double-quoted string. Text is the source between the quotes,
// already escaped (backslashes, quotes, "#{", newlines and control
// characters written as escapes).
type String struct{ Text string }

// Heredoc is a """ string. Text is the escaped content (backslashes,
// `"""`, "#{" and control characters written as escapes): lines separated
// by "\n", ending with "\n".
type Heredoc struct{ Text string }

// Int is an integer literal, as written.
type Int struct{ Text string }

// List is a list literal.
type List struct{ Elems []Node }

// Tuple is a tuple literal.
type Tuple struct{ Elems []Node }

// Map is a map literal with `key => value` pairs.
type Map struct{ Pairs []Pair }

// Pair is a `key => value` map entry.
type Pair struct{ Key, Value Node }

// Keyword is a keyword list written without brackets as the last call
// argument (`do: x`).
type Keyword struct{ Pairs []KW }

// KW is one `key: value` entry; Key must be a plain identifier.
type KW struct {
	Key   string
	Value Node
}

// Call is a local (Target nil) or remote call. Parens records whether the
// source writes parentheses; Do, when set, is a do/end block.
type Call struct {
	Target Node
	Name   string
	Args   []Node
	Parens bool
	Do     *Block
}

// Op is a binary operator. Shared marks a tree that the caller builds once
// and places, unchanged, at many places (a guard on every wrapper): its
// document is then built once per file and context, and its flat parts
// are printed from a copy made then.
type Op struct {
	Op     string
	L, R   Node
	Shared bool
}

// Capture is `&arg`; with an *Int argument it is the placeholder `&1`.
type Capture struct{ Arg Node }

// CaptureFun is `&name/arity`, or `&Target.name/arity` when Target is set.
type CaptureFun struct {
	Target Node
	Name   string
	Arity  int
}

// Attr is a module attribute definition `@name arg`.
type Attr struct {
	Name string
	Arg  Node
}

// TypeFun is a function type `(args -> body)`.
type TypeFun struct {
	Args []Node
	Body Node
}

// Block is a sequence of expressions.
type Block struct{ Stmts []Stmt }

// Stmt is an expression of a block; BlankAfter asks for an empty line
// before the next expression (the formatter also adds one around
// expressions that span several lines).
type Stmt struct {
	Node       Node
	BlankAfter bool
}

func (*Var) node()        {}
func (*Atom) node()       {}
func (*Alias) node()      {}
func (*String) node()     {}
func (*Heredoc) node()    {}
func (*Int) node()        {}
func (*List) node()       {}
func (*Tuple) node()      {}
func (*Map) node()        {}
func (*Pair) node()       {}
func (*KW) node()         {}
func (*Keyword) node()    {}
func (*Call) node()       {}
func (*Op) node()         {}
func (*Capture) node()    {}
func (*CaptureFun) node() {}
func (*Attr) node()       {}
func (*TypeFun) node()    {}
func (*Block) node()      {}
