package filememo

import (
	"os"
	"time"
)

// Identity is a version of a file that outlives the process (a FileInfo
// cannot be stored): device, inode, size, modification and status-change
// times in nanoseconds. The status-change time moves with every write,
// rename onto the path or chmod, and no user can set it: an edit that keeps
// size and modification time (touch -d, a rewrite within one clock tick of
// a coarse file system) still changes it, unless the edit falls within the
// same tick as the previous one (see Racy).
type Identity struct {
	Dev, Ino         uint64
	Size             int64
	MtimeNs, CtimeNs int64
}

// IdentityOf returns the identity of the version info describes; false
// where the platform has no inode and status-change time (Windows), where
// no identity may be trusted across processes.
func IdentityOf(info os.FileInfo) (Identity, bool) {
	if info == nil {
		return Identity{}, false
	}
	return identityOf(info)
}

// Racy reports whether the identity was taken too close to when it was
// recorded to vouch for the content (git's "racily clean" files): a file
// modified again within the same tick of the file system's clock keeps its
// times. File times lag the wall clock by up to a tick of the kernel's
// coarse clock, and some file systems store seconds or two; whoever records
// a racy identity must also keep a digest of the content.
func (id Identity) Racy(recordedAt time.Time) bool {
	limit := recordedAt.Add(-RacyWindow).UnixNano()
	return id.MtimeNs >= limit || id.CtimeNs >= limit
}

// RacyWindow is how far before a recording a file time must lie for the
// identity alone to vouch for the content (two seconds: FAT's granularity).
const RacyWindow = 2 * time.Second
