package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/logging"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp"
)

type serveFlags struct {
	verbose int
	logfile string
}

// verbosityFlag counts -v occurrences (-v, -v -v) and accepts -v=N.
type verbosityFlag struct{ n *int }

func (v verbosityFlag) String() string {
	if v.n == nil {
		return "0"
	}
	return fmt.Sprint(*v.n)
}

func (v verbosityFlag) Set(s string) error {
	switch s {
	case "true":
		*v.n++
		return nil
	case "false":
		return nil
	}
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil || n < 0 {
		return fmt.Errorf("-v takes no value or a level, got %q", s)
	}
	*v.n = n
	return nil
}

func (v verbosityFlag) IsBoolFlag() bool { return true }

func parseServeFlags(args []string) (serveFlags, error) {
	var f serveFlags
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Bool("stdio", true, "use stdin and stdout (the only transport; accepted for editor clients)")
	fs.Var(verbosityFlag{&f.verbose}, "v", "log more: -v for info, -v -v for debug (with every telemetry event)")
	fs.StringVar(&f.logfile, "logfile", "", "append the log to this file instead of stderr")
	if err := parseArgs(fs, "serve [--stdio] [-v] [--logfile FILE]", args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("serve takes no arguments, got %q", fs.Args())
	}
	return f, nil
}

// runServe runs the language server on stdin/stdout. stdout carries only
// protocol frames; the log goes to stderr (errors only by default) or to
// --logfile.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f, err := parseServeFlags(args)
	if err != nil {
		// Help is printed on stdout: no protocol runs on it then.
		return reportFlagError("serve", err, stdout, stderr)
	}
	logger, closeLog, err := configureLog(f, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "snakebridge-lsp serve: %v\n", err)
		return 2
	}
	defer closeLog()
	opts := lsp.Options{Logger: logger}
	if dir, err := pyenv.DefaultCacheDir(); err == nil {
		opts.Facts = pyenv.NewFactsCache(dir)
	}
	return lsp.RunStdio(ctx, opts)
}

// configureLog sets up the log, unbuffered (a buffered log loses lines
// when the process exits). Verbosity 0 logs errors only, since Neovim
// records every stderr line at ERROR level; -v adds warnings and info,
// -v -v debug.
func configureLog(f serveFlags, stderr io.Writer) (logging.Logger, func(), error) {
	level := logging.Error
	switch {
	case f.verbose >= 2:
		level = logging.Debug
	case f.verbose == 1:
		level = logging.Info
	}
	closeLog := func() {}
	var w io.Writer = stderr
	if f.logfile != "" {
		file, err := os.OpenFile(f.logfile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return nil, nil, fmt.Errorf("opening the log file: %w", err)
		}
		closeLog = func() { file.Close() }
		w = file
	}
	return logging.New(w, level, "snakebridge-lsp"), closeLog, nil
}
