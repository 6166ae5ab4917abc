package hardware

import (
	"context"
	"testing"
)

// BenchmarkDetect is one detection of this machine, as each process pays
// it once (no cache): CPU features, and the GPU tools looked up on PATH.
func BenchmarkDetect(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		Detect(ctx, System())
	}
}
