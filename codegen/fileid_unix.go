//go:build unix

package codegen

import (
	"fmt"
	"os"
	"syscall"
)

// fileIdentity is the device and inode of st's file.
func fileIdentity(st os.FileInfo) string {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return fmt.Sprintf("%d:%d", s.Dev, s.Ino)
	}
	return ""
}
