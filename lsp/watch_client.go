package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// globFor is the client-side pattern of a watch root, relative to its
// directory.
func globFor(r watchRoot) string {
	switch r.Kind {
	case kindRoot, kindNamed:
		return alternatives(r.Names)
	case kindFiles:
		pattern := "*"
		if len(r.Exts) > 0 {
			exts := make([]string, len(r.Exts))
			for i, e := range r.Exts {
				exts[i] = "*" + e
			}
			pattern = alternatives(exts)
		}
		if r.Recursive {
			return "**/" + pattern
		}
		return pattern
	case kindVenv:
		return "pyvenv.cfg"
	case kindDist:
		return "*.{dist-info,egg-info,egg,egg-link,pth}"
	case kindAncestor:
		rels := make([]string, 0, len(r.Names))
		for _, n := range r.Names {
			if rel, err := filepath.Rel(r.Dir, n); err == nil {
				rels = append(rels, filepath.ToSlash(rel))
			}
		}
		return alternatives(rels)
	}
	return "*"
}

func alternatives(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return "{" + strings.Join(names, ",") + "}"
}

// clientWatchers are the watchers of every installed project: relative
// patterns when the client supports them (LSP 3.17), else absolute globs.
func (h *watchHub) clientWatchers() []fileSystemWatcher {
	h.s.mu.Lock()
	relative := h.s.caps.Workspace.DidChangeWatchedFiles.RelativePatternSupport
	h.s.mu.Unlock()
	h.mu.Lock()
	defer h.mu.Unlock()
	seen := map[string]bool{}
	out := []fileSystemWatcher{}
	for _, p := range h.sortedSpecProjectsLocked() {
		for _, r := range h.specs[p].Roots {
			pattern := globFor(r)
			key := r.Dir + "\x00" + pattern
			if seen[key] {
				continue
			}
			seen[key] = true
			if relative {
				out = append(out, fileSystemWatcher{GlobPattern: relativePattern{BaseURI: pathToURI(r.Dir), Pattern: pattern}})
			} else {
				out = append(out, fileSystemWatcher{GlobPattern: filepath.ToSlash(r.Dir) + "/" + pattern})
			}
		}
	}
	return out
}

func (h *watchHub) sortedSpecProjectsLocked() []*project {
	out := make([]*project, 0, len(h.specs))
	for p := range h.specs {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].root < out[j].root })
	return out
}

// register replaces the client registration when the watchers changed.
// If the client refuses, the server falls back to its own watcher.
func (h *watchHub) register() {
	watchers := h.clientWatchers()
	h.mu.Lock()
	if reflect.DeepEqual(watchers, h.regGlobs) {
		h.mu.Unlock()
		return
	}
	oldID := h.regID
	h.regSerial++
	id := fmt.Sprintf("snakebridge-lsp/watch/%d", h.regSerial)
	h.mu.Unlock()
	err := h.s.call(h.ctx, protocol.ServerClientRegisterCapability, protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID: id, Method: protocol.MethodWorkspaceDidChangeWatchedFiles,
		RegisterOptions: watchedFilesRegistrationOptions{Watchers: watchers},
	}}}, nil)
	if err != nil {
		if h.ctx.Err() != nil {
			return
		}
		h.s.log.Warningf("the client refused file watchers (%v); watching with the server's own watcher", err)
		h.fallBackToFS()
		return
	}
	h.mu.Lock()
	h.regID, h.regGlobs = id, watchers
	h.mu.Unlock()
	if oldID != "" {
		if err := h.s.call(h.ctx, protocol.ServerClientUnregisterCapability, protocol.UnregistrationParams{Unregisterations: []protocol.Unregistration{{
			ID: oldID, Method: protocol.MethodWorkspaceDidChangeWatchedFiles,
		}}}, nil); err != nil {
			h.s.log.Warningf("unregistering file watchers: %v", err)
		}
	}
}

// fallBackToFS switches to fsnotify and reinstalls every project.
func (h *watchHub) fallBackToFS() {
	h.mu.Lock()
	h.mode = modeFS
	h.mu.Unlock()
	h.openWatcher()
	h.mu.Lock()
	var projects []*project
	for p := range h.specs {
		projects = append(projects, p)
	}
	h.specs = map[*project]watchSpec{}
	h.mu.Unlock()
	for _, p := range projects {
		h.install(p, true)
	}
}

func (s *Server) didChangeWatchedFiles(_ context.Context, raw json.RawMessage) (any, error) {
	var params protocol.DidChangeWatchedFilesParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	s.mu.Lock()
	h := s.watch
	s.mu.Unlock()
	if h == nil {
		return nil, nil
	}
	paths := make([]string, 0, len(params.Changes))
	for _, c := range params.Changes {
		if path, err := uriToPath(c.URI); err == nil {
			paths = append(paths, path)
		}
	}
	h.addEvents(paths)
	return nil, nil
}
