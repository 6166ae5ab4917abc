package analysis

import (
	"fmt"
	"strings"
	"testing"
)

// venvConfig is how real projects point SnakeBridge's runtime at a venv:
// only when the directory exists, which check cannot evaluate.
const venvConfig = `import Config

config :snakebridge,
  generated_dir: "lib/snakebridge_generated"

if File.dir?(Path.expand("../.venv", __DIR__)) do
  config :snakebridge,
    venv_path: Path.expand("../.venv", __DIR__)
end
`

// TestConfigPartiallyUnreadable: a configuration that is dynamic only where
// it does not matter is evaluated around the dynamic part, which is a
// warning that does not make the project stale; a dynamic value that check
// needs still makes it unevaluable, naming the key.
func TestConfigPartiallyUnreadable(t *testing.T) {
	cases := []struct {
		name     string
		config   string
		env      map[string]string
		resolve  bool // no --python
		want     string
		exit     int
		line     int
		contains []string
	}{
		{"venv_path under a file condition", venvConfig, nil, false,
			"[config_partially_unreadable]", 0, 6, []string{"it may set config :snakebridge, venv_path", "neither check nor generate needs", "does not make the bindings stale"}},
		{"venv_path from the environment, set", "import Config\n\nif System.get_env(\"SNAKEBRIDGE_VENV\") do\n  config :snakebridge, venv_path: Path.expand(System.get_env(\"SNAKEBRIDGE_VENV\"))\nend\n",
			map[string]string{"SNAKEBRIDGE_VENV": "/opt/venv"}, false, "[config_partially_unreadable]", 0, 3, []string{"Path.expand/1"}},
		{"venv_path from the environment, unset", "import Config\n\nif System.get_env(\"SNAKEBRIDGE_VENV\") do\n  config :snakebridge, venv_path: Path.expand(System.get_env(\"SNAKEBRIDGE_VENV\"))\nend\n",
			nil, false, "[]", 0, 0, nil},
		{"generated_dir under a file condition", strings.Replace(venvConfig, "venv_path:", "generated_dir:", 1), nil, false,
			"[config_unreadable]", 2, 6, []string{"config :snakebridge, generated_dir", "where the bindings are"}},
		{"snakepit interpreter, --python given", "import Config\nconfig :snakepit, python_executable: Path.expand(\"~/.venv/bin/python3\")\n", nil, false,
			"[config_partially_unreadable]", 0, 1, []string{"the interpreter given explicitly overrides"}},
		{"snakepit interpreter, resolved", "import Config\nconfig :snakepit, python_executable: Path.expand(\"~/.venv/bin/python3\")\n", nil, true,
			"[config_unreadable]", 2, 1, []string{"config :snakepit, python_executable", "which Python interpreter is used"}},
		{"signature sources", "import Config\nconfig :snakebridge, signature_sources: Enum.reject([:runtime, :stub], &(&1 == :stub))\n", nil, false,
			"[config_partially_unreadable]", 0, 1, []string{"generate refuses the project while it is unknown"}},
		{"any key", "import Config\nif File.dir?(\"x\") do\n  config :snakebridge, Application.get_all_env(:other)\nend\n", nil, false,
			"[config_unreadable]", 2, 2, []string{"any key of config :snakebridge"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			f.files["config/config.exs"] = c.config
			for k, v := range c.env {
				f.env[k] = v
			}
			f.resolve = c.resolve
			if c.resolve {
				f.env["PATH"] = "/usr/bin"
			}
			r := f.check()
			if got := fmt.Sprint(codes(r)); got != c.want || r.ExitCode() != c.exit {
				t.Fatalf("codes %s exit %d, want %s exit %d:\n%s", got, r.ExitCode(), c.want, c.exit, describe(r))
			}
			if r.Fresh != (c.exit == 0) {
				t.Errorf("fresh = %v", r.Fresh)
			}
			if len(r.Findings) == 0 {
				return
			}
			got := r.Findings[0]
			if got.File != "config/config.exs" || got.Range.Start.Line != c.line {
				t.Errorf("at %s:%d, want config/config.exs:%d", got.File, got.Range.Start.Line, c.line)
			}
			for _, s := range c.contains {
				if !strings.Contains(got.Message, s) {
					t.Errorf("message %q lacks %q", got.Message, s)
				}
			}
		})
	}
}
