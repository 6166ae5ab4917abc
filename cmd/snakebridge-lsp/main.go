// Command snakebridge-lsp is a language server and CLI for Elixir projects
// that use SnakeBridge: it knows when generated Python bindings are stale.
//
//	snakebridge-lsp [serve] [--stdio]   the language server (not in this build yet)
//	snakebridge-lsp check [flags] [DIR] verify a project's lock and bindings
//	snakebridge-lsp version
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
)

// Version is the release of snakebridge-lsp, set at build time with
// -ldflags "-X main.Version=...".
var Version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
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
	cmd, rest := "serve", args
	if len(args) > 0 && (args[0] == "" || args[0][0] != '-') {
		cmd, rest = args[0], args[1:]
	}
	switch cmd {
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "snakebridge-lsp %s\n", Version)
		return 0
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	case "serve":
		fmt.Fprintln(stderr, "snakebridge-lsp: the language server is not part of this build yet; use `snakebridge-lsp check`")
		return 2
	}
	fmt.Fprintf(stderr, "snakebridge-lsp: unknown command %q\n\n", cmd)
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: snakebridge-lsp <command> [arguments]

commands:
  check [--json] [--python PATH] [--all] [DIR]
        report whether the SnakeBridge bindings of the project in DIR
        (default: the current directory) are fresh; exit 0 fresh,
        1 stale, 2 the project cannot be evaluated
  version
        print the version
`)
}
