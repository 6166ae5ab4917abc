//go:build unix

package codegen_test

import "syscall"

// settleDisk flushes the file system outside a benchmark's timer: the
// previous iteration's writes and the removal of its files would otherwise
// be written back (and, on a file system mounted with discard, trimmed)
// during the next iteration's syncs, charging one iteration's clean-up to
// the next and making the figure drift upwards from run to run.
func settleDisk() { syscall.Sync() }
