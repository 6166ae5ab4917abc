//go:build darwin

package codegen

import (
	"os"
	"syscall"
	"time"
)

// changeTimeKept says the system keeps a change time, so that a file's
// identity can stand for its content (nochange.go).
const changeTimeKept = true

// changeTime is the inode's change time: every write, rename onto and
// metadata change moves it, and no one can set it back.
func changeTime(st os.FileInfo) time.Time {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return time.Unix(s.Ctimespec.Sec, s.Ctimespec.Nsec)
	}
	return st.ModTime()
}
