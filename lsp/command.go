package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/jsonrpc"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

type executeCommandParams struct {
	Command   string            `json:"command"`
	Arguments []json.RawMessage `json:"arguments"`
}

// RegenerateResult answers snakebridge.regenerate: the run is queued, its
// outcome arrives as progress, status and diagnostics.
type RegenerateResult struct {
	Project   string   `json:"project"`
	Libraries []string `json:"libraries"`
	Scheduled bool     `json:"scheduled"`
}

func (s *Server) executeCommand(ctx context.Context, raw json.RawMessage) (any, error) {
	var params executeCommandParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	if err := s.awaitDiscovery(ctx); err != nil {
		return nil, err
	}
	switch params.Command {
	case CommandRegenerate:
		return s.commandRegenerate(ctx, params.Arguments)
	case CommandCheck:
		return s.commandCheck(ctx, params.Arguments)
	case CommandCancel:
		return s.commandCancel(params.Arguments)
	case CommandRestartPython:
		return s.commandRestartPython(params.Arguments)
	case CommandShowStatus:
		return s.commandShowStatus(params.Arguments)
	}
	return nil, jsonrpc.Errorf(jsonrpc.CodeInvalidParams, "unknown command %q; the commands are %s", clip(params.Command), strings.Join(allCommands(), ", "))
}

// projectsArg resolves the optional first argument, a project (or file)
// URI; without it, every project. A URI no project contains is an error.
func (s *Server) projectsArg(args []json.RawMessage) ([]*project, error) {
	if len(args) == 0 || string(args[0]) == "null" {
		return s.allProjects(), nil
	}
	var uri string
	if err := json.Unmarshal(args[0], &uri); err != nil {
		return nil, jsonrpc.Errorf(jsonrpc.CodeInvalidParams, "the first argument must be a project URI string, got %s", clip(string(args[0])))
	}
	path, err := uriToPath(uri)
	if err != nil {
		return nil, jsonrpc.Errorf(jsonrpc.CodeInvalidParams, "%v", err)
	}
	p := s.projectFor(path)
	if p == nil {
		return nil, jsonrpc.Errorf(jsonrpc.CodeInvalidParams, "no SnakeBridge project contains %s", clip(path))
	}
	return []*project{p}, nil
}

func (s *Server) commandRegenerate(ctx context.Context, args []json.RawMessage) (any, error) {
	if len(args) == 0 {
		if len(s.allProjects()) != 1 {
			return nil, jsonrpc.Errorf(jsonrpc.CodeInvalidParams, "%s needs a project URI when the workspace does not hold exactly one project", CommandRegenerate)
		}
	}
	projects, err := s.projectsArg(args)
	if err != nil {
		return nil, err
	}
	p := projects[0]
	if !s.isTrusted() {
		return nil, errUntrusted
	}
	libs, err := p.librariesArg(ctx, args)
	if err != nil {
		return nil, err
	}
	p.queue.schedule(regenRequest{cause: "command", libraries: libs})
	if libs == nil {
		libs = []string{}
	}
	return RegenerateResult{Project: p.uri, Libraries: libs, Scheduled: true}, nil
}

// librariesArg reads the optional second argument: a library name or a
// list of them, each of which must be configured (or left in the lock, so
// that it can be regenerated away). A command that arrives before the
// project's first check waits for it rather than accept names unchecked.
func (p *project) librariesArg(ctx context.Context, args []json.RawMessage) ([]string, error) {
	if len(args) < 2 || string(args[1]) == "null" {
		return nil, nil
	}
	var libs []string
	if err := json.Unmarshal(args[1], &libs); err != nil {
		var one string
		if err := json.Unmarshal(args[1], &one); err != nil {
			return nil, jsonrpc.Errorf(jsonrpc.CodeInvalidParams, "the second argument must be a list of library names, got %s", clip(string(args[1])))
		}
		libs = []string{one}
	}
	if len(libs) == 0 {
		return nil, nil
	}
	p.mu.Lock()
	loaded := p.loaded
	p.mu.Unlock()
	if loaded == nil {
		if _, err := p.checkNow(ctx, causeCommand); err != nil {
			return nil, fmt.Errorf("checking %s before regenerating: %w", p.root, err)
		}
		p.mu.Lock()
		loaded = p.loaded
		p.mu.Unlock()
	}
	if loaded == nil || len(loaded.Unreadable) > 0 {
		return nil, jsonrpc.Errorf(jsonrpc.CodeInvalidParams, "cannot regenerate libraries of %s: the project cannot be evaluated (see its diagnostics)", p.root)
	}
	for _, lib := range libs {
		if libraryNamed(loaded, lib) == nil && !p.lockHas(lib) {
			return nil, jsonrpc.Errorf(jsonrpc.CodeInvalidParams, "library %q is not configured in %s", clip(lib), p.root)
		}
	}
	return libs, nil
}

// lockHas reports whether the lock lists a library (so that leftovers can
// be regenerated away).
func (p *project) lockHas(lib string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.loaded == nil || p.loaded.Lock == nil {
		return false
	}
	_, ok := p.loaded.Lock.Libraries[lib]
	return ok
}

func (s *Server) commandCheck(ctx context.Context, args []json.RawMessage) (any, error) {
	projects, err := s.projectsArg(args)
	if err != nil {
		return nil, err
	}
	reports := []*analysis.Report{}
	for _, p := range projects {
		r, err := p.checkNow(ctx, causeCommand)
		if err != nil {
			return nil, fmt.Errorf("checking %s: %w", p.root, err)
		}
		reports = append(reports, r)
	}
	return reports, nil
}

func (s *Server) commandCancel(args []json.RawMessage) (any, error) {
	projects, err := s.projectsArg(args)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, p := range projects {
		if p.queue.cancel() {
			n++
		}
	}
	return map[string]int{"cancelled": n}, nil
}

// commandRestartPython stops the Python workers, forgets what the server
// knows about the projects' interpreters, restarts a running regeneration
// and re-checks.
func (s *Server) commandRestartPython(args []json.RawMessage) (any, error) {
	projects, err := s.projectsArg(args)
	if err != nil {
		return nil, err
	}
	// Running regenerations are marked for a restart before their workers
	// stop: stopped first, a run could fail and finish before restart
	// looked, and be reported as a failure instead of run again.
	restarted := 0
	for _, p := range projects {
		p.mu.Lock()
		rep := p.report
		p.mu.Unlock()
		if rep != nil && rep.Python != nil {
			s.opts.Facts.Forget(rep.Python.Executable)
		}
		if p.queue.restart() {
			restarted++
		}
	}
	s.restartPython()
	for _, p := range projects {
		p.requestCheck(causeCommand, false)
	}
	return map[string]int{"projects": len(projects), "regenerationsRestarted": restarted}, nil
}

func (s *Server) commandShowStatus(args []json.RawMessage) (any, error) {
	projects, err := s.projectsArg(args)
	if err != nil {
		return nil, err
	}
	statuses := []StatusParams{}
	var lines []string
	for _, p := range projects {
		st := p.status()
		statuses = append(statuses, st)
		line := fmt.Sprintf("%s: %s — %s", p.root, st.State, st.Message)
		if st.Python != nil {
			line += fmt.Sprintf(" [Python %s %s from %s]", st.Python.Version, st.Python.Executable, st.Python.Source)
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		lines = append(lines, "no SnakeBridge projects in the workspace")
	}
	lines = append(lines, s.watchWarnings()...)
	s.notify(protocol.ServerWindowShowMessage, protocol.ShowMessageParams{Type: protocol.MessageTypeInfo, Message: "SnakeBridge: " + strings.Join(lines, "\n")})
	return statuses, nil
}
