//go:build !unix

package codegen

import "os"

// fileIdentity is empty where the system has no inodes; path, size and
// mtime identify the file.
func fileIdentity(os.FileInfo) string { return "" }
