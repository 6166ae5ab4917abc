package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/jsonrpc"
)

// Trust comes from the client, never from the project: the editor knows
// whether the user trusts the workspace (VS Code's workspace trust), while
// the "snakebridge" settings section can be set by a checkout's
// .vscode/settings.json. Untrusted, the server runs no interpreter the
// project chose, never regenerates and never introspects; diagnostics of
// static facts still work (docs/security.md).

// MethodDidChangeTrust is the notification a client sends when the user
// grants or withdraws trust in the workspace: {"trusted": bool}.
const MethodDidChangeTrust = "snakebridge/didChangeTrust"

// untrustedNote ends the status message of every project while the
// workspace is not trusted.
const untrustedNote = "workspace not trusted: the project's own Python interpreter is not run and bindings are not regenerated"

// errUntrusted refuses a regeneration in an untrusted workspace.
var errUntrusted = jsonrpc.Errorf(jsonrpc.CodeInvalidRequest,
	"the workspace is not trusted: regenerating bindings runs the project's Python; trust the workspace first")

// trustParams is initializationOptions.trusted and the didChangeTrust
// notification; absent means trusted, as for clients that have no notion
// of trust.
type trustParams struct {
	Trusted *bool `json:"trusted"`
}

// initialTrust reads initializationOptions.trusted.
func initialTrust(options json.RawMessage) (bool, error) {
	options = bytes.TrimSpace(options)
	if len(options) == 0 || string(options) == "null" || options[0] != '{' {
		return true, nil
	}
	var tp trustParams
	if err := json.Unmarshal(options, &tp); err != nil {
		return false, fmt.Errorf("initializationOptions.trusted: %v; treating the workspace as not trusted", err)
	}
	return tp.Trusted == nil || *tp.Trusted, nil
}

// isTrusted reports whether the user trusts the workspace.
func (s *Server) isTrusted() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.trusted
}

func (s *Server) didChangeTrust(_ context.Context, raw json.RawMessage) (any, error) {
	var tp trustParams
	if err := decodeParams(raw, &tp); err != nil {
		return nil, err
	}
	if tp.Trusted == nil {
		return nil, jsonrpc.Errorf(jsonrpc.CodeInvalidParams, "%s needs {\"trusted\": true|false}", MethodDidChangeTrust)
	}
	s.setTrusted(*tp.Trusted)
	return nil, nil
}

// setTrusted applies a change of trust: withdrawing it cancels pending and
// running regenerations and stops the Python workers; either way every
// project is checked again under the new rule.
func (s *Server) setTrusted(trusted bool) {
	s.mu.Lock()
	changed := s.trusted != trusted
	s.trusted = trusted
	s.mu.Unlock()
	if !changed {
		return
	}
	s.log.Infof("workspace trusted: %v", trusted)
	projects := s.allProjects()
	if !trusted {
		for _, p := range projects {
			p.queue.cancel()
		}
		s.restartPython()
	}
	for _, p := range projects {
		p.requestCheck(causeConfig, false)
	}
}

// reportRanNothing reports whether a check's interpreter was left unrun
// (an untrusted project's own), so that watching must not run it either.
func reportRanNothing(rep *analysis.Report) bool {
	return rep != nil && rep.Python != nil && rep.Python.NotRun
}
