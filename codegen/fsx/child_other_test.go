//go:build !unix || aix

package fsx

import (
	"fmt"
	"os"
)

// runChild: the helper processes need signals and flock.
func runChild(mode string) int {
	fmt.Fprintf(os.Stderr, "child mode %s is not supported on this platform\n", mode)
	return 2
}
