// Package filememo remembers what was computed from a file (a parse, a
// hash) while the file stays the same version: the same file (device and
// inode, or the Windows file ID), size, modification time and, where the
// platform has one, status-change time. Writers that replace files by
// rename always make a new version; an in-place rewrite is noticed unless
// it falls within the same clock tick as the version remembered (see
// Identity.Racy for the rule that covers that case, and PutContent for
// values that keep a digest of a racy version's content).
package filememo

import (
	"crypto/sha256"
	"os"
	"sync"
	"time"
)

// Memo maps keys (a path, perhaps with what was computed from it) to
// values, each valid for one version of its file. The zero value is ready
// to use; a nil *Memo remembers nothing. It is safe for concurrent use.
type Memo[V any] struct {
	mu      sync.Mutex
	entries map[string]entry[V]
	clock   func() time.Time // nil: time.Now (tests move it)
}

type entry[V any] struct {
	info  os.FileInfo
	value V
	// A racy entry (PutContent) vouches for its value only while the file
	// at path holds the content digest was taken of.
	racy   bool
	path   string
	digest [sha256.Size]byte
}

// SameVersion reports whether two stats describe one version of a file.
func SameVersion(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime()) && sameCtime(a, b)
}

// Get returns the value stored for key if its file is still the version
// info describes.
func (m *Memo[V]) Get(key string, info os.FileInfo) (V, bool) {
	var zero V
	if m == nil {
		return zero, false
	}
	m.mu.Lock()
	e, ok := m.entries[key]
	m.mu.Unlock()
	if !ok || !SameVersion(e.info, info) {
		return zero, false
	}
	// The file is read outside the lock: other keys stay served meanwhile.
	if e.racy && !m.confirm(key, e) {
		return zero, false
	}
	return e.value, true
}

// Put stores value for key, computed from the version of its file that
// info describes (stat before reading, so that a change in between makes
// the entry stale rather than wrong). It keeps no digest: a same-size
// rewrite within the tick of the version stored goes unseen; a value
// computed from the file's content is stored with PutContent.
func (m *Memo[V]) Put(key string, info os.FileInfo, value V) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[string]entry[V]{}
	}
	m.entries[key] = entry[V]{info: info, value: value}
}

// Clear forgets every value.
func (m *Memo[V]) Clear() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	clear(m.entries)
}

// Len reports how many values are remembered.
func (m *Memo[V]) Len() int {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}

// Retain forgets the values whose key keep rejects (files that are gone,
// so that a long-lived memo does not grow with every file ever seen).
func (m *Memo[V]) Retain(keep func(key string) bool) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range m.entries {
		if !keep(k) {
			delete(m.entries, k)
		}
	}
}
