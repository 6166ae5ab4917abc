// Package codegen generates SnakeBridge 0.16-compatible Elixir bindings for
// a project: it introspects Python through pyhelper, renders wrappers and
// commits files, manifest, registry and lock atomically, in that order.
package codegen

import (
	"context"
	"errors"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/telemetry"
)

// Request asks for one generation run.
type Request struct {
	// Project is the project directory (the one holding mix.exs).
	Project string
	// Libraries limits the run to these python_names; empty means all.
	// Other libraries' manifest, registry and lock entries are carried over.
	Libraries []string
	// Python is an explicit interpreter, as check's --python.
	Python string
	// PythonSource names where Python came from in messages ("--python"
	// when empty).
	PythonSource string
	// Builtin forces our generator even where `mix compile` owns the
	// bindings (the project lists the :snakebridge compiler).
	Builtin bool
	// Getenv overrides the process environment (nil: os.LookupEnv).
	Getenv func(string) (string, bool)
	// Progress, if set, is called as phases and libraries advance.
	Progress func(Progress)
	// Telemetry receives compile-phase events (nil: discarded).
	Telemetry telemetry.Sink
	// Echo, if set, is told the path and SHA-256 of every file about to be
	// renamed into place, so a watcher can recognise our own writes.
	Echo func(path, sha256 string)
	// Environment carries caches and warm Python workers between runs; nil
	// makes a fresh one whose workers stop when the run ends.
	Environment *Environment
}

// Progress reports how a run advances.
type Progress struct {
	Phase   string // scan, introspect, generate, commit, or "mix" when delegating
	Library string // python_name, "" for project-wide phases
	Done    int
	Total   int
	Message string
}

// LibraryResult is what happened to one library.
type LibraryResult struct {
	Name           string   `json:"name"`
	FilesWritten   []string `json:"files_written"`
	FilesUnchanged []string `json:"files_unchanged"`
	FilesRemoved   []string `json:"files_removed"`
	// FilesKept are stale files the run did not remove because nothing
	// proves they are only what was generated (edited since).
	FilesKept []string `json:"files_kept,omitempty"`
	// Unconfigured marks a library removed from python_deps, whose files
	// the run removed.
	Unconfigured bool    `json:"unconfigured,omitempty"`
	Error        *string `json:"error"`
}

// Result is the outcome of a run.
type Result struct {
	Project   string          `json:"project"`
	Libraries []LibraryResult `json:"libraries"`
	Duration  time.Duration   `json:"-"`
	// DurationMS mirrors Duration for JSON output.
	DurationMS int64 `json:"duration_ms"`
	// Delegated is true when `mix snakebridge.regen` did the work.
	Delegated bool `json:"delegated,omitempty"`
	// Skipped is true when strict or skip mode forbade regeneration: the
	// run did nothing, and Notes say why.
	Skipped bool `json:"skipped,omitempty"`
	// UpToDate is true when nothing changed since the last complete run
	// (its inputs, introspection results and files): every file was left
	// as it was, without introspecting, rendering or reading the manifest.
	UpToDate bool `json:"up_to_date,omitempty"`
	// Notes are things the user should know (e.g. that mix compile will
	// redo the work).
	Notes []string `json:"notes,omitempty"`
	// Written lists every file the run wrote, project-relative.
	Written []string `json:"-"`
}

// UpToDateMessage is how the CLI and the language server say that a run
// found nothing changed (Result.UpToDate).
const UpToDateMessage = "up to date: nothing changed since the last generation"

// ErrUnreadable wraps problems that make the project impossible to
// evaluate (the exit status 2 class of check).
var ErrUnreadable = errors.New("project cannot be evaluated")

// Generate runs the pipeline for one project. Libraries that fail are named
// in the result with their error while the others are committed; the
// returned error is non-nil only when nothing could be attempted.
func Generate(ctx context.Context, req Request) (*Result, error) {
	return generate(ctx, req)
}
