package codegen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/privdir"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// ErlangCache remembers ErlangFacts per installed erl/elixir, so that only
// a run meeting new binaries starts the BEAM: on disk (one file under the
// private cache directory) for the CLI's next process, in memory for the
// language server's next regeneration.
type ErlangCache struct {
	dir string // "" keeps facts in memory only
	mu  sync.Mutex
	mem map[string]ErlangFacts
}

// NewErlangCache returns a cache persisting under dir ("" = memory only).
func NewErlangCache(dir string) *ErlangCache {
	return &ErlangCache{dir: dir, mem: map[string]ErlangFacts{}}
}

// Facts returns the facts of the erl/elixir now on PATH, probing them
// (one BEAM start, see DetectErlang) only when no cache knows them. A
// probe that failed or was cancelled is returned but not remembered, so
// the next run asks again.
func (c *ErlangCache) Facts(ctx context.Context) ErlangFacts {
	key := toolStamp("erl") + "|" + toolStamp("elixir")
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.mem[key]; ok {
		return f
	}
	if f, ok := c.load(key); ok {
		c.mem[key] = f
		return f
	}
	f, err := probeErlang(ctx)
	if err != nil && !errors.Is(err, errNoBEAM) {
		return f
	}
	c.mem[key] = f
	c.store(key, f)
	return f
}

// Start begins Facts in the background, so that the BEAM boots while
// Python introspects, and returns the function that waits for the
// answer (callable any number of times). Cancelling ctx stops a probe.
func (c *ErlangCache) Start(ctx context.Context) func() ErlangFacts {
	done := make(chan ErlangFacts, 1)
	go func() { done <- c.Facts(ctx) }()
	return sync.OnceValue(func() ErlangFacts { return <-done })
}

// toolStamp identifies an installed executable by resolved path, size,
// mtime and file identity (device and inode where the system has them):
// an upgrade that replaces the file, even with one of the same size and
// timestamp, is probed again.
func toolStamp(name string) string {
	p, err := exec.LookPath(name)
	if err != nil {
		return name + ":absent"
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	st, err := os.Stat(p)
	if err != nil {
		return name + ":absent"
	}
	return fmt.Sprintf("%s:%d:%d:%s", p, st.Size(), st.ModTime().UnixNano(), fileIdentity(st))
}

type erlangCacheFile struct {
	Key   string      `json:"key"`
	Facts ErlangFacts `json:"facts"`
}

func (c *ErlangCache) path() string { return filepath.Join(c.dir, "erlang-facts.json") }

func (c *ErlangCache) load(key string) (ErlangFacts, bool) {
	// An answer in a directory others could write to may be theirs.
	if c.dir == "" || privdir.Ensure(c.dir) != nil {
		return ErlangFacts{}, false
	}
	data, err := safefile.ReadFile(c.path(), safefile.MaxSmall)
	if err != nil {
		return ErlangFacts{}, false
	}
	var f erlangCacheFile
	if json.Unmarshal(data, &f) != nil || f.Key != key {
		return ErlangFacts{}, false
	}
	return f.Facts, true
}

// store writes the cache through a temp file and rename; a failure only
// costs the next run a BEAM start.
func (c *ErlangCache) store(key string, facts ErlangFacts) {
	if c.dir == "" {
		return
	}
	data, err := json.Marshal(erlangCacheFile{Key: key, Facts: facts})
	if err != nil || privdir.Ensure(c.dir) != nil {
		return
	}
	tmp, err := os.CreateTemp(c.dir, ".erlang-facts-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), c.path()) != nil {
		os.Remove(tmp.Name())
	}
}
