package analysis

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
)

// definedFunctions are the functions a library's generated files define:
// module → name → the arities defined.
type definedFunctions map[string]map[string][]int

// defines reports whether module.function/arity is defined.
func (d definedFunctions) defines(module, function string, arity int) bool {
	for _, a := range d[strings.TrimPrefix(module, "Elixir.")][function] {
		if a == arity {
			return true
		}
	}
	return false
}

func (d definedFunctions) add(defs []scan.Definition) {
	for _, def := range defs {
		fns := d[def.Module]
		if fns == nil {
			fns = map[string][]int{}
			d[def.Module] = fns
		}
		for a := def.MinArity; a <= def.MaxArity; a++ {
			fns[def.Name] = append(fns[def.Name], a)
		}
	}
}

// GeneratedDefinitions reads what the generated files of a library define
// (its directory under generated_dir, the legacy single file, and the
// helper modules), so that a call is judged by the wrappers that compile,
// not by the arity range the manifest claims: upstream's manifest says
// "unbounded" for a function with *args while its wrapper takes only opts,
// and wrappers left out for a name collision are still in the manifest.
// ok is false when the library has no generated file at all (that is
// generated_files_missing's to report). Parses are shared through the
// parse cache by file version.
func (p *Project) GeneratedDefinitions(l *Library, cache *ParseCache) (defs definedFunctions, ok bool) {
	defs = definedFunctions{}
	for _, file := range p.libraryFiles(l) {
		ok = defs.read(file, cache) || ok
	}
	for _, file := range p.helperFiles() {
		defs.read(file, cache)
	}
	return defs, ok
}

// libraryFiles are the generated files of l as GeneratedDefinitions reads
// them (absolute): its directory under generated_dir and the legacy
// single file.
func (p *Project) libraryFiles(l *Library) []string {
	gen := p.Settings.GeneratedDir
	files := exFiles(p.abs(path.Join(gen, ModulePath(l.PythonName))))
	if legacy := p.abs(path.Join(gen, l.PythonName+".ex")); regularFile(legacy) {
		files = append(files, legacy)
	}
	return files
}

func (p *Project) helperFiles() []string {
	return exFiles(p.abs(path.Join(p.Settings.GeneratedDir, "helpers")))
}

// GeneratedFiles lists, absolute, the generated files whose definitions
// judge the project's calls (GeneratedDefinitions) for every configured
// library, then the helpers: what an editor's index reads so that it
// answers as check does, also for a library the registry does not list
// (bindings generated before the registry was, or by a partial run).
func (p *Project) GeneratedFiles() []string {
	var files []string
	for _, l := range p.Libraries {
		files = append(files, p.libraryFiles(l)...)
	}
	return append(files, p.helperFiles()...)
}

// read adds what file defines; false when it cannot be read.
func (d definedFunctions) read(file string, cache *ParseCache) bool {
	v, err := cache.Parse(file, "definitions", func(data []byte) (any, error) {
		return scan.Definitions(data), nil
	})
	if err != nil {
		return false
	}
	d.add(v.([]scan.Definition))
	return true
}

// exFiles lists the regular .ex files under dir (none when it is missing).
func exFiles(dir string) []string {
	var files []string
	_ = filepath.WalkDir(dir, func(file string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a missing or unreadable directory defines nothing
		}
		if d.Type().IsRegular() && strings.HasSuffix(d.Name(), ".ex") {
			files = append(files, file)
		}
		return nil
	})
	return files
}

func regularFile(p string) bool {
	st, err := os.Lstat(p)
	return err == nil && st.Mode().IsRegular()
}
