package logging

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLevelsAndFormat(t *testing.T) {
	var b strings.Builder
	l := New(&b, Info, "snakebridge-lsp")
	l.Debugf("debug %d", 1)
	l.Infof("info %d", 2)
	l.Warningf("warn %d%%", 3)
	l.Errorf("error %q", "x\ny")
	l.Errorf("")
	// The lines commonlog's simple backend wrote, uncolored.
	want := regexp.MustCompile(`^` +
		`\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{3}   INFO \[snakebridge-lsp\] info 2\n` +
		`\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{3}   WARN \[snakebridge-lsp\] warn 3%\n` +
		`\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{3}  ERROR \[snakebridge-lsp\] error "x\\ny"\n` +
		`\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{3}  ERROR \[snakebridge-lsp\]\n` +
		`$`)
	if !want.MatchString(b.String()) {
		t.Fatalf("log:\n%s", b.String())
	}

	b.Reset()
	l = New(&b, Error, "x")
	l.Warningf("no")
	l.Errorf("yes")
	if s := b.String(); strings.Contains(s, "no") || !strings.HasSuffix(s, "  ERROR [x] yes\n") {
		t.Fatalf("log at Error: %q", s)
	}

	b.Reset()
	l = New(&b, Debug, "x")
	l.Debugf("d")
	if s := b.String(); !strings.HasSuffix(s, " DEBUG [x] d\n") {
		t.Fatalf("log at Debug: %q", s)
	}
	Discard.Errorf("nothing %d", 1)
}

// countingWriter fails the test if two writes overlap.
type countingWriter struct {
	t     *testing.T
	mu    sync.Mutex
	busy  bool
	lines int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	if w.busy {
		w.t.Error("concurrent writes")
	}
	w.busy = true
	w.mu.Unlock()
	time.Sleep(10 * time.Microsecond) // widen the window for an overlap
	if len(p) == 0 || p[len(p)-1] != '\n' || strings.Count(string(p), "\n") != 1 {
		w.t.Errorf("not one whole line: %q", p)
	}
	w.mu.Lock()
	w.busy = false
	w.lines++
	w.mu.Unlock()
	return len(p), nil
}

func TestConcurrentLinesAreWhole(t *testing.T) {
	w := &countingWriter{t: t}
	l := New(w, Debug, "x")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				l.Infof("goroutine %d line %d", i, j)
			}
		})
	}
	wg.Wait()
	if w.lines != 400 {
		t.Fatalf("%d lines, want 400", w.lines)
	}
}
