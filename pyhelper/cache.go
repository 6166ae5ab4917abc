package pyhelper

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// diskCache stores results under <dir>/introspect/<k[:2]>/<k>.json. A file is
// one header line (JSON: fingerprint, provenance, producer, warnings)
// followed by the raw result document, so a hit decodes only the header.
type diskCache struct {
	dir    string
	hashes *fileHashes
}

const cacheFormat = "pyhelper-cache-v1"

// pruneAge is how long an unused entry survives (entries of superseded
// library versions are never hit again).
const pruneAge = 30 * 24 * time.Hour

type cacheHeader struct {
	Format      string     `json:"format"`
	Key         string     `json:"key"`
	Fingerprint string     `json:"fingerprint"`
	Provenance  Provenance `json:"provenance"`
	Producer    Producer   `json:"producer"`
	Warnings    []string   `json:"warnings"`
}

// cacheKey hashes the interpreter identity and the request (without the
// fields that do not change the result).
func cacheKey(identity string, req Request) string {
	params := req.params()
	params.NoCache = false
	data, _ := json.Marshal(params)
	sum := sha256.Sum256([]byte(cacheFormat + "\x00" + identity + "\x00" + string(data)))
	return hex.EncodeToString(sum[:])
}

func (c *diskCache) path(key string) string {
	return filepath.Join(c.dir, "introspect", key[:2], key+".json")
}

// load returns a cached response that is still valid for env (and its
// fingerprint), or nil.
func (c *diskCache) load(key string, req Request, env []string) (*Response, string) {
	data, err := safefile.ReadFile(c.path(key), safefile.MaxData)
	if err != nil {
		return nil, ""
	}
	newline := bytes.IndexByte(data, '\n')
	if newline < 0 {
		return nil, ""
	}
	var header cacheHeader
	if json.Unmarshal(data[:newline], &header) != nil || header.Format != cacheFormat || header.Key != key {
		return nil, ""
	}
	fp, err := c.hashes.fingerprint(header.Provenance, env)
	if err != nil || fp != header.Fingerprint {
		return nil, ""
	}
	return &Response{Request: req, Raw: json.RawMessage(data[newline+1:]), Warnings: header.Warnings,
		Producer: header.Producer, Provenance: header.Provenance, FromCache: true}, fp
}

// store writes resp (whose provenance has fingerprint fp) atomically;
// failures only cost a future cache miss.
func (c *diskCache) store(key string, resp *Response, fp string) error {
	header, err := json.Marshal(cacheHeader{Format: cacheFormat, Key: key, Fingerprint: fp,
		Provenance: resp.Provenance, Producer: resp.Producer, Warnings: resp.Warnings})
	if err != nil {
		return fmt.Errorf("encoding cache header: %w", err)
	}
	path := c.path(key)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("creating cache directory: %w", err)
	}
	return writeAtomic(path, header, []byte("\n"), resp.Raw)
}

// prune removes entries unused for pruneAge, at most once a day.
func (c *diskCache) prune(now time.Time) {
	marker := filepath.Join(c.dir, "introspect", ".pruned")
	if info, err := os.Stat(marker); err == nil && now.Sub(info.ModTime()) < 24*time.Hour {
		return
	}
	root := filepath.Join(c.dir, "introspect")
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".json" {
			return nil
		}
		if info, err := d.Info(); err == nil && now.Sub(info.ModTime()) > pruneAge {
			_ = os.Remove(path)
		}
		return nil
	})
	if os.MkdirAll(root, 0o700) == nil {
		_ = os.WriteFile(marker, nil, 0o600)
		_ = os.Chtimes(marker, now, now)
	}
}

// touch records a hit so that pruning keeps entries in use.
func (c *diskCache) touch(key string, now time.Time) {
	_ = os.Chtimes(c.path(key), now, now)
}

func writeAtomic(path string, parts ...[]byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	for _, p := range parts {
		if _, err := tmp.Write(p); err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
