//go:build linux || darwin

package filememo

import (
	"os"
	"syscall"
)

func identityOf(info os.FileInfo) (Identity, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return Identity{}, false
	}
	mtime, ctime := statTimes(st)
	return Identity{Dev: uint64(st.Dev), Ino: uint64(st.Ino), Size: info.Size(), MtimeNs: mtime, CtimeNs: ctime}, true
}

// sameCtime reports whether two stats carry the same status-change time
// (true when one has none to compare).
func sameCtime(a, b os.FileInfo) bool {
	x, ok1 := a.Sys().(*syscall.Stat_t)
	y, ok2 := b.Sys().(*syscall.Stat_t)
	if !ok1 || !ok2 {
		return true
	}
	_, cx := statTimes(x)
	_, cy := statTimes(y)
	return cx == cy
}
