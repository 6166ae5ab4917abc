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
	files := map[string]func() (io.Reader, func(), error){}
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !fingerprintFiles(path) {
			return err
		}
		files[prefix+path] = func() (io.Reader, func(), error) {
			f, err := fsys.Open(path)
			if err != nil {
				return nil, nil, fmt.Errorf("reading embedded %s: %w", path, err)
			}
			return f, func() { f.Close() }, nil
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	for name, r := range extra {
		files[name] = func() (io.Reader, func(), error) { return r, func() {}, nil }
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	h := sha256.New()
	var buf bytes.Buffer
	for _, p := range paths {
		r, done, err := files[p]()
		if err != nil {
			return "", err
		}
		buf.Reset()
		_, err = buf.ReadFrom(r)
		done()
		if err != nil {
			return "", fmt.Errorf("reading embedded %s: %w", p, err)
		}
		writeSource(h, p, buf.Bytes())
	}
	return hex.EncodeToString(h.Sum(nil)), nil
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
