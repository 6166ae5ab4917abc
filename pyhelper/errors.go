package pyhelper

import (
	"fmt"
	"strings"
	"time"
)

// ErrorKind classifies introspection failures.
type ErrorKind int

// The kinds of Error. Compare with errors.Is against the Err* values.
const (
	// KindPackageNotInstalled: the requested module (or a parent package) is
	// not importable by the interpreter.
	KindPackageNotInstalled ErrorKind = iota + 1
	// KindImportFailed: importing the module raised an exception.
	KindImportFailed
	// KindTimeout: the request did not finish in time; the worker was killed.
	KindTimeout
	// KindWorkerCrashed: the Python process died (signal or exit) mid-request.
	KindWorkerCrashed
	// KindProtocol: malformed or oversized messages, bad requests.
	KindProtocol
	// KindInterpreter: the interpreter could not be started or is not a
	// working Python (wrong path, not executable, not Python, too old).
	KindInterpreter
	// KindIntrospection: the script failed while describing the module.
	KindIntrospection
	// KindMemoryLimit: the worker ran out of its address-space cap
	// (Options.MemoryLimit) while importing or describing the module.
	KindMemoryLimit
)

var kindNames = map[ErrorKind]string{
	KindPackageNotInstalled: "package not installed",
	KindImportFailed:        "import failed",
	KindTimeout:             "timeout",
	KindWorkerCrashed:       "worker crashed",
	KindProtocol:            "protocol error",
	KindInterpreter:         "interpreter unusable",
	KindIntrospection:       "introspection failed",
	KindMemoryLimit:         "memory limit exceeded",
}

// String names the kind.
func (k ErrorKind) String() string {
	if name, ok := kindNames[k]; ok {
		return name
	}
	return fmt.Sprintf("ErrorKind(%d)", int(k))
}

// Error is the error type of every failed introspection.
type Error struct {
	Kind ErrorKind
	// Module is the Python module the request was about.
	Module string
	// Message is the human-readable detail.
	Message string
	// Exception and TracebackLastLine describe a Python exception (imports).
	Exception         string
	TracebackLastLine string
	Traceback         string
	// Signal names the signal that killed a crashed worker ("" if it exited).
	Signal string
	// ExitCode is the exit status of a crashed worker (-1 when signalled).
	ExitCode int
	// Stderr is the tail of the interpreter's own diagnostics (crash dumps,
	// start-up errors).
	Stderr string
	// Timeout is the limit that expired (KindTimeout).
	Timeout time.Duration
	// Interpreter is the executable that produced the error.
	Interpreter string
}

// Sentinels for errors.Is: errors.Is(err, pyhelper.ErrTimeout).
var (
	ErrPackageNotInstalled = &Error{Kind: KindPackageNotInstalled}
	ErrImportFailed        = &Error{Kind: KindImportFailed}
	ErrTimeout             = &Error{Kind: KindTimeout}
	ErrWorkerCrashed       = &Error{Kind: KindWorkerCrashed}
	ErrProtocol            = &Error{Kind: KindProtocol}
	ErrInterpreter         = &Error{Kind: KindInterpreter}
	ErrIntrospection       = &Error{Kind: KindIntrospection}
	ErrMemoryLimit         = &Error{Kind: KindMemoryLimit}
)

// Error formats the failure with its most useful detail.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("python introspection")
	if e.Module != "" {
		fmt.Fprintf(&b, " of %q", e.Module)
	}
	fmt.Fprintf(&b, ": %s", e.Kind)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.TracebackLastLine != "" && !strings.Contains(e.Message, e.TracebackLastLine) {
		fmt.Fprintf(&b, " (%s)", e.TracebackLastLine)
	}
	if e.Stderr != "" {
		fmt.Fprintf(&b, "; python stderr: %s", lastLines(e.Stderr, 6))
	}
	return b.String()
}

// Is matches the Err* sentinels by kind.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Module == "" && t.Kind == e.Kind
}

func lastLines(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// pythonError is the error object of a worker response or a one-shot document.
type pythonError struct {
	Kind              string `json:"kind"`
	ErrorKind         string `json:"error_kind"`
	Message           string `json:"error"`
	Module            string `json:"module"`
	Exception         string `json:"exception"`
	TracebackLastLine string `json:"traceback_last_line"`
	Traceback         string `json:"traceback"`
	// Retire is set by a worker that found itself broken: "memory_limit"
	// or "resources" (out of file descriptors).
	Retire string `json:"retire"`
}

func (p pythonError) toError(module, interpreter string, fallback string) *Error {
	kind := p.Kind
	if kind == "" {
		kind = p.ErrorKind
	}
	msg := p.Message
	if msg == "" {
		msg = fallback
	}
	if p.Module != "" {
		module = p.Module
	}
	return &Error{Kind: kindFromWire(kind), Module: module, Message: msg, Exception: p.Exception,
		TracebackLastLine: p.TracebackLastLine, Traceback: p.Traceback, Interpreter: interpreter}
}

func kindFromWire(kind string) ErrorKind {
	switch kind {
	case "package_not_installed":
		return KindPackageNotInstalled
	case "import_failed":
		return KindImportFailed
	case "protocol":
		return KindProtocol
	default:
		return KindIntrospection
	}
}

// formatBytes renders a byte count in GiB or MiB.
func formatBytes(n int64) string {
	if n >= 1<<30 && n%(1<<30) == 0 {
		return fmt.Sprintf("%d GiB", n>>30)
	}
	return fmt.Sprintf("%d MiB", n>>20)
}
