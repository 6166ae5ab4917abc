//go:build !unix

package codegen

import (
	"os"
	"time"
)

// fileIdentity is empty where the system has no inodes; path, size and
// mtime identify the file.
func fileIdentity(os.FileInfo) string { return "" }

// changeTime is the modification time where the system keeps no change
// time: an identity then trusts what the file's writer says.
func changeTime(st os.FileInfo) time.Time { return st.ModTime() }
