package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// helpRequested is what parseArgs returns for -h/--help: the command's
// usage, which the caller prints on stdout with exit status 0.
type helpRequested struct{ usage string }

func (h *helpRequested) Error() string { return "help requested" }

// parseArgs parses args with fs. The flag package's own output is
// discarded: it would print a bad flag's error and the defaults to stderr,
// and the caller then printed the error a second time (reportFlagError
// prints it once). -h/--help yields a *helpRequested with the usage of
// "snakebridge-lsp <synopsis>" and every flag.
func parseArgs(fs *flag.FlagSet, synopsis string, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if !errors.Is(err, flag.ErrHelp) {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "usage: snakebridge-lsp %s\n\nflags:\n", synopsis)
	fs.SetOutput(&b)
	fs.PrintDefaults()
	return &helpRequested{usage: b.String()}
}

// reportFlagError handles an error from parsing cmd's arguments: help goes
// to stdout (exit 0); anything else is reported once on stderr with a
// pointer to the usage (exit 2).
func reportFlagError(cmd string, err error, stdout, stderr io.Writer) int {
	var help *helpRequested
	if errors.As(err, &help) {
		fmt.Fprint(stdout, help.usage)
		return 0
	}
	fmt.Fprintf(stderr, "snakebridge-lsp %s: %v\nrun 'snakebridge-lsp %s -h' for its usage\n", cmd, err, cmd)
	return 2
}
