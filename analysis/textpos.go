package analysis

// Position is a place in a text file in LSP terms: 0-based line and 0-based
// UTF-16 code unit.
type Position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// Range is a half-open span of text (End is exclusive).
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}
