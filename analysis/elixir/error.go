package elixir

import "fmt"

// Error is a problem in an Elixir source file: a syntax error, or an
// expression that must be evaluated statically but is not a literal.
type Error struct {
	File  string
	Range Range
	Msg   string
}

// Error renders "file:LINE:COL: msg" with a 1-based line and column (the
// column counts UTF-16 code units, as the LSP range does).
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Range.Start.Line+1, e.Range.Start.Character+1, e.Msg)
}
