package lsp

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/telemetry"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/jsonrpc"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// methodFunc handles one method's params.
type methodFunc func(s *Server, ctx context.Context, params json.RawMessage) (any, error)

// methods maps every method the server understands to its handler.
// Notification handlers run on the read loop and must return at once:
// they update state and schedule work, never wait for the client.
var methods = map[string]methodFunc{
	protocol.MethodInitialize:                         (*Server).initialize,
	protocol.MethodInitialized:                        (*Server).initialized,
	protocol.MethodShutdown:                           (*Server).shutdown,
	protocol.MethodExit:                               (*Server).exit,
	protocol.MethodTextDocumentDidOpen:                (*Server).didOpen,
	protocol.MethodTextDocumentDidChange:              (*Server).didChange,
	protocol.MethodTextDocumentDidSave:                (*Server).didSave,
	protocol.MethodTextDocumentDidClose:               (*Server).didClose,
	protocol.MethodTextDocumentCodeAction:             (*Server).codeAction,
	protocol.MethodTextDocumentHover:                  (*Server).hover,
	protocol.MethodTextDocumentCompletion:             (*Server).completion,
	protocol.MethodCompletionItemResolve:              (*Server).completionResolve,
	protocol.MethodTextDocumentSignatureHelp:          (*Server).signatureHelp,
	protocol.MethodTextDocumentDefinition:             (*Server).definition,
	protocol.MethodTextDocumentDocumentSymbol:         (*Server).documentSymbol,
	protocol.MethodTextDocumentCodeLens:               (*Server).codeLens,
	protocol.MethodWorkspaceSymbol:                    (*Server).workspaceSymbol,
	protocol.MethodWorkspaceExecuteCommand:            (*Server).executeCommand,
	protocol.MethodWorkspaceDidChangeConfiguration:    (*Server).didChangeConfiguration,
	protocol.MethodWorkspaceDidChangeWatchedFiles:     (*Server).didChangeWatchedFiles,
	protocol.MethodWorkspaceDidChangeWorkspaceFolders: (*Server).didChangeWorkspaceFolders,
	protocol.MethodWindowWorkDoneProgressCancel:       (*Server).workDoneProgressCancel,
	MethodDidChangeTrust:                              (*Server).didChangeTrust,
	"$/setTrace":                                      func(*Server, context.Context, json.RawMessage) (any, error) { return nil, nil },
}

// orderedMethod lists the requests handled in arrival order on the read
// loop (every notification is): the lifecycle.
func orderedMethod(method string) bool {
	return method == protocol.MethodInitialize || method == protocol.MethodShutdown
}

// handle is the connection's handler: it enforces the lifecycle and times
// every request.
func (s *Server) handle(ctx context.Context, req *jsonrpc.Request) (any, error) {
	s.mu.Lock()
	ph := s.phase
	s.mu.Unlock()
	switch {
	case req.Method == protocol.MethodExit:
	case ph == phaseStarting && req.Method != protocol.MethodInitialize:
		if req.IsNotification() {
			return nil, nil // dropped, as the specification says
		}
		return nil, jsonrpc.Errorf(jsonrpc.CodeServerNotInitialized, "the server is not initialized")
	case ph != phaseStarting && req.Method == protocol.MethodInitialize:
		return nil, jsonrpc.Errorf(jsonrpc.CodeInvalidRequest, "initialize was already received")
	case ph == phaseShutDown:
		if req.IsNotification() {
			return nil, nil
		}
		return nil, jsonrpc.Errorf(jsonrpc.CodeInvalidRequest, "the server is shut down; only exit is accepted")
	}
	f, ok := methods[req.Method]
	if !ok {
		if req.IsNotification() {
			if !strings.HasPrefix(req.Method, "$/") {
				s.log.Debugf("ignoring notification %s", clip(req.Method))
			}
			return nil, nil
		}
		return nil, jsonrpc.Errorf(jsonrpc.CodeMethodNotFound, "method not supported: %s", clip(req.Method))
	}
	if req.IsNotification() {
		return f(s, ctx, req.Params)
	}
	span := telemetry.Start(s.sink(), telemetry.AreaServer, "request", s.projectLabel(req), "", map[string]any{"method": req.Method})
	result, err := f(s, ctx, req.Params)
	span.End(err, map[string]any{"method": req.Method})
	return result, err
}
