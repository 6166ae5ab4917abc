//go:build linux

package lsp

import (
	"os"
	"path/filepath"
	"strings"
)

// kernelWatches counts the inotify watches the process holds, as the
// kernel lists them in /proc/self/fdinfo (one "inotify wd:" line per
// watch, whatever the server's bookkeeping says); ok is false when /proc
// cannot tell.
func kernelWatches() (n int, ok bool) {
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0, false
	}
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err != nil || link != "anon_inode:inotify" {
			continue
		}
		info, err := os.ReadFile(filepath.Join("/proc/self/fdinfo", fd.Name()))
		if err != nil {
			return 0, false
		}
		n += strings.Count(string(info), "inotify wd:")
	}
	return n, true
}
