package codegen

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/privdir"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// ErlangCache remembers ErlangFacts per installed erl/elixir, so a
// regeneration where nothing changed does not start the BEAM twice.
type ErlangCache struct {
	dir string // "" keeps facts in memory only
	mu  sync.Mutex
	mem map[string]ErlangFacts
}

// NewErlangCache returns a cache persisting under dir ("" = memory only).
func NewErlangCache(dir string) *ErlangCache {
	return &ErlangCache{dir: dir, mem: map[string]ErlangFacts{}}
}

// Facts returns the facts of the erl/elixir now on PATH.
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
	f := DetectErlang(ctx)
	c.mem[key] = f
	c.store(key, f)
	return f
}

// toolStamp identifies an installed executable by path, size and mtime.
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
	return fmt.Sprintf("%s:%d:%d", p, st.Size(), st.ModTime().UnixNano())
}

type erlangCacheFile struct {
	Key   string      `json:"key"`
	Facts ErlangFacts `json:"facts"`
}

func (c *ErlangCache) path() string { return filepath.Join(c.dir, "erlang-facts.json") }

func (c *ErlangCache) load(key string) (ErlangFacts, bool) {
	if c.dir == "" {
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
