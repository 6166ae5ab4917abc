package pyhelper

import (
	"bytes"
	"crypto/sha256"
)

// StableDigest is the SHA-256 of Raw without what differs between two
// introspections of the same code: the " at 0x…" of default reprs, which
// change on every import, and the project directory, written "<project>"
// so that a project that moved, or a copy of it, digests the same. It is
// computed once per document and project directory: responses served from
// the cache share it.
func (r *Response) StableDigest(projectRoot string) [sha256.Size]byte {
	if r.doc == nil {
		return stableDigest(r.Raw, projectRoot)
	}
	d := r.doc
	d.digestMu.Lock()
	defer d.digestMu.Unlock()
	if sum, ok := d.digests[projectRoot]; ok {
		return sum
	}
	sum := stableDigest(r.Raw, projectRoot)
	if d.digests == nil {
		d.digests = map[string][sha256.Size]byte{}
	}
	d.digests[projectRoot] = sum
	return sum
}

func stableDigest(raw []byte, projectRoot string) [sha256.Size]byte {
	raw = stripAddresses(raw)
	if projectRoot != "" {
		raw = bytes.ReplaceAll(raw, []byte(projectRoot), []byte("<project>"))
	}
	return sha256.Sum256(raw)
}

// stripAddresses drops the " at 0x…" of default reprs (the manifest drops
// them too: model.StripAddresses).
func stripAddresses(raw []byte) []byte {
	marker := []byte(" at 0x")
	i := bytes.Index(raw, marker)
	if i < 0 {
		return raw
	}
	out := make([]byte, 0, len(raw))
	for i >= 0 {
		j := i + len(marker)
		for j < len(raw) && isHexDigit(raw[j]) {
			j++
		}
		if j == i+len(marker) {
			out = append(out, raw[:j]...)
		} else {
			out = append(out, raw[:i]...)
		}
		raw = raw[j:]
		i = bytes.Index(raw, marker)
	}
	return append(out, raw...)
}

func isHexDigit(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}
