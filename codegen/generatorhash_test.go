package codegen

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// TestEmbeddedSourcesAreTheWholeGenerator: the hash must cover every
// non-test file of codegen on disk (a new subpackage left out of the embed
// pattern would go unhashed) and pyhelper/introspect.py, byte for byte.
func TestEmbeddedSourcesAreTheWholeGenerator(t *testing.T) {
	embedded, err := GeneratorSources()
	if err != nil {
		t.Fatal(err)
	}
	onDisk := map[string][]byte{}
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(path)
		if d.IsDir() || !fingerprintFiles(rel) {
			return nil
		}
		data, err := os.ReadFile(path)
		onDisk["codegen/"+rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile("../pyhelper/introspect.py")
	if err != nil {
		t.Fatal(err)
	}
	onDisk["pyhelper/introspect.py"] = script
	if got, want := keys(embedded), keys(onDisk); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("embedded generator sources differ from the files on disk:\nembedded: %v\non disk:  %v", got, want)
	}
	for path, data := range onDisk {
		if !bytes.Equal(embedded[path], data) {
			t.Errorf("%s: embedded copy differs from the file on disk", path)
		}
	}
	if len(onDisk) < 10 {
		t.Errorf("only %d generator files found; the walk is wrong", len(onDisk))
	}
}

func keys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestFingerprintChangesWithEveryFile: changing any one byte of any source,
// renaming a file or adding one changes the hash; line endings do not.
func TestFingerprintChangesWithEveryFile(t *testing.T) {
	sources, err := GeneratorSources()
	if err != nil {
		t.Fatal(err)
	}
	base := Fingerprint(sources)
	if h, err := GeneratorHash(); err != nil || h != base {
		t.Fatalf("GeneratorHash() = %s, %v; want %s", h, err, base)
	}
	for path, data := range sources {
		changed := clone(sources)
		mutated := bytes.Clone(data)
		if len(mutated) == 0 {
			mutated = []byte("x")
		} else {
			mutated[len(mutated)/2] ^= 1
		}
		changed[path] = mutated
		if Fingerprint(changed) == base {
			t.Errorf("changing %s does not change the generator hash", path)
		}
	}
	renamed := clone(sources)
	renamed["codegen/zz_moved.go"] = renamed["codegen/commit.go"]
	delete(renamed, "codegen/commit.go")
	if Fingerprint(renamed) == base {
		t.Error("renaming a file does not change the generator hash")
	}
	added := clone(sources)
	added["codegen/new.go"] = []byte("package codegen\n")
	if Fingerprint(added) == base {
		t.Error("adding a file does not change the generator hash")
	}
	crlf := map[string][]byte{}
	for path, data := range sources {
		crlf[path] = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
	}
	if Fingerprint(crlf) != base {
		t.Error("a CRLF checkout hashes differently from an LF one")
	}
}

func clone(m map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestFingerprintBoundariesCannotShift(t *testing.T) {
	a := Fingerprint(map[string][]byte{"a.go": []byte("xy"), "b.go": []byte("z")})
	b := Fingerprint(map[string][]byte{"a.go": []byte("x"), "b.go": []byte("yz")})
	if a == b {
		t.Error("moving bytes between files keeps the hash")
	}
}

// TestStreamedFingerprint: the generator's hash, computed by streaming the
// embedded files, is Fingerprint of the same sources, and so is
// fingerprintFS of any file system (CRLF files, filtered names, extras).
func TestStreamedFingerprint(t *testing.T) {
	sources, err := GeneratorSources()
	if err != nil {
		t.Fatal(err)
	}
	got, err := GeneratorHash()
	if err != nil || got != Fingerprint(sources) {
		t.Fatalf("GeneratorHash() = %s, %v; Fingerprint of the same sources = %s", got, err, Fingerprint(sources))
	}
	fsys := fstest.MapFS{
		"a.go":             {Data: []byte("package a\r\n\r\nfunc A() {}\r\n")},
		"a_test.go":        {Data: []byte("package a // not hashed")},
		"render/x.eex":     {Data: []byte("<%= x %>\n")},
		"render.go":        {Data: []byte("package render\n")},
		"testdata/skip.go": {Data: []byte("package skip")},
		"notes.txt":        {Data: []byte("not hashed")},
		"model/empty.go":   {Data: nil},
		"model/crlf_cr.go": {Data: []byte("a\r\rb\r\n")},
	}
	want := map[string][]byte{"pyhelper/introspect.py": []byte("print('x')\r\n")}
	if err := collectSources(fsys, "codegen/", want); err != nil {
		t.Fatal(err)
	}
	streamed, err := fingerprintFS(fsys, "codegen/", map[string]io.Reader{"pyhelper/introspect.py": strings.NewReader("print('x')\r\n")})
	if err != nil || streamed != Fingerprint(want) {
		t.Fatalf("fingerprintFS = %s, %v; want %s", streamed, err, Fingerprint(want))
	}
}
