package elixir

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestParseConfigUnknownParts: what cannot be evaluated becomes an unknown
// part naming the keys it may set and its line, and the rest of the file is
// still evaluated.
func TestParseConfigUnknownParts(t *testing.T) {
	noFiles := func(string) ([]byte, error) { return nil, os.ErrNotExist }
	tests := []struct {
		name, src string
		env       map[string]string
		want      string // app keys line:col, one per unknown part
		settings  string // the :snakebridge settings evaluated
	}{
		{"call in value", "import Config\nconfig :snakebridge, generated_dir: Path.join(\"lib\", \"gen\"), verbose: true\n",
			nil, "snakebridge [generated_dir] 2:22 cannot evaluate a call to Path.join/2", "verbose=true"},
		{"expand", "import Config\nconfig :snakepit,\n  python_executable: Path.expand(\"~/.venv/bin/python\")\n",
			nil, "snakepit [python_executable] 3:3 cannot evaluate a call to Path.expand/1", ""},
		{"variable", "import Config\ndir = \"lib/gen\"\nconfig :snakebridge, generated_dir: dir\n",
			nil, "snakebridge [generated_dir] 3:22 cannot evaluate the variable dir", ""},
		{"key and value form", "import Config\nconfig :snakebridge, :venv_path, Path.expand(\"x\")\n",
			nil, "snakebridge [venv_path] 2:34 cannot evaluate a call to Path.expand/1", ""},
		{"nested in for", "import Config\nfor k <- [:a] do\n  config :snakebridge, k, true\nend\nconfig :snakebridge, verbose: true\n",
			nil, "snakebridge * 3:3 config :snakebridge inside a statement that is not evaluated (for …)", "verbose=true"},
		{"undecidable if with import", "import Config\nif File.exists?(\"x\") do\n  import_config \"x.exs\"\nend\n",
			nil, " * 3:3 import_config inside an if whose condition cannot be evaluated", ""},
		{"undecidable if", "import Config\n\nconfig :snakebridge, verbose: true\n\nif File.dir?(\"/opt/venv\") do\n  config :snakebridge,\n    venv_path: \"/opt/venv\",\n    runtime: [timeout_profile: :batch_job]\nelse\n  config :snakepit, pool_size: 2\nend\n",
			nil, "snakebridge [runtime venv_path] 6:3 config :snakebridge inside an if whose condition cannot be evaluated; snakepit [pool_size] 10:3 config :snakepit inside an if", "verbose=true"},
		{"environment condition, unset", "import Config\nif System.get_env(\"SNAKEBRIDGE_VENV\") do\n  config :snakebridge, venv_path: Path.expand(System.get_env(\"SNAKEBRIDGE_VENV\"))\nend\n",
			nil, "", ""},
		{"environment condition, set", "import Config\nif System.get_env(\"SNAKEBRIDGE_VENV\") do\n  config :snakebridge, venv_path: Path.expand(System.get_env(\"SNAKEBRIDGE_VENV\")), verbose: true\nend\n",
			map[string]string{"SNAKEBRIDGE_VENV": "/opt/venv"}, "snakebridge [venv_path] 3:24 cannot evaluate a call to Path.expand/1", "verbose=true"},
		{"non-literal keys", "import Config\nif File.dir?(\"x\") do\n  config :snakebridge, opts\nend\n",
			nil, "snakebridge * 3:3 config :snakebridge inside an if", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := ConfigEnv{Getenv: func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok }}
			c, err := ParseConfig("config.exs", []byte(tc.src), env, noFiles)
			require.NoError(t, err)
			var got []string
			for _, u := range c.Unknown {
				keys := "*"
				if !u.AnyKey() {
					keys = fmt.Sprint(u.Keys)
				}
				got = append(got, fmt.Sprintf("%s %s %d:%d %s", u.App, keys, u.Range.Start.Line+1, u.Range.Start.Character+1, u.Reason))
			}
			for i, want := range strings.Split(tc.want, "; ") {
				if want == "" {
					require.Empty(t, got)
					break
				}
				require.Greater(t, len(got), i, "unknown parts %v", got)
				require.True(t, strings.HasPrefix(got[i], want), "part %d = %q, want prefix %q", i, got[i], want)
			}
			require.Equal(t, tc.settings, inspectSettings(c.Snakebridge))
		})
	}
}
