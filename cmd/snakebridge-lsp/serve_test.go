package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseServeFlags(t *testing.T) {
	tests := []struct {
		args    []string
		verbose int
		logfile string
		wantErr bool
	}{
		{nil, 0, "", false},
		{[]string{"--stdio"}, 0, "", false},
		{[]string{"-v"}, 1, "", false},
		{[]string{"-v", "-v", "--stdio"}, 2, "", false},
		{[]string{"-v=3"}, 3, "", false},
		{[]string{"--logfile", "/tmp/x.log"}, 0, "/tmp/x.log", false},
		{[]string{"--logfile=/tmp/y.log", "-v"}, 1, "/tmp/y.log", false},
		{[]string{"-v=loud"}, 0, "", true},
		{[]string{"--tcp"}, 0, "", true},
		{[]string{"extra"}, 0, "", true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			f, err := parseServeFlags(tt.args)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err == nil && (f.verbose != tt.verbose || f.logfile != tt.logfile) {
				t.Fatalf("got %+v", f)
			}
		})
	}
}

func TestLogFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lsp.log")
	logger, closeLog, err := configureLog(serveFlags{verbose: 1, logfile: path}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	logger.Infof("hello %d", 42)
	logger.Debugf("not at -v")
	closeLog()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "hello 42") || strings.Contains(string(data), "not at -v") {
		t.Fatalf("log file: %q", data)
	}
	if _, _, err := configureLog(serveFlags{logfile: filepath.Join(t.TempDir(), "missing", "dir", "x.log")}, io.Discard); err == nil {
		t.Fatal("an unopenable log file must be an error, not an exit")
	}
}

func TestServeRejectsBadFlags(t *testing.T) {
	var stderr strings.Builder
	if code := run(t.Context(), []string{"serve", "--nope"}, io.Discard, &stderr); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if !strings.Contains(stderr.String(), "nope") {
		t.Fatalf("stderr %q", stderr.String())
	}
}
