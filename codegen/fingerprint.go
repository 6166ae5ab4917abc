package codegen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// GeneratorName is how locks we write name their generator.
const GeneratorName = "snakebridge-lsp"

// fingerprintFiles reports whether a file of the generator's sources counts
// towards its hash: the non-test Go files and templates that decide output.
func fingerprintFiles(path string) bool {
	if strings.HasSuffix(path, "_test.go") || strings.Contains(path, "/testdata/") || strings.HasPrefix(path, "testdata/") {
		return false
	}
	return strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".tmpl") || strings.HasSuffix(path, ".eex")
}

// Fingerprint is the SHA-256 over the given sources, sorted by path, with
// line endings normalised to LF so a Windows checkout hashes the same: each
// file contributes "<path>\n<len>\n<content>" so boundaries cannot shift.
func Fingerprint(sources map[string][]byte) string {
	paths := make([]string, 0, len(sources))
	for p := range sources {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		content := bytes.ReplaceAll(sources[p], []byte("\r\n"), []byte("\n"))
		fmt.Fprintf(h, "%s\n%d\n", p, len(content))
		h.Write(content)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// collectSources reads the fingerprinted files of fsys under prefix.
func collectSources(fsys fs.FS, prefix string, into map[string][]byte) error {
	return fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !fingerprintFiles(path) {
			return nil
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return fmt.Errorf("reading embedded %s: %w", path, err)
		}
		into[prefix+path] = data
		return nil
	})
}
