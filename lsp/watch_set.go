package lsp

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/fsx"
)

// watchKind says why a directory is watched and which of its entries
// matter.
type watchKind int

const (
	kindRoot     watchKind = iota // the project directory, for .venv
	kindFiles                     // files with one of Exts (any when empty), recursive or not
	kindNamed                     // the listed file names only
	kindVenv                      // pyvenv.cfg
	kindDist                      // *.dist-info, *.egg-info, … appearing or disappearing
	kindAncestor                  // nearest existing ancestor of a missing root
)

// watchRoot is one directory of a project's watch set.
type watchRoot struct {
	Dir       string
	Kind      watchKind
	Recursive bool
	// Names are the relevant file names (kindRoot, kindNamed) or, for
	// kindAncestor, the missing directories it stands for.
	Names []string
	// Exts are the relevant suffixes (kindFiles).
	Exts []string
}

// watchSpec is everything a project's watchers need.
type watchSpec struct {
	Roots []watchRoot
	// Skip are directories whose events never matter (generated_dir).
	Skip []string
}

// computeSpec derives the watch set from the last check: the inputs the
// loaded project declares (analysis.Project.Inputs) and the Python
// environment. It never walks deps/, _build/ or a virtual environment.
func (p *project) computeSpec(ctx context.Context) watchSpec {
	p.mu.Lock()
	proj, rep := p.loaded, p.report
	p.mu.Unlock()
	root := p.root
	spec := watchSpec{}
	roots := []watchRoot{{Dir: root, Kind: kindRoot, Names: []string{".venv"}}}
	for _, in := range p.inputs(proj) {
		switch {
		case in.Unwatched && in.Kind != analysis.InputFile:
			spec.Skip = append(spec.Skip, in.Path)
		case in.Unwatched:
		case in.Kind == analysis.InputFile:
			roots = append(roots, watchRoot{Dir: filepath.Dir(in.Path), Kind: kindNamed, Names: []string{filepath.Base(in.Path)}})
		default:
			roots = append(roots, watchRoot{Dir: in.Path, Kind: kindFiles, Recursive: in.Kind == analysis.InputTree, Exts: in.Exts})
		}
	}
	if rep != nil && rep.Python != nil {
		roots = append(roots, p.s.pythonRoots(ctx, rep.Python.Executable, reportRanNothing(rep))...)
	} else if py := p.s.currentSettings().PythonPath; py != "" && strings.ContainsRune(py, filepath.Separator) {
		// The configured interpreter is missing: watch for its return.
		py = p.abs(py)
		roots = append(roots, watchRoot{Dir: filepath.Dir(py), Kind: kindNamed, Names: []string{filepath.Base(py)}})
	}
	spec.Roots = dedupeRoots(roots)
	spec.Roots = append(spec.Roots, ancestorsOfMissing(root, spec.Roots)...)
	return spec
}

// inputs are the files a check of the project reads: those the last
// loaded project declares, or the base ones before any check.
func (p *project) inputs(proj *analysis.Project) []analysis.Input {
	if proj == nil {
		return analysis.BaseInputs(p.root)
	}
	return proj.Inputs()
}

// pythonRoots watch an interpreter: its directory (the binary may be
// replaced), its venv's pyvenv.cfg and every directory on sys.path that
// holds distributions, for installs and removals.
// An interpreter the check did not run (staticOnly) is not run here
// either: its roots come from its files.
func (s *Server) pythonRoots(ctx context.Context, exe string, staticOnly bool) []watchRoot {
	out := []watchRoot{{Dir: filepath.Dir(exe), Kind: kindNamed, Names: []string{filepath.Base(exe)}}}
	var facts pyenv.Facts
	var err error
	if staticOnly {
		facts, _ = pyenv.StaticFacts(exe)
	} else {
		facts, err = s.opts.Facts.Facts(ctx, exe)
	}
	if err != nil {
		return out
	}
	if facts.Executable != "" && filepath.Dir(facts.Executable) != filepath.Dir(exe) {
		out = append(out, watchRoot{Dir: filepath.Dir(facts.Executable), Kind: kindNamed, Names: []string{filepath.Base(facts.Executable)}})
	}
	if facts.PyvenvCfg != "" {
		out = append(out, watchRoot{Dir: filepath.Dir(facts.PyvenvCfg), Kind: kindVenv})
	}
	dirs := append(pyenv.DistDirs(facts.SysPath), facts.SitePackages...)
	for _, d := range dirs {
		out = append(out, watchRoot{Dir: d, Kind: kindDist})
	}
	return out
}

// dedupeRoots drops repeated roots, keeping the first of each directory
// and kind, merging names.
func dedupeRoots(roots []watchRoot) []watchRoot {
	type key struct {
		dir  string
		kind watchKind
	}
	idx := map[key]int{}
	var out []watchRoot
	for _, r := range roots {
		r.Dir = filepath.Clean(r.Dir)
		k := key{r.Dir, r.Kind}
		if i, ok := idx[k]; ok {
			out[i].Names = mergeNames(out[i].Names, r.Names)
			continue
		}
		idx[k] = len(out)
		out = append(out, r)
	}
	return out
}

func mergeNames(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range append(append([]string(nil), a...), b...) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// ancestorsOfMissing watches, for each root inside the project that does
// not exist yet, its nearest existing ancestor, so that its creation is
// noticed (a first generation creates .snakebridge/).
func ancestorsOfMissing(projectRoot string, roots []watchRoot) []watchRoot {
	byDir := map[string][]string{}
	for _, r := range roots {
		if !within(r.Dir, projectRoot) || r.Dir == projectRoot {
			continue
		}
		if _, err := os.Stat(r.Dir); err == nil {
			continue
		}
		anc := filepath.Dir(r.Dir)
		for within(anc, projectRoot) && anc != projectRoot {
			if _, err := os.Stat(anc); err == nil {
				break
			}
			anc = filepath.Dir(anc)
		}
		byDir[anc] = append(byDir[anc], r.Dir)
	}
	var out []watchRoot
	for _, dir := range sortedKeys(byDir) {
		out = append(out, watchRoot{Dir: dir, Kind: kindAncestor, Names: mergeNames(nil, byDir[dir])})
	}
	return out
}

// skippedWalkDir reports directories a recursive root never descends into.
func skippedWalkDir(path, name string, skip []string) bool {
	if strings.HasPrefix(name, ".") || name == "__pycache__" || name == "deps" || name == "_build" || name == "node_modules" {
		return true
	}
	for _, s := range skip {
		if within(path, s) {
			return true
		}
	}
	if _, err := os.Stat(filepath.Join(path, "pyvenv.cfg")); err == nil {
		return true
	}
	return false
}

// expandDirs lists the directories of a root: the root itself and, for
// recursive roots, its subdirectories. A limit > 0 stops the walk after
// that many directories and reports that it did, so that the caller can
// degrade loudly instead of leaving deeper directories unwatched in
// silence; limit 0 walks the whole tree (the degraded rescan does).
func expandDirs(r watchRoot, skip []string, limit int) (dirs []string, truncated bool) {
	if _, err := os.Stat(r.Dir); err != nil {
		return nil, false
	}
	if !r.Recursive {
		return []string{r.Dir}, false
	}
	_ = filepath.WalkDir(r.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == r.Dir {
				return err
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if path != r.Dir && skippedWalkDir(path, d.Name(), skip) {
			return filepath.SkipDir
		}
		if limit > 0 && len(dirs) >= limit {
			truncated = true
			return filepath.SkipAll
		}
		dirs = append(dirs, path)
		return nil
	})
	return dirs, truncated
}

// relevant reports whether an event for path (inside r.Dir or r.Dir
// itself) can change the project, and whether it changes the set of
// directories to watch.
func (r watchRoot) relevant(path string, isDir bool) (relevant, structural bool) {
	if path == r.Dir {
		return true, true // the directory itself appeared or went away
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	if ignoredName(base) {
		return false, false
	}
	if dir != r.Dir && !(r.Recursive && within(path, r.Dir)) {
		return false, false
	}
	switch r.Kind {
	case kindRoot:
		return contains(r.Names, base), base == ".venv"
	case kindNamed:
		return contains(r.Names, base), false
	case kindFiles:
		if isDir {
			return r.Recursive, r.Recursive
		}
		return len(r.Exts) == 0 || hasAnySuffix(base, r.Exts), false
	case kindVenv:
		return base == "pyvenv.cfg", false
	case kindDist:
		return isDistEntry(base), false
	case kindAncestor:
		for _, missing := range r.Names {
			if within(missing, path) {
				return true, true
			}
		}
	}
	return false, false
}

// isDistEntry reports whether a site-packages entry describes an installed
// distribution (or changes sys.path).
func isDistEntry(name string) bool {
	for _, suf := range []string{".dist-info", ".egg-info", ".egg", ".egg-link", ".pth"} {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}

// ignoredName reports editor and generator scratch files.
func ignoredName(base string) bool {
	switch {
	case fsx.IsTempFile(base):
		return true
	case strings.HasSuffix(base, "~"), base == "4913":
		return true
	case strings.HasPrefix(base, ".") && (strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".swo")):
		return true
	case strings.HasPrefix(base, ".#"):
		return true
	}
	return false
}

func hasAnySuffix(name string, suffixes []string) bool {
	for _, suf := range suffixes {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
