package codegen

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// TestIntrospectionTimeoutDefaultMatchesDocs: without a configured
// introspector timeout a request may take pyhelper.DefaultRequestTimeout
// (the project's configuration used to impose SnakeBridge's 30 s batch
// default while the docs said 60 s); a configured one is honoured; and the
// README and docs/protocol.md state the default the code applies.
func TestIntrospectionTimeoutDefaultMatchesDocs(t *testing.T) {
	effective := func(configExtra string) time.Duration {
		t.Helper()
		demo := testenv.Demo(t)
		if configExtra != "" {
			f, err := os.OpenFile(filepath.Join(demo, "config", "config.exs"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(f, configExtra)
			f.Close()
		}
		p := analysis.Load(context.Background(), demo, analysis.Options{Python: "/usr/bin/python3"})
		if len(p.Unreadable) > 0 {
			t.Fatalf("demo unreadable: %v", p.Unreadable[0])
		}
		env := DefaultEnvironment()
		defer env.Close()
		if d := env.pyhelperOptions(p.Settings).RequestTimeout; d != 0 {
			return d
		}
		return pyhelper.DefaultRequestTimeout
	}
	// 60 s: sympy with module_mode: :explicit needs more than 30 s cold.
	if pyhelper.DefaultRequestTimeout != 60*time.Second {
		t.Errorf("pyhelper.DefaultRequestTimeout = %v, want 60s", pyhelper.DefaultRequestTimeout)
	}
	if got := effective(""); got != pyhelper.DefaultRequestTimeout {
		t.Errorf("default introspection timeout = %v, want %v", got, pyhelper.DefaultRequestTimeout)
	}
	if got := effective("config :snakebridge, introspector: [timeout: 90_000]"); got != 90*time.Second {
		t.Errorf("introspector: [timeout: 90_000] gives %v, want 90s", got)
	}
	if got := effective("config :snakebridge, introspector_timeout: 45_000"); got != 45*time.Second {
		t.Errorf("introspector_timeout: 45_000 gives %v, want 45s", got)
	}
	secs := fmt.Sprintf("%d s", int(pyhelper.DefaultRequestTimeout.Seconds()))
	for file, row := range map[string]string{"README.md": "| `introspectionTimeout` |", "docs/protocol.md": "| `introspectionTimeout` |"} {
		data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), file))
		if err != nil {
			t.Fatal(err)
		}
		i := strings.Index(string(data), row)
		if i < 0 {
			t.Fatalf("%s has no introspectionTimeout row", file)
		}
		line, _, _ := strings.Cut(string(data[i:]), "\n")
		if !strings.Contains(line, secs) {
			t.Errorf("%s says %q, the default is %s", file, line, secs)
		}
	}
}
