package pyhelper

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// RunScript runs introspect.py once for req (the upstream-compatible path:
// one process per request, no cache). Imported code's output goes to the
// interpreter's stderr; only the document is read from stdout.
func RunScript(ctx context.Context, interp Interpreter, req Request, opts Options) (*Response, error) {
	if opts.MaxResultBytes <= 0 && (req.Format == FormatV21 || req.Format == FormatV20) {
		opts.MaxResultBytes = LegacyMaxResultBytes
	}
	resp, _, err := runScript(ctx, interp, req, opts.withDefaults())
	return resp, err
}

// LegacyMaxResultBytes is RunScript's default cap on upstream's documents
// (FormatV21, FormatV20), as the script's own: their shapes repeat every
// inherited method in full, so sympy's v2.1 document is 76 MiB where
// schema 3 takes 6.6 MiB.
const LegacyMaxResultBytes = 256 << 20

// runScript also returns the process state (resource usage for benchmarks).
func runScript(ctx context.Context, interp Interpreter, req Request, opts Options) (*Response, *os.ProcessState, error) {
	req, err := req.normalized()
	if err != nil {
		return nil, nil, err
	}
	exe, err := interp.executable()
	if err != nil {
		return nil, nil, err
	}
	prefix, err := scriptPrefix(opts.CacheDir)
	if err != nil {
		return nil, nil, err
	}
	args, err := req.args()
	if err != nil {
		return nil, nil, err
	}
	args = append(args, "--max-result-bytes", strconv.Itoa(opts.MaxResultBytes),
		"--max-memory-bytes", strconv.FormatInt(opts.memoryLimit(), 10))
	dir, err := workingDir(opts.CacheDir)
	if err != nil {
		return nil, nil, &Error{Kind: KindInterpreter, Module: req.Module, Interpreter: exe, Message: err.Error()}
	}
	defer os.RemoveAll(dir)
	env, dropEnv := scriptEnviron(interp.Environ())
	cmd := exec.Command(exe, append(append(prefix, args...), dropEnv...)...)
	cmd.Env = env
	cmd.Dir = dir
	stdout := &limitBuffer{max: opts.MaxResultBytes + 64<<10}
	tail := newTailBuffer(16 << 10)
	cmd.Stdout, cmd.Stderr = stdout, tail
	cmd.WaitDelay = 2 * time.Second
	isolate(cmd)
	timeout := req.Timeout
	if timeout <= 0 {
		timeout = opts.RequestTimeout
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, &Error{Kind: KindInterpreter, Module: req.Module, Interpreter: exe,
			Message: fmt.Sprintf("starting %s: %v", exe, err)}
	}
	err = waitBounded(ctx, cmd, timeout)
	killGroup(cmd.Process.Pid) // what imported code left running
	if err != nil {
		e := &Error{Kind: KindTimeout, Module: req.Module, Interpreter: exe, Timeout: timeout, Stderr: tail.String(),
			Message: "the script did not finish in time and was killed"}
		if !errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
			return nil, cmd.ProcessState, fmt.Errorf("introspecting %s: %w", req.Module, ctx.Err())
		}
		return nil, cmd.ProcessState, e
	}
	if stdout.overflow {
		return nil, cmd.ProcessState, &Error{Kind: KindProtocol, Module: req.Module, Interpreter: exe,
			Message: fmt.Sprintf("the document exceeds %d bytes", opts.MaxResultBytes)}
	}
	signal, code := exitStatus(cmd.ProcessState)
	resp, err := oneShotResponse(req, exe, signal, code, stdout.data, tail.String())
	return resp, cmd.ProcessState, err
}

// waitBounded waits for cmd, killing its process group when the timeout or
// ctx expires (returning context.DeadlineExceeded or ctx's error).
func waitBounded(ctx context.Context, cmd *exec.Cmd, timeout time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case <-done:
		return nil
	case <-timer.C:
		killTree(cmd)
		<-done
		return context.DeadlineExceeded
	case <-ctx.Done():
		killTree(cmd)
		<-done
		return ctx.Err()
	}
}

// oneShotResponse interprets the exit status and stdout of a script run.
func oneShotResponse(req Request, exe, signal string, code int, out []byte, stderr string) (*Response, error) {
	out = bytes.TrimSpace(out)
	if signal != "" || code != 0 {
		return nil, exitError(req, exe, signal, code, stderr)
	}
	notRun := func() error {
		return &Error{Kind: KindInterpreter, Module: req.Module, Interpreter: exe, Stderr: stderr,
			Message: fmt.Sprintf("%s did not run the introspection script (output: %q)", exe, truncate(string(out), 200))}
	}
	var head struct {
		pythonError
		Producer   *Producer   `json:"producer"`
		Provenance *Provenance `json:"provenance"`
	}
	// The document is scanned once to check it, then its head is decoded
	// without the bulk (docHead): decoding skipped members costs as much
	// again (json.Unmarshal of sympy's 6.6 MiB took 47 ms, json.Valid 29,
	// validJSON 7).
	if len(out) == 0 || !validJSON(out) {
		return nil, notRun()
	}
	if out[0] == '{' {
		err := json.Unmarshal(docHead(out), &head)
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) { // not expected of a valid document: decode it whole
			head = struct {
				pythonError
				Producer   *Producer   `json:"producer"`
				Provenance *Provenance `json:"provenance"`
			}{}
			err = json.Unmarshal(out, &head)
		}
		if err != nil {
			return nil, &Error{Kind: KindProtocol, Module: req.Module, Interpreter: exe, Message: err.Error()}
		}
	}
	if head.ErrorKind != "" || (head.Message != "" && req.Format != FormatSchema3) {
		return nil, documentError(req, exe, head.pythonError)
	}
	resp := &Response{Request: req, Raw: json.RawMessage(out)}
	if head.Producer != nil {
		resp.Producer = *head.Producer
	}
	if head.Provenance != nil {
		resp.Provenance = *head.Provenance
	}
	if resp.Producer.Python.Executable == "" {
		// Upstream shapes carry no producer; the interpreter is still known.
		resp.Producer.Python.Executable = exe
	}
	return resp, nil
}

// documentError types an error document. Upstream shapes carry only a
// message: like upstream, "No module named" means not installed.
func documentError(req Request, exe string, p pythonError) *Error {
	if p.ErrorKind == "" {
		p.ErrorKind = "import_failed"
		if strings.Contains(p.Message, "No module named") {
			p.ErrorKind = "package_not_installed"
		}
	}
	return p.toError(req.Module, exe, "")
}

func exitError(req Request, exe, signal string, code int, stderr string) *Error {
	e := &Error{Module: req.Module, Interpreter: exe, Signal: signal, ExitCode: code, Stderr: stderr}
	switch {
	case signal != "":
		e.Kind, e.Message = KindWorkerCrashed, "python was killed by signal: "+signal
	case code == 1 && pythonErrorLine.MatchString(lastLines(stderr, 1)):
		e.Kind, e.Message = KindIntrospection, "the script failed: "+lastLines(stderr, 1)
	case code == 2:
		e.Kind, e.Message = KindProtocol, "the script rejected its arguments: "+lastLines(stderr, 1)
	case code == 3 && strings.Contains(stderr, "needs Python 3.9"):
		e.Kind, e.Message = KindInterpreter, lastLines(stderr, 1)
	case code == 1 || code >= 126:
		e.Kind, e.Message = KindInterpreter, fmt.Sprintf("%s is not a usable Python interpreter: exited with status %d", exe, code)
	default:
		e.Kind, e.Message = KindWorkerCrashed, fmt.Sprintf("python exited with status %d before writing its document", code)
	}
	return e
}

// pythonErrorLine matches the script's last words on an uncaught exception
// ("<ExceptionType>: <message>").
var pythonErrorLine = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*: `)
