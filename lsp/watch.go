package lsp

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/coalesce"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/telemetry"
)

// Batching and polling of file events.
const (
	// maxBatchLatency flushes a batch even while events keep coming.
	maxBatchLatency = 2 * time.Second
	// racyWindow is how far a file time may lag the clock (file times
	// come from the kernel's coarse clock, a jiffy of up to 10 ms).
	racyWindow = 20 * time.Millisecond
)

type watchMode int

const (
	modeFS     watchMode = iota // the server's own fsnotify watcher
	modeClient                  // the client's watchers (dynamic registration)
)

// watchHub turns file events, from fsnotify or from the client, into
// checks: events are batched, events of files that did not change since
// the last check (our own writes included) are dropped, and each affected
// project is checked once per batch.
type watchHub struct {
	s      *Server
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	signal chan struct{}
	// batch collects changed paths into one flush; its runs are executed
	// by the loop (runs), so that flushes and installs never overlap.
	batch *coalesce.Coalescer[map[string]bool]
	runs  chan func(context.Context)

	mu        sync.Mutex
	mode      watchMode
	w         Watcher
	specs     map[*project]watchSpec
	projDirs  map[*project][]string
	refs      map[string]int // fs-watched directory → projects using it
	installs  map[*project]bool
	degraded  bool
	warnings  []string
	regID     string
	regGlobs  []fileSystemWatcher
	regSerial int
}

// startWatching starts the hub once projects are known: the client's
// watchers when it supports dynamic registration, else fsnotify.
func (s *Server) startWatching() {
	s.mu.Lock()
	if s.watch != nil || s.phase == phaseShutDown || s.ctx.Err() != nil {
		s.mu.Unlock()
		return
	}
	h := &watchHub{
		s: s, done: make(chan struct{}), signal: make(chan struct{}, 1),
		specs: map[*project]watchSpec{}, projDirs: map[*project][]string{}, refs: map[string]int{},
		installs: map[*project]bool{}, runs: make(chan func(context.Context)),
	}
	h.ctx, h.cancel = context.WithCancel(s.ctx)
	h.batch = coalesce.New(coalesce.Config[map[string]bool]{
		Merge: func(pending map[string]bool, has bool, newer map[string]bool) map[string]bool {
			if !has {
				return newer
			}
			for p := range newer {
				pending[p] = true
			}
			return pending
		},
		Run:      func(_ context.Context, paths map[string]bool) { h.flush(paths) },
		Go:       h.onLoop,
		Delay:    s.opts.WatchBatchDelay,
		MaxDelay: maxBatchLatency,
	})
	if s.caps.Workspace.DidChangeWatchedFiles.DynamicRegistration {
		h.mode = modeClient
	}
	s.watch = h
	projects := s.projectList()
	s.mu.Unlock()
	if h.mode == modeFS {
		h.openWatcher()
	}
	for _, p := range projects {
		h.requestInstall(p)
	}
	if !s.goBackground(func(context.Context) { h.loop() }) {
		h.mu.Lock()
		if h.w != nil {
			h.w.Close()
		}
		h.mu.Unlock()
		close(h.done)
	}
}

func (h *watchHub) openWatcher() {
	w, err := h.s.opts.NewWatcher()
	h.mu.Lock()
	defer h.mu.Unlock()
	if err != nil {
		h.degradeLocked(h.s.watchWarning("cannot create a file watcher", err))
		return
	}
	h.w = w
}

// close stops the hub and waits for its loop.
func (h *watchHub) close() {
	h.batch.Close()
	h.cancel()
	<-h.done
}

// onLoop hands a batch's run to the loop; false once the loop has ended.
// Only the batch's timer calls it, never the loop itself.
func (h *watchHub) onLoop(f func(context.Context)) bool {
	select {
	case h.runs <- f:
		return true
	case <-h.ctx.Done():
		return false
	}
}

// refreshWatches reinstalls every project (after discovery).
func (s *Server) refreshWatches() {
	s.mu.Lock()
	h := s.watch
	projects := s.projectList()
	s.mu.Unlock()
	if h == nil {
		s.startWatching()
		return
	}
	for _, p := range projects {
		h.requestInstall(p)
	}
}

// refreshWatchesOf asks the hub to recompute a project's watch set after a
// check; the hub reinstalls only when the set differs.
func (s *Server) refreshWatchesOf(p *project) {
	s.mu.Lock()
	h := s.watch
	s.mu.Unlock()
	if h != nil {
		h.requestInstall(p)
	}
}

// watchWarnings are the current degradations, for the status.
func (s *Server) watchWarnings() []string {
	s.mu.Lock()
	h := s.watch
	s.mu.Unlock()
	if h == nil {
		return []string{}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string{}, h.warnings...)
}

func (h *watchHub) poke() {
	select {
	case h.signal <- struct{}{}:
	default:
	}
}

func (h *watchHub) requestInstall(p *project) {
	h.mu.Lock()
	h.installs[p] = true
	h.mu.Unlock()
	h.poke()
}

// addEvents queues changed paths reported by the client.
func (h *watchHub) addEvents(paths []string) {
	batch := make(map[string]bool, len(paths))
	h.mu.Lock()
	for _, p := range paths {
		batch[p] = true
		h.invalidateLocked(p)
	}
	h.mu.Unlock()
	h.batch.Add(batch)
}

// forget drops a removed project's watches.
func (h *watchHub) forget(p *project) {
	h.mu.Lock()
	delete(h.specs, p)
	delete(h.installs, p)
	old := h.projDirs[p]
	delete(h.projDirs, p)
	h.releaseLocked(old)
	p.scans.Watch(nil)
	h.mu.Unlock()
	if h.mode == modeClient {
		h.requestInstall(nil)
	}
}

func (h *watchHub) loop() {
	defer close(h.done)
	defer func() {
		h.mu.Lock()
		if h.w != nil {
			h.w.Close()
		}
		h.vouchLocked(false)
		h.mu.Unlock()
	}()
	var events <-chan fsnotify.Event
	var errs <-chan error
	bound := false
	// bind takes the watcher's channels once it exists (it may be created
	// later, when the client refuses to watch).
	bind := func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if !bound && h.w != nil {
			events, errs, bound = h.w.Events(), h.w.Errors(), true
		}
	}
	bind()
	poll := time.NewTicker(h.s.opts.PollInterval)
	defer poll.Stop()
	for {
		select {
		case <-h.ctx.Done():
			return
		case f := <-h.runs:
			f(h.ctx)
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			path := filepath.Clean(ev.Name)
			h.mu.Lock()
			h.invalidateLocked(path)
			h.mu.Unlock()
			h.batch.Add(map[string]bool{path: true})
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			h.watcherError(err)
		case <-h.signal:
			h.installRequested()
			bind()
		case <-poll.C:
			h.mu.Lock()
			degraded := h.degraded
			h.mu.Unlock()
			if degraded {
				h.rescanAll()
			}
		}
	}
}

// watcherError handles an fsnotify error: a queue overflow loses events,
// so everything is rescanned.
func (h *watchHub) watcherError(err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		h.s.log.Warningf("file events were lost (%v); rescanning", err)
		h.mu.Lock()
		h.addWarningLocked("file events were lost because too many arrived at once (the system's event queue overflowed); the projects were rescanned")
		// What the watcher vouched for may have changed unseen; the watches
		// stay, so it vouches again for what is verified from now on.
		h.vouchLocked(true)
		h.mu.Unlock()
		h.statusAll()
		h.rescanAll()
		return
	}
	h.s.log.Warningf("file watcher: %v", err)
}

// flush processes a batch of changed paths.
func (h *watchHub) flush(batch map[string]bool) {
	paths := make([]string, 0, len(batch))
	for p := range batch {
		paths = append(paths, p)
	}
	h.mu.Lock()
	specs := make(map[*project]watchSpec, len(h.specs))
	for p, sp := range h.specs {
		specs[p] = sp
	}
	h.mu.Unlock()
	if len(paths) == 0 {
		return
	}
	sort.Strings(paths)
	span := telemetry.Start(h.s.sink(), telemetry.AreaServer, "watch_batch", h.s.serverLabel(), "", map[string]any{"events": len(paths)})
	affected := map[*project]bool{}
	structural := map[*project]bool{}
	echoes := 0
	for _, path := range paths {
		digest := ""
		for p, spec := range specs {
			rel, str := spec.relevant(path, p)
			if !rel {
				continue
			}
			if digest == "" {
				digest = digestPath(path)
			}
			if str {
				structural[p] = true
				affected[p] = true
			}
			if h.s.echo.isEcho(path, digest) {
				echoes++
				p.noteDigest(path, digest)
				continue
			}
			if p.noteDigest(path, digest) {
				affected[p] = true
			}
		}
	}
	var names []string
	for p := range affected {
		names = append(names, p.root)
		p.requestCheck(causeWatch, false)
	}
	sort.Strings(names)
	for p := range structural {
		h.install(p, true)
	}
	span.End(nil, map[string]any{"events": len(paths), "own_writes": echoes, "projects": names})
}

// relevant reports whether an event at path matters to the project owning
// the spec, and whether it changes the directories to watch.
func (spec watchSpec) relevant(path string, p *project) (relevant, structural bool) {
	for _, s := range spec.Skip {
		if within(path, s) {
			return false, false
		}
	}
	isDir := p.knownDir(path)
	if st, err := os.Stat(path); err == nil {
		isDir = st.IsDir()
	}
	for _, r := range spec.Roots {
		a, b := r.relevant(path, isDir)
		relevant = relevant || a
		structural = structural || b
	}
	return relevant, structural && relevant
}

// installRequested installs the projects whose watch sets may have
// changed.
func (h *watchHub) installRequested() {
	h.mu.Lock()
	var list []*project
	client := false
	for p := range h.installs {
		if p == nil {
			client = true
			continue
		}
		list = append(list, p)
	}
	h.installs = map[*project]bool{}
	h.mu.Unlock()
	sort.Slice(list, func(i, j int) bool { return list[i].root < list[j].root })
	for _, p := range list {
		h.install(p, false)
	}
	if client && h.mode == modeClient {
		h.register()
	}
}

// install computes the project's watch set and applies it when it
// changed, or when force says directories appeared or went away: new
// directories are watched (and their files' digests recorded) before old
// ones are released.
func (h *watchHub) install(p *project, force bool) {
	if p.isRemoved() {
		return
	}
	spec := p.computeSpec(h.ctx)
	h.mu.Lock()
	old, had := h.specs[p]
	h.specs[p] = spec
	mode := h.mode
	h.mu.Unlock()
	if had && !force && reflect.DeepEqual(old, spec) {
		return
	}
	var dirs []string
	var truncated []string
	seen := map[string]bool{}
	for _, r := range spec.Roots {
		// No more directories than the budget can ever be watched, so the
		// walk stops there; the client's recursive globs need no walk past
		// it either.
		expanded, cut := expandDirs(r, spec.Skip, h.s.opts.MaxWatchedDirs)
		if cut {
			truncated = append(truncated, r.Dir)
		}
		for _, d := range expanded {
			if !seen[d] {
				seen[d] = true
				dirs = append(dirs, d)
			}
		}
	}
	var fresh []string
	h.mu.Lock()
	if mode == modeFS {
		for _, dir := range truncated {
			h.degradeLocked(h.s.watchWarning("more than "+strconv.Itoa(h.s.opts.MaxWatchedDirs)+" directories under "+dir, errors.New("the server's budget is exhausted")))
		}
		prev := map[string]bool{}
		for _, d := range h.projDirs[p] {
			prev[d] = true
		}
		if had && reflect.DeepEqual(old, spec) && sameDirs(h.projDirs[p], dirs) {
			h.mu.Unlock()
			return
		}
		var kept []string
		for _, d := range dirs {
			if h.acquireLocked(d) {
				kept = append(kept, d)
			}
			// Directories past the budget are rescanned instead of
			// watched: their files' digests are recorded too, so that a
			// rescan reports what changed rather than what it first saw.
			if !prev[d] {
				fresh = append(fresh, d)
			}
		}
		h.releaseLocked(h.projDirs[p])
		h.projDirs[p] = kept
	} else {
		fresh = dirs
	}
	h.vouchForLocked(p)
	h.mu.Unlock()
	if _, err := os.Stat(p.root); errors.Is(err, fs.ErrNotExist) {
		// Deleted before its directories were watched (the watches are in
		// place now, so a later deletion sends events): no event will come.
		// The check removes the project.
		p.requestCheck(causeWatch, false)
		return
	}
	if p.seedDigests(fresh, spec) {
		p.requestCheck(causeWatch, false)
	}
	if mode == modeClient {
		h.register()
	}
	h.statusAll()
}

func sameDirs(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	set := map[string]bool{}
	for _, d := range a {
		set[d] = true
	}
	for _, d := range b {
		if !set[d] {
			return false
		}
	}
	return true
}

// acquireLocked watches dir (once for all projects) within the budget.
func (h *watchHub) acquireLocked(dir string) bool {
	if h.refs[dir] > 0 {
		h.refs[dir]++
		return true
	}
	if h.w == nil {
		return false
	}
	if len(h.refs) >= h.s.opts.MaxWatchedDirs {
		h.degradeLocked(h.s.watchWarning("more than "+strconv.Itoa(h.s.opts.MaxWatchedDirs)+" directories would be watched", errors.New("the server's budget is exhausted")))
		return false
	}
	if err := h.w.Add(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false
		}
		h.degradeLocked(h.s.watchWarning("cannot watch "+dir, err))
		return false
	}
	h.refs[dir] = 1
	return true
}

// releaseLocked stops watching directories no project uses any more.
func (h *watchHub) releaseLocked(dirs []string) {
	for _, d := range dirs {
		h.refs[d]--
		if h.refs[d] <= 0 {
			delete(h.refs, d)
			if h.w != nil {
				_ = h.w.Remove(d)
			}
		}
	}
}

func (h *watchHub) degradeLocked(warning string) {
	h.degraded = true
	h.vouchLocked(false)
	h.addWarningLocked(warning)
	h.s.log.Warningf("%s", warning)
}

func (h *watchHub) addWarningLocked(w string) {
	for _, x := range h.warnings {
		if x == w {
			return
		}
	}
	h.warnings = append(h.warnings, w)
}

// statusAll re-sends every project's status when the warnings changed.
func (h *watchHub) statusAll() {
	h.mu.Lock()
	warnings := append([]string{}, h.warnings...)
	h.mu.Unlock()
	for _, p := range h.s.allProjects() {
		p.mu.Lock()
		changed := p.lastStatus != nil && !reflect.DeepEqual(p.lastStatus.Warnings, warnings)
		p.mu.Unlock()
		if changed {
			p.sendStatus()
		}
	}
}

// rescanAll compares every watched file with what was last seen and
// checks the projects where something differs (after lost events, and
// periodically while watching is degraded).
func (h *watchHub) rescanAll() {
	h.mu.Lock()
	specs := make(map[*project]watchSpec, len(h.specs))
	for p, sp := range h.specs {
		specs[p] = sp
	}
	h.mu.Unlock()
	for p, spec := range specs {
		var dirs []string
		for _, r := range spec.Roots {
			// A rescan is what stands in for the watches that could not
			// be placed, so it walks every directory.
			expanded, _ := expandDirs(r, spec.Skip, 0)
			dirs = append(dirs, expanded...)
		}
		if p.rescan(dirs, spec) {
			p.requestCheck(causeRescan, false)
		}
	}
}

// noteDigest records what is at path now and reports whether it differs
// from what was recorded before.
func (p *project) noteDigest(path, digest string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := p.digests[path]
	p.digests[path] = digest
	return !ok || old != digest
}

// knownDir reports whether path was last seen as a directory (for events
// about directories that are gone).
func (p *project) knownDir(path string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.digests[path] == digestDir
}

// relevantEntries lists the relevant entries of watched directories.
func relevantEntries(dirs []string, spec watchSpec) map[string]bool {
	out := map[string]bool{}
	for _, d := range dirs {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			path := filepath.Join(d, e.Name())
			if rel, _ := spec.relevantEntry(path, e.IsDir()); rel {
				out[path] = e.IsDir()
			}
		}
	}
	return out
}

// relevantEntry is relevant without a stat, for directory listings.
func (spec watchSpec) relevantEntry(path string, isDir bool) (bool, bool) {
	for _, s := range spec.Skip {
		if within(path, s) {
			return false, false
		}
	}
	relevant, structural := false, false
	for _, r := range spec.Roots {
		a, b := r.relevant(path, isDir)
		relevant = relevant || a
		structural = structural || b
	}
	return relevant, structural
}

// seedDigests records the digests of relevant files in newly watched
// directories. It reports whether one of them changed after the last check
// started (a change that slipped between the check and the watch): a file
// the check read whose content differs now, or a new file modified since.
func (p *project) seedDigests(dirs []string, spec watchSpec) bool {
	entries := relevantEntries(dirs, spec)
	p.mu.Lock()
	since := p.checkedAt
	p.mu.Unlock()
	stale := false
	for path := range entries {
		p.mu.Lock()
		old, known := p.digests[path]
		p.mu.Unlock()
		d := digestPath(path)
		if known {
			// The check recorded what it read: a file that differs now
			// changed between the check and its directory's watch, and no
			// event will tell.
			if d != old {
				p.noteDigest(path, d)
				stale = true
			}
			continue
		}
		p.mu.Lock()
		p.digests[path] = d
		p.mu.Unlock()
		// As git does for racily clean files, treat a file time close to
		// the check's start as possibly after it.
		if st, err := os.Lstat(path); err == nil && !since.IsZero() && st.ModTime().After(since.Add(-racyWindow)) {
			stale = true
		}
	}
	return stale
}

// rescan compares the relevant files of dirs with the recorded digests,
// files that disappeared included.
func (p *project) rescan(dirs []string, spec watchSpec) bool {
	entries := relevantEntries(dirs, spec)
	changed := false
	for path := range entries {
		if p.noteDigest(path, digestPath(path)) {
			changed = true
		}
	}
	watched := map[string]bool{}
	for _, d := range dirs {
		watched[d] = true
	}
	p.mu.Lock()
	for path, d := range p.digests {
		if _, present := entries[path]; d != digestAbsent && watched[filepath.Dir(path)] && !present {
			if _, err := os.Stat(path); err != nil {
				p.digests[path] = digestAbsent
				changed = true
			}
		}
	}
	p.mu.Unlock()
	return changed
}

// invalidateLocked tells the projects' scan caches that path changed,
// before the check the event causes (scan.Cache.Invalidate).
func (h *watchHub) invalidateLocked(path string) {
	for p := range h.specs {
		p.scans.Invalidate(path)
	}
}

// vouchLocked lets the watcher vouch for the watched directories of every
// project again (after lost events), or for none (on stops and failures).
func (h *watchHub) vouchLocked(on bool) {
	for p := range h.specs {
		if on {
			h.vouchForLocked(p)
		} else {
			p.scans.Watch(nil)
		}
	}
}

// vouchForLocked hands a project's scan cache the directories the server's
// own watcher now covers, once they are watched: only a healthy fsnotify
// watcher vouches (a client's watchers may exclude directories, and a
// degraded hub misses events).
func (h *watchHub) vouchForLocked(p *project) {
	if h.mode != modeFS || h.degraded || h.ctx.Err() != nil {
		p.scans.Watch(nil)
		return
	}
	p.scans.Watch(h.projDirs[p])
}
