//go:build unix

package analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// checkWithin runs the fixture's check, failing instead of hanging the
// suite when a read blocks (a FIFO opened for reading waits for a writer).
func checkWithin(t *testing.T, f *fixture) *Report {
	t.Helper()
	f.write()
	done := make(chan *Report, 1)
	go func() { done <- f.check() }()
	select {
	case r := <-done:
		return r
	case <-time.After(20 * time.Second):
		t.Fatal("check blocked for 20 s")
		return nil
	}
}

// plant replaces the fixture file rel by something that is not a regular
// file: a symlink to /dev/zero (git stores symlinks) or a FIFO.
func plant(t *testing.T, f *fixture, rel, kind string) {
	t.Helper()
	delete(f.files, rel)
	f.write()
	path := filepath.Join(f.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.Remove(path)
	var err error
	if kind == "fifo" {
		err = syscall.Mkfifo(path, 0o644)
	} else {
		err = os.Symlink("/dev/zero", path)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestHostileFilesAreRefused: every file check reads from a project, when
// it is a symlink to /dev/zero or a FIFO, is refused at once with the
// unreadable finding of that file (before: /dev/zero was read without
// limit, a FIFO hung check).
func TestHostileFilesAreRefused(t *testing.T) {
	cases := []struct {
		rel, code, file string
		setup           func(f *fixture)
	}{
		{rel: "snakebridge.lock", code: "lock_unreadable", file: "snakebridge.lock"},
		{rel: ".snakebridge/manifest.json", code: "manifest_unreadable", file: ".snakebridge/manifest.json"},
		{rel: "priv/snakebridge/registry.json", code: "manifest_unreadable", file: "priv/snakebridge/registry.json"},
		{rel: "mix.exs", code: "mixexs_unreadable", file: "mix.exs"},
		{rel: "config/config.exs", code: "config_unreadable", file: "config/config.exs"},
		{rel: "config/dev.exs", code: "config_unreadable", file: "config/config.exs", setup: func(f *fixture) {
			f.files["config/config.exs"] = "import Config\nimport_config \"dev.exs\"\n"
		}},
		{rel: "lib/fixture.ex", code: "used_symbols_missing", file: "mix.exs", setup: func(f *fixture) {
			f.files["mix.exs"] = strings.Replace(fixtureMix, "{:math, :stdlib}", "{:math, :stdlib, generate: :used}", 1)
		}},
	}
	for _, c := range cases {
		for _, kind := range []string{"devzero", "fifo"} {
			t.Run(c.rel+"/"+kind, func(t *testing.T) {
				f := newFixture(t)
				if c.setup != nil {
					c.setup(f)
				}
				plant(t, f, c.rel, kind)
				r := checkWithin(t, f)
				got := findingByCode(r, Code(c.code))
				if got == nil {
					t.Fatalf("no %s finding:\n%s", c.code, describe(r))
				}
				want := "not a regular file (a character device)"
				if kind == "fifo" {
					want = "not a regular file (a FIFO)"
				}
				if got.File != c.file || !strings.Contains(got.Message, want) {
					t.Errorf("finding %s, want one on %s saying %q", got, c.file, want)
				}
			})
		}
	}
}

// TestImportConfigOfDevZero: import_config "/dev/zero" names the file it
// refuses; a docs_manifest on /dev/zero or a FIFO hashes as unreadable (nil,
// as upstream's failed File.read) instead of reading forever.
func TestImportConfigOfDevZero(t *testing.T) {
	f := newFixture(t)
	f.files["config/config.exs"] = "import Config\nimport_config \"/dev/zero\"\n"
	r := checkWithin(t, f)
	got := findingByCode(r, CodeConfigUnreadable)
	if got == nil || !strings.Contains(got.Message, "not a regular file (a character device)") {
		t.Fatalf("want config_unreadable for /dev/zero:\n%s", describe(r))
	}

	for _, kind := range []string{"devzero", "fifo"} {
		f := newFixture(t)
		f.files["mix.exs"] = strings.Replace(fixtureMix, "{:math, :stdlib}",
			`{:math, :stdlib, module_mode: :docs, docs_manifest: "docs.json"}`, 1)
		plant(t, f, "docs.json", kind)
		r := checkWithin(t, f)
		if findingByCode(r, CodeConfigHashMismatch) == nil {
			t.Errorf("%s: the changed options are still reported:\n%s", kind, describe(r))
		}
	}
}

// TestOversizedLockIsRefusedUnread: a lock over the documented limit is
// refused by its size (a sparse file: nothing is read).
func TestOversizedLockIsRefusedUnread(t *testing.T) {
	f := newFixture(t)
	f.write()
	path := filepath.Join(f.root, "snakebridge.lock")
	if err := os.Truncate(path, safefile.MaxData+1); err != nil {
		t.Fatal(err)
	}
	delete(f.files, "snakebridge.lock")
	r := checkWithin(t, f)
	got := findingByCode(r, CodeLockUnreadable)
	want := fmt.Sprintf("file too large: %d bytes (limit %d MiB)", safefile.MaxData+1, safefile.MaxData>>20)
	if got == nil || !strings.Contains(got.Message, want) {
		t.Fatalf("want lock_unreadable, too large:\n%s", describe(r))
	}
}
