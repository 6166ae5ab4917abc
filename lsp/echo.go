package lsp

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// echoTTL is how long a recorded write is remembered.
const echoTTL = 2 * time.Minute

// echoSet remembers the files the generator is about to rename into place
// with their SHA-256: a watcher event whose file still has that hash is our
// own write, not a change to react to.
type echoSet struct {
	mu      sync.Mutex
	entries map[string]echoEntry
}

type echoEntry struct {
	sum string
	at  time.Time
}

func newEchoSet() *echoSet { return &echoSet{entries: map[string]echoEntry{}} }

// record is codegen.Request.Echo.
func (e *echoSet) record(path, sum string) {
	now := time.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	for p, entry := range e.entries {
		if now.Sub(entry.at) > echoTTL {
			delete(e.entries, p)
		}
	}
	e.entries[filepath.Clean(path)] = echoEntry{sum: strings.ToLower(sum), at: now}
}

// isEcho reports whether path currently holds exactly what we wrote.
func (e *echoSet) isEcho(path, digest string) bool {
	e.mu.Lock()
	entry, ok := e.entries[path]
	e.mu.Unlock()
	return ok && digest == entry.sum
}

// Digests of paths: a file's SHA-256, or one of these markers.
const (
	digestAbsent = "absent"
	digestDir    = "dir"
)

// maxDigestSize bounds the files hashed; larger ones are identified by size
// and modification time.
const maxDigestSize = 32 << 20

// digestPath identifies what is at path now.
func digestPath(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return digestAbsent
	}
	if st.IsDir() {
		return digestDir
	}
	if st.Size() > maxDigestSize {
		return fmt.Sprintf("stat:%d:%d", st.Size(), st.ModTime().UnixNano())
	}
	// Never a plain open: a FIFO would block the watcher of every project.
	h := sha256.New()
	if _, err := safefile.Hash(path, maxDigestSize, h); err != nil {
		return "unreadable"
	}
	return hex.EncodeToString(h.Sum(nil))
}

func digestFiles(paths []string) map[string]string {
	out := make(map[string]string, len(paths))
	for _, p := range paths {
		out[p] = digestPath(p)
	}
	return out
}
