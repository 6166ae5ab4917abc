package fsx

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// benchContent is a generated-file-sized content (8 KiB) for file i.
func benchContent(variant, i int) []byte {
	return append(fmt.Appendf(nil, "# variant %d file %d\n", variant, i), bytes.Repeat([]byte("def f(x), do: x\n"), 512)...)
}

// BenchmarkWriteUnchanged is a regeneration that changes nothing: 1,000
// generated files, each compared with its new content and left alone,
// through the guarded writer the generator uses.
func BenchmarkWriteUnchanged(b *testing.B) {
	root := b.TempDir()
	const files = 1000
	paths := make([]string, files)
	data := make([][]byte, files)
	for i := range files {
		paths[i] = filepath.Join(root, "lib", "gen", fmt.Sprintf("mod%02d", i%50), fmt.Sprintf("f%d.ex", i))
		data[i] = benchContent(0, i)
		mustWrite(b, paths[i], data[i])
	}
	w := Writer{Guard: &Guard{Root: root}}
	b.ResetTimer()
	for range b.N {
		for i := range files {
			changed, err := w.WriteFile(paths[i], data[i], 0o644)
			if err != nil || changed {
				b.Fatalf("WriteFile = %v, %v", changed, err)
			}
		}
	}
}

// BenchmarkCommit100Files applies a commit in which all of 100 files
// change (each with its fsyncs), alternating between two contents.
func BenchmarkCommit100Files(b *testing.B) {
	root := b.TempDir()
	const files = 100
	var commits [2]Commit
	for v := range commits {
		commits[v].Writer.Guard = &Guard{Root: root}
		for i := range files {
			path := filepath.Join(root, "lib", "gen", fmt.Sprintf("mod%d", i%10), fmt.Sprintf("f%d.ex", i))
			commits[v].Put(path, benchContent(v, i), 0o644)
		}
	}
	if _, err := commits[1].Apply(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for n := range b.N {
		res, err := commits[n%2].Apply(context.Background())
		if err != nil || len(res.Written) != files {
			b.Fatalf("Apply wrote %d files: %v", len(res.Written), err)
		}
	}
}
