//go:build unix && !linux

package lsp

// kernelWatches cannot count inotify watches outside Linux.
func kernelWatches() (n int, ok bool) { return 0, false }
