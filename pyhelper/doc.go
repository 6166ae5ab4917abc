// Package pyhelper runs Python introspection for snakebridge-lsp.
//
// The single introspection implementation is introspect.py (embedded here,
// standard library only, Python 3.9+). It runs either once per request
// (RunScript, the upstream-compatible one-shot path) or as supervised
// long-lived workers speaking newline-delimited JSON-RPC on dedicated pipe
// file descriptors (Client). Results are cached on disk, keyed by the
// interpreter, the request and the providing distribution's name and version
// (or, for modules not from a distribution, a hash of their source and stub
// files).
//
// The output formats (schema 3 and the upstream v2.1/v2.0 shapes) and the
// worker protocol are documented in docs/introspection.md.
//
// pyhelper does not resolve interpreters: callers pass an already resolved
// Interpreter.
package pyhelper
