package elixir

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// Position is a place in a source file, LSP style: 0-based line and 0-based
// character counted in UTF-16 code units.
type Position struct{ Line, Character int }

// Range is a half-open source range: End is exclusive.
type Range struct{ Start, End Position }

// LineIndex converts byte offsets of one source file into Positions. It is
// immutable once built and safe for concurrent use.
type LineIndex struct {
	src   []byte
	start []int // byte offset at which each line begins
	// marks holds, for each line with non-ASCII bytes, the UTF-16 column at
	// rune boundaries about every markEvery bytes, so that a position on a
	// very long line costs O(markEvery) rather than O(line length).
	marks map[int][]mark
}

type mark struct{ off, col int }

const markEvery = 256

// NewLineIndex indexes the line starts of src. Only "\n" ends a line, as in
// LSP when the client sends LF or CRLF text ("\r" before "\n" counts as an
// ordinary character of the line).
func NewLineIndex(src []byte) *LineIndex {
	x := &LineIndex{src: src, start: make([]int, 0, len(src)/32+1)}
	for off := 0; ; {
		x.start = append(x.start, off)
		n := bytes.IndexByte(src[off:], '\n')
		end := len(src)
		if n >= 0 {
			end = off + n
		}
		if !isASCII(src[off:end]) {
			if x.marks == nil {
				x.marks = map[int][]mark{}
			}
			x.marks[len(x.start)-1] = lineMarks(src, off, end)
		}
		if n < 0 {
			return x
		}
		off = end + 1
	}
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lineMarks(src []byte, from, to int) []mark {
	marks := []mark{{off: from, col: 0}}
	col, last := 0, from
	for i := from; i < to; {
		if i-last >= markEvery {
			marks = append(marks, mark{off: i, col: col})
			last = i
		}
		if src[i] < utf8.RuneSelf {
			col++
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:to])
		if r >= 0x10000 {
			col += 2
		} else {
			col++
		}
		i += size
	}
	return marks
}

// Position returns the position of byte offset off (clamped to the file).
func (x *LineIndex) Position(off int) Position {
	off = max(0, min(off, len(x.src)))
	line := sort.SearchInts(x.start, off+1) - 1
	marks, ok := x.marks[line]
	if !ok {
		return Position{Line: line, Character: off - x.start[line]}
	}
	k := sort.Search(len(marks), func(i int) bool { return marks[i].off > off }) - 1
	return Position{Line: line, Character: marks[k].col + utf16Len(x.src[marks[k].off:off])}
}

// Range returns the range of the bytes [start, end).
func (x *LineIndex) Range(start, end int) Range {
	return Range{Start: x.Position(start), End: x.Position(end)}
}

// utf16Len counts the UTF-16 code units of b; an invalid byte counts as one
// unit (the replacement character), as editors display it.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			n++
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		b = b[size:]
	}
	return n
}

// Offset returns the byte offset of a Position, the inverse of Position: a
// line past the end gives the end of the file, a character past the end of
// its line gives the line's end, and a character in the middle of a
// surrogate pair gives the start of that character (editors never put a
// cursor there, but a client may send one).
func (x *LineIndex) Offset(p Position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(x.start) {
		return len(x.src)
	}
	from := x.start[p.Line]
	end := len(x.src)
	if p.Line+1 < len(x.start) {
		end = x.start[p.Line+1] - 1 // the "\n"
	}
	want := max(p.Character, 0)
	col := 0
	if marks, ok := x.marks[p.Line]; ok {
		k := sort.Search(len(marks), func(i int) bool { return marks[i].col > want }) - 1
		from, col = marks[k].off, marks[k].col
	} else {
		return min(from+want, end)
	}
	for i := from; i < end; {
		if col >= want {
			return i
		}
		r, size := utf8.DecodeRune(x.src[i:end])
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if col+n > want {
			return i
		}
		col += n
		i += size
	}
	return end
}
