//go:build unix

package codegen

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

// fileIdentity is the device and inode of st's file.
func fileIdentity(st os.FileInfo) string {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return fmt.Sprintf("%d:%d", s.Dev, s.Ino)
	}
	return ""
}

// changeTime is the inode's change time: every write, rename onto and
// metadata change moves it, and no one can set it back.
func changeTime(st os.FileInfo) time.Time {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return time.Unix(int64(s.Ctim.Sec), int64(s.Ctim.Nsec))
	}
	return st.ModTime()
}
