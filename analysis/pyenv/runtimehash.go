package pyenv

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// RuntimeHash is the lock's python_runtime_hash for an interpreter path:
// the lowercase hex SHA-256 of the file's bytes after following symlinks
// (so a venv's bin/python3 hashes the base binary), or "unknown" when it
// cannot be read. A pyenv shim hashes as the shell script it is, exactly as
// upstream's File.read does.
func RuntimeHash(path string) string {
	h := sha256.New()
	if _, err := safefile.Hash(path, safefile.MaxHashed, h); err != nil {
		return "unknown"
	}
	return hex.EncodeToString(h.Sum(nil))
}

// RuntimeHash is RuntimeHash(path), computed again only when the file
// behind path changed: a check on every edit would otherwise hash a
// multi-megabyte binary each time (package filememo), and so would every
// `check` process (6.8 MB for Debian's python3.11, a fifth of the CPU of
// checking an unchanged project). A cache with a directory also saves the
// hash there, for the identity of the file it was computed from (device,
// inode, size, modification and status-change times: any write moves the
// last, and it cannot be set back); an identity within the racy window of
// the hashing is not saved. A nil cache computes it every time.
func (c *FactsCache) RuntimeHash(path string) string {
	if c == nil {
		return RuntimeHash(path)
	}
	info, err := os.Stat(path)
	if err != nil {
		return RuntimeHash(path)
	}
	if sum, ok := c.hashes.Get(path, info); ok {
		return sum
	}
	id, persist := filememo.IdentityOf(info)
	persist = persist && c.dir != ""
	if persist {
		if sum, ok := c.savedRuntimeHash(path, id); ok {
			c.hashes.Put(path, info, sum)
			return sum
		}
	}
	sum := RuntimeHash(path)
	c.hashes.Put(path, info, sum)
	if persist && sum != "unknown" && !id.Racy(c.clock()) {
		// Only for a file that kept its identity while it was read.
		if after, err := os.Stat(path); err == nil {
			if again, ok := filememo.IdentityOf(after); ok && again == id {
				c.saveRuntimeHash(path, id, sum)
			}
		}
	}
	return sum
}

func (c *FactsCache) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// savedHash is the on-disk form of a runtime hash.
type savedHash struct {
	Schema   int               `json:"schema"`
	Path     string            `json:"path"`
	Identity filememo.Identity `json:"identity"`
	SHA256   string            `json:"sha256"`
}

// runtimeHashSchema changes with savedHash's shape or meaning.
const runtimeHashSchema = 1

func (c *FactsCache) runtimeHashFile(path string) string {
	sum := sha256.Sum256([]byte(path))
	return filepath.Join(c.dir, "runtime-"+hex.EncodeToString(sum[:16])+".json")
}

func (c *FactsCache) savedRuntimeHash(path string, id filememo.Identity) (string, bool) {
	data, err := safefile.ReadFile(c.runtimeHashFile(path), safefile.MaxSmall)
	if err != nil {
		return "", false
	}
	var s savedHash
	if json.Unmarshal(data, &s) != nil || s.Schema != runtimeHashSchema || s.Path != path || s.Identity != id || !validSHA256(s.SHA256) {
		return "", false // another version of the file, or damaged: hash again
	}
	return s.SHA256, true
}

// saveRuntimeHash saves the hash atomically (writeAtomic). A failure only
// costs the next process a hashing.
func (c *FactsCache) saveRuntimeHash(path string, id filememo.Identity, sum string) {
	data, err := json.Marshal(savedHash{Schema: runtimeHashSchema, Path: path, Identity: id, SHA256: sum})
	if err == nil {
		_ = c.writeAtomic(c.runtimeHashFile(path), data)
	}
}

func validSHA256(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}
