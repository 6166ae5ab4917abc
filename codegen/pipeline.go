package codegen

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/fsx"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/telemetry"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// defaultSnakebridgeVersion is the SnakeBridge release whose formats we
// write when the project has no SnakeBridge installed.
const defaultSnakebridgeVersion = "0.16.0"

// run is one generation: it owns its project snapshot, its Python client
// and the results, and is used by one goroutine.
type run struct {
	ctx      context.Context
	req      Request
	opts     analysis.Options
	env      *Environment
	p        *analysis.Project
	res      *Result
	sink     telemetry.Sink
	client   *pyhelper.Client
	pyFacts  pyenv.Facts
	rtInterp pyenv.Interpreter
	rtFacts  pyenv.Facts
	calls    map[string][]scan.Call
	prev     *model.Manifest
	// prevBuilder holds the entries readManifest's visitor converted,
	// until previousManifest makes them the previous manifest.
	prevBuilder *model.Builder
	built       map[string]*builtLibrary
	packages    analysis.PackageVersions
	// erlang waits for the lock's Erlang facts, probed alongside
	// introspection (nil until started).
	erlang func() ErlangFacts
	writes int // files written so far, for the test-only fault hook
	// started is when the run began; state is the record of the last
	// complete run when its files are still on disk (nochange.go), and
	// stateDirty says it learned to trust more of them.
	started    time.Time
	state      *generatedState
	stateDirty bool
	metaSums   map[string]string // SHA-256 of the metadata files left
}

// builtLibrary is a library introspected, to be rendered as it is
// committed, or found unchanged on disk (reused).
type builtLibrary struct {
	lib   *analysis.Library
	model model.Library // what rendering needs; zero when reused
	view  *model.Manifest
	// inputs fingerprints what rendering depended on; hashes are the
	// SHA-256 of each file by relative path (the registry records both),
	// known once the files are committed unless reused.
	inputs string
	hashes map[string]string
	reused bool
	// requests are the introspection requests the library needed.
	requests []pyhelper.Request
}

func generate(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	env := req.Environment
	if env == nil {
		env = DefaultEnvironment()
		defer env.Close()
	}
	// A run that ends early stops its background probe.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &run{ctx: ctx, req: req, env: env, sink: req.Telemetry, built: map[string]*builtLibrary{}, started: start}
	if r.sink == nil {
		r.sink = telemetry.Discard
	}
	// Generating is an explicit request to run the project's Python (its
	// interpreter imports priv/python modules by design): trusted.
	r.opts = analysis.Options{Python: req.Python, PythonSource: req.PythonSource, Getenv: req.Getenv, Facts: env.Facts, Parsed: env.Parsed, Trusted: true,
		DeferManifest: true}
	// The project is read under its lock: a run that waited for another
	// must build on the lock, registry and manifest that one committed, not
	// on the files as they were when it began to wait.
	lock, lockErr := fsx.Lock(ctx, req.Project)
	if lockErr == nil {
		defer lock.Unlock()
	}
	r.p = analysis.Load(ctx, req.Project, r.opts)
	r.res = &Result{Project: r.p.Root, Libraries: []LibraryResult{}}
	err := r.execute(lockErr)
	r.res.Duration = time.Since(start)
	r.res.DurationMS = r.res.Duration.Milliseconds()
	if err != nil {
		return nil, err
	}
	return r.res, nil
}

// execute runs the pipeline; lockErr is why the project lock could not be
// taken, which matters only once there is something to write.
func (r *run) execute(lockErr error) error {
	if len(r.p.Unreadable) == 0 {
		// The manifest is read only when the files may have changed.
		if r.checkFiles(); r.state == nil {
			r.readManifest()
		}
	}
	if len(r.p.Unreadable) > 0 {
		return fmt.Errorf("%w: %s", ErrUnreadable, r.p.Unreadable[0].String())
	}
	if f := r.p.UnknownForGeneration(r.req.Python != ""); f != nil {
		return fmt.Errorf("%w: %s", ErrUnreadable, f.String())
	}
	selected, err := r.selection()
	if err != nil {
		return err
	}
	if note := r.modeNote(); note != "" {
		r.res.Notes = append(r.res.Notes, note)
		r.res.Skipped = true
		return nil
	}
	if delegated, err := r.delegate(); delegated || err != nil {
		return err
	}
	// Only our own generator is bound to 0.16's formats; mix, above, is not.
	if f := r.p.UnsupportedInstall(); f != nil {
		return fmt.Errorf("%w: %s", ErrUnreadable, f.String())
	}
	if f := r.p.OptionTypeProblem(); f != nil {
		return fmt.Errorf("%w: %s", ErrUnreadable, f.String())
	}
	if lockErr != nil {
		return fmt.Errorf("locking %s for generation: %w", r.p.Root, lockErr)
	}
	if err := r.prepareDisk(); err != nil {
		return err
	}
	// The lock needs the Erlang/Elixir versions only at the end; a BEAM
	// that boots meanwhile costs the run nothing (the cache answers
	// without one when the binaries are known).
	r.erlang = r.env.Erlang.Start(r.ctx)
	if err := r.preparePython(); err != nil {
		r.failAll(selected, err)
		return nil
	}
	if err := r.scan(); err != nil {
		r.failAll(selected, fmt.Errorf("scanning the Elixir sources: %w", err))
		return nil
	}
	if r.upToDate(selected) {
		return nil
	}
	if err := r.readManifestLate(); err != nil {
		return err
	}
	r.buildAll(selected)
	if err := r.commit(); err != nil {
		return err
	}
	r.recordState()
	return nil
}

// selection returns the libraries to generate, in python_deps order.
func (r *run) selection() ([]*analysis.Library, error) {
	if len(r.req.Libraries) == 0 {
		return r.p.Libraries, nil
	}
	byName := map[string]*analysis.Library{}
	for _, l := range r.p.Libraries {
		byName[l.PythonName] = l
		byName[l.Name] = l
	}
	want := map[*analysis.Library]bool{}
	for _, n := range r.req.Libraries {
		l, ok := byName[n]
		if !ok {
			return nil, fmt.Errorf("%w: --library %s: no such library in python_deps of %s", ErrUnreadable, n, filepath.Join(r.p.Root, "mix.exs"))
		}
		want[l] = true
	}
	var out []*analysis.Library
	for _, l := range r.p.Libraries {
		if want[l] {
			out = append(out, l)
		}
	}
	return out, nil
}

// modeNote explains why nothing is regenerated in strict or skip mode.
func (r *run) modeNote() string {
	switch {
	case r.p.Settings.Strict:
		return "strict mode is on (SNAKEBRIDGE_STRICT or config :snakebridge, strict: true): nothing was regenerated"
	case r.p.Settings.Skip:
		return "SNAKEBRIDGE_SKIP is set: nothing was regenerated"
	}
	return ""
}

// delegate hands the work to `mix snakebridge.regen` where `mix compile`
// owns the bindings (the project lists the :snakebridge compiler, so any
// work of ours would be redone by the next compile), or, when our
// generator runs anyway (--builtin, no mix), notes that it will be.
func (r *run) delegate() (bool, error) {
	if !r.p.Mix.UsesSnakebridgeCompiler {
		return false, nil
	}
	if r.req.Builtin {
		r.res.Notes = append(r.res.Notes, "mix.exs lists the :snakebridge compiler: generated with snakebridge-lsp's generator as --builtin asked, and the next mix compile will regenerate the bindings itself")
		return false, nil
	}
	mix, err := r.lookMix()
	if err != nil {
		r.res.Notes = append(r.res.Notes, "mix.exs lists the :snakebridge compiler but mix is not available: generated with snakebridge-lsp's generator, and the next mix compile will regenerate the bindings itself")
		return false, nil
	}
	r.report(Progress{Phase: "mix", Message: "mix compile owns these bindings: running mix snakebridge.regen"})
	if err := runMixRegen(r.ctx, mix, r.p.Root, r.environ(), r.req.Progress); err != nil {
		return true, err
	}
	r.res.Delegated = true
	return true, nil
}

func (r *run) lookMix() (string, error) {
	if r.req.Getenv == nil {
		return exec.LookPath("mix")
	}
	path, _ := r.req.Getenv("PATH")
	for _, dir := range filepath.SplitList(path) {
		cand := filepath.Join(dir, "mix")
		if st, err := os.Stat(cand); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return cand, nil
		}
	}
	return "", errors.New("mix not found on PATH")
}

// environ is the environment child processes get: the process
// environment as Getenv sees it, plus the variables SnakeBridge and Mix
// consult that only Getenv knows (Getenv cannot be listed).
func (r *run) environ() []string {
	env := os.Environ()
	if r.req.Getenv == nil {
		return env
	}
	var out []string
	seen := map[string]bool{}
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		seen[k] = true
		if v, ok := r.req.Getenv(k); ok {
			out = append(out, k+"="+v)
		}
	}
	for _, k := range consultedVariables {
		if v, ok := r.req.Getenv(k); ok && !seen[k] {
			out = append(out, k+"="+v)
		}
	}
	return out
}

// consultedVariables are the environment variables a regeneration reads
// (compat §10: interpreter resolution, strict and skip modes, Mix).
var consultedVariables = []string{
	"PATH", "HOME", "MIX_ENV", "MIX_HOME", "MIX_ARCHIVES", "HEX_HOME", "VIRTUAL_ENV", "SNAKEPIT_PYTHON",
	"SNAKEBRIDGE_STRICT", "SNAKEBRIDGE_SKIP", "SNAKEBRIDGE_VERBOSE",
}

func (r *run) genDir() string {
	return filepath.Join(r.p.Root, filepath.FromSlash(r.p.Settings.GeneratedDir))
}

// prepareDisk removes temp files a killed run left and waits for a
// `mix compile` that is writing the same bindings.
func (r *run) prepareDisk() error {
	for _, dir := range []string{r.p.Root, r.genDir(), filepath.Join(r.p.Root, r.p.Settings.MetadataDir), filepath.Dir(r.abs(r.p.Settings.RegistryPath))} {
		recursive := dir == r.genDir()
		if _, err := fsx.SweepTemps(dir, recursive); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("sweeping temporary files in %s: %w", dir, err)
		}
	}
	if err := fsx.WaitUpstream(r.ctx, r.genDir()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("waiting for mix compile to finish writing %s: %w", r.genDir(), err)
	}
	return nil
}

func (r *run) abs(rel string) string {
	if filepath.IsAbs(rel) {
		return rel
	}
	return filepath.Join(r.p.Root, filepath.FromSlash(rel))
}

// preparePython resolves the interpreters and starts the introspection
// client.
func (r *run) preparePython() error {
	interp, err := r.p.Interpreter(r.opts)
	if err != nil {
		return fmt.Errorf("no Python interpreter found: %w", err)
	}
	facts, err := r.env.Facts.Facts(r.ctx, interp.Path)
	if err != nil {
		return fmt.Errorf("%s (from %s) is not a usable Python interpreter: %w", interp.Path, interp.Source, err)
	}
	r.pyFacts = facts
	r.rtInterp, r.rtFacts = r.p.RuntimeInterpreter(r.ctx, r.opts, interp, facts)
	client, err := r.env.client(pyhelper.Interpreter{Path: interp.Path, ProjectRoot: r.p.Root}, r.env.pyhelperOptions(r.p.Settings))
	if err != nil {
		return fmt.Errorf("starting Python introspection with %s (from %s): %w", interp.Path, interp.Source, err)
	}
	r.client = client
	return nil
}

func (r *run) failAll(libs []*analysis.Library, err error) {
	msg := err.Error()
	for _, l := range libs {
		m := msg
		r.res.Libraries = append(r.res.Libraries, LibraryResult{Name: l.PythonName, Error: &m,
			FilesWritten: []string{}, FilesUnchanged: []string{}, FilesRemoved: []string{}})
	}
}

func (r *run) report(p Progress) {
	if r.req.Progress != nil {
		r.req.Progress(p)
	}
}

// buildAll introspects and renders every selected library; a failure is
// recorded for that library and the others go on.
func (r *run) buildAll(libs []*analysis.Library) {
	r.prev = r.previousManifest()
	for i, l := range libs {
		if r.ctx.Err() != nil {
			r.failAll(libs[i:], r.ctx.Err())
			return
		}
		r.report(Progress{Phase: "introspect", Library: l.PythonName, Done: i, Total: len(libs)})
		b, err := r.buildLibrary(l)
		if err != nil {
			r.failAll([]*analysis.Library{l}, err)
			continue
		}
		r.built[l.PythonName] = b
	}
}

// scan finds the Elixir calls when a library is generate: :used: they
// decide its bindings, and whether anything changed (nochange.go).
func (r *run) scan() error {
	if !anyUsed(r.p.Libraries) {
		return nil
	}
	span := telemetry.Start(r.sink, telemetry.AreaCompile, "scan", r.p.Root, "", nil)
	calls, err := r.p.UsedCalls(r.ctx)
	span.End(err, map[string]any{"calls": countCalls(calls)})
	r.calls = calls
	return err
}

func anyUsed(libs []*analysis.Library) bool {
	for _, l := range libs {
		if l.Generate == "used" {
			return true
		}
	}
	return false
}

func countCalls(m map[string][]scan.Call) int {
	n := 0
	for _, c := range m {
		n += len(c)
	}
	return n
}

// readManifest reads the manifest (analysis.Project.LoadManifest); an
// unreadable one stops the run (manifest_unreadable). The one read gives
// both the lean entries analysis checks and, through the visitor, the
// typed previous manifest the run builds on: the file is never held
// whole (a sympy :all manifest is 312 MB).
func (r *run) readManifest() {
	if h := r.env.ManifestRead; h != nil {
		h(r.abs(r.p.ManifestFile()))
	}
	b := model.NewBuilder(r.p.ManifestFile())
	opts := r.opts
	opts.ManifestVisitor = b.Visitor()
	r.p.LoadManifest(opts)
	r.prevBuilder = b
}

// readManifestLate reads the manifest of a run that found its files
// unchanged but must run all the same.
func (r *run) readManifestLate() error {
	if r.state == nil {
		return nil // read at the start
	}
	r.readManifest()
	if len(r.p.Unreadable) > 0 {
		return fmt.Errorf("%w: %s", ErrUnreadable, r.p.Unreadable[0].String())
	}
	return nil
}

// previousManifest is the manifest read at the start, typed; an
// unreadable one stopped the run earlier (manifest_unreadable), so a
// conversion error here means none. It is read only, and merged into a
// clone.
func (r *run) previousManifest() *model.Manifest {
	b := r.prevBuilder
	r.prevBuilder = nil // what it holds is the model's now
	if r.p.Manifest == nil || b == nil {
		return model.New(r.snakebridgeVersion())
	}
	m, err := b.Manifest(r.p.Manifest)
	if err != nil {
		return model.New(r.snakebridgeVersion())
	}
	return m
}

func (r *run) snakebridgeVersion() string {
	if r.p.Snakebridge != nil && r.p.Snakebridge.Version != "" {
		return r.p.Snakebridge.Version
	}
	return defaultSnakebridgeVersion
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
