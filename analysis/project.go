package analysis

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// Fingerprint is a generator whose locks check accepts besides the project's
// own SnakeBridge: snakebridge-lsp's generator passes its hash here.
type Fingerprint struct {
	Name string
	Hash string
}

// Options configure how a project is read and checked.
type Options struct {
	// Python is an explicit interpreter (the --python flag or the editor's
	// pythonPath setting); it wins over every other source.
	Python string
	// PythonSource names where Python came from in messages and the
	// status ("--python" when empty).
	PythonSource string
	// Getenv looks up environment variables (MIX_ENV, SNAKEBRIDGE_*,
	// SNAKEPIT_PYTHON, VIRTUAL_ENV, PATH); nil means the process environment.
	Getenv func(string) (string, bool)
	// Facts caches interpreter facts; nil means no caching across calls.
	Facts *pyenv.FactsCache
	// Generators are additional accepted generator fingerprints.
	Generators []Fingerprint
	// Overlay holds unsaved editor contents by absolute path; they replace
	// the files on disk when reading (diagnostics only, never generation).
	Overlay map[string][]byte
	// Parsed keeps parsed locks, manifests and registries across calls;
	// nil parses every time.
	Parsed *ParseCache
	// Scans keeps the scans of unchanged Elixir sources across checks of
	// one project (scan.Cache); nil scans every source.
	Scans *scan.Cache
	// Trusted lets a check run an interpreter the project chose (its
	// configuration, .venv, ../.venv, Snakepit's runtime directories);
	// untrusted, such an interpreter is never run and its facts are read
	// from its files (docs/security.md). An interpreter the user chose
	// (Python, SNAKEPIT_PYTHON, VIRTUAL_ENV, PATH) is run either way.
	Trusted bool
	// PythonFromWorkspace says Python comes from editor settings, which a
	// workspace's own settings file can set: untrusted, such a value that
	// is relative or inside the project counts as the project's choice.
	PythonFromWorkspace bool
	// Hardware is this machine, detected once; nil skips verifying the
	// lock's hardware and wheel variants.
	Hardware *hardware.Cache
	// Strict makes advisory warnings (the hardware ones) fail the check,
	// as `mix snakebridge.verify --strict` does.
	Strict bool
	// DeferManifest makes Load leave the manifest unread (Manifest nil);
	// Project.LoadManifest reads it. Generation reads a manifest of tens
	// of megabytes only when the bindings may have to change.
	DeferManifest bool
	// ManifestVisitor, when set, is told of every manifest entry, with its
	// node, in the same pass that reads the lean Project.Manifest: the way
	// for a reader of whole entries (generation's previous manifest) to
	// read the file once without it ever being held whole. Such a read
	// does not take its result from Parsed (it must see the entries), but
	// leaves it there. See lockfile.ManifestVisitor for its rules.
	ManifestVisitor lockfile.ManifestVisitor
}

func (o Options) getenv(key string) (string, bool) {
	if o.Getenv != nil {
		return o.Getenv(key)
	}
	return os.LookupEnv(key)
}

func (o Options) mixEnv() string {
	if v, ok := o.getenv("MIX_ENV"); ok && v != "" {
		return v
	}
	return "dev"
}

// readFile reads a project file, preferring an overlay entry; on disk it
// reads only a regular file of at most limit bytes (package safefile).
func (o Options) readFile(path string, limit int64) ([]byte, error) {
	if abs, err := filepath.Abs(path); err == nil {
		if data, ok := o.Overlay[abs]; ok {
			return data, nil
		}
	}
	return safefile.ReadFile(path, limit)
}

// lookPath resolves a command on the PATH that Getenv reports.
func (o Options) lookPath(name string) (string, error) {
	if o.Getenv == nil {
		return exec.LookPath(name)
	}
	path, _ := o.getenv("PATH")
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			continue
		}
		cand := filepath.Join(dir, name)
		if st, err := os.Stat(cand); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return cand, nil
		}
	}
	return "", fmt.Errorf("%s not found on PATH", name)
}

// Project is everything read from one SnakeBridge project directory.
type Project struct {
	Root        string
	MixEnv      string
	Mix         *elixir.MixFile
	Config      *elixir.Config
	Settings    Settings
	Libraries   []*Library
	Lock        *lockfile.Lock     // nil when snakebridge.lock is absent
	Manifest    *lockfile.Manifest // nil when the manifest is absent
	Registry    *lockfile.Registry // nil when the registry is absent
	Snakebridge *SnakebridgeInstall
	// Unreadable holds findings that stop evaluation (exit status 2).
	Unreadable []Finding
	// Warnings are findings about reading the project that do not stop
	// its evaluation (config_partially_unreadable).
	Warnings []Finding

	// ManifestInfo is the manifest file's version, stat'ed before it was
	// read, so that Manifest is at most as old as it: a reader that finds
	// the file still this version may reuse Manifest as the file's
	// content. Nil when Manifest came from an editor buffer (not the
	// file), or is nil or incomplete.
	ManifestInfo os.FileInfo

	overlay map[string][]byte // Options.Overlay, for the scan
	scans   *scan.Cache       // Options.Scans
}

// Relative file names used in findings.
const (
	MixExsFile = "mix.exs"
	LockFile   = "snakebridge.lock"
)

// ManifestFile is the project-relative manifest path.
func (p *Project) ManifestFile() string { return p.Settings.MetadataDir + "/manifest.json" }

// Load reads a project. Problems that make it impossible to evaluate are
// returned as Unreadable findings, never as a panic or a partial guess.
func Load(ctx context.Context, dir string, opts Options) *Project {
	root, err := filepath.Abs(dir)
	if err != nil {
		root = dir
	}
	p := &Project{Root: root, MixEnv: opts.mixEnv(), overlay: opts.Overlay, scans: opts.Scans}
	if !p.loadMix(opts) || p.checkFormat() {
		return p
	}
	if !p.loadConfig(ctx, opts) || p.oldConfigLibraries() {
		return p
	}
	p.checkPaths()
	p.loadArtifacts(opts)
	p.Snakebridge = FindSnakebridge(root, p.Mix)
	return p
}

func (p *Project) unreadable(code Code, file string, r Range, msg string) {
	p.Unreadable = append(p.Unreadable, Finding{
		Code: code, Severity: SeverityError, File: file, Range: r, Message: msg,
	})
}

func (p *Project) loadMix(opts Options) bool {
	path := filepath.Join(p.Root, MixExsFile)
	src, err := opts.readFile(path, safefile.MaxSource)
	if err != nil {
		p.unreadable(CodeMixExsUnreadable, MixExsFile, Range{}, fmt.Sprintf("cannot read mix.exs: %v", describeIOError(err)))
		return false
	}
	mix, err := elixir.ParseMixExs(MixExsFile, src)
	if err != nil {
		p.unreadableFrom(CodeMixExsUnreadable, MixExsFile, err)
		return false
	}
	p.Mix = mix
	libs, err := ParseLibraries(mix.PythonDeps)
	if err != nil {
		p.unreadableFrom(CodeMixExsUnreadable, MixExsFile, err)
		return false
	}
	p.Libraries = libs
	return true
}

// ConfigFile is the configuration Mix loads for the project: mix.exs's
// config_path (an umbrella's apps share "../../config/config.exs"), else
// config/config.exs; absolute and clean.
func (p *Project) ConfigFile() string {
	rel := filepath.Join("config", "config.exs")
	if p.Mix != nil && p.Mix.ConfigPath != "" {
		rel = filepath.FromSlash(p.Mix.ConfigPath)
	}
	if filepath.IsAbs(rel) {
		return filepath.Clean(rel)
	}
	return filepath.Join(p.Root, rel)
}

func (p *Project) loadConfig(ctx context.Context, opts Options) bool {
	env := elixir.ConfigEnv{MixEnv: p.MixEnv, Getenv: opts.getenv}
	if t, ok := opts.getenv("MIX_TARGET"); ok {
		env.Target = t
	}
	configPath := p.ConfigFile()
	label := p.rel(configPath, "config/config.exs")
	var cfg *elixir.Config
	src, err := opts.readFile(configPath, safefile.MaxSource)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		cfg = &elixir.Config{}
	case err != nil:
		p.unreadable(CodeConfigUnreadable, label, Range{}, fmt.Sprintf("cannot read %s: %v", label, describeIOError(err)))
		return false
	default:
		readRel := func(name string) ([]byte, error) { return opts.readFile(name, safefile.MaxSource) }
		cfg, err = elixir.ParseConfig(configPath, src, env, readRel)
		if err != nil {
			p.unreadableFrom(CodeConfigUnreadable, label, err)
			return false
		}
	}
	_ = ctx
	p.Config = cfg
	settings, err := resolveSettings(cfg, opts.getenv)
	if err != nil {
		p.unreadableFrom(CodeConfigUnreadable, label, err)
		return false
	}
	p.Settings = settings
	return p.unknownConfig(cfg, opts)
}

// unreadableFrom turns a parser error into a finding at its position.
func (p *Project) unreadableFrom(code Code, file string, err error) {
	var ee *elixir.Error
	var entry *EntryError
	var setting *SettingError
	var le *lockfile.Error
	switch {
	case errors.As(err, &ee):
		p.unreadable(code, p.rel(ee.File, file), toRange(ee.Range), ee.Msg)
	case errors.As(err, &entry):
		p.unreadable(code, file, entry.Range, entry.Msg)
	case errors.As(err, &setting):
		p.unreadable(code, p.rel(setting.File, file), setting.Range, setting.Msg)
	case errors.As(err, &le):
		p.unreadable(code, p.rel(le.File, file), lockRange(le.Range), le.Msg)
	default:
		p.unreadable(code, file, Range{}, err.Error())
	}
}

// rel makes a path project-relative and "/"-separated for findings.
func (p *Project) rel(path, fallback string) string {
	if path == "" {
		return fallback
	}
	if filepath.IsAbs(path) {
		if r, err := filepath.Rel(p.Root, path); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(path)
}

func lockRange(r lockfile.Range) Range {
	return Range{
		Start: Position{Line: r.Start.Line, Character: r.Start.Character},
		End:   Position{Line: r.End.Line, Character: r.End.Character},
	}
}

func (p *Project) loadArtifacts(opts Options) {
	if v, err, ok := p.parseOptional(opts, LockFile, CodeLockUnreadable, func(data []byte) (any, error) {
		return lockfile.ParseLock(LockFile, data)
	}); ok {
		if err != nil {
			p.unreadableFrom(CodeLockUnreadable, LockFile, err)
		}
		p.Lock, _ = v.(*lockfile.Lock)
	}
	if !opts.DeferManifest {
		p.LoadManifest(opts)
	}
	registry := filepath.ToSlash(p.Settings.RegistryPath)
	if v, err, ok := p.parseOptional(opts, registry, CodeManifestUnreadable, func(data []byte) (any, error) {
		return lockfile.ParseRegistry(registry, data)
	}); ok {
		if err != nil {
			p.unreadableFrom(CodeManifestUnreadable, registry, err)
		}
		p.Registry, _ = v.(*lockfile.Registry)
	}
}

// LoadManifest reads the manifest into Manifest (nil when absent); a
// manifest that cannot be read or parsed adds an Unreadable finding.
// Manifest is lean (lockfile.ReadOptions): its entries without their
// nodes and docstrings, what a check reads. The file is streamed, never
// held whole: a sympy generate: :all manifest is 312 MB. Whoever needs
// the whole entries sees them through opts.ManifestVisitor.
func (p *Project) LoadManifest(opts Options) {
	manifest := p.ManifestFile()
	path := p.abs(manifest)
	read := func(r io.Reader) (any, error) {
		return lockfile.ReadManifest(manifest, r, lockfile.ReadOptions{Visit: opts.ManifestVisitor})
	}
	if data, buffered := opts.Overlay[path]; buffered {
		// An editor buffer is not the file: never cached, never its version.
		v, err := read(bytes.NewReader(data))
		p.setManifest(manifest, v, err, nil)
		return
	}
	var openErr error
	open := func() (*os.File, os.FileInfo, error) {
		f, info, err := safefile.Open(path)
		if err == nil && info.Size() > lockfile.MaxSize {
			f.Close()
			err = &fs.PathError{Op: "read", Path: path, Err: &safefile.TooLargeError{Size: info.Size(), Limit: lockfile.MaxSize}}
		}
		openErr = err
		return f, info, err
	}
	visits := opts.ManifestVisitor.Symbol != nil || opts.ManifestVisitor.Class != nil || opts.ManifestVisitor.Module != nil
	// Stat'ed before the read: a rewrite in between leaves an info older
	// than the content, which a reader sees as a stale version and
	// re-reads, never a new version holding old content.
	before, statErr := os.Stat(path)
	v, err := opts.Parsed.readStream(path, "analysis", visits, open, read)
	if openErr != nil {
		if !errors.Is(openErr, fs.ErrNotExist) {
			p.unreadable(CodeManifestUnreadable, p.rel(path, manifest), Range{}, fmt.Sprintf("cannot read %s: %v", manifest, describeIOError(openErr)))
		}
		return
	}
	if statErr != nil || !before.Mode().IsRegular() {
		before = nil
	}
	p.setManifest(manifest, v, err, before)
}

// setManifest records a manifest read and the file version it was read
// from (nil for an editor buffer, which is not the file).
func (p *Project) setManifest(manifest string, v any, err error, info os.FileInfo) {
	if err != nil {
		p.unreadableFrom(CodeManifestUnreadable, manifest, err)
	}
	p.Manifest, _ = v.(*lockfile.Manifest)
	if err == nil && p.Manifest != nil {
		p.ManifestInfo = info
	}
}

// parseOptional reads and parses a project file that may legitimately be
// absent (ok false), through opts.Parsed unless an editor buffer holds it.
// Both the value and the error of parse are returned: parsers return what
// they could read alongside the problem.
func (p *Project) parseOptional(opts Options, rel string, code Code, parse func([]byte) (any, error)) (value any, err error, ok bool) {
	path := p.abs(rel)
	cache := opts.Parsed
	if _, buffered := opts.Overlay[path]; buffered {
		cache = nil
	}
	read := func(string) ([]byte, error) {
		if data, ok := p.readOptional(opts, rel, code); ok {
			return data, nil
		}
		return nil, errNotRead
	}
	value, err = cache.parse(path, "analysis", read, parse)
	if errors.Is(err, errNotRead) {
		return nil, nil, false
	}
	return value, err, true
}

// errNotRead stands for a file readOptional found absent or reported.
var errNotRead = errors.New("not read")

// abs is a project-relative path made absolute.
func (p *Project) abs(rel string) string {
	if filepath.IsAbs(rel) {
		return rel
	}
	return filepath.Join(p.Root, filepath.FromSlash(rel))
}

// readOptional reads a project file that may legitimately be absent.
func (p *Project) readOptional(opts Options, rel string, code Code) ([]byte, bool) {
	path := p.abs(rel)
	data, err := opts.readFile(path, lockfile.MaxSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	if err != nil {
		p.unreadable(code, p.rel(path, rel), Range{}, fmt.Sprintf("cannot read %s: %v", rel, describeIOError(err)))
		return nil, false
	}
	return data, true
}

// describeIOError drops the path an *fs.PathError repeats.
func describeIOError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
