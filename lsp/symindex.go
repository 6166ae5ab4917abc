package lsp

import (
	"context"
	"os"
	"path/filepath"
	"sync"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/telemetry"
)

// symbolIndex keeps a project's symbol index (package analysis/symbols)
// for hover, definition, symbols and code lenses. A check refreshes it
// when the manifest or registry is a new file version (after a
// generation); the build reads the files in the background, so a check
// never waits for it, and requests that arrive during a build wait for
// it rather than answer from the index it replaces. Its mutex is a leaf:
// nothing else is locked while it is held.
type symbolIndex struct {
	mu    sync.Mutex
	ix    *symbols.Index
	files [2]string // manifest and registry the index was built from
	// generated lists the generated files of the project the last refresh
	// saw (analysis.Project.GeneratedFiles), listed when a build starts.
	generated func() []string
	building  chan struct{} // closed when the running build ends; nil when none runs
	again     bool          // a refresh arrived during the build
	// failed are the versions of files whose build failed, not retried
	// until one of them changes.
	failed [2]os.FileInfo
}

// refresh rebuilds the index when the project's manifest or registry
// changed since the last build (or their paths did).
func (p *project) refreshSymbols(proj *analysis.Project) {
	if proj == nil {
		return
	}
	files := [2]string{
		filepath.Join(p.root, filepath.FromSlash(proj.ManifestFile())),
		filepath.Join(p.root, filepath.FromSlash(proj.Settings.RegistryPath)),
	}
	si := &p.symbols
	si.mu.Lock()
	defer si.mu.Unlock()
	si.generated = proj.GeneratedFiles
	if si.building != nil {
		si.files, si.again = files, true
		return
	}
	if si.files == files && (si.ix != nil && si.ix.Current() || si.ix == nil && sameVersions(files, si.failed)) {
		return
	}
	si.files = files
	done := make(chan struct{})
	si.building = done
	if !p.s.goBackground(func(ctx context.Context) { p.buildSymbols(ctx, done) }) {
		si.building = nil
		close(done)
	}
}

// buildSymbols builds until no refresh arrived meanwhile.
func (p *project) buildSymbols(ctx context.Context, done chan struct{}) {
	si := &p.symbols
	for {
		si.mu.Lock()
		files, generated := si.files, si.generated
		si.again = false
		si.mu.Unlock()
		span := telemetry.Start(p.s.sink(), telemetry.AreaServer, "symbols", p.root, "", nil)
		before := statAll(files)
		ix, err := symbols.BuildFrom(ctx, symbols.Input{Root: p.root, Manifest: files[0], Registry: files[1], Generated: listGenerated(generated)})
		span.End(err, indexCounts(ix))
		if err != nil {
			p.s.log.Warningf("indexing the symbols of %s: %v", p.root, err)
		}
		si.mu.Lock()
		si.ix = ix // nil after an error: no answers beat wrong ones
		si.failed = [2]os.FileInfo{}
		if err != nil {
			si.failed = before
		}
		if !si.again || ctx.Err() != nil {
			si.building = nil
			si.mu.Unlock()
			close(done)
			p.s.releaseMemory() // what the build's read of the manifest left
			return
		}
		si.mu.Unlock()
	}
}

func listGenerated(list func() []string) []string {
	if list == nil {
		return nil
	}
	return list()
}

// symbolIndex returns the project's index, waiting for a running build
// (and starting one when there is no index yet); nil when there is none.
// An index whose files changed is still returned: the check that follows
// a change refreshes it.
func (p *project) symbolIndex(ctx context.Context) *symbols.Index {
	si := &p.symbols
	si.mu.Lock()
	ix, building := si.ix, si.building
	si.mu.Unlock()
	if building == nil && ix == nil {
		p.mu.Lock()
		proj := p.loaded
		p.mu.Unlock()
		p.refreshSymbols(proj)
		si.mu.Lock()
		ix, building = si.ix, si.building
		si.mu.Unlock()
	}
	if building == nil {
		return ix
	}
	select {
	case <-building:
	case <-ctx.Done():
		return ix
	}
	si.mu.Lock()
	defer si.mu.Unlock()
	return si.ix
}

// statAll stats files; a missing one gives nil.
func statAll(files [2]string) [2]os.FileInfo {
	var out [2]os.FileInfo
	for i, f := range files {
		out[i], _ = os.Stat(f)
	}
	return out
}

// sameVersions reports whether files are still the versions infos
// describe (both missing counts as the same).
func sameVersions(files [2]string, infos [2]os.FileInfo) bool {
	now := statAll(files)
	for i := range now {
		switch {
		case now[i] == nil && infos[i] == nil:
		case now[i] == nil || infos[i] == nil || !filememo.SameVersion(now[i], infos[i]):
			return false
		}
	}
	return true
}

// indexCounts are the telemetry details of a build.
func indexCounts(ix *symbols.Index) map[string]any {
	funcs := 0
	for _, m := range ix.Modules() {
		funcs += len(m.Functions)
	}
	return map[string]any{"modules": len(ix.Modules()), "functions": funcs}
}
