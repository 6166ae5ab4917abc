package scan

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkDefinitions scans the generated fixture, the size of a small
// library's bindings.
func BenchmarkDefinitions(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("testdata", "defs", "generated_showcase.ex"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Definitions(src)
	}
}
