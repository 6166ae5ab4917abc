package pyhelper

import (
	"fmt"
	"os"
	"sync"
	"syscall"
)

// tailBuffer keeps the last max bytes written to it: the interpreter's own
// diagnostics (start-up errors, faulthandler dumps) for error messages.
type tailBuffer struct {
	mu   sync.Mutex
	max  int
	data []byte
}

func newTailBuffer(max int) *tailBuffer { return &tailBuffer{max: max} }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.data = append(t.data, p...)
	if over := len(t.data) - t.max; over > 0 {
		t.data = append(t.data[:0], t.data[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.data)
}

// limitBuffer collects up to max bytes and remembers an overflow.
type limitBuffer struct {
	mu       sync.Mutex
	max      int
	data     []byte
	overflow bool
}

func (l *limitBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.data)+len(p) > l.max {
		l.overflow = true
		return len(p), nil
	}
	l.data = append(l.data, p...)
	return len(p), nil
}

// exitStatus describes how a process ended: the signal name (if signalled)
// and the exit code (-1 when signalled).
func exitStatus(state *os.ProcessState) (signal string, code int) {
	if state == nil {
		return "", -1
	}
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return ws.Signal().String(), -1
	}
	return "", state.ExitCode()
}

func describeExit(state *os.ProcessState) string {
	signal, code := exitStatus(state)
	if signal != "" {
		return "killed by signal: " + signal
	}
	return fmt.Sprintf("exited with status %d", code)
}
