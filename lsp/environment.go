package lsp

import (
	"runtime/debug"
	"sync"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
)

// environments keeps the generator's Environment for the server's
// lifetime: interpreter and Erlang facts and warm Python workers survive
// from one regeneration to the next (idle workers exit on their own). A
// new introspectionTimeout setting starts a new environment; the old one's
// workers are left to finish and idle out, and all are closed at stop.
// memoryCacheBytes bounds the introspection results kept in memory.
const memoryCacheBytes = 1 << 20

type environments struct {
	mu      sync.Mutex
	release *time.Timer // see releaseMemory
	stopped bool
	current *codegen.Environment
	timeout time.Duration
	all     []*codegen.Environment
}

// get returns the environment for the current settings.
func (s *Server) environment() *codegen.Environment {
	timeout := s.currentSettings().IntrospectionTimeout
	e := &s.envs
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.current == nil || e.timeout != timeout {
		env := codegen.DefaultEnvironment()
		env.Facts = s.opts.Facts
		env.HardwareCache = s.opts.Hardware
		env.Pyhelper.RequestTimeout = timeout
		// The server lives for days: keep few introspection results in
		// memory (the disk cache keeps them all).
		env.Pyhelper.MemoryCacheBytes = memoryCacheBytes
		e.current, e.timeout = env, timeout
		e.all = append(e.all, env)
	}
	return e.current
}

// restartPython stops every Python worker; the next run starts fresh ones.
func (s *Server) restartPython() {
	e := &s.envs
	e.mu.Lock()
	all := append([]*codegen.Environment(nil), e.all...)
	e.mu.Unlock()
	for _, env := range all {
		if err := env.RestartPython(); err != nil {
			s.log.Warningf("stopping Python workers: %v", err)
		}
	}
}

// closeEnvironments stops every worker for good (server stop).
func (s *Server) closeEnvironments() {
	e := &s.envs
	e.mu.Lock()
	all := e.all
	e.all, e.current = nil, nil
	e.stopped = true
	if e.release != nil {
		e.release.Stop()
	}
	e.mu.Unlock()
	for _, env := range all {
		if err := env.Close(); err != nil {
			s.log.Warningf("stopping Python workers: %v", err)
		}
	}
}

// defaultIdleRelease is the quiet time after which the server drops its
// parse caches and freed memory goes back to the system.
const defaultIdleRelease = time.Second

// releaseMemory returns memory to the system once the server has been
// idle for a moment. Checks and regenerations allocate a lot, and the parse
// caches keep a generate: :all manifest parsed (tens of megabytes) so that
// the checks of a burst of edits do not parse it again each time; the
// server then idles for long periods, so the caches are dropped and freed
// memory returned, which the runtime would do only slowly. Each call
// restarts the quiet period.
func (s *Server) releaseMemory() {
	e := &s.envs
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopped {
		return
	}
	if e.release == nil {
		e.release = time.AfterFunc(s.opts.IdleRelease, s.idle)
		return
	}
	e.release.Reset(s.opts.IdleRelease)
}

// idle drops the parse caches and returns freed memory to the system.
func (s *Server) idle() {
	s.opts.Parsed.Clear()
	e := &s.envs
	e.mu.Lock()
	all := append([]*codegen.Environment(nil), e.all...)
	e.mu.Unlock()
	for _, env := range all {
		env.Parsed.Clear()
	}
	debug.FreeOSMemory()
}
