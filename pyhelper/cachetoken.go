package pyhelper

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// CacheToken names the result Introspect would answer req with from the
// cache, without reading that result: the cache key (interpreter identity
// and request), the provenance fingerprint as the files are now, and the
// entry's header and size. Two equal tokens name the same result document,
// so a caller that recorded the token of every result it used can tell
// that none changed while reading only the entries' first lines (for
// sympy's module, tens of megabytes of result against a few kilobytes of
// header). ok is false when no valid cache entry answers req: the answer
// would come from a worker.
func (c *Client) CacheToken(req Request) (token string, ok bool) {
	req, err := req.normalized()
	if err != nil || c.memory == nil || req.NoCache {
		return "", false
	}
	key := cacheKey(c.currentIdentity(), req)
	if c.cache != nil {
		return c.cache.token(key, c.env)
	}
	resp, fp := c.memory.get(key)
	if resp == nil {
		return "", false
	}
	if now, err := c.hashes.fingerprint(resp.Provenance, c.env); err != nil || now != fp {
		return "", false
	}
	header, err := json.Marshal(cacheHeader{Format: cacheFormat, Key: key, Fingerprint: fp,
		Provenance: resp.Provenance, Producer: resp.Producer, Warnings: resp.Warnings})
	if err != nil {
		return "", false
	}
	return makeToken(header, int64(len(resp.Raw))), true
}

// token reads the header line of key's entry only, and checks its
// provenance against the files as they are now (as load does).
func (c *diskCache) token(key string, env []string) (string, bool) {
	f, info, err := safefile.Open(c.path(key))
	if err != nil {
		return "", false
	}
	defer f.Close()
	line, err := bufio.NewReaderSize(io.LimitReader(f, safefile.MaxData), 64<<10).ReadBytes('\n')
	if err != nil {
		return "", false
	}
	header := line[:len(line)-1]
	var h cacheHeader
	if json.Unmarshal(header, &h) != nil || h.Format != cacheFormat || h.Key != key {
		return "", false
	}
	if fp, err := c.hashes.fingerprint(h.Provenance, env); err != nil || fp != h.Fingerprint {
		return "", false
	}
	c.touch(key, time.Now())
	return makeToken(header, info.Size()-int64(len(line))), true
}

// makeToken digests an entry's header line (key, fingerprint, provenance,
// producer, warnings) and the size of its result document.
func makeToken(header []byte, resultSize int64) string {
	h := sha256.New()
	h.Write(header)
	fmt.Fprintf(h, "\x00%d", resultSize)
	return hex.EncodeToString(h.Sum(nil))
}
