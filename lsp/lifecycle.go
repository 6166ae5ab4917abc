package lsp

import (
	"context"
	"encoding/json"
	"path/filepath"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/version"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

type serverInfo struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

type initializeResult struct {
	Capabilities serverCapabilities `json:"capabilities"`
	ServerInfo   serverInfo         `json:"serverInfo"`
}

type serverCapabilities struct {
	TextDocumentSync        textDocumentSyncOptions `json:"textDocumentSync"`
	CodeActionProvider      codeActionOptions       `json:"codeActionProvider"`
	HoverProvider           bool                    `json:"hoverProvider"`
	CompletionProvider      completionOptions       `json:"completionProvider"`
	SignatureHelpProvider   signatureHelpOptions    `json:"signatureHelpProvider"`
	DefinitionProvider      bool                    `json:"definitionProvider"`
	DocumentSymbolProvider  bool                    `json:"documentSymbolProvider"`
	WorkspaceSymbolProvider bool                    `json:"workspaceSymbolProvider"`
	CodeLensProvider        codeLensOptions         `json:"codeLensProvider"`
	ExecuteCommandProvider  executeCommandOptions   `json:"executeCommandProvider"`
	Workspace               workspaceCapabilities   `json:"workspace"`
}

type textDocumentSyncOptions struct {
	OpenClose bool        `json:"openClose"`
	Change    int         `json:"change"`
	Save      saveOptions `json:"save"`
}

type saveOptions struct {
	IncludeText bool `json:"includeText"`
}

type codeActionOptions struct {
	CodeActionKinds []string `json:"codeActionKinds"`
}

type codeLensOptions struct {
	ResolveProvider bool `json:"resolveProvider"`
}

type executeCommandOptions struct {
	Commands []string `json:"commands"`
}

type workspaceCapabilities struct {
	WorkspaceFolders workspaceFoldersCapabilities `json:"workspaceFolders"`
}

type workspaceFoldersCapabilities struct {
	Supported           bool `json:"supported"`
	ChangeNotifications bool `json:"changeNotifications"`
}

// allCommands are the commands of executeCommandProvider.
func allCommands() []string {
	return []string{CommandRegenerate, CommandCheck, CommandCancel, CommandRestartPython, CommandShowStatus}
}

func (s *Server) initialize(_ context.Context, raw json.RawMessage) (any, error) {
	var params initializeParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	settings, errs := parseSettings(params.InitializationOptions, defaultSettings())
	for _, err := range errs {
		s.log.Warningf("initializationOptions: %v", err)
	}
	trusted, err := initialTrust(params.InitializationOptions)
	if err != nil {
		s.log.Warningf("%v", err)
	}
	folders := initialFolders(&params)
	s.mu.Lock()
	s.caps = params.Capabilities
	s.settings = settings
	s.trusted = trusted
	s.folders = folders
	s.phase = phaseRunning
	s.mu.Unlock()
	if params.ClientInfo != nil {
		s.log.Infof("client %s %s", params.ClientInfo.Name, params.ClientInfo.Version)
	}
	return initializeResult{
		Capabilities: serverCapabilities{
			TextDocumentSync: textDocumentSyncOptions{OpenClose: true, Change: int(protocol.TextDocumentSyncKindFull), Save: saveOptions{}},
			CodeActionProvider: codeActionOptions{CodeActionKinds: []string{
				string(protocol.CodeActionKindQuickFix), string(protocol.CodeActionKindSource), codeActionKindRegenerate,
			}},
			HoverProvider:           true,
			CompletionProvider:      completionOptions{TriggerCharacters: completionTriggers, ResolveProvider: true},
			SignatureHelpProvider:   signatureHelpOpts,
			DefinitionProvider:      true,
			DocumentSymbolProvider:  true,
			WorkspaceSymbolProvider: true,
			CodeLensProvider:        codeLensOptions{},
			ExecuteCommandProvider:  executeCommandOptions{Commands: allCommands()},
			Workspace:               workspaceCapabilities{WorkspaceFolders: workspaceFoldersCapabilities{Supported: true, ChangeNotifications: true}},
		},
		ServerInfo: serverInfo{Name: "snakebridge-lsp", Version: version.Version},
	}, nil
}

// initialFolders takes the workspace folders, else the root URI, else the
// root path.
func initialFolders(p *initializeParams) []*folder {
	var out []*folder
	for _, wf := range p.WorkspaceFolders {
		if path, err := uriToPath(wf.URI); err == nil {
			out = append(out, &folder{path: path})
		}
	}
	if len(out) > 0 || p.WorkspaceFolders != nil {
		return out
	}
	if p.RootURI != nil {
		if path, err := uriToPath(*p.RootURI); err == nil {
			return []*folder{{path: path}}
		}
	}
	if p.RootPath != nil && filepath.IsAbs(*p.RootPath) {
		return []*folder{{path: filepath.Clean(*p.RootPath)}}
	}
	return nil
}

func (s *Server) initialized(context.Context, json.RawMessage) (any, error) {
	s.initialOnce.Do(func() {
		s.goBackground(func(ctx context.Context) {
			s.pullConfiguration(ctx)
			s.discoverAll(ctx)
		})
	})
	return nil, nil
}

func (s *Server) shutdown(context.Context, json.RawMessage) (any, error) {
	s.mu.Lock()
	s.phase = phaseShutDown
	s.mu.Unlock()
	s.stop()
	return nil, nil
}

// exit ends the connection; Serve then returns the exit status.
func (s *Server) exit(context.Context, json.RawMessage) (any, error) {
	s.conn.Close()
	return nil, nil
}
