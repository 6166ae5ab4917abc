package codegen

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/fsx"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/telemetry"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/version"
)

// commit lands the run in crash-safe order: generated files, then the
// manifest, the registry and the lock last, each atomic and written only
// when its bytes change. A crash leaves the old lock (reported stale) or
// the new one, whose files are all in place.
func (r *run) commit() error {
	span := telemetry.Start(r.sink, telemetry.AreaCompile, "commit", r.p.Root, "", nil)
	r.report(Progress{Phase: "commit", Message: "writing bindings"})
	err := r.commitAll()
	span.End(err, map[string]any{"written": len(r.res.Written)})
	return err
}

func (r *run) commitAll() error {
	w := r.writer()
	removed := r.removedLibraries()
	// The manifest is encoded (into its own temp file, beside it) while the first files are
	// rendered, staged and synced; nothing lands or is removed before it
	// is encoded, so a manifest too large to be read back stops the run
	// with nothing written. Should a library fail to land, it is encoded
	// again without that library. The registry and the lock, which record
	// the files' hashes, are encoded once the files are in place.
	built := r.builtLibraries()
	r.lockPackages()
	spooled := make(chan metadata, 1)
	go func() { spooled <- r.encodeManifest(built, removed) }()
	var meta metadata
	var once sync.Once
	wait := func() { once.Do(func() { meta = <-spooled }) }
	defer func() {
		wait()
		meta.close()
	}()
	gate := func() error {
		wait()
		if errors.Is(meta.err, ErrTooLargeToRead) {
			return meta.err
		}
		return nil
	}
	failed := false
	for _, b := range built {
		if err := r.commitLibrary(w, b, gate); err != nil {
			if errors.Is(err, ErrTooLargeToRead) {
				return gate()
			}
			delete(r.built, b.lib.PythonName)
			r.failAll([]*analysis.Library{b.lib}, err)
			failed = true
		}
	}
	if err := gate(); err != nil {
		return err
	}
	if r.ctx.Err() != nil {
		return r.ctx.Err()
	}
	for _, name := range removed {
		if err := r.removeLibrary(w, name); err != nil {
			return err
		}
	}
	if failed {
		meta.close()
		meta = r.encodeManifest(r.builtLibraries(), removed)
	}
	if meta.err == nil {
		meta.registry, meta.lock, meta.err = r.encodeRecords(r.builtLibraries())
	}
	if meta.err != nil {
		return meta.err
	}
	return r.writeMetadata(w, meta)
}

// builtLibraries are the libraries built in this run, in python_deps
// order.
func (r *run) builtLibraries() []*builtLibrary {
	var out []*builtLibrary
	for _, l := range r.p.Libraries {
		if b, ok := r.built[l.PythonName]; ok {
			out = append(out, b)
		}
	}
	return out
}

// writer counts every write across the run for the test-only fault hook
// and tells the watcher about our own writes.
func (r *run) writer() fsx.Writer {
	w := fsx.Writer{Guard: &fsx.Guard{Root: r.p.Root}}
	if r.req.Echo != nil {
		w.Echo = func(path string, sum [sha256.Size]byte) { r.req.Echo(path, hex.EncodeToString(sum[:])) }
	}
	return w
}

func (r *run) hooks() fsx.Hooks {
	return fsx.Hooks{AfterWrite: func(int) {
		r.writes++
		if h := r.env.CommitHooks.AfterWrite; h != nil {
			h(r.writes)
		}
	}}
}

// commitLibrary lands one library's files; gate is called before the
// first change to the tree (fsx.Commit.BeforeLand) and stops it when it
// fails.
func (r *run) commitLibrary(w fsx.Writer, b *builtLibrary, gate func() error) error {
	keep := map[string]bool{}
	var res fsx.Result
	if b.reused {
		for rel := range b.hashes {
			keep[rel] = true
			res.Unchanged = append(res.Unchanged, rel)
		}
	} else {
		var err error
		if res, err = r.renderLibrary(w, b, keep, gate); err != nil {
			return err
		}
	}
	if err := gate(); err != nil {
		return err
	}
	removed, kept, err := r.prune(w, b, keep)
	if err != nil {
		return fmt.Errorf("removing stale bindings of %s: %w", b.lib.PythonName, err)
	}
	formerRemoved, formerKept, err := r.removeFormer(w, b.lib.PythonName)
	if err != nil {
		return err
	}
	lr := LibraryResult{Name: b.lib.PythonName, FilesWritten: r.rels(res.Written), FilesUnchanged: r.rels(res.Unchanged),
		FilesRemoved: r.rels(append(removed, formerRemoved...)), FilesKept: r.keptRels(append(kept, formerKept...))}
	r.res.Libraries = append(r.res.Libraries, lr)
	r.res.Written = append(r.res.Written, lr.FilesWritten...)
	return nil
}

// renderLibrary renders the library's files and lands them a batch at a
// time, recording their hashes in b.hashes and their paths in keep; gate
// is called before the first change lands.
func (r *run) renderLibrary(w fsx.Writer, b *builtLibrary, keep map[string]bool, gate func() error) (fsx.Result, error) {
	r.report(Progress{Phase: "generate", Library: b.lib.PythonName})
	span := telemetry.Start(r.sink, telemetry.AreaCompile, "generate", r.p.Root, b.lib.PythonName, nil)
	gen := r.genDir()
	b.hashes = map[string]string{}
	var res fsx.Result
	var writeErr error
	err := render.Each(b.model, b.view, r.renderOptions(), func(files []render.File) error {
		c := fsx.Commit{Writer: w, Hooks: r.hooks(), BeforeLand: gate}
		for _, f := range files {
			keep[f.Path] = true
			sum := sha256.Sum256(f.Content)
			b.hashes[f.Path] = hex.EncodeToString(sum[:])
			c.Put(filepath.Join(gen, filepath.FromSlash(f.Path)), f.Content, 0o644)
		}
		part, err := c.Apply(r.ctx)
		res.Written = append(res.Written, part.Written...)
		res.Unchanged = append(res.Unchanged, part.Unchanged...)
		writeErr = err
		return err
	})
	span.End(err, map[string]any{"files": len(b.hashes)})
	switch {
	case writeErr != nil:
		return res, fmt.Errorf("writing the bindings of %s: %w", b.lib.PythonName, writeErr)
	case err != nil:
		return res, fmt.Errorf("rendering %s: %w", b.lib.PythonName, err)
	}
	return res, nil
}

// prune removes the library's stale files. Reused files are all in place,
// but an interrupted run may have left files beside them, in the
// library's own directory: only that directory is searched then, so an
// unchanged run reads no other library's headers.
func (r *run) prune(w fsx.Writer, b *builtLibrary, keep map[string]bool) (removed, kept []string, err error) {
	gen, recorded := r.genDir(), r.recordedHashes(b.lib.PythonName)
	if !b.reused {
		return w.PruneRecorded(gen, keep, b.lib.PythonName, recorded)
	}
	// Paths relative to the library's directory instead of generated_dir.
	own := analysis.ModulePath(b.lib.PythonName) + "/"
	keepOwn, recordedOwn := map[string]bool{}, map[string]string{}
	for rel := range keep {
		if in, ok := strings.CutPrefix(rel, own); ok {
			keepOwn[in] = true
		}
	}
	for rel, sum := range recorded {
		if in, ok := strings.CutPrefix(rel, own); ok {
			recordedOwn[in] = sum
		}
	}
	return w.PruneRecorded(filepath.Join(gen, filepath.FromSlash(own)), keepOwn, b.lib.PythonName, recordedOwn)
}

// removeLibrary removes the files of a library no longer in python_deps,
// wherever the registry says they were generated, and reports them.
func (r *run) removeLibrary(w fsx.Writer, name string) error {
	removed, kept, err := w.PruneRecorded(r.genDir(), map[string]bool{}, name, r.recordedHashes(name))
	if err != nil {
		return fmt.Errorf("removing the bindings of %s, no longer in python_deps: %w", name, err)
	}
	formerRemoved, formerKept, err := r.removeFormer(w, name)
	if err != nil {
		return err
	}
	r.res.Libraries = append(r.res.Libraries, LibraryResult{Name: name, Unconfigured: true, FilesWritten: []string{}, FilesUnchanged: []string{},
		FilesRemoved: r.rels(append(removed, formerRemoved...)), FilesKept: r.keptRels(append(kept, formerKept...))})
	return nil
}

// recordedHashes are the hashes the registry recorded for a library's
// files in the current generated_dir.
func (r *run) recordedHashes(name string) map[string]string {
	if r.p.Registry == nil {
		return nil
	}
	e, ok := r.p.Registry.Libraries[name]
	if !ok || !e.Path.Valid() || filepath.ToSlash(filepath.Clean(e.Path.Value)) != r.p.Settings.GeneratedDir {
		return nil
	}
	return analysis.RecordedHashes(e)
}

// removeFormer removes the files the previous registry records for a
// library under a generated_dir that is no longer the configured one:
// left there, they define the same modules as the new ones and the
// project no longer compiles.
func (r *run) removeFormer(w fsx.Writer, name string) (removed, kept []string, err error) {
	if r.p.Registry == nil {
		return nil, nil, nil
	}
	e, ok := r.p.Registry.Libraries[name]
	if !ok || !e.Path.Valid() {
		return nil, nil, nil
	}
	old := filepath.ToSlash(filepath.Clean(e.Path.Value))
	if old == r.p.Settings.GeneratedDir || filepath.IsAbs(old) || old == "." || old == ".." || strings.HasPrefix(old, "../") {
		return nil, nil, nil
	}
	// A former directory may hold the current one: never touch what this
	// run keeps there.
	var files []string
	for _, rel := range e.Files.Value {
		if !within(r.genDir(), filepath.Join(r.abs(old), filepath.FromSlash(rel))) {
			files = append(files, rel)
		}
	}
	removed, kept, err = w.RemoveRecorded(r.abs(old), files, name, analysis.RecordedHashes(e))
	if err != nil {
		return removed, kept, fmt.Errorf("removing the bindings of %s from its former generated_dir %s: %w", name, old, err)
	}
	return removed, kept, nil
}

// keptRels are the project-relative paths of files a run did not remove
// for want of proof that it generated them; nil when there are none.
func (r *run) keptRels(paths []string) []string {
	if len(paths) == 0 {
		return nil
	}
	return r.rels(paths)
}

// rels makes paths project-relative and "/"-separated.
func (r *run) rels(paths []string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		if !filepath.IsAbs(p) {
			p = filepath.Join(r.genDir(), p)
		}
		if rel, err := filepath.Rel(r.p.Root, p); err == nil {
			p = rel
		}
		out = append(out, filepath.ToSlash(p))
	}
	sort.Strings(out)
	return out
}

// removedLibraries are libraries the lock, registry or manifest still
// describe but python_deps no longer lists.
func (r *run) removedLibraries() []string {
	configured := map[string]bool{}
	for _, l := range r.p.Libraries {
		configured[l.PythonName] = true
	}
	seen := map[string]bool{}
	if r.p.Lock != nil {
		for name := range r.p.Lock.Libraries {
			seen[name] = true
		}
	}
	if r.p.Registry != nil {
		for name := range r.p.Registry.Libraries {
			seen[name] = true
		}
	}
	var out []string
	for _, name := range sortedKeys(seen) {
		if !configured[name] {
			out = append(out, name)
		}
	}
	return out
}

// metadata is the encoded manifest, registry and lock. The manifest is
// encoded straight into its temp file beside it, which lands by a rename:
// it can run to hundreds of megabytes (sympy in module_mode :explicit),
// which the run must neither hold in memory nor spool to a tmpfs /tmp and
// copy again.
type metadata struct {
	manifest       *fsx.Spool
	registry, lock []byte
	err            error
}

// close releases the manifest's spool.
func (m *metadata) close() {
	_ = m.manifest.Close()
	m.manifest = nil
}

// encodeManifest encodes what the manifest says after the built
// libraries land and the removed ones go. It runs beside commitLibrary and
// reads only the libraries' views.
func (r *run) encodeManifest(built []*builtLibrary, removed []string) metadata {
	next := r.prev.Clone()
	next.Version = r.snakebridgeVersion()
	for _, b := range built {
		next.RemoveLibrary(b.lib.PythonName)
		next.Merge(b.view)
	}
	for _, name := range removed {
		next.RemoveLibrary(name)
	}
	spool, err := r.spoolManifest(next)
	if err != nil {
		return metadata{err: err}
	}
	if err := r.readable(r.p.ManifestFile(), spool.Size(), built); err != nil {
		_ = spool.Close()
		return metadata{err: err}
	}
	return metadata{manifest: spool}
}

// encodeRecords encodes the registry and the lock once the built
// libraries' files are committed (their hashes known).
func (r *run) encodeRecords(built []*builtLibrary) (registry, lock []byte, err error) {
	generated := map[string]registryEntry{}
	selected := map[string]bool{}
	for _, b := range built {
		generated[b.lib.PythonName] = registryEntry{lib: b.lib, view: b.view, files: sortedKeys(b.hashes), inputs: b.inputs, hashes: b.hashes}
		selected[b.lib.PythonName] = true
	}
	if registry, err = lockfile.MarshalJason(buildRegistry(r.p, generated, r.env.now())); err != nil {
		return nil, nil, fmt.Errorf("encoding the registry: %w", err)
	}
	inputs, err := r.lockInputs(selected)
	if err != nil {
		return nil, nil, err
	}
	lockValue, err := buildLock(inputs)
	if err != nil {
		return nil, nil, err
	}
	if lock, err = lockfile.MarshalJason(lockValue); err != nil {
		return nil, nil, fmt.Errorf("encoding the lock: %w", err)
	}
	return registry, lock, nil
}

// spoolManifest encodes the manifest into its temp file in its directory.
func (r *run) spoolManifest(m *model.Manifest) (*fsx.Spool, error) {
	spool, err := fsx.NewSpoolFor(r.writer(), r.abs(r.p.ManifestFile()), 0o644)
	if err != nil {
		return nil, fmt.Errorf("encoding the manifest: %w", err)
	}
	if _, err := model.EncodeTo(spool, m); err != nil {
		_ = spool.Close()
		return nil, fmt.Errorf("encoding the manifest: %w", err)
	}
	return spool, nil
}

// ErrTooLargeToRead is matched (errors.Is) by the error of a run whose
// manifest would be larger than check and generate read back
// (lockfile.MaxSize): such a run writes nothing.
var ErrTooLargeToRead = errors.New("too large to be read back")

// readable refuses a metadata file of size bytes that the readers would
// refuse (lockfile.MaxSize), naming the libraries of the run and what
// makes a manifest smaller.
func (r *run) readable(rel string, size int64, built []*builtLibrary) error {
	limit := int64(lockfile.MaxSize)
	if r.env.MaxManifestSize > 0 {
		limit = min(limit, int64(r.env.MaxManifestSize))
	}
	if size <= limit {
		return nil
	}
	names := make([]string, 0, len(built))
	for _, b := range built {
		names = append(names, b.lib.PythonName)
	}
	return fmt.Errorf("%s would be %d bytes, over the %s that check and generate read (%w); nothing was written. "+
		"Generate less for %s: a narrower module_mode (:public instead of :explicit or :all), "+
		"class_method_scope: :defined, or a lower max_class_methods",
		rel, size, safefile.FormatSize(limit), ErrTooLargeToRead, strings.Join(names, ", "))
}

// writeMetadata lands the manifest, the registry and, last, the lock.
func (r *run) writeMetadata(w fsx.Writer, meta metadata) error {
	c := fsx.Commit{Writer: w, Hooks: r.hooks()}
	c.PutSpool(r.abs(r.p.ManifestFile()), meta.manifest, 0o644)
	c.Put(r.abs(r.p.Settings.RegistryPath), meta.registry, 0o644)
	c.Put(r.abs("snakebridge.lock"), meta.lock, 0o644)
	res, err := c.Apply(r.ctx)
	r.res.Written = append(r.res.Written, r.projectRels(res.Written)...)
	if err != nil {
		return fmt.Errorf("writing manifest, registry and lock: %w", err)
	}
	r.noteMetadata(r.abs(r.p.ManifestFile()), meta.manifest.Sum())
	r.noteMetadata(r.abs(r.p.Settings.RegistryPath), sha256.Sum256(meta.registry))
	r.noteMetadata(r.abs("snakebridge.lock"), sha256.Sum256(meta.lock))
	return nil
}

func (r *run) projectRels(paths []string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		if rel, err := filepath.Rel(r.p.Root, p); err == nil {
			p = rel
		}
		out = append(out, filepath.ToSlash(p))
	}
	return out
}

func (r *run) lockInputs(selected map[string]bool) (lockInputs, error) {
	hash, err := GeneratorHash()
	if err != nil {
		return lockInputs{}, err
	}
	return lockInputs{
		project: r.p, selected: selected,
		snakebridgeVersion: r.snakebridgeVersion(),
		generatorHash:      hash,
		generatorVersion:   version.Version,
		pythonVersion:      r.rtFacts.Version,
		runtimeHash:        r.env.Facts.RuntimeHash(r.rtInterp.Path),
		packages:           r.lockPackages(),
		resolved:           r.resolvedVersions(),
		erlang:             r.erlangFacts(),
		hardware:           r.env.Hardware(r.ctx),
	}, nil
}

// erlangFacts joins the probe started with introspection.
func (r *run) erlangFacts() ErlangFacts {
	if r.erlang == nil {
		return r.env.Erlang.Facts(r.ctx)
	}
	return r.erlang()
}

// within reports whether path is dir or lies below it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
