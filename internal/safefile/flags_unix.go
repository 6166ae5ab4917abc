//go:build unix

package safefile

import "syscall"

// openFlags: O_NONBLOCK so that opening a FIFO returns at once (the fstat
// then refuses it); it changes nothing for a regular file's reads.
const openFlags = syscall.O_NONBLOCK

// noFollow refuses a symlink as the last path component.
const noFollow = syscall.O_NOFOLLOW
