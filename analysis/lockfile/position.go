package lockfile

import "fmt"

// Position is an LSP position: 0-based line and 0-based character counted in
// UTF-16 code units.
type Position struct{ Line, Character int }

// Range is an LSP range; End is exclusive.
type Range struct{ Start, End Position }

// Error is a problem in a JSON file, located by an LSP range.
type Error struct {
	File  string
	Range Range
	Msg   string
}

// Error formats the error as "file:LINE:COL: msg" with a 1-based line and a
// 1-based column counted in UTF-16 code units (the unit of Range).
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Range.Start.Line+1, e.Range.Start.Character+1, e.Msg)
}

// utf16Len counts the UTF-16 code units of b. It never fails: on invalid
// UTF-8 (only reachable while reporting an error) each lead byte counts as
// one unit, four-byte leads as two, continuation bytes as none.
func utf16Len(b []byte) int {
	n := 0
	for _, c := range b {
		switch {
		case c < 0x80:
			n++
		case c < 0xC0: // continuation byte
		case c < 0xF0:
			n++
		default: // a four-byte sequence is a surrogate pair in UTF-16
			n += 2
		}
	}
	return n
}

// slowPosition computes the position of byte offset off from scratch. Line
// breaks are "\n", "\r\n" and a lone "\r", as in LSP.
func slowPosition(data []byte, off int) Position {
	if off > len(data) {
		off = len(data)
	}
	line, lineStart := 0, 0
	for i := 0; i < off; i++ {
		switch data[i] {
		case '\n':
			line, lineStart = line+1, i+1
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				continue
			}
			line, lineStart = line+1, i+1
		}
	}
	return Position{Line: line, Character: utf16Len(data[lineStart:off])}
}
