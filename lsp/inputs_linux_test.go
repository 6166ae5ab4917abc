//go:build linux

package lsp

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
)

// openedFiles runs f and returns the files below root that were opened
// meanwhile, as inotify reports them: what a check really reads, not what
// its code is believed to read.
func openedFiles(t *testing.T, root string, f func()) []string {
	t.Helper()
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		t.Fatalf("inotify: %v", err)
	}
	defer unix.Close(fd)
	dirs := map[int]string{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		wd, err := unix.InotifyAddWatch(fd, path, unix.IN_OPEN)
		if err != nil {
			return err
		}
		dirs[wd] = path
		return nil
	})
	if err != nil {
		t.Fatalf("watching %s: %v", root, err)
	}
	f()
	seen := map[string]bool{}
	buf := make([]byte, 64<<10)
	for {
		n, err := unix.Read(fd, buf)
		if errors.Is(err, unix.EAGAIN) {
			break
		}
		if err != nil {
			t.Fatalf("reading inotify events: %v", err)
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			name := strings.TrimRight(string(buf[off+unix.SizeofInotifyEvent:off+unix.SizeofInotifyEvent+int(ev.Len)]), "\x00")
			off += unix.SizeofInotifyEvent + int(ev.Len)
			if ev.Mask&unix.IN_Q_OVERFLOW != 0 {
				t.Fatal("inotify queue overflowed: opens were lost")
			}
			if ev.Mask&unix.IN_ISDIR != 0 || name == "" {
				continue
			}
			seen[filepath.Join(dirs[int(ev.Wd)], name)] = true
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// TestInputsDeclareEveryFileACheckReads checks, with inotify, that every
// project file a check opens is declared by analysis.Project.Inputs, and
// that the server's watcher, its digests and its buffer overlay follow
// from that declaration.
func TestInputsDeclareEveryFileACheckReads(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, f *fixture)
		// reads are files (project-relative) the check must be seen
		// reading, so that the test cannot pass by watching nothing.
		reads []string
	}{
		{name: "fresh fixture", reads: []string{"mix.exs", "config/config.exs", "snakebridge.lock", ".snakebridge/manifest.json", "lib/app.ex", "deps/snakebridge/mix.exs"}},
		{name: "imported config, docs manifest, helper sources", setup: func(t *testing.T, f *fixture) {
			writeFile(t, filepath.Join(f.root, "config", "config.exs"), "import Config\n\nconfig :snakebridge, scan_paths: [\"lib\", \"extra\"]\nimport_config \"#{config_env()}.exs\"\n")
			writeFile(t, filepath.Join(f.root, "config", "dev.exs"), "import Config\n")
			writeFile(t, filepath.Join(f.root, "priv", "docs.json"), "{}\n")
			writeFile(t, filepath.Join(f.root, "mix.exs"), strings.Replace(fixtureMix, `include: ["dumps"]`, `include: ["dumps"], docs_manifest: "priv/docs.json"`, 1))
			writeFile(t, filepath.Join(f.root, "extra", "b.ex"), "defmodule B do\n  def f, do: :ok\nend\n")
			f.relock(t)
		}, reads: []string{"config/dev.exs", "priv/docs.json", "extra/b.ex"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			if tt.setup != nil {
				tt.setup(t, f)
			}
			s := New(f.serverOptions())
			s.settings.PythonPath = f.python
			p := newProject(s, f.root)
			s.projects[f.root] = p
			ctx := context.Background()
			var proj *analysis.Project
			var rep *analysis.Report
			opened := openedFiles(t, f.root, func() {
				opts := s.analysisOptions(nil)
				opts.Parsed = nil // read every file, as a first check does
				proj = analysis.Load(ctx, f.root, opts)
				rep = analysis.CheckProject(ctx, proj, opts)
			})
			for _, want := range tt.reads {
				if !containsPath(opened, filepath.Join(f.root, want)) {
					t.Errorf("the check did not open %s; it opened %v", want, opened)
				}
			}
			inputs := proj.Inputs()
			p.loaded, p.report = proj, rep
			spec := p.computeSpec(ctx)
			keys := p.keyFiles()
			for _, path := range opened {
				in, ok := analysis.InputOf(inputs, path)
				if !ok {
					t.Errorf("the check read %s, which Inputs does not declare", path)
					continue
				}
				if in.Unwatched {
					continue
				}
				if rel, _ := spec.relevant(path, p); !rel {
					t.Errorf("the watcher ignores %s (input %s)", path, in.Role)
				}
				if in.Buffered != s.bufferMatters(path) {
					t.Errorf("%s: the overlay counts its buffer %v, the input says %v", path, !in.Buffered, in.Buffered)
				}
				if in.Kind != analysis.InputTree && !containsPath(keys, path) {
					t.Errorf("%s: the check does not record its digest", path)
				}
			}
		})
	}
}

func containsPath(list []string, path string) bool {
	for _, p := range list {
		if p == path {
			return true
		}
	}
	return false
}
