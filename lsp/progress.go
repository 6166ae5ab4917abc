package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// progress reports one piece of work with $/progress. Without a token (the
// client lacks window.workDoneProgress or refused to create one) every
// method does nothing.
type progress struct {
	s     *Server
	token string

	mu      sync.Mutex
	last    string
	lastPct int
	ended   bool
}

type workDoneProgressBegin struct {
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Cancellable bool   `json:"cancellable"`
	Message     string `json:"message,omitempty"`
	Percentage  *int   `json:"percentage,omitempty"`
}

type workDoneProgressReport struct {
	Kind        string `json:"kind"`
	Cancellable bool   `json:"cancellable"`
	Message     string `json:"message,omitempty"`
	Percentage  *int   `json:"percentage,omitempty"`
}

type workDoneProgressEnd struct {
	Kind    string `json:"kind"`
	Message string `json:"message,omitempty"`
}

// beginProgress creates a server-initiated progress token (a request to
// the client, so never from a notification handler) and sends begin.
func (s *Server) beginProgress(ctx context.Context, title, message string) *progress {
	pr := &progress{s: s, lastPct: -1}
	s.mu.Lock()
	supported := s.caps.Window.WorkDoneProgress
	s.progress++
	token := fmt.Sprintf("snakebridge-lsp/%d", s.progress)
	s.mu.Unlock()
	if !supported {
		return pr
	}
	if err := s.call(ctx, protocol.ServerWindowWorkDoneProgressCreate, map[string]any{"token": token}, nil); err != nil {
		s.log.Warningf("progress: %v", err)
		return pr
	}
	pr.token = token
	zero := 0
	s.notify(protocol.MethodProgress, progressParams{Token: token, Value: workDoneProgressBegin{
		Kind: "begin", Title: title, Cancellable: true, Message: message, Percentage: &zero,
	}})
	return pr
}

// report sends a report unless it repeats the previous one.
func (pr *progress) report(message string, pct int) {
	if pr.token == "" {
		return
	}
	pr.mu.Lock()
	if pr.ended || (message == pr.last && pct == pr.lastPct) {
		pr.mu.Unlock()
		return
	}
	pr.last, pr.lastPct = message, pct
	pr.mu.Unlock()
	v := workDoneProgressReport{Kind: "report", Cancellable: true, Message: message}
	if pct >= 0 {
		v.Percentage = &pct
	}
	pr.s.notify(protocol.MethodProgress, progressParams{Token: pr.token, Value: v})
}

// codegenProgress adapts the generator's progress callbacks.
func (pr *progress) codegenProgress(p codegen.Progress) {
	msg := p.Phase
	if p.Library != "" {
		msg += " " + p.Library
	}
	if p.Message != "" {
		msg += ": " + p.Message
	}
	pct := -1
	if p.Total > 0 {
		pct = min(100, max(0, p.Done*100/p.Total))
	}
	pr.report(msg, pct)
}

// end sends end once.
func (pr *progress) end(message string) {
	if pr.token == "" {
		return
	}
	pr.mu.Lock()
	if pr.ended {
		pr.mu.Unlock()
		return
	}
	pr.ended = true
	pr.mu.Unlock()
	pr.s.notify(protocol.MethodProgress, progressParams{Token: pr.token, Value: workDoneProgressEnd{Kind: "end", Message: message}})
}

func (s *Server) workDoneProgressCancel(_ context.Context, raw json.RawMessage) (any, error) {
	var params workDoneProgressCancelParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	token := tokenString(params.Token)
	for _, p := range s.allProjects() {
		if p.queue.cancelToken(token) {
			return nil, nil
		}
	}
	return nil, nil
}

// tokenString renders a token the way the server creates them (strings);
// numeric tokens never match ours.
func tokenString(raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	return string(raw)
}
