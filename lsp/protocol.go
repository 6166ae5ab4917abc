package lsp

import (
	"encoding/json"
)

// Methods of our own protocol extensions.
const (
	// MethodStatus is the snakebridge/status notification.
	MethodStatus = "snakebridge/status"
)

// Commands the server executes (workspace/executeCommand).
const (
	CommandRegenerate    = "snakebridge.regenerate"
	CommandCheck         = "snakebridge.check"
	CommandCancel        = "snakebridge.cancel"
	CommandRestartPython = "snakebridge.restartPython"
	CommandShowStatus    = "snakebridge.showStatus"
)

// Project states of snakebridge/status.
const (
	StateFresh        = "fresh"
	StateStale        = "stale"
	StateRegenerating = "regenerating"
	StateError        = "error"
)

// StatusParams is the snakebridge/status notification, sent whenever a
// project's state changes and after every check.
type StatusParams struct {
	// Project is the URI of the project directory.
	Project string `json:"project"`
	// State is fresh, stale, regenerating or error.
	State   string `json:"state"`
	Message string `json:"message"`
	// Python is the interpreter the project resolves to, or null when none
	// was found.
	Python *PythonStatus `json:"python"`
	// Generation numbers the checks of a project; it only grows.
	Generation uint64 `json:"generation"`
	// Warnings are server-side degradations (file watching limits).
	Warnings []string `json:"warnings"`
	// Trusted is false while the client says the user does not trust the
	// workspace: nothing the project chose runs (docs/security.md).
	Trusted bool `json:"trusted"`
}

// PythonStatus says which interpreter a project uses and where it came from.
type PythonStatus struct {
	Executable string `json:"executable"`
	Source     string `json:"source"`
	Version    string `json:"version"`
}

// clientCapabilities is the part of the client's capabilities the server
// depends on (3.17 fields included, which the 3.16 structs of the protocol
// package, copied from glsp, lack).
type clientCapabilities struct {
	Workspace struct {
		Configuration         bool `json:"configuration"`
		WorkspaceFolders      bool `json:"workspaceFolders"`
		DidChangeWatchedFiles struct {
			DynamicRegistration    bool `json:"dynamicRegistration"`
			RelativePatternSupport bool `json:"relativePatternSupport"`
		} `json:"didChangeWatchedFiles"`
	} `json:"workspace"`
	Window struct {
		WorkDoneProgress bool `json:"workDoneProgress"`
	} `json:"window"`
	TextDocument struct {
		PublishDiagnostics struct {
			RelatedInformation bool `json:"relatedInformation"`
		} `json:"publishDiagnostics"`
		Completion struct {
			CompletionItem struct {
				SnippetSupport bool `json:"snippetSupport"`
			} `json:"completionItem"`
		} `json:"completion"`
	} `json:"textDocument"`
}

// initializeParams is what the server reads from initialize.
type initializeParams struct {
	ProcessID             *int               `json:"processId"`
	RootURI               *string            `json:"rootUri"`
	RootPath              *string            `json:"rootPath"`
	Capabilities          clientCapabilities `json:"capabilities"`
	InitializationOptions json.RawMessage    `json:"initializationOptions"`
	WorkspaceFolders      []workspaceFolder  `json:"workspaceFolders"`
	ClientInfo            *struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"clientInfo"`
}

type workspaceFolder struct {
	URI  string `json:"uri"`
	Name string `json:"name"`
}

// relativePattern is LSP 3.17's RelativePattern.
type relativePattern struct {
	BaseURI string `json:"baseUri"`
	Pattern string `json:"pattern"`
}

// fileSystemWatcher is a 3.17 watcher: GlobPattern is a string or a
// relativePattern.
type fileSystemWatcher struct {
	GlobPattern any `json:"globPattern"`
	Kind        int `json:"kind,omitempty"`
}

type watchedFilesRegistrationOptions struct {
	Watchers []fileSystemWatcher `json:"watchers"`
}

// progressParams is $/progress with a token of either type.
type progressParams struct {
	Token any `json:"token"`
	Value any `json:"value"`
}

// workDoneProgressCancelParams reads the token as raw JSON: the protocol
// package (glsp's) decodes tokens as nil.
type workDoneProgressCancelParams struct {
	Token json.RawMessage `json:"token"`
}
