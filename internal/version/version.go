// Package version holds the release of snakebridge-lsp, shared by the CLI,
// the server and the locks the generator writes.
package version

// Version is the release; release builds override it with
// -ldflags "-X github.com/snakebridge-lsp/snakebridge-lsp/internal/version.Version=...".
var Version = "0.1.0-dev"
