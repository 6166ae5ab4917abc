package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/privdir"
)

type checkFlags struct {
	json   bool
	python string
	all    bool
	trust  bool
	strict bool
	dir    string
}

func parseCheckFlags(args []string) (checkFlags, error) {
	var f checkFlags
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.BoolVar(&f.json, "json", false, "print one JSON object instead of text")
	fs.StringVar(&f.python, "python", "", "use this Python interpreter instead of resolving one")
	fs.BoolVar(&f.all, "all", false, "check every SnakeBridge project under DIR")
	fs.BoolVar(&f.trust, "trust", false, "run the interpreter the project chooses (.venv, its config); see docs/security.md")
	fs.BoolVar(&f.strict, "strict", false, "fail on warnings that are otherwise advisory (the hardware ones), as mix snakebridge.verify --strict")
	if err := parseArgs(fs, "check [--json] [--python PATH] [--all] [--trust] [--strict] [DIR]", args); err != nil {
		return f, err
	}
	var err error
	if f.python, err = pythonFlag(f.python); err != nil {
		return f, err
	}
	f.dir, err = dirArg(fs)
	return f, err
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f, err := parseCheckFlags(args)
	if err != nil {
		return reportFlagError("check", err, stdout, stderr)
	}
	// Hashing the generator's embedded sources costs a few milliseconds
	// of page faults and hashing; it runs while the first project's
	// saved scans are read.
	fingerprints := make(chan fingerprintsResult, 1)
	go func() {
		var r fingerprintsResult
		defer func() {
			if p := recover(); p != nil {
				r.err = fmt.Errorf("internal error hashing the generator: %v", p)
			}
			fingerprints <- r
		}()
		r.list, r.err = codegen.Fingerprints()
	}()
	dirs := []string{f.dir}
	if f.all {
		dirs, err = analysis.FindProjects(ctx, f.dir)
		if err != nil {
			fmt.Fprintf(stderr, "snakebridge-lsp check: searching %s: %v\n", f.dir, err)
			return analysis.ExitUnevaluable
		}
	}
	opts := analysis.Options{Python: f.python, Facts: factsCache(stderr), Trusted: f.trust || trustFromEnv(os.LookupEnv),
		Hardware: hardware.NewCache(hardware.System()), Strict: f.strict}
	reports := make([]*analysis.Report, 0, len(dirs))
	for i, d := range dirs {
		var save func()
		opts.Scans, save = scanCache(d, stderr)
		if i == 0 {
			g := <-fingerprints
			if g.err != nil {
				fmt.Fprintf(stderr, "snakebridge-lsp check: %v\n", g.err)
				return analysis.ExitUnevaluable
			}
			opts.Generators = g.list
		}
		r := analysis.Check(ctx, d, opts)
		save()
		r.Project = d
		reports = append(reports, r)
	}
	if f.json {
		return printJSON(stdout, stderr, reports, f.all)
	}
	return printHuman(stdout, reports, f.all)
}

type fingerprintsResult struct {
	list []analysis.Fingerprint
	err  error
}

// trustEnv trusts every project checked, as --trust does: for CI jobs
// that only check their own code.
const trustEnv = "SNAKEBRIDGE_LSP_TRUST"

// trustFromEnv reports whether SNAKEBRIDGE_LSP_TRUST is "1" or "true".
func trustFromEnv(getenv func(string) (string, bool)) bool {
	v, _ := getenv(trustEnv)
	v = strings.ToLower(strings.TrimSpace(v))
	return v == "1" || v == "true"
}

// factsCache shares interpreter facts between runs through the user cache,
// so a second check does not start Python.
func factsCache(io.Writer) *pyenv.FactsCache {
	dir, err := pyenv.DefaultCacheDir()
	if err != nil {
		return pyenv.NewFactsCache("")
	}
	return pyenv.NewFactsCache(dir)
}

// scanCache loads the project's saved source scans (see docs/check.md,
// "Scan cache") and returns the function saving them after the check. A
// cache that cannot be used is a note on stderr, never a failure: the
// check then reads every source.
func scanCache(dir string, stderr io.Writer) (*scan.Cache, func()) {
	base, err := scan.DefaultCacheDir()
	root, aerr := filepath.Abs(dir)
	if err != nil || aerr != nil {
		return nil, func() {}
	}
	file := scan.CacheFile(base, root)
	c, err := scan.LoadCache(file, root)
	if errors.Is(err, privdir.ErrNotPrivate) {
		fmt.Fprintf(stderr, "snakebridge-lsp check: not using the scan cache: %v\n", err)
		return nil, func() {}
	}
	return c, func() {
		if err := c.Save(file, root); err != nil {
			fmt.Fprintf(stderr, "snakebridge-lsp check: %v\n", err)
		}
	}
}

func worstExit(reports []*analysis.Report) int {
	code := analysis.ExitFresh
	for _, r := range reports {
		code = max(code, r.ExitCode())
	}
	return code
}

func printJSON(stdout, stderr io.Writer, reports []*analysis.Report, all bool) int {
	// With --all the list may be empty (no projects under DIR): it is
	// printed as "projects": [], never indexed.
	var v any = struct {
		Projects []*analysis.Report `json:"projects"`
	}{reports}
	if !all {
		v = reports[0]
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(stderr, "snakebridge-lsp check: writing JSON: %v\n", err)
		return analysis.ExitUnevaluable
	}
	return worstExit(reports)
}

func printHuman(w io.Writer, reports []*analysis.Report, all bool) int {
	if all && len(reports) == 0 {
		fmt.Fprintln(w, "no SnakeBridge projects found")
	}
	for i, r := range reports {
		if i > 0 {
			fmt.Fprintln(w)
		}
		writeReport(w, r)
	}
	return worstExit(reports)
}

// displayPath joins a project-relative finding path to the directory the
// user named, so terminals and editors can open file:line:col.
func displayPath(project, file string) string {
	if project == "." || project == "" {
		return file
	}
	return filepath.ToSlash(filepath.Join(project, filepath.FromSlash(file)))
}
