package filememo

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// Within one process a version is compared by its whole stat, status-change
// time included; yet a same-size rewrite within the same tick of the file
// system's clock (the kernel's coarse clock: milliseconds) keeps every time
// of the stat. A value computed from a version whose times lie within
// RacyWindow of when it was stored therefore keeps a digest of the content
// it was computed from, and Get compares the file's content with it, as
// the scan cache does (analysis/scan, Cache.store), until a comparison
// made after the window vouches for the version for good.

// PutContent is Put for a value computed from content, what was read from
// path after info was taken: a racy version keeps content's digest.
func (m *Memo[V]) PutContent(key, path string, info os.FileInfo, content []byte, value V) {
	m.putRacy(key, path, info, func() [sha256.Size]byte { return sha256.Sum256(content) }, value)
}

// PutDigest is PutContent for a caller that streamed the content through
// SHA-256 itself (sum is that digest).
func (m *Memo[V]) PutDigest(key, path string, info os.FileInfo, sum [sha256.Size]byte, value V) {
	m.putRacy(key, path, info, func() [sha256.Size]byte { return sum }, value)
}

func (m *Memo[V]) putRacy(key, path string, info os.FileInfo, sum func() [sha256.Size]byte, value V) {
	if m == nil {
		return
	}
	e := entry[V]{info: info, value: value}
	if racyInfo(info, m.now()) {
		e.path, e.racy, e.digest = path, true, sum()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[string]entry[V]{}
	}
	m.entries[key] = e
}

// confirm reports whether the file behind a racy entry still holds the
// content the entry's value was computed from, and lets the identity alone
// vouch from now on when the comparison was made after the window (any
// later write moves the file's times).
func (m *Memo[V]) confirm(key string, e entry[V]) bool {
	now := m.now()
	sum, err := digestFile(e.path)
	if err != nil || sum != e.digest {
		return false
	}
	if !racyInfo(e.info, now) {
		m.mu.Lock()
		defer m.mu.Unlock()
		if cur, ok := m.entries[key]; ok && cur.racy && cur.digest == e.digest && SameVersion(cur.info, e.info) {
			cur.racy = false
			m.entries[key] = cur
		}
	}
	return true
}

func (m *Memo[V]) now() time.Time {
	if m.clock != nil {
		return m.clock()
	}
	return time.Now()
}

// racyInfo reports whether the version info describes is too recent, at
// now, for its stat alone to vouch for its content.
func racyInfo(info os.FileInfo, now time.Time) bool {
	if id, ok := IdentityOf(info); ok {
		return id.Racy(now)
	}
	return !info.ModTime().Before(now.Add(-RacyWindow))
}

// digestFile returns the SHA-256 of the regular file at path (opened
// without blocking on a FIFO swapped in).
func digestFile(path string) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, _, err := safefile.Open(path)
	if err != nil {
		return sum, fmt.Errorf("hashing %s: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, fmt.Errorf("hashing %s: %w", path, err)
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}
