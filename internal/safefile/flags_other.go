//go:build !unix

package safefile

// openFlags: Windows has no FIFOs in the file system; opening a named pipe
// path fails or returns at once, and the fstat refuses it.
const openFlags = 0

// noFollow: no O_NOFOLLOW here; callers check with Lstat first.
const noFollow = 0
