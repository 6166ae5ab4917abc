package codegen

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/fsx"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
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
	// The metadata is encoded while the files are written, which is mostly
	// waiting for the disk: it only reads the built libraries. Should a
	// library fail to land, it is encoded again without that library.
	built := r.builtLibraries()
	r.lockPackages()
	encoded := make(chan metadata, 1)
	go func() { encoded <- r.encodeMetadata(built, removed) }()
	failed := false
	for _, b := range built {
		if err := r.commitLibrary(w, b); err != nil {
			delete(r.built, b.lib.PythonName)
			r.failAll([]*analysis.Library{b.lib}, err)
			failed = true
		}
	}
	meta := <-encoded
	if r.ctx.Err() != nil {
		return r.ctx.Err()
	}
	for _, name := range removed {
		if _, err := w.Prune(r.genDir(), map[string]bool{}, name); err != nil {
			return fmt.Errorf("removing the bindings of %s, no longer in python_deps: %w", name, err)
		}
	}
	if failed {
		meta = r.encodeMetadata(r.builtLibraries(), removed)
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

func (r *run) commitLibrary(w fsx.Writer, b *builtLibrary) error {
	if b.reused {
		unchanged := make([]string, 0, len(b.hashes))
		for rel := range b.hashes {
			unchanged = append(unchanged, rel)
		}
		r.res.Libraries = append(r.res.Libraries, LibraryResult{Name: b.lib.PythonName, FilesWritten: []string{},
			FilesUnchanged: r.rels(unchanged), FilesRemoved: []string{}})
		return nil
	}
	gen := r.genDir()
	c := fsx.Commit{Writer: w, Hooks: r.hooks()}
	keep := map[string]bool{}
	for _, rel := range sortedKeys(b.files) {
		keep[rel] = true
		c.Put(filepath.Join(gen, filepath.FromSlash(rel)), b.files[rel], 0o644)
	}
	res, err := c.Apply(r.ctx)
	if err != nil {
		return fmt.Errorf("writing the bindings of %s: %w", b.lib.PythonName, err)
	}
	removed, err := w.Prune(gen, keep, b.lib.PythonName)
	if err != nil {
		return fmt.Errorf("removing stale bindings of %s: %w", b.lib.PythonName, err)
	}
	lr := LibraryResult{Name: b.lib.PythonName, FilesWritten: r.rels(res.Written), FilesUnchanged: r.rels(res.Unchanged), FilesRemoved: r.rels(removed)}
	r.res.Libraries = append(r.res.Libraries, lr)
	r.res.Written = append(r.res.Written, lr.FilesWritten...)
	return nil
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

// metadata is the encoded manifest, registry and lock.
type metadata struct {
	manifest, registry, lock []byte
	err                      error
}

// encodeMetadata encodes what the manifest, registry and lock say after
// the built libraries land and the removed ones go. It may run beside
// commitLibrary: it writes only the hashes of built libraries, which
// commitLibrary does not read.
func (r *run) encodeMetadata(built []*builtLibrary, removed []string) metadata {
	next := r.prev.Clone()
	next.Version = r.snakebridgeVersion()
	generated := map[string]registryEntry{}
	selected := map[string]bool{}
	for _, b := range built {
		if b.hashes == nil {
			b.hashes = fileHashes(b.files)
		}
		next.RemoveLibrary(b.lib.PythonName)
		next.Merge(b.view)
		generated[b.lib.PythonName] = registryEntry{lib: b.lib, view: b.view, files: sortedKeys(b.hashes), inputs: b.inputs, hashes: b.hashes}
		selected[b.lib.PythonName] = true
	}
	for _, name := range removed {
		next.RemoveLibrary(name)
	}
	var out metadata
	var err error
	if out.manifest, err = model.Encode(next); err != nil {
		return metadata{err: fmt.Errorf("encoding the manifest: %w", err)}
	}
	if out.registry, err = lockfile.MarshalJason(buildRegistry(r.p, generated, r.env.now())); err != nil {
		return metadata{err: fmt.Errorf("encoding the registry: %w", err)}
	}
	inputs, err := r.lockInputs(selected)
	if err != nil {
		return metadata{err: err}
	}
	lockValue, err := buildLock(inputs)
	if err != nil {
		return metadata{err: err}
	}
	if out.lock, err = lockfile.MarshalJason(lockValue); err != nil {
		return metadata{err: fmt.Errorf("encoding the lock: %w", err)}
	}
	return out
}

// writeMetadata lands the manifest, the registry and, last, the lock.
func (r *run) writeMetadata(w fsx.Writer, meta metadata) error {
	c := fsx.Commit{Writer: w, Hooks: r.hooks()}
	c.Put(r.abs(r.p.ManifestFile()), meta.manifest, 0o644)
	c.Put(r.abs(r.p.Settings.RegistryPath), meta.registry, 0o644)
	c.Put(r.abs("snakebridge.lock"), meta.lock, 0o644)
	res, err := c.Apply(r.ctx)
	r.res.Written = append(r.res.Written, r.projectRels(res.Written)...)
	if err != nil {
		return fmt.Errorf("writing manifest, registry and lock: %w", err)
	}
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
		erlang:             r.env.Erlang.Facts(r.ctx),
		hardware:           r.env.Hardware(r.ctx),
	}, nil
}
