package analysis

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// This file checks that the generated files are what was generated: the
// compiler's own prerequisites (registry and helpers present, compat §3.3),
// each file's content against the hash recorded when it was written, and
// generated files that are no longer part of the bindings.

// compilerPrerequisites reports what makes SnakeBridge's compiler
// regenerate although the lock is up to date: a missing registry
// (prerequisite 5) or no helper wrapper (prerequisite 4). Only a project
// whose `mix compile` runs SnakeBridge's compiler, in normal mode, is
// affected: strict mode and SNAKEBRIDGE_SKIP never regenerate.
func (c *checker) compilerPrerequisites() {
	p := c.p
	if p.Mix == nil || !p.Mix.UsesSnakebridgeCompiler || p.Settings.Strict || p.Settings.Skip || len(p.Libraries) == 0 {
		return
	}
	registry := filepath.ToSlash(p.Settings.RegistryPath)
	if _, err := os.Stat(p.abs(registry)); errors.Is(err, fs.ErrNotExist) {
		c.add(Finding{Code: CodeRegistryMissing, Severity: SeverityWarning, File: MixExsFile, Range: c.mixRange(),
			Message:  fmt.Sprintf("%s is missing (upstream git-ignores it, so a fresh clone lacks it): the next mix compile regenerates every library's bindings, which needs Python and rewrites snakebridge.lock; regenerate bindings", registry),
			Expected: registry, Actual: nil})
	}
	helpers := path.Join(p.Settings.GeneratedDir, "helpers")
	if p.Settings.HelpersEnabled && !holdsElixirFile(p.abs(helpers)) {
		c.add(Finding{Code: CodeHelpersMissing, Severity: SeverityWarning, File: MixExsFile, Range: c.mixRange(),
			Message:  fmt.Sprintf("%s/ has no .ex file while helpers are enabled: the next mix compile regenerates every library's bindings and writes the helper wrappers; regenerate bindings through mix (snakebridge-lsp's own generator does not write helpers), or set helper_allowlist: :none", helpers),
			Expected: helpers + "/*.ex", Actual: nil})
	}
}

// holdsElixirFile is upstream's helpers_present?: the directory lists a
// name ending in .ex.
func holdsElixirFile(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".ex") {
			return true
		}
	}
	return false
}

// registryEntry is the registry's entry of a library when it describes
// the current generated_dir (so its file list is exact).
func (p *Project) registryEntry(python string) (lockfile.RegistryLibrary, bool) {
	if p.Registry == nil {
		return lockfile.RegistryLibrary{}, false
	}
	e, ok := p.Registry.Libraries[python]
	if !ok || !e.Path.Valid() || path.Clean(e.Path.Value) != p.Settings.GeneratedDir {
		return lockfile.RegistryLibrary{}, false
	}
	return e, true
}

// RecordedHashes returns the SHA-256 of each file as the generator wrote
// it, by path relative to the entry's path: snakebridge-lsp's
// "file_hashes" registry extension (upstream's own registry records none,
// and drops the extension when it rewrites the registry). Paths that
// would leave the entry's directory are ignored.
func RecordedHashes(e lockfile.RegistryLibrary) map[string]string {
	if e.Node == nil {
		return nil
	}
	n, ok := e.Node.Lookup("file_hashes")
	if !ok || n.Kind != lockfile.KindObject {
		return nil
	}
	out := make(map[string]string, len(n.Members))
	for _, m := range n.Members {
		if m.Value != nil && m.Value.Kind == lockfile.KindString && safeRel(m.Key) {
			out[m.Key] = m.Value.Str
		}
	}
	return out
}

// safeRel reports whether rel, a registry path, stays below its directory.
func safeRel(rel string) bool {
	c := path.Clean(rel)
	return rel != "" && !path.IsAbs(c) && c != "." && c != ".." && !strings.HasPrefix(c, "../") && !strings.Contains(rel, "\\")
}

// modifiedFiles reports the generated files of l whose content is not
// what the generator recorded. Missing files are generated_files_missing's.
func (c *checker) modifiedFiles(l *Library) {
	p := c.p
	e, ok := p.registryEntry(l.PythonName)
	if !ok {
		return
	}
	recorded := RecordedHashes(e)
	rels := make([]string, 0, len(recorded))
	for rel := range recorded {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	var modified []string
	var related []Related
	for _, rel := range rels {
		file := path.Join(p.Settings.GeneratedDir, rel)
		sum, err := c.opts.Parsed.FileSHA256(p.abs(file))
		if errors.Is(err, fs.ErrNotExist) || sum == recorded[rel] {
			continue
		}
		modified = append(modified, file)
		why := "changed since it was generated"
		if err != nil {
			why = fmt.Sprintf("cannot be verified: %v", describeIOError(err))
		}
		related = append(related, Related{File: file, Message: why})
	}
	if len(modified) == 0 {
		return
	}
	c.add(Finding{Code: CodeGeneratedFilesModified, Severity: SeverityError, Library: strPtr(l.PythonName), File: MixExsFile, Range: l.Range,
		Message:  fmt.Sprintf("%d generated file(s) of library %s are not what was generated (%s): edited by hand, or left by an interrupted generation; regenerate bindings", len(modified), l.PythonName, listSome(modified)),
		Expected: nil, Actual: modified, Related: related})
}

// orphanedFiles reports generated files that are no longer part of any
// library's bindings but would still be compiled: files a registry entry
// records under a generated_dir that is no longer the configured one, and
// files under a library's own directory whose header names the library
// while its exact file list (the registry's) does not.
func (c *checker) orphanedFiles() {
	p := c.p
	var libs map[string]lockfile.RegistryLibrary
	if p.Registry != nil {
		libs = p.Registry.Libraries
	}
	configured := map[string]*Library{}
	for _, l := range p.Libraries {
		configured[l.PythonName] = l
	}
	reported := map[string]bool{}
	names := make([]string, 0, len(libs))
	for name := range libs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		e := libs[name]
		l := configured[name]
		if _, exact := p.registryEntry(name); exact {
			if l != nil {
				c.reportOrphans(name, l, p.strayFiles(l, e), "", true)
			}
			continue
		}
		if !e.Path.Valid() {
			continue
		}
		old := path.Clean(filepath.ToSlash(e.Path.Value))
		if !safeRel(old) {
			continue
		}
		var left []string
		for _, rel := range e.Files.Value {
			if file := path.Join(old, rel); safeRel(rel) && generatedFor(p.abs(file), name) {
				left = append(left, file)
			}
		}
		c.reportOrphans(name, l, left, old, true)
		reported[name+"\x00"+old] = true
	}
	former := p.formerGeneratedDirs(p.Libraries)
	for _, l := range p.Libraries {
		for _, old := range former[l.PythonName] {
			if reported[l.PythonName+"\x00"+old] {
				continue
			}
			c.reportOrphans(l.PythonName, l, p.libraryTree(old, l), old, false)
		}
	}
}

// elixircRoot is Mix's default elixirc_paths: generated files left there
// are compiled.
const elixircRoot = "lib"

// formerGeneratedDirs is formerGeneratedDirsWalk, remembered by the
// project's scan cache while a watcher vouches that nothing under lib/
// changed (the language server: an edit of mix.exs then walks nothing).
func (p *Project) formerGeneratedDirs(libs []*Library) map[string][]string {
	names := make([]string, len(libs))
	for i, l := range libs {
		names[i] = l.PythonName
	}
	key := "former\x00" + p.Root + "\x00" + p.Settings.GeneratedDir + "\x00" + strings.Join(names, "\x00")
	if w, ok := p.scans.SavedWalk(key); ok {
		// check: saved by the previous run, nothing under lib/ changed.
		return w.Groups
	}
	v, _ := p.scans.Walk(key, []string{p.abs(elixircRoot)}, func() (any, []string, map[string]bool, error) {
		out, dirs, paths, infos := p.formerGeneratedDirsWalk(libs)
		p.scans.RecordWalk(key, scan.Walked{Groups: out}, paths, infos)
		return out, dirs, nil, nil
	})
	return v.(map[string][]string)
}

// formerGeneratedDirsWalk finds directories under lib/, other than
// generated_dir, that hold a library's root module file with SnakeBridge's
// header for it: a generated_dir the registry no longer records (upstream
// never cleans up a former generated_dir, nor did earlier versions of
// snakebridge-lsp). One walk lists the directories; a file is read only
// where a library's root module file exists, so this stays cheap on large
// source trees. The result is keyed by python_name; the directories
// walked come with it, and every directory walked and file read with its
// stat taken before it was read (nil where none could be taken).
func (p *Project) formerGeneratedDirsWalk(libs []*Library) (map[string][]string, []string, []string, []os.FileInfo) {
	gen := p.Settings.GeneratedDir
	root := p.abs(elixircRoot)
	// A library's tree starts with a directory named after the first
	// segment of its module path, or is its single-layout file: only
	// entries with those names are looked at.
	byDir, byFile := map[string][]*Library{}, map[string][]*Library{}
	for _, l := range libs {
		first, _, _ := strings.Cut(ModulePath(l.PythonName), "/")
		byDir[first] = append(byDir[first], l)
		byFile[l.PythonName+".ex"] = append(byFile[l.PythonName+".ex"], l)
	}
	out := map[string][]string{}
	found := func(l *Library, dir string) {
		rel, _ := filepath.Rel(p.Root, dir)
		if rel = filepath.ToSlash(rel); !slices.Contains(out[l.PythonName], rel) {
			out[l.PythonName] = append(out[l.PythonName], rel)
		}
	}
	var dirs, paths []string
	var infos []os.FileInfo
	// read records what the result depends on: a directory's entries or a
	// file's content (a missing file is the entries of its directory).
	read := func(path string, info os.FileInfo) {
		paths, infos = append(paths, path), append(infos, info)
	}
	if _, err := os.Stat(root); err != nil {
		// Nothing to walk, and no watch on a missing directory to vouch
		// that it stays so.
		dirs = append(dirs, root)
		read(root, nil)
	}
	_ = filepath.WalkDir(root, func(file string, d fs.DirEntry, err error) error {
		if err != nil {
			// Unreadable: the walk is not to be remembered.
			dirs = append(dirs, file+string(filepath.Separator))
			read(file, nil)
			return nil
		}
		if d.IsDir() {
			rel, _ := filepath.Rel(p.Root, file)
			if filepath.ToSlash(rel) == gen || (file != root && strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			dirs = append(dirs, file)
			info, _ := d.Info() // before WalkDir reads it
			read(file, info)
		}
		parent := filepath.Dir(file)
		for _, l := range byDir[d.Name()] {
			if d.IsDir() {
				initFile := filepath.Join(parent, filepath.FromSlash(ModulePath(l.PythonName)), "__init__.ex")
				if info, err := os.Lstat(initFile); err == nil {
					read(initFile, info)
				}
				if generatedFor(initFile, l.PythonName) {
					found(l, parent)
				}
			}
		}
		for _, l := range byFile[d.Name()] {
			if d.Type().IsRegular() {
				info, _ := d.Info()
				read(file, info)
				if generatedFor(file, l.PythonName) {
					found(l, parent)
				}
			}
		}
		return nil
	})
	return out, dirs, paths, infos
}

// libraryTree lists the files generated for l under a former generated
// directory dir: its single-layout file and the .ex files under its own
// module directory whose header names it.
func (p *Project) libraryTree(dir string, l *Library) []string {
	var out []string
	if single := path.Join(dir, l.PythonName+".ex"); generatedFor(p.abs(single), l.PythonName) {
		out = append(out, single)
	}
	_ = filepath.WalkDir(p.abs(path.Join(dir, ModulePath(l.PythonName))), func(file string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && strings.HasSuffix(d.Name(), ".ex") && generatedFor(file, l.PythonName) {
			out = append(out, p.rel(file, file))
		}
		return nil
	})
	return out
}

// reportOrphans reports files generated for library name that are no
// longer part of its bindings; recorded says whether the registry records
// them, without which generate does not remove them.
func (c *checker) reportOrphans(name string, l *Library, files []string, oldDir string, recorded bool) {
	if len(files) == 0 {
		return
	}
	r, where := c.mixRange(), fmt.Sprintf("under %s", c.p.Settings.GeneratedDir)
	if l != nil {
		r = l.Range
	}
	why := "they are not part of its bindings"
	if oldDir != "" {
		where = fmt.Sprintf("in %s, which is no longer generated_dir", oldDir)
		why = "the same modules are generated in " + c.p.Settings.GeneratedDir + ", and a module defined twice does not compile"
		if l == nil {
			why = "the library is no longer configured"
		}
	}
	related := make([]Related, 0, len(files))
	for _, f := range files {
		related = append(related, Related{File: f, Message: "generated for library " + name + ", no longer part of the bindings"})
	}
	fix := "regenerate bindings to remove them"
	if !recorded {
		fix = "no registry records them, so generate cannot prove it wrote them and leaves them: delete them"
	}
	c.add(Finding{Code: CodeGeneratedFilesOrphaned, Severity: SeverityError, Library: strPtr(name), File: MixExsFile, Range: r,
		Message:  fmt.Sprintf("%d file(s) generated for library %s are left %s (%s): %s; %s", len(files), name, where, listSome(files), why, fix),
		Expected: nil, Actual: files, Related: related})
}

// strayFiles lists the .ex files under l's own directory in generated_dir
// (upstream's candidates for stale-file cleanup, compat §6.1) that the
// registry entry does not list and whose header names l.
func (p *Project) strayFiles(l *Library, e lockfile.RegistryLibrary) []string {
	listed := map[string]bool{}
	for _, rel := range e.Files.Value {
		listed[path.Clean(rel)] = true
	}
	gen := p.Settings.GeneratedDir
	dir := p.abs(path.Join(gen, ModulePath(l.PythonName)))
	var out []string
	_ = filepath.WalkDir(dir, func(file string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || !strings.HasSuffix(d.Name(), ".ex") {
			return nil
		}
		rel, err := filepath.Rel(p.abs(gen), file)
		if err != nil || listed[filepath.ToSlash(rel)] {
			return nil
		}
		if generatedFor(file, l.PythonName) {
			out = append(out, path.Join(gen, filepath.ToSlash(rel)))
		}
		return nil
	})
	return out
}

// headerLines is how many leading lines upstream's cleanup searches for
// its markers (compat §6.1); codegen/fsx applies the same rule.
const headerLines = 6

// generatedFor reports whether the regular file at file carries
// SnakeBridge's header for library: "# Generated by SnakeBridge" and
// "# Library: <library>" followed by a blank or the end of the line in its
// first six lines.
func generatedFor(file, library string) bool {
	if fi, err := os.Lstat(file); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	f, _, err := safefile.OpenNoFollow(file)
	if err != nil {
		return false
	}
	defer f.Close()
	head, err := io.ReadAll(io.LimitReader(f, 16<<10))
	if err != nil {
		return false
	}
	lines := bytes.SplitN(head, []byte("\n"), headerLines+1)
	generated, ours := false, false
	for i, line := range lines {
		if i == headerLines {
			break
		}
		s := strings.TrimSuffix(string(line), "\r")
		generated = generated || strings.Contains(s, "# Generated by SnakeBridge")
		if rest, ok := strings.CutPrefix(s[max(0, strings.Index(s, "# Library: "+library)):], "# Library: "+library); ok {
			ours = ours || rest == "" || rest[0] == ' ' || rest[0] == '\t'
		}
	}
	return generated && ours
}
