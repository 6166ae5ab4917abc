package symbols

import (
	"encoding/json"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// readDoc reads a docstring from the manifest file: only its bytes, so a
// hover costs one small read, not the 100 MB file. It returns "" when the
// manifest is no longer the version the index was built from (the spans
// would point into another file) or cannot be read.
func (ix *Index) readDoc(s span) string {
	if s.n < 2 || ix.manifestInfo == nil {
		return ""
	}
	// safefile: a FIFO or device swapped in for the manifest must not
	// block a hover.
	f, info, err := safefile.Open(ix.manifest)
	if err != nil {
		return ""
	}
	defer f.Close()
	if !filememo.SameVersion(info, ix.manifestInfo) {
		return ""
	}
	raw := make([]byte, s.n)
	if _, err := f.ReadAt(raw, int64(s.off)); err != nil {
		return ""
	}
	var doc string
	if json.Unmarshal(raw, &doc) != nil {
		return ""
	}
	return doc
}
