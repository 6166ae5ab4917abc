package lsp

import (
	"context"
	"encoding/json"

	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// currentSettings returns the server's settings.
func (s *Server) currentSettings() Settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings
}

// pullConfiguration asks the client for the "snakebridge" section when it
// supports workspace/configuration. It runs in the background: it waits
// for the client.
func (s *Server) pullConfiguration(ctx context.Context) bool {
	s.mu.Lock()
	supported := s.caps.Workspace.Configuration
	base := s.settings
	s.mu.Unlock()
	if !supported {
		return false
	}
	var result []json.RawMessage
	err := s.call(ctx, protocol.ServerWorkspaceConfiguration, protocol.ConfigurationParams{
		Items: []protocol.ConfigurationItem{{Section: strPtr(settingsSection)}},
	}, &result)
	if err != nil {
		s.log.Warningf("configuration: %v", err)
		return false
	}
	if len(result) == 0 {
		return false
	}
	return s.applySettings(result[0], base)
}

// applySettings parses and stores settings; it reports whether they changed.
func (s *Server) applySettings(raw json.RawMessage, base Settings) bool {
	next, errs := parseSettings(raw, base)
	for _, err := range errs {
		s.log.Warningf("%v", err)
		s.notify(protocol.ServerWindowShowMessage, protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: "SnakeBridge: " + err.Error()})
	}
	s.mu.Lock()
	changed := next != s.settings
	s.settings = next
	s.mu.Unlock()
	return changed
}

func (s *Server) didChangeConfiguration(_ context.Context, raw json.RawMessage) (any, error) {
	var params struct {
		Settings json.RawMessage `json:"settings"`
	}
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	s.goBackground(func(ctx context.Context) {
		s.mu.Lock()
		pull := s.caps.Workspace.Configuration
		base := s.settings
		s.mu.Unlock()
		if pull {
			s.pullConfiguration(ctx)
		} else {
			s.applySettings(params.Settings, base)
		}
		for _, p := range s.allProjects() {
			p.requestCheck(causeConfig, false)
		}
	})
	return nil, nil
}
