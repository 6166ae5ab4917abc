package pyenv

import (
	"crypto/sha256"
	"encoding/hex"
	"os"

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
// behind path changed (package filememo): a check on every edit would
// otherwise hash a multi-megabyte binary each time. A nil cache computes
// it every time.
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
	sum := RuntimeHash(path)
	c.hashes.Put(path, info, sum)
	return sum
}
