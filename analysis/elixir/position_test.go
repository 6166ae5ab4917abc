package elixir

import (
	"strings"
	"testing"
)

// TestOffsetInvertsPosition converts every offset at a character boundary
// to a Position and back, on lines with two-byte, three-byte and four-byte
// (surrogate pair) characters and on a long line that uses marks.
func TestOffsetInvertsPosition(t *testing.T) {
	src := []byte("ascii line\né😀 x = \"ü\"\n\r\n" + strings.Repeat("ß😀a", 200) + "\nlast")
	x := NewLineIndex(src)
	for off := 0; off <= len(src); off++ {
		if off < len(src) && src[off]&0xC0 == 0x80 {
			continue // inside a UTF-8 sequence
		}
		p := x.Position(off)
		if got := x.Offset(p); got != off {
			t.Fatalf("Offset(Position(%d) = %+v) = %d", off, p, got)
		}
	}
}

func TestOffsetClamps(t *testing.T) {
	x := NewLineIndex([]byte("ab\n😀c\n"))
	cases := []struct {
		p    Position
		want int
	}{
		{Position{0, 99}, 2}, // past the line's end: the line's end
		{Position{1, 1}, 3},  // inside the surrogate pair: before the character
		{Position{1, 2}, 7},  // after the emoji
		{Position{9, 0}, 9},  // past the last line: the end
		{Position{-1, 5}, 0}, // before the file
		{Position{2, 0}, 9},  // the empty last line
		{Position{0, -3}, 0}, // negative character
	}
	for _, c := range cases {
		if got := x.Offset(c.p); got != c.want {
			t.Errorf("Offset(%+v) = %d, want %d", c.p, got, c.want)
		}
	}
}
