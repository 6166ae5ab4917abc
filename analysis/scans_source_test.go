package analysis

import (
	"path/filepath"
	"testing"
)

func TestScansSource(t *testing.T) {
	root := filepath.FromSlash("/work/app")
	used := &Project{Root: root, Libraries: []*Library{{PythonName: "numpy", Generate: "used"}},
		Settings: Settings{GeneratedDir: "lib/snakebridge_generated"}}
	custom := &Project{Root: root, Libraries: []*Library{{PythonName: "numpy", Generate: "used"}},
		Settings: Settings{GeneratedDir: "lib/gen", ScanPaths: []string{"lib", "test/support"}, ScanExtensions: []string{".ex", ".exs"}}}
	all := &Project{Root: root, Libraries: []*Library{{PythonName: "numpy", Generate: "all"}}}
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
			if got := c.p.ScansSource(filepath.Join(root, filepath.FromSlash(c.rel))); got != c.want {
				t.Fatalf("ScansSource(%s) = %v, want %v", c.rel, got, c.want)
			}
		})
	}
}
