package pyenv

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Source names where an interpreter came from, in the words a user finds in
// their configuration, so messages can point at the setting to change.
type Source string

// The sources Resolve consults, highest priority first.
const (
	SourceOverride          Source = "--python"
	SourceSnakebridgeConfig Source = "config :snakebridge, python_executable"
	SourceSnakepitConfig    Source = "config :snakepit, python_executable"
	SourceSnakepitEnv       Source = "SNAKEPIT_PYTHON"
	SourcePackageVenv       Source = "snakepit package venv"
	SourceManaged           Source = "managed uv runtime"
	SourceDotVenv           Source = ".venv"
	SourceParentVenv        Source = "../.venv"
	SourceVirtualEnv        Source = "VIRTUAL_ENV"
	SourcePath              Source = "PATH"
)

// DefaultRuntimeDir is Snakepit's default :python runtime_dir.
const DefaultRuntimeDir = "priv/snakepit/python"

// ResolveOptions carries everything interpreter resolution depends on. The
// process environment is reached only through Getenv and LookPath so that a
// language server can resolve for a project with the project's environment.
type ResolveOptions struct {
	// ProjectRoot is the directory mix runs in (its cwd); relative fallbacks
	// such as .venv are taken from here.
	ProjectRoot string
	// Override is an explicit interpreter (--python, the editor's
	// pythonPath); it wins over everything. Values containing a path
	// separator are taken relative to ProjectRoot, so a CLI should make a
	// cwd-relative flag absolute first.
	Override string
	// OverrideSource is how Override is reported; SourceOverride when empty.
	OverrideSource Source
	// SnakebridgePythonExecutable is config :snakebridge, :python_executable,
	// which SnakeBridge's introspector honours before Snakepit's resolution
	// (a relative path is taken from ProjectRoot, where mix runs).
	SnakebridgePythonExecutable string
	// SnakepitPythonExecutable is config :snakepit, :python_executable; like
	// SNAKEPIT_PYTHON, a relative path is taken from Snakepit's project root
	// (BootstrapProjectRoot, else ProjectRoot).
	SnakepitPythonExecutable string
	// BootstrapProjectRoot is config :snakepit, :bootstrap_project_root;
	// when set it replaces ProjectRoot for Snakepit's own relative paths.
	BootstrapProjectRoot string
	// PackagesEnvDir is config :snakepit, :python_packages, env_dir: ("" for
	// the default <RuntimeDir>/venv); PackagesEnvDisabled is env_dir: false.
	PackagesEnvDir      string
	PackagesEnvDisabled bool
	// RuntimeDir is config :snakepit, :python, runtime_dir:
	// (DefaultRuntimeDir when empty).
	RuntimeDir string
	// Managed is config :snakepit, :python, managed: true (strategy :uv).
	Managed bool
	// Getenv looks up an environment variable; nil means an empty
	// environment.
	Getenv func(string) (string, bool)
	// LookPath finds a command; nil searches Getenv("PATH").
	LookPath func(string) (string, error)
}

// SnakepitOnly returns the options without the two overrides Snakepit does
// not know about, i.e. the resolution upstream uses for the lock's
// python_runtime_hash and python_version.
func (o ResolveOptions) SnakepitOnly() ResolveOptions {
	o.Override = ""
	o.SnakebridgePythonExecutable = ""
	return o
}

// Interpreter is a resolved Python executable and where it came from.
type Interpreter struct {
	Path     string // absolute, as found (symlinks not followed)
	Resolved string // Path with symlinks followed
	Source   Source
	Detail   string // e.g. "from .venv", "python3 on PATH"
}

// String renders the interpreter for messages.
func (i Interpreter) String() string {
	return fmt.Sprintf("%s (%s: %s)", i.Path, i.Source, i.Detail)
}

// Attempt is one candidate Resolve looked at and rejected.
type Attempt struct {
	Source    Source
	Candidate string // path or command name
	Problem   string
}

// NotFoundError reports that no step of the resolution produced an
// interpreter, listing every candidate in the order tried.
type NotFoundError struct {
	Tried []Attempt
	Hint  string
}

// Error lists the candidates tried, one per line, and the hint.
func (e *NotFoundError) Error() string {
	var b strings.Builder
	b.WriteString("no Python interpreter found; tried, in order:")
	for _, a := range e.Tried {
		fmt.Fprintf(&b, "\n  - %s: %s (%s)", a.Source, a.Candidate, a.Problem)
	}
	if e.Hint != "" {
		b.WriteString("\n")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// InvalidExecutableError reports a configured interpreter that cannot be
// used. Upstream stops there rather than falling back, and so do we.
type InvalidExecutableError struct {
	Source Source
	Value  string // as configured
	Path   string // what Value expanded to; "" when a PATH lookup failed
	Reason string
}

// Error names the setting, its value, what it expanded to and the problem.
func (e *InvalidExecutableError) Error() string {
	if e.Path == "" || e.Path == e.Value {
		return fmt.Sprintf("%s %q: %s", e.Source, e.Value, e.Reason)
	}
	return fmt.Sprintf("%s %q (%s): %s", e.Source, e.Value, e.Path, e.Reason)
}

const notFoundHint = "Create a virtualenv in .venv, put python3 on PATH, or set the interpreter " +
	"with --python, config :snakepit, python_executable or SNAKEPIT_PYTHON."

// Resolve picks the interpreter the way Snakepit's
// PythonRuntime.resolve_executable/0 does (compat §10.1), after the explicit
// override and SnakeBridge's introspection override.
func Resolve(opts ResolveOptions) (Interpreter, error) {
	if err := platformSupported(); err != nil {
		return Interpreter{}, err
	}
	r, err := newResolver(opts)
	if err != nil {
		return Interpreter{}, err
	}
	steps := []func() (Interpreter, bool, error){
		r.explicitOverride,
		r.snakebridgeOverride,
		r.snakepitOverride,
		r.packageVenv,
		r.managed,
		r.fallbackVenvs,
		r.systemPython,
	}
	for _, step := range steps {
		in, ok, err := step()
		if err != nil {
			return Interpreter{}, err
		}
		if ok {
			in.Resolved = resolvedPath(in.Path)
			return in, nil
		}
	}
	return Interpreter{}, &NotFoundError{Tried: r.tried, Hint: notFoundHint}
}

func resolvedPath(p string) string {
	if real, err := filepath.EvalSymlinks(p); err == nil {
		return real
	}
	return p
}

type resolver struct {
	opts     ResolveOptions
	cwd      string // ProjectRoot, absolute
	root     string // Snakepit's project_root: bootstrap root or cwd
	getenv   func(string) (string, bool)
	lookPath func(string) (string, error)
	tried    []Attempt
}

func newResolver(opts ResolveOptions) (*resolver, error) {
	cwd, err := filepath.Abs(opts.ProjectRoot)
	if err != nil {
		return nil, fmt.Errorf("project root %q: %w", opts.ProjectRoot, err)
	}
	r := &resolver{opts: opts, cwd: cwd, root: cwd, getenv: opts.Getenv}
	if r.getenv == nil {
		r.getenv = func(string) (string, bool) { return "", false }
	}
	if opts.BootstrapProjectRoot != "" {
		r.root = r.expand(opts.BootstrapProjectRoot, cwd)
	}
	r.lookPath = opts.LookPath
	if r.lookPath == nil {
		r.lookPath = r.searchPath
	}
	return r, nil
}

// expand mirrors Elixir's Path.expand/2: "~" is the home directory,
// relative paths are joined to base, and the result is cleaned.
func (r *resolver) expand(p, base string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, ok := r.getenv("HOME"); ok && home != "" {
			p = home + p[1:]
		}
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(base, p)
	}
	return filepath.Clean(p)
}

func (r *resolver) explicitOverride() (Interpreter, bool, error) {
	src := r.opts.OverrideSource
	if src == "" {
		src = SourceOverride
	}
	return r.configured(r.opts.Override, src, r.cwd)
}

func (r *resolver) snakebridgeOverride() (Interpreter, bool, error) {
	return r.configured(r.opts.SnakebridgePythonExecutable, SourceSnakebridgeConfig, r.cwd)
}

// snakepitOverride is `Application.get_env(:snakepit, :python_executable) ||
// System.get_env("SNAKEPIT_PYTHON")`; an empty but set variable is truthy in
// Elixir, so upstream fails on it and so do we.
func (r *resolver) snakepitOverride() (Interpreter, bool, error) {
	if v := r.opts.SnakepitPythonExecutable; v != "" {
		return r.configured(v, SourceSnakepitConfig, r.root)
	}
	v, ok := r.getenv("SNAKEPIT_PYTHON")
	if !ok {
		return Interpreter{}, false, nil
	}
	if v == "" {
		return Interpreter{}, false, &InvalidExecutableError{Source: SourceSnakepitEnv, Value: v, Reason: "is set but empty"}
	}
	return r.configured(v, SourceSnakepitEnv, r.root)
}

// configured resolves a user-supplied value: with a path separator it is a
// path relative to base, otherwise a command looked up on PATH.
func (r *resolver) configured(value string, src Source, base string) (Interpreter, bool, error) {
	if value == "" {
		return Interpreter{}, false, nil
	}
	if strings.ContainsAny(value, `/\`) {
		p := r.expand(value, base)
		if problem := executableProblem(p); problem != "" {
			return Interpreter{}, false, &InvalidExecutableError{Source: src, Value: value, Path: p, Reason: problem}
		}
		return Interpreter{Path: p, Source: src, Detail: "set to " + value}, true, nil
	}
	found, err := r.lookPath(value)
	if err != nil {
		return Interpreter{}, false, &InvalidExecutableError{Source: src, Value: value, Reason: "not found on PATH"}
	}
	found = r.expand(found, r.cwd)
	if problem := executableProblem(found); problem != "" {
		return Interpreter{}, false, &InvalidExecutableError{Source: src, Value: value, Path: found, Reason: problem}
	}
	return Interpreter{Path: found, Source: src, Detail: value + " on PATH"}, true, nil
}

func (r *resolver) runtimeDir() string {
	d := r.opts.RuntimeDir
	if d == "" {
		d = DefaultRuntimeDir
	}
	return r.expand(d, r.root)
}

func (r *resolver) packageVenv() (Interpreter, bool, error) {
	if r.opts.PackagesEnvDisabled {
		return Interpreter{}, false, nil
	}
	envDir := filepath.Join(r.runtimeDir(), "venv")
	if r.opts.PackagesEnvDir != "" {
		envDir = r.expand(r.opts.PackagesEnvDir, r.root)
	}
	for _, rel := range []string{"bin/python3", "bin/python", "Scripts/python.exe", "Scripts/python"} {
		p := filepath.Join(envDir, filepath.FromSlash(rel))
		if executableProblem(p) == "" {
			return Interpreter{Path: p, Source: SourcePackageVenv, Detail: "from " + r.display(envDir)}, true, nil
		}
	}
	r.tried = append(r.tried, Attempt{SourcePackageVenv, envDir,
		"no executable bin/python3, bin/python, Scripts/python.exe or Scripts/python"})
	return Interpreter{}, false, nil
}

// managed looks for a uv-installed runtime. Upstream does not fall back when
// the managed runtime is missing, so neither do we.
func (r *resolver) managed() (Interpreter, bool, error) {
	if !r.opts.Managed {
		return Interpreter{}, false, nil
	}
	dir := r.runtimeDir()
	p, ok := findManagedPython(dir)
	if !ok {
		r.tried = append(r.tried, Attempt{SourceManaged, dir, "no bin/python3 or bin/python in it or below it"})
		return Interpreter{}, false, &NotFoundError{Tried: r.tried,
			Hint: "The managed Python runtime is missing in " + dir + ". Run mix snakepit.setup to install it."}
	}
	if problem := executableProblem(p); problem != "" {
		return Interpreter{}, false, &InvalidExecutableError{Source: SourceManaged, Value: p, Path: p, Reason: problem}
	}
	return Interpreter{Path: p, Source: SourceManaged, Detail: "from " + r.display(dir)}, true, nil
}

func (r *resolver) fallbackVenvs() (Interpreter, bool, error) {
	type candidate struct {
		src  Source
		path string
	}
	cands := []candidate{
		{SourceDotVenv, ".venv/bin/python3"},
		{SourceParentVenv, "../.venv/bin/python3"},
	}
	if ve, ok := r.getenv("VIRTUAL_ENV"); ok {
		cands = append(cands, candidate{SourceVirtualEnv, filepath.Join(ve, "bin", "python3")})
	}
	for _, c := range cands {
		p := r.expand(c.path, r.cwd)
		if problem := executableProblem(p); problem != "" {
			r.tried = append(r.tried, Attempt{c.src, p, problem})
			continue
		}
		return Interpreter{Path: p, Source: c.src, Detail: "from " + r.display(filepath.Dir(filepath.Dir(p)))}, true, nil
	}
	return Interpreter{}, false, nil
}

func (r *resolver) systemPython() (Interpreter, bool, error) {
	for _, name := range []string{"python3", "python"} {
		found, err := r.lookPath(name)
		if err != nil {
			r.tried = append(r.tried, Attempt{SourcePath, name, "not found on PATH"})
			continue
		}
		return Interpreter{Path: r.expand(found, r.cwd), Source: SourcePath, Detail: name + " on PATH"}, true, nil
	}
	return Interpreter{}, false, nil
}

// searchPath is exec.LookPath over the PATH that Getenv reports, with
// relative PATH entries taken from the project root (the BEAM's cwd).
func (r *resolver) searchPath(name string) (string, error) {
	path, _ := r.getenv("PATH")
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			continue
		}
		p := r.expand(filepath.Join(dir, name), r.cwd)
		if executableProblem(p) == "" {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: not found on PATH", name)
}

// display shows a path relative to the project when it is inside it.
func (r *resolver) display(p string) string {
	if rel, err := filepath.Rel(r.cwd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
		return filepath.ToSlash(rel)
	}
	return p
}

// ProjectChosen reports whether the project's own files chose this
// interpreter — its configuration (config :snakebridge or :snakepit,
// python_executable), a runtime or virtual environment in or beside it —
// rather than the user (--python or the editor setting, SNAKEPIT_PYTHON,
// VIRTUAL_ENV, PATH). Running a project-chosen interpreter runs the
// project's code, so an untrusted project's is never run. A PATH lookup
// that lands inside root (a relative PATH entry) counts as the project's.
func (i Interpreter) ProjectChosen(root string) bool {
	switch i.Source {
	case SourceSnakebridgeConfig, SourceSnakepitConfig, SourcePackageVenv, SourceManaged, SourceDotVenv, SourceParentVenv:
		return true
	case SourcePath:
		abs, err := filepath.Abs(root)
		return err == nil && within(abs, i.Path)
	}
	return false
}
