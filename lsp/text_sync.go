package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"unicode/utf8"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// document is an open editor buffer. Its text is immutable: every change
// makes a new slice, so checks may hold on to snapshots.
type document struct {
	uri     string
	path    string
	version int32
	text    []byte
}

func (s *Server) didOpen(_ context.Context, raw json.RawMessage) (any, error) {
	var params protocol.DidOpenTextDocumentParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	path, err := uriToPath(params.TextDocument.URI)
	if err != nil {
		s.log.Debugf("didOpen: %v", err)
		return nil, nil
	}
	s.mu.Lock()
	s.docs[path] = &document{uri: params.TextDocument.URI, path: path, version: params.TextDocument.Version, text: []byte(params.TextDocument.Text)}
	s.mu.Unlock()
	s.touched(path, causeDidOpen, false)
	s.callsTouched(path)
	return nil, nil
}

// didChangeParams reads content changes itself: the protocol package
// (glsp's) turns them into values of two types behind `any`.
type didChangeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []contentChange                          `json:"contentChanges"`
}

type contentChange struct {
	Range *protocol.Range `json:"range"`
	Text  string          `json:"text"`
}

func (s *Server) didChange(_ context.Context, raw json.RawMessage) (any, error) {
	var params didChangeParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	path, err := uriToPath(params.TextDocument.URI)
	if err != nil {
		return nil, nil
	}
	s.mu.Lock()
	doc, ok := s.docs[path]
	if !ok {
		s.mu.Unlock()
		s.log.Debugf("didChange for %s, which is not open", path)
		return nil, nil
	}
	text := doc.text
	for _, c := range params.ContentChanges {
		if c.Range == nil {
			text = []byte(c.Text)
			continue
		}
		text = applyChange(text, *c.Range, c.Text)
	}
	s.docs[path] = &document{uri: doc.uri, path: path, version: params.TextDocument.Version, text: text}
	s.mu.Unlock()
	if s.bufferMatters(path) {
		s.touched(path, causeDidChange, false)
	}
	s.callsTouched(path)
	return nil, nil
}

func (s *Server) didSave(_ context.Context, raw json.RawMessage) (any, error) {
	var params protocol.DidSaveTextDocumentParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	path, err := uriToPath(params.TextDocument.URI)
	if err != nil {
		return nil, nil
	}
	if params.Text != nil {
		s.mu.Lock()
		if doc, ok := s.docs[path]; ok {
			s.docs[path] = &document{uri: doc.uri, path: path, version: doc.version, text: []byte(*params.Text)}
		}
		s.mu.Unlock()
	}
	s.touched(path, causeDidSave, true)
	s.callsTouched(path)
	return nil, nil
}

func (s *Server) didClose(_ context.Context, raw json.RawMessage) (any, error) {
	var params protocol.DidCloseTextDocumentParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	path, err := uriToPath(params.TextDocument.URI)
	if err != nil {
		return nil, nil
	}
	s.mu.Lock()
	delete(s.docs, path)
	s.mu.Unlock()
	if s.bufferMatters(path) {
		s.touched(path, causeDidClose, false)
	}
	s.callsTouched(path)
	return nil, nil
}

// touched re-checks the project of an edited file at once, or looks for a
// new project when the file is a mix.exs outside every known one.
func (s *Server) touched(path, cause string, save bool) {
	p := s.projectFor(path)
	if p == nil {
		if cause == causeDidOpen || cause == causeDidSave {
			s.discoverNear(path)
		}
		return
	}
	if save {
		// The save's event may still be on its way from the watcher (a
		// loaded machine): until it arrives, the scan cache would take the
		// watcher's word that the file is the version scanned before. The
		// save stands for that event.
		p.scans.Invalidate(path)
		// The check reads what was saved: later watcher events carrying
		// the same bytes are not changes.
		p.noteDigest(path, digestPath(path))
	}
	p.requestCheck(cause, save)
}

// bufferMatters reports whether unsaved text of path can change a check:
// the project's inputs declare which files a check reads through the
// editor's buffers (analysis.Input.Buffered); other files only count once
// saved.
func (s *Server) bufferMatters(path string) bool {
	p := s.projectFor(path)
	if p == nil {
		return false
	}
	p.mu.Lock()
	loaded := p.loaded
	p.mu.Unlock()
	in, ok := analysis.InputOf(p.inputs(loaded), path)
	return ok && in.Buffered
}

// applyChange replaces the UTF-16 range r of text with newText. Positions
// past the end of a line or of the text are clamped, as clients expect.
func applyChange(text []byte, r protocol.Range, newText string) []byte {
	start := offsetOf(text, r.Start)
	end := offsetOf(text, r.End)
	if end < start {
		start, end = end, start
	}
	out := make([]byte, 0, len(text)-(end-start)+len(newText))
	out = append(out, text[:start]...)
	out = append(out, newText...)
	return append(out, text[end:]...)
}

// offsetOf converts an LSP position to a byte offset in text.
func offsetOf(text []byte, pos protocol.Position) int {
	off := 0
	for line := uint32(0); line < pos.Line; line++ {
		i := bytes.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	units := uint32(0)
	for off < len(text) && units < pos.Character {
		r, size := utf8.DecodeRune(text[off:])
		if r == '\n' {
			break
		}
		n := uint32(1)
		if r >= 0x10000 { // a surrogate pair in UTF-16
			n = 2
		}
		if units+n > pos.Character {
			break
		}
		units += n
		off += size
	}
	return off
}
