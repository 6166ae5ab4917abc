package lsp

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/fsnotify/fsnotify"
)

// Watcher watches directories, not recursively, and reports raw events.
// The server uses one for all projects when the client cannot watch files
// for it (Neovim on Linux).
type Watcher interface {
	Add(dir string) error
	Remove(dir string) error
	Events() <-chan fsnotify.Event
	Errors() <-chan error
	Close() error
}

type fsWatcher struct{ w *fsnotify.Watcher }

func newFSWatcher() (Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	return fsWatcher{w}, nil
}

func (f fsWatcher) Add(dir string) error          { return f.w.Add(dir) }
func (f fsWatcher) Remove(dir string) error       { return f.w.Remove(dir) }
func (f fsWatcher) Events() <-chan fsnotify.Event { return f.w.Events }
func (f fsWatcher) Errors() <-chan error          { return f.w.Errors }
func (f fsWatcher) Close() error                  { return f.w.Close() }

// limitError explains a watch failure caused by a system limit, or
// returns "" for other failures.
func limitError(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return "the system's limit of watched directories is reached (on Linux raise fs.inotify.max_user_watches)"
	case errors.Is(err, syscall.EMFILE):
		return "the system's limit of file watchers is reached (on Linux raise fs.inotify.max_user_instances)"
	case errors.Is(err, syscall.ENFILE):
		return "the system's limit of open files is reached"
	}
	return ""
}

// watchWarning words a degradation for the status.
func (s *Server) watchWarning(what string, err error) string {
	if lim := limitError(err); lim != "" {
		return fmt.Sprintf("file watching is limited: %s: %s; changes are picked up by a rescan every %s instead", what, lim, s.opts.PollInterval)
	}
	return fmt.Sprintf("file watching is limited: %s: %v; changes are picked up by a rescan every %s instead", what, err, s.opts.PollInterval)
}
