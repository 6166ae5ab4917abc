package codegen

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/fsx"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// Environment is what outlives one generation run: caches of interpreter
// and Erlang facts, the detected hardware, and warm Python workers. The
// language server keeps one for its lifetime; the CLI makes one per run.
// It is safe for concurrent use.
type Environment struct {
	Facts  *pyenv.FactsCache
	Erlang *ErlangCache
	// Parsed keeps the parsed lock, manifest and registry of projects
	// between runs (nil: parse every time). The language server's
	// regenerations of a numpy-sized project would otherwise parse its 9 MB
	// manifest twice per run.
	Parsed *analysis.ParseCache
	// Pyhelper configures introspection clients (timeouts, cache dir).
	Pyhelper pyhelper.Options
	// CommitHooks are test-only fault hooks passed to every fsx.Commit.
	CommitHooks fsx.Hooks
	// Now stamps the registry (tests fix it).
	Now func() time.Time
	// MaxManifestSize is the largest manifest a run writes; 0 means
	// lockfile.MaxSize, what check and generate read back. Tests lower it.
	MaxManifestSize int
	// Hardware detects the machine once (nil: this machine's, on first
	// use); the language server shares its own with checks.
	HardwareCache *hardware.Cache
	// StateDir holds the record of each project's last complete run, from
	// which a run where nothing changed stops early (nochange.go); ""
	// records nothing and always runs everything.
	StateDir string
	// TrustAfter is how long after its last change a file's identity
	// stands for its content (0: 100 ms on file systems with sub-second
	// timestamps, else two seconds). Tests shorten it.
	TrustAfter time.Duration
	// ManifestRead, if set, is told each time a run reads the manifest
	// (test-only: a run where nothing changed reads none).
	ManifestRead func(path string)

	mu      sync.Mutex
	clients map[string]*pyhelper.Client
}

// DefaultEnvironment caches under the user cache directory.
func DefaultEnvironment() *Environment {
	env := &Environment{Now: time.Now, clients: map[string]*pyhelper.Client{}, Parsed: analysis.NewParseCache()}
	if dir, err := os.UserCacheDir(); err == nil {
		base := filepath.Join(dir, "snakebridge-lsp")
		env.Facts = pyenv.NewFactsCache(filepath.Join(base, "pyfacts"))
		env.Erlang = NewErlangCache(base)
		env.StateDir = filepath.Join(base, "generated")
	} else {
		env.Facts = pyenv.NewFactsCache("")
		env.Erlang = NewErlangCache("")
	}
	return env
}

func (e *Environment) now() time.Time {
	if e.Now == nil {
		return time.Now()
	}
	return e.Now()
}

// Hardware detects the machine once per environment.
func (e *Environment) Hardware(ctx context.Context) Hardware {
	e.mu.Lock()
	if e.HardwareCache == nil {
		e.HardwareCache = hardware.NewCache(hardware.System())
	}
	c := e.HardwareCache
	e.mu.Unlock()
	return c.Identity(ctx)
}

// pyhelperOptions applies the project's introspector timeout.
func (e *Environment) pyhelperOptions(s analysis.Settings) pyhelper.Options {
	o := e.Pyhelper
	if o.RequestTimeout == 0 && s.IntrospectorTimeoutMS > 0 {
		o.RequestTimeout = time.Duration(s.IntrospectorTimeoutMS) * time.Millisecond
	}
	return o
}

// client returns the warm client of an interpreter and project, starting
// one on first use.
func (e *Environment) client(interp pyhelper.Interpreter, opts pyhelper.Options) (*pyhelper.Client, error) {
	key := interp.Path + "\x00" + interp.ProjectRoot
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.clients == nil {
		e.clients = map[string]*pyhelper.Client{}
	}
	if c, ok := e.clients[key]; ok {
		return c, nil
	}
	c, err := pyhelper.New(interp, opts)
	if err != nil {
		return nil, err
	}
	e.clients[key] = c
	return c, nil
}

// RestartPython stops every Python worker; the next run starts fresh ones.
func (e *Environment) RestartPython() error {
	e.mu.Lock()
	clients := e.clients
	e.clients = map[string]*pyhelper.Client{}
	e.mu.Unlock()
	var first error
	for _, c := range clients {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Close stops the environment's Python workers.
func (e *Environment) Close() error { return e.RestartPython() }
