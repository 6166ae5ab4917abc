package pyhelper

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/filememo"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// errStale reports provenance that no longer matches the installed files.
var errStale = errors.New("provenance changed")

// fileHashes memoises content hashes by file version (package filememo)
// so that validating a warm cache entry reads no unchanged file twice.
type fileHashes struct {
	memo filememo.Memo[[sha256.Size]byte]
}

func (fh *fileHashes) sum(path string, info fs.FileInfo) ([sha256.Size]byte, error) {
	if sum, ok := fh.memo.Get(path, info); ok {
		return sum, nil
	}
	h := sha256.New()
	if _, err := safefile.Hash(path, safefile.MaxHashed, h); err != nil {
		return [sha256.Size]byte{}, fmt.Errorf("hashing %s: %w", path, err)
	}
	var sum [sha256.Size]byte
	copy(sum[:], h.Sum(nil))
	fh.memo.Put(path, info, sum)
	return sum, nil
}

// sourceExtensions are the files of a module tree whose content decides an
// introspection result.
var sourceExtensions = map[string]bool{".py": true, ".pyi": true, ".so": true, ".pyd": true}

// fingerprint checks provenance against the file system and hashes it: the
// names and versions of the distributions (read back from their metadata),
// the content of the source and stub files of modules not from a
// distribution, and the absence of modules on PYTHONPATH that would now shadow
// the imported ones. It returns errStale when a distribution changed.
func (fh *fileHashes) fingerprint(p Provenance, env []string) (string, error) {
	h := sha256.New()
	dists := append([]DistributionRecord(nil), p.Distributions...)
	sort.Slice(dists, func(i, j int) bool { return dists[i].Name < dists[j].Name })
	for _, d := range dists {
		name, version, err := readDistMetadata(d.Metadata)
		if err != nil || normalizeDist(name) != normalizeDist(d.Name) || version != d.Version {
			return "", errStale
		}
		fmt.Fprintf(h, "dist\x00%s\x00%s\x00", d.Name, d.Version)
	}
	paths := append([]string(nil), p.Paths...)
	sort.Strings(paths)
	for _, path := range paths {
		if err := fh.hashTree(h, path); err != nil {
			return "", err
		}
	}
	if shadowed(p.Modules, envValue(env, "PYTHONPATH")) {
		return "", errStale
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (fh *fileHashes) hashTree(h hash.Hash, root string) error {
	info, err := os.Stat(root)
	if err != nil {
		fmt.Fprintf(h, "missing\x00%s\x00", root)
		return nil
	}
	if !info.IsDir() {
		sum, err := fh.sum(root, info)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "file\x00%s\x00%x\x00", root, sum)
		return nil
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable parts count as absent
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "__pycache__" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !sourceExtensions[filepath.Ext(name)] {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		sum, err := fh.sum(path, info)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "file\x00%s\x00%x\x00", path, sum)
		return nil
	})
}

// readDistMetadata reads Name and Version from a .dist-info/.egg-info
// directory (METADATA or PKG-INFO) or an .egg-info file.
func readDistMetadata(location string) (name, version string, err error) {
	if location == "" {
		return "", "", errors.New("no metadata location")
	}
	path := location
	if info, statErr := os.Stat(location); statErr != nil {
		return "", "", statErr
	} else if info.IsDir() {
		path = filepath.Join(location, "METADATA")
		if _, err := os.Stat(path); err != nil {
			path = filepath.Join(location, "PKG-INFO")
		}
	}
	f, _, err := safefile.Open(path)
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	name, version = parseMetadataHeaders(io.LimitReader(f, 1<<16))
	if name == "" || version == "" {
		return "", "", fmt.Errorf("%s: no Name/Version headers", path)
	}
	return name, version, nil
}

// parseMetadataHeaders extracts Name and Version from core metadata headers
// (RFC 822 style, ending at the first blank line).
func parseMetadataHeaders(r io.Reader) (name, version string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 1<<16)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			break
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "name":
			if name == "" {
				name = strings.TrimSpace(value)
			}
		case "version":
			if version == "" {
				version = strings.TrimSpace(value)
			}
		}
	}
	return name, version
}

var distSeparators = regexp.MustCompile(`[-_.]+`)

func normalizeDist(name string) string {
	return strings.ToLower(distSeparators.ReplaceAllString(name, "-"))
}

// shadowed reports whether a PYTHONPATH entry that precedes a module's
// recorded origin now holds a module of the same name.
func shadowed(modules []ModuleOrigin, pythonPath string) bool {
	if pythonPath == "" {
		return false
	}
	entries := filepath.SplitList(pythonPath)
	for _, m := range modules {
		if m.Origin == "" || m.Name == "" {
			continue
		}
		for _, entry := range entries {
			if entry == "" {
				continue
			}
			abs, err := filepath.Abs(entry)
			if err != nil {
				continue
			}
			if strings.HasPrefix(m.Origin, abs+string(filepath.Separator)) {
				break
			}
			if holdsModule(abs, m.Name) {
				return true
			}
		}
	}
	return false
}

func holdsModule(dir, name string) bool {
	for _, candidate := range []string{name + ".py", filepath.Join(name, "__init__.py")} {
		if _, err := os.Stat(filepath.Join(dir, candidate)); err == nil {
			return true
		}
	}
	matches, _ := filepath.Glob(filepath.Join(dir, name+".*.so"))
	return len(matches) > 0
}
