//go:build !unix

package fsx

import "os"

// openNoFollow is 0 where the platform has no O_NOFOLLOW; the Lstat before
// the read still refuses symlinked targets.
const openNoFollow = 0

// syncDir is a no-op where directories cannot be opened for syncing
// (Windows, which is build-only for now); the rename is still atomic.
func syncDir(string) error { return nil }

// syncOpenDir is a no-op here, as syncDir.
func syncOpenDir(*os.File) error { return nil }
