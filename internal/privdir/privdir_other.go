//go:build !unix

package privdir

import (
	"fmt"
	"os"
)

// verify only checks that dir is a directory: Windows keeps the user's
// cache and temporary directories in the profile, which ACLs already make
// private.
func verify(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("checking %s: %w", dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s: %w: it is not a directory", dir, ErrNotPrivate)
	}
	return nil
}
