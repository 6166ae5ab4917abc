//go:build !linux

package pyhelper

// killAdopted: only Linux has child subreapers; elsewhere a detached
// daemon is not reaped (docs/security.md).
func killAdopted(pid int) {}
