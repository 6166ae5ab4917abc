package elixir

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
	"github.com/stretchr/testify/require"
)

// testEnv is the environment of the condition fixtures.
var testVars = map[string]string{"SNAKEBRIDGE_PY": "/usr/bin/python3", "CI": "true"}

func testEnv(mixEnv string) ConfigEnv {
	return ConfigEnv{MixEnv: mixEnv, Getenv: func(k string) (string, bool) {
		v, ok := testVars[k]
		return v, ok
	}}
}

func loadFixture(t *testing.T, dir, mixEnv string) *Config {
	t.Helper()
	c, err := LoadConfig(context.Background(), filepath.Join("testdata", "config", dir), testEnv(mixEnv))
	require.NoError(t, err)
	return c
}

// inspectSettings renders settings sorted by key as "key=value".
func inspectSettings(m map[string]Setting) string {
	var parts []string
	for k, s := range m {
		parts = append(parts, k+"="+term.Inspect(s.Node.Term))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

func TestLoadConfigFixtures(t *testing.T) {
	tests := []struct {
		dir, env    string
		snakebridge string
		snakepit    string
		files       []string
	}{
		{
			dir: "basic", env: "dev",
			snakebridge: `generated_dir="lib/snakebridge_generated" introspector=[timeout: 30000, max_concurrency: 4] ` +
				`metadata_dir=".snakebridge" scan_exclude=["lib/legacy/**"] scan_paths=["lib", "test/support"] verbose=false`,
			snakepit: `adapter_module=Snakepit.Adapters.GRPCPython pooling_enabled=false`,
			files:    []string{"config.exs", "dev.exs"},
		},
		{
			dir: "basic", env: "test",
			snakebridge: `generated_dir="lib/snakebridge_generated" introspector=[timeout: 5000] ` +
				`metadata_dir=".snakebridge" scan_exclude=["lib/legacy/**"] scan_paths=["lib", "test/support"] strict=true verbose=true`,
			snakepit: `adapter_module=Snakepit.Adapters.GRPCPython pool_size=1 pooling_enabled=false`,
			files:    []string{"config.exs", "test.exs"},
		},
		{
			dir: "merge", env: "dev",
			snakebridge: `coverage_report=[output_dir: "coverage"] docs=:off generated_layout=:single helper_allowlist=:none ` +
				`introspector=[env: %{"PYTHONPATH" => "priv/python"}, max_concurrency: 4, timeout: 20, cd: "priv"] ` +
				`scan_paths=["lib", "test/support"] stubgen=[enabled: true, cache_dir: nil]`,
			files: []string{"config.exs"},
		},
		{
			dir: "conditions", env: "dev",
			snakebridge: `auto_install=:dev_test env_name=:dev label="fallback" ` +
				`python_executable="/usr/bin/python3" quoted key=:ok strict=false venv=".venv" verbose=true`,
			files: []string{"config.exs"},
		},
		{
			dir: "conditions", env: "prod",
			snakebridge: `env_name=:prod label="fallback" ` +
				`python_executable="/usr/bin/python3" quoted key=:ok strict=true venv=".venv" verbose=false`,
			files: []string{"config.exs"},
		},
		{
			dir: "conditions", env: "test",
			snakebridge: `auto_install=:dev_test compile_hint=true env_name=:test label="fallback" ` +
				`python_executable="/usr/bin/python3" quoted key=:ok strict=false venv=".venv" verbose=true`,
			files: []string{"config.exs"},
		},
		{dir: "legacy", env: "dev", snakebridge: `generated_dir="lib/gen_dev"`, files: []string{"config.exs", "dev.exs"}},
		{dir: "legacy", env: "test", snakebridge: `generated_dir="lib/gen_test"`, files: []string{"config.exs", "test.exs"}},
		{dir: "no_such_dir", env: "dev"},
	}
	for _, tc := range tests {
		t.Run(tc.dir+"/"+tc.env, func(t *testing.T) {
			c := loadFixture(t, tc.dir, tc.env)
			require.Equal(t, tc.snakebridge, inspectSettings(c.Snakebridge))
			require.Equal(t, tc.snakepit, inspectSettings(c.Snakepit))
			var want []string
			for _, f := range tc.files {
				want = append(want, filepath.Join("testdata", "config", tc.dir, f))
			}
			require.Equal(t, want, c.Files)
		})
	}
}

// TestLoadConfigAgainstElixir compares every fixture with Config.Reader.
func TestLoadConfigAgainstElixir(t *testing.T) {
	type run struct{ dir, env string }
	runs := []run{{"basic", "dev"}, {"basic", "test"}, {"merge", "dev"}, {"conditions", "dev"}, {"conditions", "prod"}, {"conditions", "test"}, {"legacy", "dev"}, {"legacy", "test"}}
	root, err := filepath.Abs(filepath.Join("testdata", "config"))
	require.NoError(t, err)
	var script strings.Builder
	script.WriteString("Mix.start()\n")
	for k, v := range testVars {
		fmt.Fprintf(&script, "System.put_env(%q, %q)\n", k, v)
	}
	for _, r := range runs {
		// In a real mix run Mix.env() equals config_env(); Config.Reader
		// alone does not set it.
		fmt.Fprintf(&script, `
Mix.env(:%[2]s)
c = Config.Reader.read!(%[1]q, env: :%[2]s, target: :host)
for app <- [:snakebridge, :snakepit], {k, v} <- Map.new(c[app] || []) |> Enum.sort() do
  IO.puts("%[3]s/%[2]s #{app} #{k} #{Canon.c(v)}")
end
`, filepath.Join(root, r.dir, "config.exs"), r.env, r.dir)
	}
	out := runElixir(t, t.TempDir(), script.String())
	var want, got []string
	want = strings.Split(strings.TrimSpace(out), "\n")
	for _, r := range runs {
		c := loadFixture(t, r.dir, r.env)
		for _, app := range []string{"snakebridge", "snakepit"} {
			m := c.Snakebridge
			if app == "snakepit" {
				m = c.Snakepit
			}
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				got = append(got, fmt.Sprintf("%s/%s %s %s %s", r.dir, r.env, app, k, canon(m[k].Node.Term)))
			}
		}
	}
	sort.Strings(want)
	sort.Strings(got)
	require.Equal(t, strings.Join(want, "\n"), strings.Join(got, "\n"))
}

// TestConfigMergeOrder checks the order of merged keyword lists against
// Keyword.merge, using the reader's internal pair lists.
func TestConfigMergeOrder(t *testing.T) {
	src := `import Config
config :snakebridge, a: 1, b: [x: 1, y: 2], a: 3
config :snakebridge, c: 1, b: [z: 3, x: 4], a: 5
`
	r := &configReader{apps: map[string][]*Node{}}
	require.NoError(t, r.file("config.exs", []byte(src)))
	got := term.Inspect(terms(r.apps["snakebridge"]))
	// Keyword.merge([a: 1, b: [x: 1, y: 2], a: 3], [c: 1, b: [z: 3, x: 4], a: 5], &deep_merge/3)
	require.Equal(t, `[c: 1, b: [y: 2, z: 3, x: 4], a: 5]`, got)
}

func TestConfigSettingFilesAndRanges(t *testing.T) {
	c := loadFixture(t, "basic", "dev")
	intro := c.Snakebridge["introspector"]
	dev := filepath.Join("testdata", "config", "basic", "dev.exs")
	require.Equal(t, dev, intro.File)
	// timeout comes from config.exs (line 11), max_concurrency from dev.exs (line 3).
	timeout, maxc := intro.Node.Elems[0], intro.Node.Elems[1]
	require.Equal(t, filepath.Join("testdata", "config", "basic", "config.exs"), timeout.File)
	require.Equal(t, Range{Position{10, 17}, Position{10, 32}}, timeout.Range)
	require.Equal(t, dev, maxc.File)
	require.Equal(t, Range{Position{2, 52}, Position{2, 70}}, maxc.Range)
	gen := c.Snakebridge["generated_dir"]
	require.Equal(t, Range{Position{5, 17}, Position{5, 44}}, gen.Node.Range)
}

func TestParseConfigErrors(t *testing.T) {
	files := map[string]string{}
	read := func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}
	tests := []struct{ name, src, want string }{
		{"not a keyword list", "import Config\nconfig :snakebridge, [1, 2]\n",
			`config.exs:2:22: config :snakebridge expects a keyword list, got [1, 2]`},
		{"missing import", "import Config\nimport_config \"#{config_env()}.exs\"\n",
			`config.exs:2:15: import_config: could not read dev.exs`},
		{"bad interpolation", "import Config\nimport_config \"#{System.user_home()}/x.exs\"\n",
			`config.exs:2:18: cannot evaluate a call to System.user_home/0 inside import_config`},
		{"syntax", "import Config\nconfig :snakebridge, a: [1\n",
			`config.exs:2:25: missing terminator "]"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig("config.exs", []byte(tc.src), ConfigEnv{}, read)
			var e *Error
			require.True(t, errors.As(err, &e), "want *Error, got %T: %v", err, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestLoadConfigImportErrors(t *testing.T) {
	_, err := LoadConfig(context.Background(), filepath.Join("testdata", "config", "missing_import"), ConfigEnv{MixEnv: "test"})
	require.ErrorContains(t, err, "missing_import/config.exs:3:15: import_config: could not read "+filepath.Join("testdata", "config", "missing_import", "test.exs"))

	_, err = LoadConfig(context.Background(), filepath.Join("testdata", "config", "cycle"), ConfigEnv{})
	require.ErrorContains(t, err, "import_config cycle")
	require.ErrorContains(t, err, "other.exs:2:15")

	c, err := LoadConfig(context.Background(), filepath.Join("testdata", "config", "missing_import"), ConfigEnv{})
	require.NoError(t, err)
	require.Equal(t, "verbose=true", inspectSettings(c.Snakebridge))
}

func TestLoadConfigCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := LoadConfig(ctx, filepath.Join("testdata", "config", "basic"), ConfigEnv{})
	require.ErrorContains(t, err, "context canceled")
}
