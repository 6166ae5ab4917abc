//go:build !unix

package codegen_test

// settleDisk has no portable equivalent; see settle_unix_test.go.
func settleDisk() {}
