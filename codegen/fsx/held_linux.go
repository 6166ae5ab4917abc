//go:build linux

package fsx

import (
	"os"
	"path/filepath"
)

// heldOpen reports whether a process whose /proc entry we may read has the
// file open. It scans /proc/*/fd, which is slow, so it is only asked about
// lock files old enough to be suspect.
func heldOpen(path string) bool {
	target, err := realPath(path)
	if err != nil {
		return false
	}
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return false
	}
	for _, p := range procs {
		if !isPID(p.Name()) {
			continue
		}
		fdDir := filepath.Join("/proc", p.Name(), "fd")
		fds, err := os.ReadDir(fdDir)
		if err != nil {
			continue // gone, or not ours to read
		}
		for _, fd := range fds {
			if link, err := os.Readlink(filepath.Join(fdDir, fd.Name())); err == nil && link == target {
				return true
			}
		}
	}
	return false
}

func isPID(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
