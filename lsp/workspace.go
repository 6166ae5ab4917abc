package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"sort"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// folder is a workspace folder.
type folder struct {
	path string
}

// projectList returns the projects sorted by root; s.mu must be held.
func (s *Server) projectList() []*project {
	out := make([]*project, 0, len(s.projects))
	for _, p := range s.projects {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].root < out[j].root })
	return out
}

// allProjects is projectList under the lock.
func (s *Server) allProjects() []*project {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.projectList()
}

// projectFor returns the innermost project containing path, or nil.
func (s *Server) projectFor(path string) *project {
	s.mu.Lock()
	defer s.mu.Unlock()
	var best *project
	for root, p := range s.projects {
		if within(path, root) && (best == nil || len(root) > len(best.root)) {
			best = p
		}
	}
	return best
}

// discoverAll finds the projects of every workspace folder and checks them.
func (s *Server) discoverAll(ctx context.Context) {
	s.mu.Lock()
	folders := append([]*folder(nil), s.folders...)
	s.mu.Unlock()
	for _, f := range folders {
		s.discover(ctx, f.path)
	}
	close(s.discovered)
	s.startWatching()
}

// awaitDiscovery waits until the initial project search is done, so that
// a request right after initialize sees the projects.
func (s *Server) awaitDiscovery(ctx context.Context) error {
	select {
	case <-s.discovered:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.ctx.Done():
		return errors.New("the server is stopping")
	}
}

// discover adds the SnakeBridge projects under dir.
func (s *Server) discover(ctx context.Context, dir string) {
	roots, err := analysis.FindProjects(ctx, dir)
	if err != nil {
		s.log.Warningf("searching %s for SnakeBridge projects: %v", dir, err)
	}
	for _, root := range roots {
		s.addProject(root)
	}
}

// addProject registers a project (once) and schedules its first check.
func (s *Server) addProject(root string) *project {
	root = filepath.Clean(root)
	s.mu.Lock()
	if s.phase == phaseShutDown {
		s.mu.Unlock()
		return nil
	}
	p, ok := s.projects[root]
	if !ok {
		p = newProject(s, root)
		s.projects[root] = p
	}
	s.mu.Unlock()
	if !ok {
		s.log.Infof("project %s", root)
		p.requestCheck(causeOpen, false)
	}
	return p
}

// removeProject forgets a project, clears its diagnostics and stops its
// work and watches.
func (s *Server) removeProject(p *project, why string) {
	s.mu.Lock()
	if s.projects[p.root] != p {
		s.mu.Unlock()
		return
	}
	delete(s.projects, p.root)
	w := s.watch
	s.mu.Unlock()
	s.log.Infof("project %s removed: %s", p.root, why)
	p.queue.cancel()
	p.remove(why)
	if w != nil {
		w.forget(p)
	}
}

// discoverNear looks for a project when a mix.exs outside every known
// project is opened or saved.
func (s *Server) discoverNear(path string) {
	if filepath.Base(path) != analysis.MixExsFile || s.projectFor(path) != nil {
		return
	}
	dir := filepath.Dir(path)
	s.goBackground(func(ctx context.Context) {
		s.discover(ctx, dir)
		s.refreshWatches()
	})
}

func (s *Server) didChangeWorkspaceFolders(_ context.Context, raw json.RawMessage) (any, error) {
	var params protocol.DidChangeWorkspaceFoldersParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	var added []string
	s.mu.Lock()
	for _, wf := range params.Event.Removed {
		path, err := uriToPath(wf.URI)
		if err != nil {
			continue
		}
		for i, f := range s.folders {
			if f.path == path {
				s.folders = append(s.folders[:i], s.folders[i+1:]...)
				break
			}
		}
	}
	for _, wf := range params.Event.Added {
		if path, err := uriToPath(wf.URI); err == nil {
			s.folders = append(s.folders, &folder{path: path})
			added = append(added, path)
		}
	}
	var orphans []*project
	for _, p := range s.projectList() {
		if !s.inFolderLocked(p.root) {
			orphans = append(orphans, p)
		}
	}
	s.mu.Unlock()
	for _, p := range orphans {
		s.removeProject(p, "its workspace folder was removed")
	}
	s.goBackground(func(ctx context.Context) {
		for _, dir := range added {
			s.discover(ctx, dir)
		}
		s.refreshWatches()
	})
	return nil, nil
}

// inFolderLocked reports whether path is inside a workspace folder, or
// whether there are no folders at all (single-file mode).
func (s *Server) inFolderLocked(path string) bool {
	if len(s.folders) == 0 {
		return true
	}
	for _, f := range s.folders {
		if within(path, f.path) {
			return true
		}
	}
	return false
}

// projectLabelFor names the project an event is about, or the first
// workspace folder for server-wide events (telemetry needs a project).
func (s *Server) projectLabelFor(path string) string {
	if p := s.projectFor(path); p != nil {
		return p.root
	}
	return s.serverLabel()
}

// serverLabel is the project field of server-wide telemetry events.
func (s *Server) serverLabel() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.folders) > 0 {
		return s.folders[0].path
	}
	return "-"
}
