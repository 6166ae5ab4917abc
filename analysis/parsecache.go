package analysis

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// ParseCache keeps the parsed lock, manifest and registry of projects
// between checks. A language server checks on every edit, and parsing a
// numpy-sized manifest (9 MB) costs more than the rest of a check; the
// files change only when bindings are generated. An entry is used while
// its file stays the same version (package filememo: generation replaces
// files by rename, so a new version is a new file; a version read within
// filememo.RacyWindow of its last write is also compared by content, as
// an in-place rewrite of the same size within one tick keeps its stat).
// Parsed values are shared between checks and must not be modified. It
// is safe for concurrent use; a nil cache parses every time.
type ParseCache struct {
	memo filememo.Memo[parsed]
	// sums are the content hashes of generated files, which check
	// compares with the registry's record on every run (a numpy binding is
	// 12 MB of wrappers; an unchanged file is hashed once per version).
	sums filememo.Memo[string]
}

// NewParseCache returns an empty cache.
func NewParseCache() *ParseCache { return &ParseCache{} }

// parsed is what a parser returned: parsers return what they could read
// alongside the problem.
type parsed struct {
	value any
	err   error
}

// Clear forgets every parse (a server going idle gives the memory back:
// a generate: :all manifest is tens of megabytes once parsed).
func (c *ParseCache) Clear() {
	if c != nil {
		c.memo.Clear()
		c.sums.Clear()
	}
}

// Len reports how many parses the cache keeps.
func (c *ParseCache) Len() int {
	if c == nil {
		return 0
	}
	return c.memo.Len()
}

// Parse returns parse(the content of path) and parse's error, reusing the
// result of an earlier call for the same path and kind (a file may be read
// by more than one parser) while the file is the same version. A file that
// cannot be read (not a regular file, over lockfile.MaxSize) returns the
// read error, which is not remembered.
func (c *ParseCache) Parse(path, kind string, parse func([]byte) (any, error)) (any, error) {
	return c.parse(path, kind, readData, parse)
}

func readData(path string) ([]byte, error) { return safefile.ReadFile(path, lockfile.MaxSize) }

// parse is Parse with the file read by read (which reports unreadable
// files itself, see Project.parseOptional).
func (c *ParseCache) parse(path, kind string, read func(string) ([]byte, error), parse func([]byte) (any, error)) (any, error) {
	key := kind + "\x00" + path
	info, statErr := os.Stat(path)
	cacheable := c != nil && statErr == nil && info.Mode().IsRegular()
	if cacheable {
		if e, hit := c.memo.Get(key, info); hit {
			return e.value, e.err
		}
	}
	data, err := read(path)
	if err != nil {
		return nil, err
	}
	value, err := parse(data)
	if cacheable {
		// With the content: a same-size rewrite within the tick of this
		// version keeps its stat (filememo.Memo.PutContent).
		c.memo.PutContent(key, path, info, data, parsed{value: value, err: err})
	}
	return value, err
}

// FileSHA256 returns the hex SHA-256 of the regular file at path, reusing
// the hash of an earlier call while the file is the same version. A nil
// cache hashes every time.
func (c *ParseCache) FileSHA256(path string) (string, error) {
	// Lstat first: a FIFO or device would block the open, and a symlink
	// is not a file the generator wrote.
	before, err := os.Lstat(path)
	if err != nil {
		return "", fmt.Errorf("hashing %s: %w", path, err)
	}
	if !before.Mode().IsRegular() {
		return "", fmt.Errorf("hashing %s: not a regular file", path)
	}
	if c != nil {
		// A regular file's lstat is its stat: a known version costs no open.
		if sum, hit := c.sums.Get(path, before); hit {
			return sum, nil
		}
	}
	// Not a plain open: a FIFO swapped in since the Lstat would block.
	f, _, err := safefile.OpenNoFollow(path)
	if err != nil {
		return "", fmt.Errorf("hashing %s: %w", path, err)
	}
	defer f.Close()
	// The open file's stat, taken before reading: a change in between
	// makes the entry stale rather than wrong (filememo.Memo.Put).
	info, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("hashing %s: %w", path, err)
	}
	if !os.SameFile(before, info) {
		return "", fmt.Errorf("hashing %s: replaced while being opened", path)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hashing %s: %w", path, err)
	}
	var raw [sha256.Size]byte
	copy(raw[:], h.Sum(nil))
	sum := hex.EncodeToString(raw[:])
	if c != nil {
		c.sums.PutDigest(path, path, info, raw, sum)
	}
	return sum, nil
}

// readStream is parse for a reader that streams the file instead of
// holding it (the manifest: hundreds of megabytes for sympy :all): open
// opens the file and returns it with its fstat; read consumes it. The
// content's digest, for a version too recent for its stat to vouch for
// it (filememo.Memo.PutDigest), is computed on the way through. An open
// that fails returns its error, which is not remembered; a nil cache
// reads every time, and so does a cache told to skip (a caller whose
// read also visits every entry) — whose result it then remembers.
func (c *ParseCache) readStream(path, kind string, skip bool, open func() (*os.File, os.FileInfo, error), read func(io.Reader) (any, error)) (any, error) {
	key := kind + "\x00" + path
	if c != nil && !skip {
		if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
			if e, hit := c.memo.Get(key, info); hit {
				return e.value, e.err
			}
		}
	}
	f, info, err := open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if c == nil {
		return read(f)
	}
	// Hashing 312 MB costs a second: only a version recent enough now for
	// its stat not to vouch for it can be one when stored (later).
	if !racy(info) {
		value, err := read(f)
		c.memo.PutDigest(key, path, info, [sha256.Size]byte{}, parsed{value: value, err: err})
		return value, err
	}
	h := sha256.New()
	value, err := read(io.TeeReader(f, h))
	// The whole file went through h only when read consumed it; an error
	// may have stopped it early, and then the digest is of a prefix. Drain
	// the rest (within the size limit: a file growing without end is not
	// remembered) so that it is of the content.
	if n, derr := io.Copy(h, io.LimitReader(f, lockfile.MaxSize+1)); derr == nil && n <= lockfile.MaxSize {
		var sum [sha256.Size]byte
		copy(sum[:], h.Sum(nil))
		c.memo.PutDigest(key, path, info, sum, parsed{value: value, err: err})
	}
	return value, err
}

// racy reports whether the version info describes is, now, too recent for
// its stat alone to vouch for its content (filememo.Identity.Racy).
func racy(info os.FileInfo) bool {
	now := time.Now()
	if id, ok := filememo.IdentityOf(info); ok {
		return id.Racy(now)
	}
	return !info.ModTime().Before(now.Add(-filememo.RacyWindow))
}
