//go:build !linux && !darwin

package codegen

import (
	"os"
	"time"
)

// changeTimeKept is false where we do not read a change time: a file's
// identity is then never trusted for its content (anyone can set an mtime
// back), and a run where nothing changed hashes the files it compares.
const changeTimeKept = false

// changeTime is the modification time where no change time is read.
func changeTime(st os.FileInfo) time.Time { return st.ModTime() }
