package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// Options say what ScanProject scans (SnakeBridge's scan_paths,
// scan_extensions, scan_exclude and generated_dir settings).
type Options struct {
	Root         string   // project root; the other paths are relative to it
	Paths        []string // directories to scan (scan_paths), default ["lib"]
	Extensions   []string // file name suffixes (scan_extensions), default [".ex"]
	Exclude      []string // Path.wildcard patterns relative to Root (scan_exclude); ** crosses directories
	GeneratedDir string   // generated_dir, default "lib/snakebridge_generated"; never scanned
	Modules      []string // library root modules, e.g. ["Numpy", "Json"]
	// Overlay holds unsaved editor contents by absolute path: a listed
	// file is scanned from its buffer (a buffer whose file is not on disk
	// yet is not scanned).
	Overlay map[string][]byte
	// Cache keeps scans of unchanged sources across calls (a language
	// server's project); nil reads and scans every source.
	Cache *Cache
}

// SyntaxErrors lists the files that could be scanned only up to a syntax
// error (among the files that mention a library module: the others are not
// tokenized, see mentionsModule). ScanProject returns it together with all
// the calls it found.
type SyntaxErrors []*elixir.Error

// Error lists the errors, one per line.
func (e SyntaxErrors) Error() string {
	msgs := make([]string, len(e))
	for k, err := range e {
		msgs[k] = err.Error()
	}
	return strings.Join(msgs, "\n")
}

// ScanProject scans the project's sources and returns the calls sorted by
// file, then position. Files are read concurrently. A file that cannot be
// read fails the scan (the error names it); files with syntax errors are
// scanned up to the error, and the returned error is then a SyntaxErrors
// alongside the calls. Hidden files and directories are skipped (as
// Path.wildcard does), and so are the deps and _build directories of Mix
// projects.
func ScanProject(ctx context.Context, opts Options) ([]Call, error) {
	files, err := opts.sourceFilesCached(ctx)
	if err != nil {
		return nil, err
	}
	modules := strings.Join(opts.Modules, ",")
	results := make([][]Call, len(files))
	errs := make([]error, len(files))
	// Sources the watcher vouches for need neither a stat nor a worker.
	var todo []int
	for k, f := range files {
		if _, buffered := opts.Overlay[f]; !buffered {
			if calls, err, ok := opts.Cache.vouched(f, modules); ok {
				results[k], errs[k] = calls, err
				continue
			}
		}
		todo = append(todo, k)
	}
	// Workers take the next source by an atomic counter: an unchanged
	// source costs one stat (a few microseconds), and handing each over a
	// channel woke a worker per source.
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(todo)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(todo) {
					return
				}
				k := todo[i]
				results[k], errs[k] = scanPath(ctx, files[k], modules, opts)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	total := 0
	for _, r := range results {
		total += len(r)
	}
	calls := make([]Call, 0, total)
	var syntax SyntaxErrors
	for k := range files {
		var se *elixir.Error
		switch {
		case errs[k] == nil:
		case errors.As(errs[k], &se):
			syntax = append(syntax, se)
		default:
			return nil, errs[k]
		}
		calls = append(calls, results[k]...)
	}
	opts.Cache.retain(files)
	if len(syntax) > 0 {
		return calls, syntax
	}
	return calls, nil
}

func scanPath(ctx context.Context, file, modules string, opts Options) ([]Call, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if src, ok := opts.Overlay[file]; ok {
		return ScanFile(file, src, opts.Modules)
	}
	var info os.FileInfo
	var m mark
	link := false
	if opts.Cache != nil {
		// A stat instead of an open and a scan for an unchanged source.
		// The watcher vouches only for files it sees change: not through
		// a symbolic link.
		m = opts.Cache.mark()
		st, err := os.Lstat(file)
		if err == nil && st.Mode()&fs.ModeSymlink != 0 {
			link = true
			st, err = os.Stat(file)
		}
		if err == nil && st.Mode().IsRegular() {
			info = st
			if calls, err, hit := opts.Cache.lookup(file, modules, info, m, link); hit {
				return calls, err
			}
		}
	}
	src, err := safefile.ReadFile(file, safefile.MaxSource)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	var calls []Call
	if mentionsModule(src, opts.Modules) {
		calls, err = ScanFile(file, src, opts.Modules)
	}
	opts.Cache.store(file, modules, info, m, link, src, calls, err)
	return calls, err
}

// mentionsModule reports whether src contains the name of a library root
// module anywhere. A source that does not cannot call into the libraries:
// the scanner finds a call only through an alias token naming the module
// (Numpy.sum, alias Numpy.Linalg, import Numpy, Elixir.Numpy), and alias
// tokens are plain ASCII text with no escapes. Most sources of a big
// project mention no library; skipping their tokenization makes a cold
// scan several times cheaper.
func mentionsModule(src []byte, modules []string) bool {
	for _, m := range modules {
		if bytes.Contains(src, []byte(strings.TrimPrefix(m, "Elixir."))) {
			return true
		}
	}
	return false
}

// withDefaults are the scan paths, the extensions and the generated_dir
// ("/"-separated, clean), defaults filled in.
func (opts Options) withDefaults() (paths, exts []string, gen string) {
	paths, exts, gen = opts.Paths, opts.Extensions, opts.GeneratedDir
	if len(paths) == 0 {
		paths = []string{"lib"}
	}
	if len(exts) == 0 {
		exts = []string{".ex"}
	}
	if gen == "" {
		gen = "lib/snakebridge_generated"
	}
	return paths, exts, path.Clean(filepath.ToSlash(gen))
}

// Covers reports whether file (absolute) would be scanned by its place and
// name: a scan extension under a scan path, outside generated_dir. Hidden,
// deps, _build and excluded files are reported too; ScanProject skips them.
func (opts Options) Covers(file string) bool {
	rel, err := filepath.Rel(opts.Root, file)
	if err != nil || !filepath.IsLocal(rel) {
		return false
	}
	rel = filepath.ToSlash(rel)
	paths, exts, gen := opts.withDefaults()
	if !hasSuffix(rel, exts) || underDir(rel, gen) {
		return false
	}
	for _, dir := range paths {
		if dir = path.Clean(filepath.ToSlash(dir)); dir == "." || underDir(rel, dir) {
			return true
		}
	}
	return false
}

// sourceFilesCached is sourceFiles, remembered by the cache while the
// watcher vouches that no source appeared or went away.
func (opts Options) sourceFilesCached(ctx context.Context) ([]string, error) {
	paths, exts, gen := opts.withDefaults()
	key := strings.Join([]string{"sources", opts.Root, strings.Join(paths, "\x00"), strings.Join(exts, "\x00"), gen, strings.Join(opts.Exclude, "\x00")}, "\x01")
	under := make([]string, len(paths))
	for i, p := range paths {
		under[i] = filepath.Join(opts.Root, p)
	}
	if w, ok := opts.Cache.SavedWalk(key); ok {
		return w.Files, nil
	}
	v, err := opts.Cache.Walk(key, under, func() (any, []string, map[string]bool, error) {
		files, dirs, infos, err := sourceFiles(ctx, opts)
		if err == nil {
			opts.Cache.RecordWalk(key, Walked{Files: files}, dirs, infos)
		}
		keep := make(map[string]bool, len(files))
		for _, f := range files {
			keep[f] = true
		}
		return files, dirs, keep, err
	})
	if err != nil {
		return nil, err
	}
	return v.([]string), nil
}

// sourceFiles lists the files to scan, sorted, each once, and the
// directories it walked with their stats taken before they were read (nil
// for a missing scan path).
func sourceFiles(ctx context.Context, opts Options) ([]string, []string, []os.FileInfo, error) {
	paths, exts, gen := opts.withDefaults()
	var excludes []*glob
	for _, p := range opts.Exclude {
		g, err := compileGlob(p)
		if err != nil {
			return nil, nil, nil, err
		}
		excludes = append(excludes, g)
	}
	seen := map[string]bool{}
	var files, dirs []string
	var infos []os.FileInfo
	for _, p := range paths {
		dir := filepath.Join(opts.Root, p)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			// Like Path.wildcard("<path>/**/*.ex"): a missing path, or a
			// file, has no files below it.
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, nil, nil, fmt.Errorf("scanning %s: %w", dir, err)
			}
			// No watch can vouch for a directory that is not there: the
			// walk is not remembered.
			dirs, infos = append(dirs, dir), append(infos, nil)
			continue
		}
		err := filepath.WalkDir(dir, func(file string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("scanning %s: %w", file, err)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			rel, _ := filepath.Rel(opts.Root, file)
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				if file != dir && skipDir(file, rel, d.Name()) || underDir(rel, gen) {
					return filepath.SkipDir
				}
				// Its stat now, before WalkDir reads it: an entry added
				// later moves its times.
				info, _ := d.Info()
				dirs, infos = append(dirs, file), append(infos, info)
				return nil
			}
			if file == dir || strings.HasPrefix(d.Name(), ".") || !hasSuffix(d.Name(), exts) || seen[file] {
				return nil
			}
			for _, g := range excludes {
				if g.match(rel) {
					return nil
				}
			}
			seen[file] = true
			files = append(files, file)
			return nil
		})
		if err != nil {
			return nil, nil, nil, err
		}
	}
	slices.Sort(files)
	return files, dirs, infos, nil
}

// skipDir reports whether the directory (rel to the root) is hidden, or a
// deps or _build directory of the project or of a Mix project inside it (a
// sibling of a mix.exs, as in umbrella apps).
func skipDir(dir, rel, name string) bool {
	if strings.HasPrefix(name, ".") {
		return true
	}
	if name != "deps" && name != "_build" {
		return false
	}
	if rel == name {
		return true
	}
	_, err := os.Stat(filepath.Join(filepath.Dir(dir), "mix.exs"))
	return err == nil
}

func underDir(rel, dir string) bool {
	return rel == dir || strings.HasPrefix(rel, dir+"/")
}

func hasSuffix(name string, exts []string) bool {
	for _, e := range exts {
		if strings.HasSuffix(name, e) {
			return true
		}
	}
	return false
}
