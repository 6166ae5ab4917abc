package codegen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
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
		writeSource(h, p, sources[p])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeSource adds one file to a fingerprint's hash.
func writeSource(h hash.Hash, path string, content []byte) {
	if bytes.Contains(content, []byte("\r\n")) {
		content = bytes.ReplaceAll(content, []byte("\r\n"), []byte("\n"))
	}
	fmt.Fprintf(h, "%s\n%d\n", path, len(content))
	h.Write(content)
}

// fingerprintFS is Fingerprint of the fingerprinted files of fsys (named
// prefix+path) and of extra, read one at a time into one buffer: every
// check process computes the generator's hash, and copying ~0.6 MB of
// embedded sources into fresh memory cost it more in page faults than
// the hashing.
func fingerprintFS(fsys fs.FS, prefix string, extra map[string]io.Reader) (string, error) {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && fingerprintFiles(path) {
			paths = append(paths, prefix+path)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	for name := range extra {
		paths = append(paths, name)
	}
	sort.Strings(paths)
	h := sha256.New()
	var buf bytes.Buffer
	for _, p := range paths {
		buf.Reset()
		if err := readSource(&buf, fsys, prefix, p, extra); err != nil {
			return "", fmt.Errorf("reading embedded %s: %w", p, err)
		}
		writeSource(h, p, buf.Bytes())
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// readSource reads the source named p into buf: from extra, or from fsys
// without the prefix.
func readSource(buf *bytes.Buffer, fsys fs.FS, prefix, p string, extra map[string]io.Reader) error {
	if r, ok := extra[p]; ok {
		_, err := buf.ReadFrom(r)
		return err
	}
	f, err := fsys.Open(strings.TrimPrefix(p, prefix))
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = buf.ReadFrom(f)
	return err
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
