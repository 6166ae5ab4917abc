package analysis

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
)

func TestInputsRoleAndBufferOfEachFile(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "mix.exs"), `defmodule A.MixProject do
  use Mix.Project
  def project, do: [app: :a, version: "0.1.0", python_deps: [{:json, :stdlib, docs_manifest: "priv/docs.json", stub_search_paths: ["stubs"]}]]
end
`)
	writeFile(t, filepath.Join(root, "config", "config.exs"), "import Config\nconfig :snakebridge, scan_paths: [\"lib\", \"apps\"]\n")
	p := Load(context.Background(), root, Options{Getenv: func(string) (string, bool) { return "", false }})
	if len(p.Unreadable) > 0 {
		t.Fatalf("unreadable: %v", p.Unreadable)
	}
	inputs := p.Inputs()
	tests := []struct {
		rel      string
		role     InputRole // "" : not an input
		buffered bool
	}{
		{"mix.exs", RoleMix, true},
		{"mix.lock", RoleMixLock, false},
		{"config/config.exs", RoleConfig, true},
		{"config/sub/x.exs", "", false},
		{"config/notes.txt", "", false},
		{"snakebridge.lock", RoleLock, true},
		{".snakebridge/manifest.json", RoleManifest, true},
		{"priv/snakebridge/registry.json", RoleRegistry, true},
		{"config/wheel_variants.json", RoleWheels, true},
		{"priv/docs.json", RoleDocsManifest, false},
		{"stubs/pkg/m.pyi", RoleStubs, false},
		{"stubs/pkg/m.py", "", false},
		{"lib/a/b.ex", RoleSources, true},
		{"apps/x/lib/c.ex", RoleSources, true},
		{"lib/a/b.exs", "", false},
		{"lib/snakebridge_generated/json/json.ex", RoleGenerated, false},
		{"priv/python/helper.py", RolePythonSource, false},
		{"deps/snakebridge/priv/python/introspect.py", RolePythonSource, false},
		{"deps/snakebridge/mix.exs", RoleGenerator, false},
		{"lib/snakebridge/config.ex", RoleSources, true}, // a generator file too: the first input wins
		{"README.md", "", false},
	}
	for _, tt := range tests {
		in, ok := InputOf(inputs, filepath.Join(root, filepath.FromSlash(tt.rel)))
		if in.Role != tt.role || ok != (tt.role != "") || in.Buffered != tt.buffered {
			t.Errorf("%s: input %q (found %v, buffered %v), want %q (buffered %v)", tt.rel, in.Role, ok, in.Buffered, tt.role, tt.buffered)
		}
	}
}

// TestInputsOfAnUnreadableProject: without a configuration only the files
// that can make it readable again are inputs.
func TestInputsOfAnUnreadableProject(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "mix.exs"), "defmodule A do\n")
	p := Load(context.Background(), root, Options{Getenv: func(string) (string, bool) { return "", false }})
	if len(p.Unreadable) == 0 {
		t.Fatal("the project should be unreadable")
	}
	inputs := p.Inputs()
	for rel, want := range map[string]bool{"mix.exs": true, "config/config.exs": true, "snakebridge.lock": true, ".snakebridge/manifest.json": false, "lib/a.ex": false} {
		if _, ok := InputOf(inputs, filepath.Join(root, rel)); ok != want {
			t.Errorf("%s: input %v, want %v", rel, ok, want)
		}
	}
}

// TestSourceInputs: the scanned sources are buffered inputs exactly when
// an edit of them can change what the scan of a generate: :used library
// finds (formerly Project.ScansSource, which the server asked apart).
func TestSourceInputs(t *testing.T) {
	root := filepath.FromSlash("/work/app")
	mix := &elixir.MixFile{}
	used := &Project{Root: root, Mix: mix, Libraries: []*Library{{PythonName: "numpy", Generate: "used"}},
		Settings: Settings{GeneratedDir: "lib/snakebridge_generated", ScanPaths: []string{"lib"}, ScanExtensions: []string{".ex"}}}
	custom := &Project{Root: root, Mix: mix, Libraries: []*Library{{PythonName: "numpy", Generate: "used"}},
		Settings: Settings{GeneratedDir: "lib/gen", ScanPaths: []string{"lib", "test/support"}, ScanExtensions: []string{".ex", ".exs"}}}
	all := &Project{Root: root, Mix: mix, Libraries: []*Library{{PythonName: "numpy", Generate: "all"}},
		Settings: Settings{GeneratedDir: "lib/snakebridge_generated", ScanPaths: []string{"lib"}, ScanExtensions: []string{".ex"}}}
	cases := []struct {
		name string
		p    *Project
		rel  string
		want bool
	}{
		{"a lib source", used, "lib/app.ex", true},
		{"a nested lib source", used, "lib/app/deep/x.ex", true},
		{"a script is not scanned by default", used, "lib/app.exs", false},
		{"outside the scan paths", used, "test/app_test.exs", false},
		{"the generated bindings", used, "lib/snakebridge_generated/numpy/__init__.ex", false},
		{"outside the project", used, "../other/lib/x.ex", false},
		{"a configured path and extension", custom, "test/support/helper.exs", true},
		{"a configured generated_dir", custom, "lib/gen/numpy.ex", false},
		{"the default generated_dir is scanned when another is configured", custom, "lib/snakebridge_generated/x.ex", true},
		{"no generate: :used library", all, "lib/app.ex", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, ok := InputOf(c.p.Inputs(), filepath.Join(root, filepath.FromSlash(c.rel)))
			if got := ok && in.Role == RoleSources && in.Buffered; got != c.want {
				t.Fatalf("%s: a buffered source input %v (input %q), want %v", c.rel, got, in.Role, c.want)
			}
		})
	}
}

// TestUmbrellaAppConfigPath: an umbrella's app loads the umbrella's config
// (config_path: "../../config/config.exs"), as Mix does, with what it
// imports, from its directory or elsewhere; they are the app's inputs,
// and an error in them names the file.
func TestUmbrellaAppConfigPath(t *testing.T) {
	umbrella := t.TempDir()
	app := filepath.Join(umbrella, "apps", "a")
	writeFile(t, filepath.Join(app, "mix.exs"), `defmodule A.MixProject do
  use Mix.Project
  def project, do: [app: :a, version: "0.1.0", config_path: "../../config/config.exs", python_deps: [{:json, :stdlib}]]
end
`)
	config := filepath.Join(umbrella, "config", "config.exs")
	writeFile(t, config, "import Config\nimport_config \"snakebridge.exs\"\nimport_config \"../shared/extra.exs\"\n")
	writeFile(t, filepath.Join(umbrella, "shared", "extra.exs"), "import Config\n")
	writeFile(t, filepath.Join(umbrella, "config", "snakebridge.exs"), "import Config\nconfig :snakebridge, generated_dir: \"lib/gen\"\n")
	noEnv := Options{Getenv: func(string) (string, bool) { return "", false }}
	p := Load(context.Background(), app, noEnv)
	if len(p.Unreadable) > 0 || p.Settings.GeneratedDir != "lib/gen" {
		t.Fatalf("generated_dir %q (want the umbrella config's lib/gen), unreadable %v", p.Settings.GeneratedDir, p.Unreadable)
	}
	for _, f := range []string{config, filepath.Join(umbrella, "config", "snakebridge.exs"), filepath.Join(umbrella, "config", "prod.exs"), filepath.Join(umbrella, "shared", "extra.exs")} {
		if in, ok := InputOf(p.Inputs(), f); !ok || in.Role != RoleConfig || !in.Buffered {
			t.Errorf("%s is not a buffered config input: %+v", f, in)
		}
	}
	writeFile(t, config, "import Config\nconfig :snakebridge, generated_dir:\n")
	p = Load(context.Background(), app, noEnv)
	if len(p.Unreadable) != 1 || p.Unreadable[0].File != filepath.ToSlash(config) {
		t.Errorf("an error in the umbrella's config: %+v, want one naming %s", p.Unreadable, config)
	}
}
