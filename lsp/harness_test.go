//go:build unix

package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/telemetry"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/jsonrpc"
)

// waitTimeout bounds every wait of the fake client; tests never assert
// timings, they only refuse to hang.
const waitTimeout = 60 * time.Second

// fakeClient is an in-process LSP client: it answers the server's requests
// like an editor, honours the file watchers the server registers (events
// are only sent for files matching them) and records every notification.
type fakeClient struct {
	t      testing.TB
	conn   *jsonrpc.Conn
	server *Server
	opts   clientOptions

	serverExit chan int
	clientDone chan struct{}

	mu            sync.Mutex
	cond          *sync.Cond
	seq           int
	diags         map[string]*publishRecord
	statuses      []statusRecord
	progress      []progressRecord
	telemetry     []telemetry.Event
	telemetrySeq  []int
	messages      []showMessage
	registrations map[string][]watcherGlob
	requests      []string
	versions      map[string]int32
}

type clientOptions struct {
	// dynamicWatch advertises dynamic registration of file watchers.
	dynamicWatch     bool
	relativePatterns bool
	noProgress       bool
	noConfiguration  bool
	settings         map[string]any
	initOptions      map[string]any
	folders          []string
	server           Options
	// refuseWatchers makes client/registerCapability fail.
	refuseWatchers bool
	// silent makes the client never answer server requests.
	silent bool
	// snippets advertises snippet support in completion items.
	snippets bool
}

type publishRecord struct {
	seq   int
	diags []clientDiag
}

type clientDiag struct {
	Range              rangeJSON `json:"range"`
	Severity           int       `json:"severity"`
	Code               string    `json:"code"`
	Source             string    `json:"source"`
	Message            string    `json:"message"`
	RelatedInformation []struct {
		Location struct {
			URI   string    `json:"uri"`
			Range rangeJSON `json:"range"`
		} `json:"location"`
		Message string `json:"message"`
	} `json:"relatedInformation"`
	Data json.RawMessage `json:"data"`
}

type rangeJSON struct {
	Start struct{ Line, Character int } `json:"start"`
	End   struct{ Line, Character int } `json:"end"`
}

type statusRecord struct {
	seq int
	StatusParams
}

type progressRecord struct {
	seq        int
	token      string
	kind       string
	message    string
	percentage *int
}

type showMessage struct {
	Type    int    `json:"type"`
	Message string `json:"message"`
}

type watcherGlob struct {
	base    string // absolute directory, "" for absolute patterns
	pattern string
}

// socketPair returns two connected, buffered stream sockets (net.Pipe is
// unbuffered and can wedge a test client together with a wedged server).
func socketPair(t testing.TB) (net.Conn, net.Conn) {
	t.Helper()
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatalf("socketpair: %v", err)
	}
	conn := func(fd int, name string) net.Conn {
		f := os.NewFile(uintptr(fd), name)
		defer f.Close()
		c, err := net.FileConn(f)
		if err != nil {
			t.Fatalf("FileConn: %v", err)
		}
		return c
	}
	return conn(fds[0], "server"), conn(fds[1], "client")
}

// startClient starts a server over a socket pair and connects the fake
// client; it does not initialize.
func startClient(t testing.TB, opts clientOptions) *fakeClient {
	t.Helper()
	srvSide, cliSide := socketPair(t)
	c := &fakeClient{
		t: t, opts: opts, serverExit: make(chan int, 1), clientDone: make(chan struct{}),
		diags: map[string]*publishRecord{}, registrations: map[string][]watcherGlob{}, versions: map[string]int32{},
	}
	c.cond = sync.NewCond(&c.mu)
	if opts.server.Facts == nil {
		opts.server.Facts = sharedFacts
	}
	c.server = New(opts.server)
	go func() { c.serverExit <- c.server.Serve(context.Background(), srvSide) }()
	c.conn = jsonrpc.NewConn(cliSide, jsonrpc.Options{Logf: t.Logf})
	go func() {
		defer close(c.clientDone)
		c.conn.Serve(context.Background(), c.handle)
	}()
	t.Cleanup(func() {
		c.mu.Lock()
		for _, e := range c.telemetry {
			if err := telemetry.Validate(e); err != nil {
				t.Errorf("telemetry event outside the schema: %v", err)
			}
		}
		c.mu.Unlock()
		c.conn.Close()
		select {
		case <-c.serverExit:
		case <-time.After(waitTimeout):
			t.Errorf("the server did not stop after the client went away")
		}
		<-c.clientDone
	})
	return c
}

// handle answers the server's requests and records its notifications.
func (c *fakeClient) handle(ctx context.Context, req *jsonrpc.Request) (any, error) {
	c.mu.Lock()
	c.seq++
	seq := c.seq
	if !req.IsNotification() {
		c.requests = append(c.requests, req.Method)
	}
	c.mu.Unlock()
	defer c.cond.Broadcast()
	if !req.IsNotification() && c.opts.silent {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	switch req.Method {
	case "workspace/configuration":
		var p struct {
			Items []struct {
				Section string `json:"section"`
			} `json:"items"`
		}
		json.Unmarshal(req.Params, &p)
		out := make([]any, len(p.Items))
		for i := range p.Items {
			c.mu.Lock()
			out[i] = c.opts.settings
			c.mu.Unlock()
		}
		return out, nil
	case "client/registerCapability":
		if c.opts.refuseWatchers {
			return nil, jsonrpc.Errorf(jsonrpc.CodeRequestFailed, "no watchers here")
		}
		return nil, c.register(req.Params)
	case "client/unregisterCapability":
		var p struct {
			Unregisterations []struct {
				ID string `json:"id"`
			} `json:"unregisterations"`
		}
		json.Unmarshal(req.Params, &p)
		c.mu.Lock()
		for _, u := range p.Unregisterations {
			delete(c.registrations, u.ID)
		}
		c.mu.Unlock()
		return nil, nil
	case "window/workDoneProgress/create":
		return nil, nil
	case "workspace/applyEdit":
		return map[string]any{"applied": false}, nil
	case "textDocument/publishDiagnostics":
		var p struct {
			URI         string       `json:"uri"`
			Diagnostics []clientDiag `json:"diagnostics"`
		}
		if err := json.Unmarshal(req.Params, &p); err != nil {
			c.t.Errorf("publishDiagnostics: %v", err)
		}
		if p.Diagnostics == nil {
			c.t.Errorf("publishDiagnostics for %s has null diagnostics", p.URI)
		}
		path, err := uriToPath(p.URI)
		if err != nil {
			c.t.Errorf("publishDiagnostics: %v", err)
		}
		c.mu.Lock()
		c.diags[path] = &publishRecord{seq: seq, diags: p.Diagnostics}
		c.mu.Unlock()
	case MethodStatus:
		var st StatusParams
		if err := json.Unmarshal(req.Params, &st); err != nil {
			c.t.Errorf("status: %v", err)
		}
		c.mu.Lock()
		c.statuses = append(c.statuses, statusRecord{seq: seq, StatusParams: st})
		c.mu.Unlock()
	case "$/progress":
		var p struct {
			Token string `json:"token"`
			Value struct {
				Kind       string `json:"kind"`
				Message    string `json:"message"`
				Title      string `json:"title"`
				Percentage *int   `json:"percentage"`
			} `json:"value"`
		}
		json.Unmarshal(req.Params, &p)
		c.mu.Lock()
		c.progress = append(c.progress, progressRecord{seq: seq, token: p.Token, kind: p.Value.Kind, message: p.Value.Message, percentage: p.Value.Percentage})
		c.mu.Unlock()
	case "telemetry/event":
		var e telemetry.Event
		dec := json.NewDecoder(strings.NewReader(string(req.Params)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			c.t.Errorf("telemetry event %s: %v", req.Params, err)
		}
		c.mu.Lock()
		c.telemetry = append(c.telemetry, e)
		c.telemetrySeq = append(c.telemetrySeq, seq)
		c.mu.Unlock()
	case "window/showMessage":
		var m showMessage
		json.Unmarshal(req.Params, &m)
		c.mu.Lock()
		c.messages = append(c.messages, m)
		c.mu.Unlock()
	case "window/logMessage":
	default:
		if !req.IsNotification() {
			return nil, jsonrpc.Errorf(jsonrpc.CodeMethodNotFound, "the fake client does not know %s", req.Method)
		}
	}
	return nil, nil
}

func (c *fakeClient) register(raw json.RawMessage) error {
	var p struct {
		Registrations []struct {
			ID              string `json:"id"`
			Method          string `json:"method"`
			RegisterOptions struct {
				Watchers []struct {
					GlobPattern json.RawMessage `json:"globPattern"`
				} `json:"watchers"`
			} `json:"registerOptions"`
		} `json:"registrations"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range p.Registrations {
		if r.Method != "workspace/didChangeWatchedFiles" {
			return fmt.Errorf("unexpected registration of %s", r.Method)
		}
		var globs []watcherGlob
		for _, w := range r.RegisterOptions.Watchers {
			var rel relativePattern
			var abs string
			switch {
			case json.Unmarshal(w.GlobPattern, &abs) == nil:
				if !c.opts.relativePatterns && !strings.HasPrefix(abs, "/") {
					return fmt.Errorf("glob %q is not absolute", abs)
				}
				globs = append(globs, watcherGlob{pattern: abs})
			case json.Unmarshal(w.GlobPattern, &rel) == nil && rel.BaseURI != "":
				if !c.opts.relativePatterns {
					return fmt.Errorf("relative pattern sent to a client without relativePatternSupport")
				}
				base, err := uriToPath(rel.BaseURI)
				if err != nil {
					return err
				}
				globs = append(globs, watcherGlob{base: base, pattern: rel.Pattern})
			default:
				return fmt.Errorf("unreadable glob pattern %s", w.GlobPattern)
			}
		}
		c.registrations[r.ID] = globs
	}
	return nil
}

// watched reports whether a registered watcher matches path.
func (c *fakeClient) watched(path string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, globs := range c.registrations {
		for _, g := range globs {
			target := filepath.ToSlash(path)
			pattern := g.pattern
			if g.base != "" {
				rel, err := filepath.Rel(g.base, path)
				if err != nil || strings.HasPrefix(rel, "..") {
					continue
				}
				target = filepath.ToSlash(rel)
			}
			if globMatch(pattern, target) {
				return true
			}
		}
	}
	return false
}

// globMatch implements the LSP glob syntax: *, ?, **, {a,b} and [...].
func globMatch(pattern, path string) bool {
	re, err := regexp.Compile("^" + globRegexp(pattern) + "$")
	if err != nil {
		return false
	}
	return re.MatchString(path)
}

func globRegexp(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch ch := p[i]; ch {
		case '*':
			if i+1 < len(p) && p[i+1] == '*' {
				i++
				if i+1 < len(p) && p[i+1] == '/' {
					i++
					b.WriteString("(?:.*/)?")
				} else {
					b.WriteString(".*")
				}
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		case '{':
			b.WriteString("(?:")
		case '}':
			b.WriteString(")")
		case ',':
			b.WriteString("|")
		case '[':
			j := strings.IndexByte(p[i:], ']')
			if j < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := p[i+1 : i+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + class + "]")
			i += j
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	return b.String()
}

// request sends a request and decodes its result.
func (c *fakeClient) request(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	return c.conn.Call(ctx, method, params, result)
}

func (c *fakeClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(method, params); err != nil {
		c.t.Fatalf("notify %s: %v", method, err)
	}
}

// initialize runs initialize and initialized.
func (c *fakeClient) initialize() map[string]any {
	c.t.Helper()
	var folders []map[string]string
	for _, f := range c.opts.folders {
		folders = append(folders, map[string]string{"uri": pathToURI(f), "name": filepath.Base(f)})
	}
	caps := map[string]any{
		"workspace": map[string]any{
			"configuration":    !c.opts.noConfiguration,
			"workspaceFolders": true,
			"didChangeWatchedFiles": map[string]any{
				"dynamicRegistration":    c.opts.dynamicWatch,
				"relativePatternSupport": c.opts.relativePatterns,
			},
		},
		"window": map[string]any{"workDoneProgress": !c.opts.noProgress},
		"textDocument": map[string]any{
			"publishDiagnostics": map[string]any{"relatedInformation": true},
			"completion":         map[string]any{"completionItem": map[string]any{"snippetSupport": c.opts.snippets}},
		},
	}
	params := map[string]any{
		"processId": os.Getpid(), "rootUri": nil, "capabilities": caps,
		"workspaceFolders": folders, "clientInfo": map[string]string{"name": "fake", "version": "1"},
	}
	if c.opts.initOptions != nil {
		params["initializationOptions"] = c.opts.initOptions
	}
	var result map[string]any
	if err := c.request("initialize", params, &result); err != nil {
		c.t.Fatalf("initialize: %v", err)
	}
	c.notify("initialized", map[string]any{})
	return result
}

// shutdown runs shutdown and exit and checks the exit status.
func (c *fakeClient) shutdown() {
	c.t.Helper()
	if err := c.request("shutdown", nil, nil); err != nil {
		c.t.Fatalf("shutdown: %v", err)
	}
	c.notify("exit", nil)
	select {
	case code := <-c.serverExit:
		if code != 0 {
			c.t.Fatalf("exit status %d after shutdown and exit", code)
		}
		c.serverExit <- code
	case <-time.After(waitTimeout):
		c.t.Fatal("the server did not exit")
	}
}

// mark returns the current notification sequence number; waits look at
// what arrives after it.
func (c *fakeClient) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seq
}

// waitFor waits until cond (called with c.mu held) holds.
func (c *fakeClient) waitFor(desc string, cond func() bool) {
	c.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	// Some conditions look at the server or the system, which do not
	// wake the client: poll as well.
	tick := time.NewTicker(20 * time.Millisecond)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				c.cond.Broadcast()
			case <-stop:
				return
			}
		}
	}()
	c.mu.Lock()
	defer c.mu.Unlock()
	for !cond() {
		if time.Now().After(deadline) {
			c.mu.Unlock()
			c.dump()
			c.mu.Lock()
			c.t.Fatalf("timed out waiting for %s", desc)
		}
		c.cond.Wait()
	}
}

// waitStatus waits for a status of project root, sent after mark, that
// satisfies pred, and returns it.
func (c *fakeClient) waitStatus(root string, since int, desc string, pred func(StatusParams) bool) StatusParams {
	c.t.Helper()
	return c.waitStatusRecord(root, since, desc, pred).StatusParams
}

// waitStatusRecord is waitStatus returning the record with its sequence
// number, to wait for what comes after it.
func (c *fakeClient) waitStatusRecord(root string, since int, desc string, pred func(StatusParams) bool) statusRecord {
	c.t.Helper()
	var found statusRecord
	uri := pathToURI(root)
	c.waitFor("status "+desc, func() bool {
		for _, st := range c.statuses {
			if st.seq > since && st.Project == uri && pred(st.StatusParams) {
				found = st
				return true
			}
		}
		return false
	})
	return found
}

func state(want string) func(StatusParams) bool {
	return func(st StatusParams) bool { return st.State == want }
}

// diagnosticsOf returns the last diagnostics published for path.
func (c *fakeClient) diagnosticsOf(path string) []clientDiag {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r := c.diags[path]; r != nil {
		return r.diags
	}
	return nil
}

// codes lists the diagnostic codes published for path.
func (c *fakeClient) codes(path string) []string {
	var out []string
	for _, d := range c.diagnosticsOf(path) {
		out = append(out, d.Code)
	}
	return out
}

// problems lists the codes of errors and warnings published for path
// (informational findings such as snakebridge_not_installed excluded).
func (c *fakeClient) problems(path string) []string {
	var out []string
	for _, d := range c.diagnosticsOf(path) {
		if d.Severity == 1 || d.Severity == 2 {
			out = append(out, d.Code)
		}
	}
	return out
}

func (c *fakeClient) dump() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.statuses {
		c.t.Logf("status #%d %s gen=%d %s: %s", st.seq, st.Project, st.Generation, st.State, st.Message)
	}
	for path, r := range c.diags {
		for _, d := range r.diags {
			c.t.Logf("diagnostic #%d %s: [%s] %s", r.seq, path, d.Code, d.Message)
		}
	}
	for _, m := range c.messages {
		c.t.Logf("message %d: %s", m.Type, m.Message)
	}
	c.t.Logf("requests: %v", c.requests)
}

// open sends didOpen with the file's content on disk.
func (c *fakeClient) open(path string) {
	c.t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		c.t.Fatal(err)
	}
	c.mu.Lock()
	c.versions[path] = 1
	c.mu.Unlock()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": pathToURI(path), "languageId": "elixir", "version": 1, "text": string(data),
	}})
}

// change replaces the buffer's text.
func (c *fakeClient) change(path, text string) {
	c.t.Helper()
	c.mu.Lock()
	c.versions[path]++
	v := c.versions[path]
	c.mu.Unlock()
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": pathToURI(path), "version": v},
		"contentChanges": []map[string]any{{"text": text}},
	})
}

func (c *fakeClient) save(path string) {
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": pathToURI(path)}})
}

func (c *fakeClient) close(path string) {
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": pathToURI(path)}})
}

// File change types of workspace/didChangeWatchedFiles.
const (
	fileCreated = 1
	fileChanged = 2
	fileDeleted = 3
)

// fileEvent tells the server about a disk change, as an editor watching
// for it would: only when a registered watcher matches. In fsnotify mode
// the server sees the change itself.
func (c *fakeClient) fileEvent(path string, kind int) {
	if !c.opts.dynamicWatch || !c.watched(path) {
		return
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{{"uri": pathToURI(path), "type": kind}}})
}

// writeFile writes a file on disk and reports it like an editor's watcher.
func (c *fakeClient) writeFile(path, content string) {
	c.t.Helper()
	_, err := os.Stat(path)
	kind := fileChanged
	if errors.Is(err, os.ErrNotExist) {
		kind = fileCreated
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		c.t.Fatal(err)
	}
	c.fileEvent(path, kind)
}

// mkdir creates a directory and reports it.
func (c *fakeClient) mkdir(path string) {
	c.t.Helper()
	if err := os.MkdirAll(path, 0o755); err != nil {
		c.t.Fatal(err)
	}
	c.fileEvent(path, fileCreated)
}

func (c *fakeClient) removeAll(path string) {
	c.t.Helper()
	if err := os.RemoveAll(path); err != nil {
		c.t.Fatal(err)
	}
	c.fileEvent(path, fileDeleted)
}

// executeCommand runs a command and decodes its result.
func (c *fakeClient) executeCommand(command string, result any, args ...any) error {
	if args == nil {
		args = []any{}
	}
	return c.request("workspace/executeCommand", map[string]any{"command": command, "arguments": args}, result)
}
