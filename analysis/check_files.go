package analysis

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
)

// maxListed bounds how many files or calls a message names.
const maxListed = 5

// ExpectedFiles lists the generated files a library needs, relative to the
// project, as SnakeBridge's up-to-date check derives them (compat §3.3):
// the registry's file list when it describes generated_dir, else the root
// module file.
func (p *Project) ExpectedFiles(l *Library) []string {
	gen := p.Settings.GeneratedDir
	if p.Registry != nil {
		if e, ok := p.Registry.Libraries[l.PythonName]; ok && e.Path.Valid() && path.Clean(e.Path.Value) == gen && len(e.Files.Value) > 0 {
			out := make([]string, 0, len(e.Files.Value))
			for _, f := range e.Files.Value {
				out = append(out, path.Join(gen, f))
			}
			return out
		}
	}
	if p.Settings.GeneratedLayout == "single" {
		return []string{path.Join(gen, l.PythonName+".ex")}
	}
	return []string{path.Join(gen, ModulePath(l.PythonName), "__init__.ex")}
}

func (p *Project) exists(rel string) bool {
	_, err := os.Stat(filepath.Join(p.Root, filepath.FromSlash(rel)))
	return err == nil
}

func (c *checker) generatedFiles() {
	p := c.p
	if p.Lock == nil {
		return
	}
	if p.Manifest == nil && len(p.Libraries) > 0 {
		c.add(Finding{Code: CodeGeneratedFilesMissing, Severity: SeverityError, File: MixExsFile, Range: c.mixRange(),
			Message:  fmt.Sprintf("%s is missing, so the generated bindings cannot be verified; regenerate bindings", p.ManifestFile()),
			Expected: p.ManifestFile(), Actual: nil})
	}
	for _, l := range p.Libraries {
		if _, inLock := p.Lock.Libraries[l.PythonName]; !inLock {
			continue // library_not_in_lock already says it.
		}
		c.libraryFiles(l)
		c.modifiedFiles(l)
	}
	c.orphanedFiles()
	c.compilerPrerequisites()
}

func (c *checker) libraryFiles(l *Library) {
	p := c.p
	gen := p.Settings.GeneratedDir
	if legacy := path.Join(gen, l.PythonName+".ex"); p.Settings.GeneratedLayout == "split" && p.exists(legacy) {
		c.add(Finding{Code: CodeGeneratedFilesMissing, Severity: SeverityError, Library: strPtr(l.PythonName), File: MixExsFile, Range: l.Range,
			Message:  fmt.Sprintf("library %s still has legacy single-file bindings (%s) while the layout is split; regenerate bindings", l.PythonName, legacy),
			Expected: nil, Actual: legacy})
		return
	}
	var missing []string
	for _, f := range p.ExpectedFiles(l) {
		if !p.exists(f) {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		c.add(Finding{Code: CodeGeneratedFilesMissing, Severity: SeverityError, Library: strPtr(l.PythonName), File: MixExsFile, Range: l.Range,
			Message:  fmt.Sprintf("%d generated file(s) of library %s are missing from %s (%s); regenerate bindings", len(missing), l.PythonName, gen, listSome(missing)),
			Expected: missing, Actual: nil})
		return
	}
	if l.Generate == "all" && p.Manifest != nil {
		if s, cl, m := p.Manifest.LibraryEntries(l.PythonName); s+cl+m == 0 {
			c.add(Finding{Code: CodeGeneratedFilesMissing, Severity: SeverityError, Library: strPtr(l.PythonName), File: MixExsFile, Range: l.Range,
				Message:  fmt.Sprintf("library %s is generate: :all but %s has no entries for it; regenerate bindings", l.PythonName, p.ManifestFile()),
				Expected: nil, Actual: nil})
		}
	}
}

func listSome(items []string) string {
	if len(items) <= maxListed {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:maxListed], ", ") + fmt.Sprintf(" and %d more", len(items)-maxListed)
}

// ScanOptions are the scanner settings of a project.
func (p *Project) ScanOptions() scan.Options {
	modules := make([]string, 0, len(p.Libraries))
	for _, l := range p.Libraries {
		modules = append(modules, l.Module)
	}
	return scan.Options{
		Root: p.Root, Paths: p.Settings.ScanPaths, Extensions: p.Settings.ScanExtensions,
		Exclude: p.Settings.ScanExclude, GeneratedDir: p.Settings.GeneratedDir, Modules: modules,
		Overlay: p.overlay, Cache: p.scans,
	}
}

// LibraryForModule finds the library whose module is mod or a parent of it,
// preferring the longest match.
func (p *Project) LibraryForModule(mod string) *Library {
	var best *Library
	for _, l := range p.Libraries {
		if mod == l.Module || strings.HasPrefix(mod, l.Module+".") {
			if best == nil || len(l.Module) > len(best.Module) {
				best = l
			}
		}
	}
	return best
}

// UsedCalls scans the project and returns the calls of `generate: :used`
// libraries grouped by library python_name. A source file with a syntax
// error (common while typing) is scanned up to the error and does not stop
// the scan.
func (p *Project) UsedCalls(ctx context.Context) (map[string][]scan.Call, error) {
	calls, err := scan.ScanProject(ctx, p.ScanOptions())
	var syntax scan.SyntaxErrors
	if err != nil && !errors.As(err, &syntax) {
		return nil, err
	}
	out := map[string][]scan.Call{}
	for _, call := range calls {
		if l := p.LibraryForModule(call.Module); l != nil {
			out[l.PythonName] = append(out[l.PythonName], call)
		}
	}
	return out, nil
}

func (c *checker) usedSymbols(ctx context.Context) {
	p := c.p
	if p.Lock == nil || !anyUsed(p.Libraries) {
		return
	}
	byLib, err := p.UsedCalls(ctx)
	if err != nil {
		c.add(Finding{Code: CodeUsedSymbolsMissing, Severity: SeverityError, File: MixExsFile, Range: c.mixRange(),
			Message: fmt.Sprintf("the Elixir sources could not be scanned for calls: %v", err)})
		return
	}
	for _, l := range p.Libraries {
		if l.Generate != "used" {
			continue
		}
		c.missingCalls(l, byLib[l.PythonName])
	}
}

func anyUsed(libs []*Library) bool {
	for _, l := range libs {
		if l.Generate == "used" {
			return true
		}
	}
	return false
}

func (c *checker) missingCalls(l *Library, calls []scan.Call) {
	var names []string
	var related []Related
	seen := map[string]bool{}
	defs, generated := c.p.GeneratedDefinitions(l, c.opts.Parsed)
	beyond := false // calls the manifest claims but no wrapper defines
	for _, call := range calls {
		claimed := c.p.Manifest != nil && c.p.Manifest.Supports(call.Module, call.Function, call.Arity)
		// The wrappers that compile decide; without generated files (which
		// generated_files_missing reports) the manifest's claim does.
		if generated && defs.defines(call.Module, call.Function, call.Arity) || !generated && claimed {
			continue
		}
		beyond = beyond || claimed
		name := fmt.Sprintf("%s.%s/%d", call.Module, call.Function, call.Arity)
		related = append(related, Related{File: c.p.rel(call.File, call.File), Range: toRange(call.Range), Message: "call to " + name})
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return
	}
	sort.Strings(names)
	msg := fmt.Sprintf("the project calls %s, which the bindings of library %s do not provide; regenerate bindings", listSome(names), l.PythonName)
	if beyond {
		msg = fmt.Sprintf("the project calls %s, which the generated bindings of library %s do not define (the manifest claims some of them, but no generated wrapper has that name and arity); regenerate bindings; if a call stays undefined, no wrapper takes that many positional arguments (allow :variadic in signature_sources, raise variadic_max_arity, or pass them with __args__:)", listSome(names), l.PythonName)
	}
	c.add(Finding{Code: CodeUsedSymbolsMissing, Severity: SeverityError, Library: strPtr(l.PythonName), File: MixExsFile, Range: l.Range,
		Message:  msg,
		Expected: names, Actual: nil, Related: related})
}
