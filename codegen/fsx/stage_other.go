//go:build !linux

package fsx

import (
	"io"
	"io/fs"
	"os"
)

// stageTemp cannot make unnamed files here: every change writes its named
// temp file when it lands, as Writer.WriteFile does.
func stageTemp(*os.File, io.Reader, fs.FileMode) (*os.File, bool, error) { return nil, false, nil }

// linkTemp is never reached without stageTemp.
func linkTemp(*os.File, *os.File) (string, bool, error) { return "", false, nil }

// startWriteBack has no portable equivalent; fsync does the work.
func startWriteBack(*os.File) {}
