package lsp

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/coalesce"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/telemetry"
)

// Causes of a check, for logs and telemetry.
const (
	causeOpen        = "open"
	causeDidOpen     = "didOpen"
	causeDidChange   = "didChange"
	causeDidSave     = "didSave"
	causeDidClose    = "didClose"
	causeWatch       = "watch"
	causeConfig      = "configuration"
	causeCommand     = "command"
	causeRegenerated = "regenerated"
	causeRescan      = "rescan"
)

// project is one SnakeBridge project (a directory with a mix.exs declaring
// python_deps).
type project struct {
	s     *Server
	root  string
	uri   string
	queue *regenQueue

	// checks runs one check at a time; requests arriving meanwhile
	// collapse into one follow-up check.
	checks *coalesce.Coalescer[checkRequest]

	// pubMu orders publications of diagnostics.
	pubMu sync.Mutex

	mu     sync.Mutex
	gen    uint64
	loaded *analysis.Project
	report *analysis.Report
	// reportTrusted is the trust the report was made under: a check that
	// began before trust was granted must not be shown as trusted.
	reportTrusted bool
	published     map[string]bool   // paths that carry our diagnostics
	failures      map[string]string // library ("" for the project) → regeneration error
	regenerating  []string          // libraries being regenerated (nil: none; empty: all)
	regenNote     string            // outcome of the last regeneration, for the status
	digests       map[string]string // path → digest of what was last checked or seen
	lastAuto      string            // stale findings that last triggered onSave regeneration
	removed       string            // why the project was removed, "" while alive
	lastStatus    *StatusParams
	checkedAt     time.Time // when the latest check started

	// scans keeps each source's scan while the file is unchanged, so an
	// edit of mix.exs does not re-read every source. It is kept when the
	// server idles (about a hundred bytes per source plus its calls, while
	// rebuilding it costs an open and a scan of every source); it forgets
	// removed files at the next check.
	scans *scan.Cache

	// calls holds the symbol index and the call diagnostics (calls_state.go).
	calls callState

	// symbols is the index hover, definition and symbols read.
	symbols symbolIndex
}

func newProject(s *Server, root string) *project {
	p := &project{
		s: s, root: root, uri: pathToURI(root),
		published: map[string]bool{}, failures: map[string]string{}, digests: map[string]string{},
		scans: scan.NewCache(),
	}
	p.queue = newRegenQueue(p)
	p.checks = coalesce.New(coalesce.Config[checkRequest]{
		Merge: mergeCheckRequests,
		Run:   p.runCheck,
		Drop: func(r checkRequest) {
			for _, w := range r.waiters {
				w <- nil
			}
		},
		Idle: s.releaseMemory,
		Go:   s.goBackground,
	})
	return p
}

// checkRequest is what the requests merged into one check ask for.
type checkRequest struct {
	cause   string // the latest request's
	save    bool   // one of them was a save
	waiters []chan *analysis.Report
}

func mergeCheckRequests(pending checkRequest, _ bool, newer checkRequest) checkRequest {
	return checkRequest{cause: newer.cause, save: pending.save || newer.save, waiters: append(pending.waiters, newer.waiters...)}
}

// requestCheck schedules a check: at once when none is running, else one
// follow-up after the running one, however many requests arrive.
func (p *project) requestCheck(cause string, save bool) {
	p.checks.Add(checkRequest{cause: cause, save: save})
}

// checkNow schedules a check and waits for its report.
func (p *project) checkNow(ctx context.Context, cause string) (*analysis.Report, error) {
	ch := make(chan *analysis.Report, 1)
	p.checks.Add(checkRequest{cause: cause, waiters: []chan *analysis.Report{ch}})
	select {
	case r := <-ch:
		if r == nil {
			return nil, errors.New("the project was removed or the server is stopping")
		}
		return r, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// runCheck is one check of the merged requests.
func (p *project) runCheck(ctx context.Context, req checkRequest) {
	rep := p.check(ctx, req.cause)
	for _, w := range req.waiters {
		w <- rep
	}
	if req.save && rep != nil {
		p.maybeAutoRegenerate(rep)
	}
}

// check reads the project (editor buffers overriding the disk) and
// publishes the outcome.
func (p *project) check(ctx context.Context, cause string) *analysis.Report {
	s := p.s
	if p.isRemoved() {
		return nil
	}
	p.mu.Lock()
	p.gen++
	gen := p.gen
	p.checkedAt = time.Now()
	p.mu.Unlock()
	span := telemetry.Start(s.sink(), telemetry.AreaServer, "check", p.root, "", map[string]any{"cause": cause, "generation": gen})
	if _, err := os.Stat(filepath.Join(p.root, analysis.MixExsFile)); errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(p.root); errors.Is(err, fs.ErrNotExist) {
			span.End(errors.New("the project directory no longer exists"), nil)
			s.removeProject(p, "the project directory was deleted")
			return nil
		}
	}
	keys := p.keyFiles()
	digests := digestFiles(keys)
	opts := s.analysisOptions(s.overlay(p.root))
	opts.Scans = p.scans
	proj := analysis.Load(ctx, p.root, opts)
	rep := analysis.CheckProject(ctx, proj, opts)
	if ctx.Err() != nil {
		span.End(ctx.Err(), nil)
		return nil
	}
	// Keep what diagnostics, code actions and watching need; a generate:
	// :all manifest can be tens of megabytes once parsed. Editor requests
	// read the compact symbol index instead.
	p.refreshSymbols(proj)
	proj.Manifest, proj.Registry = nil, nil
	p.mu.Lock()
	p.loaded, p.report, p.reportTrusted = proj, rep, opts.Trusted
	for k, v := range digests {
		p.digests[k] = v
	}
	p.pruneFailures(proj)
	p.mu.Unlock()
	p.publish(gen)
	// The index may have changed with the check's files: call diagnostics
	// of the open sources follow.
	p.requestCallDiagnostics()
	st := p.sendStatus()
	s.refreshWatchesOf(p)
	span.End(nil, map[string]any{"cause": cause, "generation": gen, "findings": len(rep.Findings), "state": st.State})
	return rep
}

// keyFiles are the input files whose digests a check records, so that
// watcher events carrying the same bytes are ignored: each file input and
// the files of each directory input (config/*.exs); trees are left to
// the watcher, which records digests as their events arrive.
func (p *project) keyFiles() []string {
	p.mu.Lock()
	loaded := p.loaded
	p.mu.Unlock()
	var files []string
	for _, in := range p.inputs(loaded) {
		switch {
		case in.Unwatched:
		case in.Kind == analysis.InputFile:
			files = append(files, in.Path)
		case in.Kind == analysis.InputDir:
			entries, err := os.ReadDir(in.Path)
			if err != nil {
				continue
			}
			for _, e := range entries {
				if path := filepath.Join(in.Path, e.Name()); !e.IsDir() && in.Covers(path) {
					files = append(files, path)
				}
			}
		}
	}
	return files
}

// pruneFailures drops regeneration failures of libraries no longer
// configured; p.mu must be held.
func (p *project) pruneFailures(proj *analysis.Project) {
	if len(p.failures) == 0 {
		return
	}
	configured := map[string]bool{"": true}
	for _, l := range proj.Libraries {
		configured[l.PythonName] = true
	}
	for lib := range p.failures {
		if !configured[lib] {
			delete(p.failures, lib)
		}
	}
}

func (p *project) isRemoved() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.removed != ""
}

// remove clears what the project published and tells the client why.
func (p *project) remove(why string) {
	p.mu.Lock()
	if p.removed != "" {
		p.mu.Unlock()
		return
	}
	p.removed = why
	p.mu.Unlock()
	p.publishNone()
	p.sendStatus()
}

// maybeAutoRegenerate schedules a regeneration after a save that left the
// project stale, once per distinct set of stale findings, so that a
// regeneration that cannot fix something is not repeated on every save.
func (p *project) maybeAutoRegenerate(rep *analysis.Report) {
	if p.s.currentSettings().AutoRegenerate != AutoOnSave || !p.s.isTrusted() {
		return
	}
	fp := staleFingerprint(rep)
	p.mu.Lock()
	if fp == "" || fp == p.lastAuto {
		if fp == "" {
			p.lastAuto = ""
		}
		p.mu.Unlock()
		return
	}
	p.lastAuto = fp
	p.mu.Unlock()
	p.queue.schedule(regenRequest{cause: "save", libraries: librariesToRegenerate(rep.Findings)})
}

// staleFingerprint identifies the stale findings a regeneration can fix
// (analysis.Code.FixedByRegeneration); "" when there are none or the
// report cannot be evaluated (regenerating cannot help then).
func staleFingerprint(rep *analysis.Report) string {
	var keys []string
	for _, f := range rep.Findings {
		if f.Code.Unevaluable() {
			return ""
		}
		if f.Stale() && f.Code.FixedByRegeneration() {
			keys = append(keys, string(f.Code)+"\x00"+f.LibraryName()+"\x00"+f.Message)
		}
	}
	sort.Strings(keys)
	return strings.Join(keys, "\x01")
}

// librariesToRegenerate returns the libraries the stale findings name, or
// nil (all) when one of them concerns the whole project
// (analysis.Code.LibraryScoped). Findings no regeneration fixes do not
// widen it.
func librariesToRegenerate(findings []analysis.Finding) []string {
	seen := map[string]bool{}
	var libs []string
	for _, f := range findings {
		if !f.Stale() || !f.Code.FixedByRegeneration() {
			continue
		}
		if !f.Code.LibraryScoped() || f.Library == nil {
			return nil
		}
		if !seen[*f.Library] {
			seen[*f.Library] = true
			libs = append(libs, *f.Library)
		}
	}
	sort.Strings(libs)
	return libs
}

// overlay collects the open documents under root whose text differs from
// the disk: those override the disk for diagnostics (never for
// regeneration).
func (s *Server) overlay(root string) map[string][]byte {
	s.mu.Lock()
	var docs []*document
	for path, d := range s.docs {
		if within(path, root) {
			docs = append(docs, d)
		}
	}
	s.mu.Unlock()
	if len(docs) == 0 {
		return nil
	}
	out := map[string][]byte{}
	for _, d := range docs {
		disk, err := safefile.ReadFile(d.path, safefile.MaxSource)
		if err == nil && bytes.Equal(disk, d.text) {
			continue
		}
		out[d.path] = d.text
	}
	return out
}

// analysisOptions are the options every check uses.
func (s *Server) analysisOptions(overlay map[string][]byte) analysis.Options {
	return analysis.Options{
		Python:       s.currentSettings().PythonPath,
		PythonSource: pythonPathSource,
		Getenv:       s.opts.Getenv,
		Facts:        s.opts.Facts,
		Parsed:       s.opts.Parsed,
		Generators:   s.opts.Generators,
		Overlay:      overlay,
		Trusted:      s.isTrusted(),
		// pythonPath may come from the workspace's own settings file.
		PythonFromWorkspace: true,
		Hardware:            s.opts.Hardware,
	}
}
