package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestOversizedFrameIsFatal: through the real binary, a frame announcing
// 2,000,000,000 bytes makes the server log the error and exit non-zero at
// once, with stdin still open (before, it silently waited to discard the
// next 2 GB).
func TestOversizedFrameIsFatal(t *testing.T) {
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+t.TempDir())
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`
	frames := "Content-Length: " + strconv.Itoa(len(init)) + "\r\n\r\n" + init +
		"Content-Length: 2000000000\r\n\r\n" + strings.Repeat(" ", 1000)
	if _, err := stdin.Write([]byte(frames)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("the server still runs 20 s after an oversized frame; stderr:\n%s", stderr.String())
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() == 0 {
		t.Fatalf("exit %v, want a non-zero status", err)
	}
	if !strings.Contains(stderr.String(), "2000000000 bytes exceeds") {
		t.Errorf("the log does not name the oversized frame:\n%s", stderr.String())
	}
	if !strings.Contains(stdout.String(), `"id":1`) {
		t.Errorf("initialize was not answered before: %q", stdout.String())
	}
}
