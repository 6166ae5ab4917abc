// Package pyenv models the Python environment a SnakeBridge project runs
// against: which interpreter Snakepit would pick (Resolve), what that
// interpreter's sys.path and version are (FactsCache), which distributions
// are installed on it (Installed) and how upstream's `uv pip freeze` lookup
// sees them (UpstreamVersion).
//
// It deliberately avoids running Python: virtual environments are read from
// pyvenv.cfg and their site-packages directories, distributions from their
// METADATA/PKG-INFO files. Only a base interpreter is ever started, once, and
// its answer is cached on disk keyed by the executable's identity; a pyenv
// shim's answer is keyed by what selects its version as well (shim.go),
// and a failed start is remembered for the same file version.
//
// Resolution and facts are POSIX-only for now; on Windows the package
// compiles and reports that it is unsupported.
package pyenv
