// Command snakebridge-lsp is a language server and CLI for Elixir projects
// that use SnakeBridge: it knows when generated Python bindings are stale.
//
//	snakebridge-lsp [serve] [--stdio] [-v] [--logfile F]   the language server
//	snakebridge-lsp check [flags] [DIR] verify a project's lock and bindings
//	snakebridge-lsp generate [flags] [DIR] regenerate a project's bindings
//	snakebridge-lsp wheels [--json] [DIR]  the wheel variants this machine needs
//	snakebridge-lsp version
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/version"
)

func main() {
	// SIGTERM (what kill, systemd and CI runners send) stops a command as
	// Ctrl-C does: generate cancels its run, which removes its temp files,
	// stops its Python workers and releases the project lock.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches a command line and returns the exit status. It never
// panics out: an unexpected panic is reported as an internal error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "snakebridge-lsp: internal error: %v\nPlease report this with the command you ran.\n", r)
			code = 3
		}
	}()
	// Without a command the server runs: editors start it as
	// `snakebridge-lsp` or `snakebridge-lsp --stdio`.
	cmd, rest := "serve", args
	if len(args) > 0 && (args[0] == "" || args[0][0] != '-' || isTopLevelFlag(args[0])) {
		cmd, rest = args[0], args[1:]
	}
	switch cmd {
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "generate":
		return runGenerate(ctx, rest, stdout, stderr)
	case "wheels":
		return runWheels(ctx, rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "snakebridge-lsp %s\n", version.Version)
		return 0
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	}
	fmt.Fprintf(stderr, "snakebridge-lsp: unknown command %q\n\n", cmd)
	usage(stderr)
	return 2
}

// isTopLevelFlag reports the flags that are commands rather than serve flags.
func isTopLevelFlag(arg string) bool {
	return arg == "-h" || arg == "--help" || arg == "--version"
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: snakebridge-lsp <command> [arguments]

commands:
  serve [--stdio] [-v] [--logfile FILE]
        run the language server on stdin/stdout (the default command);
        logs go to stderr (errors only unless -v) or to FILE
  check [--json] [--python PATH] [--all] [--trust] [DIR]
        report whether the SnakeBridge bindings of the project in DIR
        (default: the current directory) are fresh; exit 0 fresh,
        1 stale, 2 the project cannot be evaluated. An interpreter the
        project chooses (.venv, its config) runs only with --trust or
        SNAKEBRIDGE_LSP_TRUST=1
  generate [--json] [--library NAME]... [--python PATH] [--builtin] [DIR]
        regenerate the project's bindings; exit 0 done, 1 some
        libraries failed (the others are committed), 2 unreadable input.
        Runs the project's Python and imports its modules: generate
        only projects you trust
  wheels [--json] [DIR]
        for each configured package with wheel variants (torch, …), the
        variant this machine needs, why, and the pip command
  version
        print the version
`)
}
