package lsp

import (
	"encoding/json"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/telemetry"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/jsonrpc"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// sink receives the telemetry events of the server and of the generator
// runs it starts: always logged, and sent as telemetry/event when the
// telemetry setting is on.
func (s *Server) sink() telemetry.Sink { return telemetry.SinkFunc(s.emit) }

func (s *Server) emit(e telemetry.Event) {
	if data, err := json.Marshal(e); err == nil {
		s.log.Debugf("telemetry %s", data)
	}
	if s.currentSettings().Telemetry {
		s.notify(protocol.ServerTelemetryEvent, e)
	}
}

// projectLabel names the project a request concerns, from its document or
// first command argument, for telemetry.
func (s *Server) projectLabel(req *jsonrpc.Request) string {
	var probe struct {
		TextDocument struct {
			URI string `json:"uri"`
		} `json:"textDocument"`
		Arguments []json.RawMessage `json:"arguments"`
	}
	_ = json.Unmarshal(req.Params, &probe)
	uri := probe.TextDocument.URI
	if uri == "" && len(probe.Arguments) > 0 {
		_ = json.Unmarshal(probe.Arguments[0], &uri)
	}
	if uri != "" {
		if path, err := uriToPath(uri); err == nil {
			return s.projectLabelFor(path)
		}
	}
	return s.serverLabel()
}
