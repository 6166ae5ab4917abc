package analysis

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
)

// Interpreter resolves the project's Python interpreter in Snakepit's order
// (compat §10.1), with an explicit override first.
func (p *Project) Interpreter(opts Options) (pyenv.Interpreter, error) {
	return pyenv.Resolve(p.resolveOptions(opts))
}

func (p *Project) resolveOptions(opts Options) pyenv.ResolveOptions {
	sp := p.Settings.Snakepit
	return pyenv.ResolveOptions{
		ProjectRoot:                 p.Root,
		Override:                    opts.Python,
		OverrideSource:              pyenv.Source(opts.PythonSource),
		SnakebridgePythonExecutable: p.Settings.PythonExecutable,
		SnakepitPythonExecutable:    sp.PythonExecutable,
		BootstrapProjectRoot:        sp.BootstrapProjectRoot,
		PackagesEnvDir:              sp.PackagesEnvDir,
		PackagesEnvDisabled:         sp.PackagesEnvDisabled,
		RuntimeDir:                  sp.RuntimeDir,
		Managed:                     sp.Managed,
		Getenv:                      opts.getenv,
		LookPath:                    opts.lookPath,
	}
}

func (c *checker) python(ctx context.Context) {
	p := c.p
	if len(p.Libraries) == 0 {
		return
	}
	interp, err := p.Interpreter(c.opts)
	if err != nil {
		c.add(Finding{Code: CodeInterpreterNotFound, Severity: SeverityError, File: MixExsFile, Range: c.mixRange(),
			Message: fmt.Sprintf("no Python interpreter found: %v; install Python or pass --python", err)})
		return
	}
	info := &PythonInfo{Executable: interp.Path, Source: string(interp.Source)}
	c.report.Python = info
	facts, err := p.InterpreterFacts(ctx, c.opts, interp)
	if err != nil && !errors.Is(err, errNotTrusted) {
		c.add(Finding{Code: CodeInterpreterNotFound, Severity: SeverityError, File: MixExsFile, Range: c.mixRange(),
			Message: fmt.Sprintf("%s (from %s) is not a usable Python interpreter: %v", interp.Path, interp.Source, err)})
		return
	}
	info.Version = facts.Version
	visible, _ := pyenv.Installed(facts.SysPath)
	if len(facts.SysPath) > 0 { // an unknown sys.path proves nothing missing
		c.requirements(interp, visible)
	}
	runtime, runtimeFacts := interp, facts
	if p.Lock != nil {
		runtime, runtimeFacts = p.RuntimeInterpreter(ctx, c.opts, interp, facts)
	}
	switch {
	case c.mayNotRun(interp):
		c.notRun(interp, runtimeFacts)
	case c.mayNotRun(runtime):
		c.notRun(runtime, runtimeFacts)
	}
	if p.Lock == nil {
		return
	}
	c.runtimeDrift(runtime)
	c.versionDrift(runtimeFacts.Version)
	if c.mayNotRun(runtime) && len(runtimeFacts.SitePackages) == 0 {
		return
	}
	if !slices.Equal(runtimeFacts.SysPath, facts.SysPath) {
		visible, _ = pyenv.Installed(runtimeFacts.SysPath)
	}
	c.packagesDrift(p.LockPackages(runtimeFacts), visible, len(runtimeFacts.SysPath) > 0)
}

// errNotTrusted is InterpreterFacts' answer for an interpreter it must not
// run; the facts it returns alongside are the static ones.
var errNotTrusted = errors.New("the interpreter was chosen by the project, which is not trusted")

// InterpreterFacts returns the facts of interp. An interpreter the project
// chose is run only when opts.Trusted: otherwise the facts are what its
// files tell (pyenv.StaticFacts) and the error is errNotTrusted.
func (p *Project) InterpreterFacts(ctx context.Context, opts Options, interp pyenv.Interpreter) (pyenv.Facts, error) {
	if p.mayNotRun(opts, interp) {
		facts, _ := pyenv.StaticFacts(interp.Path)
		return facts, errNotTrusted
	}
	return opts.facts(ctx, interp.Path)
}

func (c *checker) mayNotRun(interp pyenv.Interpreter) bool { return c.p.mayNotRun(c.opts, interp) }

// mayNotRun reports whether interp is the project's choice and the project
// is not trusted. An override from editor settings (which a workspace can
// set) counts as the project's when it is relative or inside the project.
func (p *Project) mayNotRun(opts Options, interp pyenv.Interpreter) bool {
	if opts.Trusted {
		return false
	}
	if opts.PythonFromWorkspace && opts.Python != "" && interp.Source == pyenv.Source(opts.PythonSource) {
		relative := !filepath.IsAbs(opts.Python) && strings.ContainsAny(opts.Python, `/\`)
		return relative || insideDir(p.Root, interp.Path)
	}
	return interp.ProjectChosen(p.Root)
}

// TrustHint says how to let the tool run a project's interpreter.
const TrustHint = "to run it, trust the project (snakebridge-lsp check --trust, SNAKEBRIDGE_LSP_TRUST=1, " +
	"or trust the workspace in the editor) or choose an interpreter yourself with --python"

// notRun records that interp, chosen by the untrusted project, was not
// run: which facts of the lock's interpreter (rtFacts) were read from its
// files instead, and which were skipped.
func (c *checker) notRun(interp pyenv.Interpreter, rtFacts pyenv.Facts) {
	info := c.report.Python
	info.NotRun = true
	var read []string
	if rtFacts.Version != "" {
		read = append(read, "the Python version from "+c.relToProject(rtFacts.PyvenvCfg))
	} else {
		info.Skipped = append(info.Skipped, "python_version")
	}
	if len(rtFacts.SitePackages) > 0 {
		read = append(read, "the installed packages from "+c.relToProject(rtFacts.SitePackages[0]))
	} else {
		info.Skipped = append(info.Skipped, "python_packages")
	}
	msg := fmt.Sprintf("%s (from %s) was not run because the project is not trusted: the project chose it, "+
		"and running it runs the project's code", c.relToProject(interp.Path), interp.Source)
	if len(read) > 0 {
		msg += "; read instead: " + strings.Join(read, ", ")
	}
	if len(info.Skipped) > 0 {
		msg += "; not checked: " + strings.Join(info.Skipped, ", ")
	}
	c.add(Finding{Code: CodeInterpreterNotRun, Severity: SeverityInfo, File: MixExsFile, Range: c.mixRange(),
		Message: msg + "; " + TrustHint})
}

// relToProject shows a path relative to the project when it is inside it.
func (c *checker) relToProject(path string) string {
	if insideDir(c.p.Root, path) {
		rel, _ := filepath.Rel(c.p.Root, path)
		return filepath.ToSlash(rel)
	}
	return path
}

// insideDir reports whether path is dir or below it.
func insideDir(dir, path string) bool {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// RuntimeInterpreter is the interpreter the lock's runtime fields describe,
// given the introspection interpreter and its facts: Snakepit's, which
// ignores config :snakebridge, :python_executable; an explicit
// --python/pythonPath is taken as the user's statement of it.
func (p *Project) RuntimeInterpreter(ctx context.Context, opts Options, interp pyenv.Interpreter, facts pyenv.Facts) (pyenv.Interpreter, pyenv.Facts) {
	if opts.Python != "" || p.Settings.PythonExecutable == "" {
		return interp, facts
	}
	rt, err := pyenv.Resolve(p.resolveOptions(opts).SnakepitOnly())
	if err != nil {
		return interp, facts
	}
	rtFacts, err := p.InterpreterFacts(ctx, opts, rt)
	if err != nil && !errors.Is(err, errNotTrusted) {
		return interp, facts
	}
	return rt, rtFacts
}

func (o Options) facts(ctx context.Context, path string) (pyenv.Facts, error) {
	cache := o.Facts
	if cache == nil {
		cache = pyenv.NewFactsCache("")
	}
	return cache.Facts(ctx, path)
}

func (c *checker) runtimeDrift(interp pyenv.Interpreter) {
	locked := c.p.Lock.Environment.PythonRuntimeHash
	if !locked.Valid() || locked.Value == "unknown" {
		return
	}
	now := c.opts.Facts.RuntimeHash(interp.Path)
	if now == locked.Value {
		return
	}
	c.add(Finding{Code: CodePythonRuntimeDrift, Severity: SeverityWarning, File: LockFile,
		Range:    c.lockFieldRange("environment", "python_runtime_hash"),
		Message:  fmt.Sprintf("the Python interpreter changed since the bindings were generated (%s from %s is a different binary); regenerate bindings", interp.Path, interp.Source),
		Expected: now, Actual: locked.Value})
}

func (c *checker) versionDrift(version string) {
	locked := c.p.Lock.Environment.PythonVersion
	if !locked.Valid() || locked.Value == "unknown" || version == "" || locked.Value == version {
		return
	}
	c.add(Finding{Code: CodePythonVersionDrift, Severity: SeverityWarning, File: LockFile,
		Range:    c.lockFieldRange("environment", "python_version"),
		Message:  fmt.Sprintf("the bindings were generated with Python %s but the interpreter is now Python %s; regenerate bindings", locked.Value, version),
		Expected: version, Actual: locked.Value})
}

// visibleKnown says whether visible is all the interpreter can import: a
// venv seeing the system's packages, read without running it, is not.
func (c *checker) packagesDrift(now PackageVersions, visible []pyenv.Distribution, visibleKnown bool) {
	lock := c.p.Lock
	var changes []string
	names := map[string]bool{}
	for n := range now {
		names[n] = true
	}
	for n := range lock.PythonPackages {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	lockedView := map[string]any{}
	for _, n := range sorted {
		entry, inLock := lock.PythonPackages[n]
		cur, inNow := now[n]
		was := entry.Version.Value
		if inLock {
			lockedView[n] = nullable(was)
		}
		switch {
		case !inLock:
			changes = append(changes, fmt.Sprintf("%s %s (not in the lock)", pyenv.Normalize(n), describeInstalled(n, cur, visible, visibleKnown)))
		case !inNow:
			changes = append(changes, fmt.Sprintf("%s %s (no longer required)", pyenv.Normalize(n), orUnknown(was)))
		case was != cur:
			changes = append(changes, fmt.Sprintf("%s %s → %s", pyenv.Normalize(n), orUnknown(was), describeInstalled(n, cur, visible, visibleKnown)))
		}
	}
	hashNow := now.Hash()
	hashLocked := lock.Environment.PythonPackagesHash
	if len(changes) == 0 && (!hashLocked.Valid() || hashLocked.Value == hashNow) {
		return
	}
	msg := "the installed Python packages changed since the bindings were generated"
	if len(changes) > 0 {
		msg += ": " + strings.Join(changes, ", ")
	} else {
		msg += fmt.Sprintf(" (python_packages_hash is %s, the lock says %s)", hashNow, hashLocked.Value)
	}
	nowView := map[string]any{}
	for n, v := range now {
		nowView[n] = nullable(v)
	}
	rng := c.lockFieldRange("python_packages")
	if len(changes) == 0 {
		rng = c.lockFieldRange("environment", "python_packages_hash")
	}
	c.add(Finding{Code: CodePythonPackagesDrift, Severity: SeverityWarning, File: LockFile, Range: rng,
		Message: msg + "; regenerate bindings", Expected: nowView, Actual: lockedView})
}

// describeInstalled says what SnakeBridge sees of a package now. A package
// importable only from outside the environment's site-packages (a venv with
// system site packages) is one `uv pip freeze` does not list; when what
// the interpreter can import is not known (such a venv, not run), absence
// from the environment's own site-packages is all that can be said.
func describeInstalled(name, v string, visible []pyenv.Distribution, visibleKnown bool) string {
	if v != "" {
		return v
	}
	if d, ok := pyenv.FindDistribution(visible, name); ok {
		return fmt.Sprintf("unknown (%s %s is importable but outside the environment's own site-packages, where SnakeBridge looks)", d.Name, d.Version)
	}
	if !visibleKnown {
		return "unknown (not in the environment's own site-packages, where SnakeBridge looks; the environment also sees the system's packages, which are read only by running its interpreter)"
	}
	return "not installed"
}

// LockPackages is the python_packages view upstream would record for the
// project's requirements: `uv pip freeze` lists only the environment's own
// site-packages.
func (p *Project) LockPackages(facts pyenv.Facts) PackageVersions {
	dists, _ := pyenv.Installed(facts.SitePackages)
	return ObservedPackages(Requirements(p.Libraries), dists)
}
