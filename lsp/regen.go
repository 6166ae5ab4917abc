package lsp

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/coalesce"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// regenRequest asks for a regeneration.
type regenRequest struct {
	cause string
	// libraries are python_names; nil means every library.
	libraries []string
}

// merge combines a pending request with a newer one: the newer cause
// wins, and the libraries are the union (nil, all, absorbs everything).
func (r *regenRequest) merge(newer regenRequest) regenRequest {
	if r == nil {
		return newer
	}
	out := regenRequest{cause: newer.cause}
	if r.libraries == nil || newer.libraries == nil {
		return out
	}
	seen := map[string]bool{}
	for _, l := range append(append([]string(nil), r.libraries...), newer.libraries...) {
		if !seen[l] {
			seen[l] = true
			out.libraries = append(out.libraries, l)
		}
	}
	sort.Strings(out.libraries)
	return out
}

// regenQueue is a project's one-slot regeneration queue: requests collapse
// into one pending request, which starts after a quiet debounce period and
// never while another run of the project is in progress.
type regenQueue struct {
	p *project
	c *coalesce.Coalescer[regenRequest]

	mu      sync.Mutex
	running *regenRun
	stopped bool
}

// regenRun is a regeneration in progress.
type regenRun struct {
	req       regenRequest
	cancel    context.CancelFunc
	token     string // progress token, "" without progress
	cancelled bool   // by the user
}

func newRegenQueue(p *project) *regenQueue {
	q := &regenQueue{p: p}
	q.c = coalesce.New(coalesce.Config[regenRequest]{
		Merge: func(pending regenRequest, has bool, newer regenRequest) regenRequest {
			if !has {
				return newer
			}
			return pending.merge(newer)
		},
		Run:   q.run,
		Go:    p.s.goBackground,
		Delay: p.s.opts.RegenDebounce,
	})
	return q
}

// schedule queues a request and restarts the debounce timer.
func (q *regenQueue) schedule(req regenRequest) { q.c.Add(req) }

// run is one regeneration of the merged requests.
func (q *regenQueue) run(ctx context.Context, req regenRequest) {
	if !q.p.s.isTrusted() {
		return // trust was withdrawn after the request was queued
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	run := &regenRun{req: req, cancel: cancel}
	q.mu.Lock()
	q.running = run
	q.mu.Unlock()
	q.p.regenerate(ctx, run)
	q.mu.Lock()
	q.running = nil
	q.mu.Unlock()
}

// cancel drops the pending request and cancels the running one; it
// reports whether there was anything to cancel.
func (q *regenQueue) cancel() bool {
	q.mu.Lock()
	if q.running != nil {
		q.running.cancelled = true
	}
	q.mu.Unlock()
	return q.c.Cancel()
}

// cancelToken cancels the run reporting progress with token.
func (q *regenQueue) cancelToken(token string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.running == nil || q.running.token == "" || q.running.token != token {
		return false
	}
	q.running.cancelled = true
	q.running.cancel()
	return true
}

// restart cancels the running regeneration and queues it again.
func (q *regenQueue) restart() bool {
	q.mu.Lock()
	if q.running == nil || q.stopped {
		q.mu.Unlock()
		return false
	}
	req := q.running.req
	q.running.cancelled = true
	q.running.cancel()
	q.mu.Unlock()
	q.c.Add(regenRequest{cause: "restartPython", libraries: req.libraries})
	return true
}

func (q *regenQueue) setToken(run *regenRun, token string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	run.token = token
}

func (q *regenQueue) wasCancelled(run *regenRun) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return run.cancelled
}

// busy reports whether a regeneration is pending or running.
func (q *regenQueue) busy() bool { return q.c.Busy() }

// stop cancels everything for good; the server waits for the run itself.
func (q *regenQueue) stop() {
	q.mu.Lock()
	q.stopped = true
	q.mu.Unlock()
	q.c.Close()
}

// regenerate runs the generator pipeline for one request. It reads the
// project from disk only: unsaved editor buffers never reach a lock.
func (p *project) regenerate(ctx context.Context, run *regenRun) {
	s := p.s
	libs := run.req.libraries
	p.setRegenerating(libs)
	p.sendStatus()
	title := "Regenerating SnakeBridge bindings"
	prog := s.beginProgress(ctx, title, p.label(libs))
	p.queue.setToken(run, prog.token)
	settings := s.currentSettings()
	res, err := s.opts.Generate(ctx, codegen.Request{
		Project:      p.root,
		Libraries:    libs,
		Python:       settings.PythonPath,
		PythonSource: pythonPathSource,
		Getenv:       s.opts.Getenv,
		Progress:     prog.codegenProgress,
		Telemetry:    s.sink(),
		Echo:         s.echo.record,
		Environment:  s.environment(),
	})
	cancelled := p.queue.wasCancelled(run) || (ctx.Err() != nil && errors.Is(err, context.Canceled))
	if cancelled {
		// A cancelled introspection keeps its worker busy until it ends
		// or times out: stop the workers so that cancelling stops the work.
		s.restartPython()
	}
	stopping := s.ctx.Err() != nil
	summary := p.recordOutcome(libs, res, err, cancelled || stopping)
	switch {
	case stopping:
		return
	case cancelled:
		prog.end("cancelled")
	case summary != "":
		prog.end("failed")
		s.notify(protocol.ServerWindowShowMessage, protocol.ShowMessageParams{
			Type: protocol.MessageTypeError, Message: fmt.Sprintf("SnakeBridge: %s (%s)", summary, p.root),
		})
	case res != nil && res.UpToDate:
		prog.end(codegen.UpToDateMessage)
	default:
		prog.end("done")
	}
	p.requestCheck(causeRegenerated, false)
}

// label names what a run regenerates, for progress messages.
func (p *project) label(libs []string) string {
	if len(libs) == 0 {
		return p.root
	}
	return strings.Join(libs, ", ") + " in " + p.root
}

func (p *project) setRegenerating(libs []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if libs == nil {
		libs = []string{}
	}
	p.regenerating = libs
	p.regenNote = ""
}

// recordOutcome turns the result into regeneration failures (shown as
// diagnostics) and returns a one-line summary of what failed, "" when
// nothing did.
func (p *project) recordOutcome(libs []string, res *codegen.Result, err error, cancelled bool) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.regenerating = nil
	if cancelled {
		p.regenNote = "the last regeneration was cancelled"
		return ""
	}
	if libs == nil {
		p.failures = map[string]string{}
	} else {
		delete(p.failures, "")
		for _, l := range libs {
			delete(p.failures, l)
		}
	}
	where := p.interpreterNoteLocked()
	if err != nil {
		p.failures[""] = err.Error() + where
		return "regenerating bindings failed: " + err.Error()
	}
	if res == nil {
		return ""
	}
	var failed []string
	for _, lr := range res.Libraries {
		if lr.Error != nil {
			p.failures[lr.Name] = *lr.Error + where
			failed = append(failed, fmt.Sprintf("%s: %s", lr.Name, *lr.Error))
		}
	}
	if res.Delegated {
		p.regenNote = "regenerated by mix snakebridge.regen"
	}
	if res.UpToDate {
		p.s.log.Infof("%s: %s", p.root, codegen.UpToDateMessage)
	}
	for _, n := range res.Notes {
		p.s.log.Infof("%s: %s", p.root, n)
	}
	for _, lr := range res.Libraries {
		for _, f := range lr.FilesRemoved {
			p.s.log.Infof("%s: removed %s (library %s)", p.root, f, lr.Name)
		}
		for _, f := range lr.FilesKept {
			p.s.log.Infof("%s: kept %s (library %s): edited since it was generated, so not removed", p.root, f, lr.Name)
		}
	}
	if len(failed) > 0 {
		return "regenerating bindings failed for " + strings.Join(failed, "; ")
	}
	return ""
}

// interpreterNoteLocked names the interpreter a failed run used (the one
// the check resolved, with the same rules), so that "not installed" says
// where; p.mu must be held.
func (p *project) interpreterNoteLocked() string {
	if p.report == nil || p.report.Python == nil {
		return ""
	}
	return fmt.Sprintf(" (interpreter %s, from %s)", p.report.Python.Executable, p.report.Python.Source)
}
