//go:build !linux && !darwin

package filememo

import "os"

func identityOf(os.FileInfo) (Identity, bool) { return Identity{}, false }

func sameCtime(os.FileInfo, os.FileInfo) bool { return true }
