package codegen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"path/filepath"
	"sort"
	"sync"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// Rendering is the expensive step of a run (a second for numpy), and an
// editor regenerates often. A library whose every rendering input is
// unchanged since the files on disk were written is not rendered again:
// the registry records, in our extension fields, a hash of those inputs
// ("inputs_hash") and of each file written ("file_hashes"). Inputs are the
// generator itself, the library's normalised options, what rendering is told
// about the library and the run, every introspection request and its result
// document (which pyhelper keys on package versions and source files), and
// the names the entries were given (other libraries steer collision
// suffixes).

// recordingIntrospector hashes every request and result a library needs.
// Results are recorded by their stable digest, which leaves out the project
// directory (source paths), so a project that moved or a copy elsewhere
// fingerprints the same.
type recordingIntrospector struct {
	client *pyhelper.Client
	root   string
	mu     sync.Mutex
	h      hash.Hash
	// requests are recorded in order (nochange.go validates them later).
	requests []pyhelper.Request
}

func newRecordingIntrospector(c *pyhelper.Client, root string) *recordingIntrospector {
	return &recordingIntrospector{client: c, root: root, h: sha256.New()}
}

// Introspect forwards to the client and records the exchange.
func (r *recordingIntrospector) Introspect(ctx context.Context, req pyhelper.Request) (*pyhelper.Response, error) {
	resp, err := r.client.Introspect(ctx, req)
	if err != nil {
		return nil, err
	}
	reqJSON, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("recording an introspection request: %w", err)
	}
	sum := resp.StableDigest(r.root)
	r.mu.Lock()
	fmt.Fprintf(r.h, "%d\n%s\n", len(reqJSON), reqJSON)
	r.h.Write(sum[:])
	r.requests = append(r.requests, req)
	r.mu.Unlock()
	return resp, nil
}

func (r *recordingIntrospector) recorded() []pyhelper.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]pyhelper.Request(nil), r.requests...)
}

func (r *recordingIntrospector) sum() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.h.Sum(nil)
}

// inputsHash combines everything rendering a library depends on.
func (r *run) inputsHash(l *analysis.Library, ml model.Library, view *model.Manifest, introspection []byte) (string, error) {
	gen, err := GeneratorHash()
	if err != nil {
		return "", err
	}
	options, err := term.Encode(l.ConfigTerm(r.p.Root), term.AtomsUTF8)
	if err != nil {
		return "", err
	}
	renderInputs, err := json.Marshal(struct {
		Library            model.Library
		SnakebridgeVersion string
		VariadicMaxArity   int
		GeneratedDir       string
	}{ml, r.snakebridgeVersion(), r.p.Settings.VariadicMaxArity, r.p.Settings.GeneratedDir})
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, part := range [][]byte{[]byte(gen), options, renderInputs, introspection, viewNames(view)} {
		fmt.Fprintf(h, "%d\n", len(part))
		h.Write(part)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// viewNames lists the modules and keys a library's entries were given.
// Introspection and options decide everything else in the entries; the
// names also depend on what other libraries hold (collision suffixes).
func viewNames(view *model.Manifest) []byte {
	var names []string
	for k, c := range view.Classes {
		names = append(names, "class "+k+" "+c.Module)
	}
	for k, s := range view.Symbols {
		names = append(names, "symbol "+k+" "+s.Module)
	}
	sort.Strings(names)
	data, _ := json.Marshal(names)
	return data
}

// reusable reports whether the registry says the files on disk were
// rendered from these very inputs and are still byte for byte what was
// written; it returns their hashes by generated_dir-relative path.
func (r *run) reusable(python, inputs string) (map[string]string, bool) {
	if r.p.Registry == nil {
		return nil, false
	}
	e, ok := r.p.Registry.Libraries[python]
	if !ok || e.Node == nil || !e.Path.Valid() || filepath.ToSlash(filepath.Clean(e.Path.Value)) != r.p.Settings.GeneratedDir {
		return nil, false
	}
	recorded, ok := e.Node.Lookup("inputs_hash")
	if !ok || recorded.Kind != lockfile.KindString || recorded.Str != inputs {
		return nil, false
	}
	hashes, ok := e.Node.Lookup("file_hashes")
	if !ok || hashes.Kind != lockfile.KindObject || len(hashes.Members) == 0 {
		return nil, false
	}
	files := make(map[string]string, len(hashes.Members))
	for _, m := range hashes.Members {
		if m.Value == nil || m.Value.Kind != lockfile.KindString || !r.fileHasHash(m.Key, m.Value.Str) {
			return nil, false
		}
		files[m.Key] = m.Value.Str
	}
	return files, true
}

func (r *run) fileHasHash(rel, want string) bool {
	h := sha256.New()
	if _, err := safefile.Hash(filepath.Join(r.genDir(), filepath.FromSlash(rel)), safefile.MaxHashed, h); err != nil {
		return false
	}
	return hex.EncodeToString(h.Sum(nil)) == want
}
