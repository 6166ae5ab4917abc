package codegen

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
)

// registryVersion is the registry format upstream writes.
const registryVersion = "2.1"

// registryEntry describes one generated library (compat §5) plus our
// "options" record, from which check names the options that changed.
type registryEntry struct {
	lib    *analysis.Library
	files  []string // relative to generated_dir
	view   *model.Manifest
	inputs string            // our "inputs_hash" extension
	hashes map[string]string // our "file_hashes" extension
}

// buildRegistry renders priv/snakebridge/registry.json: generated libraries
// get fresh entries, unselected ones keep theirs, removed ones are dropped.
// A timestamp only moves when its entry changed, so an unchanged
// regeneration writes identical bytes.
func buildRegistry(p *analysis.Project, generated map[string]registryEntry, now time.Time) lockfile.Value {
	prevTop, prevLibs := previousRegistry(p)
	libs := map[string]lockfile.Value{}
	changed := false
	stamp := lockfile.String(now.UTC().Format("2006-01-02T15:04:05.000000Z"))
	for _, l := range p.Libraries {
		e, ok := generated[l.PythonName]
		if !ok {
			if old, had := prevLibs.Get(l.PythonName); had {
				libs[l.PythonName] = old
			}
			continue
		}
		entry := registryLibrary(p, e, stamp)
		if old, had := prevLibs.Get(l.PythonName); had && sameExceptStamp(old, entry) {
			entry = old.(lockfile.Object)
		} else {
			changed = true
		}
		libs[l.PythonName] = entry
	}
	for _, name := range prevLibs.Keys {
		if _, kept := libs[name]; !kept {
			changed = true // a library was unregistered
		}
	}
	top := lockfile.SortedObject(map[string]lockfile.Value{
		"generated_at": stamp, "libraries": lockfile.SortedObject(libs), "version": lockfile.String(registryVersion),
	})
	if !changed {
		if v, ok := prevTop.Get("generated_at"); ok {
			top.Set("generated_at", v)
		}
	}
	return top
}

func previousRegistry(p *analysis.Project) (lockfile.Object, lockfile.Object) {
	if p.Registry == nil || p.Registry.Raw == nil {
		return lockfile.Object{}, lockfile.Object{}
	}
	top, _ := p.Registry.Raw.Value().(lockfile.Object)
	return top, objectAt(top, "libraries")
}

func registryLibrary(p *analysis.Project, e registryEntry, stamp lockfile.String) lockfile.Object {
	files := lockfile.Array{}
	for _, f := range orderRegistryFiles(e.files) {
		files = append(files, lockfile.String(f))
	}
	options := map[string]lockfile.Value{}
	for k, v := range e.lib.OptionsRecord() {
		options[k] = lockfile.String(v)
	}
	functions, classes, submodules := libraryStats(e.lib.PythonName, e.view)
	hashes := map[string]lockfile.Value{}
	for rel, h := range e.hashes {
		hashes[rel] = lockfile.String(h)
	}
	return lockfile.SortedObject(map[string]lockfile.Value{
		"elixir_module":  lockfile.String(e.lib.Module),
		"file_hashes":    lockfile.SortedObject(hashes),
		"files":          files,
		"generated_at":   stamp,
		"inputs_hash":    lockfile.String(e.inputs),
		"options":        lockfile.SortedObject(options),
		"path":           lockfile.String(p.Settings.GeneratedDir),
		"python_module":  lockfile.String(e.lib.PythonName),
		"python_version": lockfile.String(registryPythonVersion(e.lib)),
		"stats": lockfile.SortedObject(map[string]lockfile.Value{
			"classes": number(classes), "functions": number(functions), "submodules": number(submodules),
		}),
	})
}

// orderRegistryFiles puts module files (sorted) before class files
// (sorted), the order upstream writes.
func orderRegistryFiles(files []string) []string {
	var mods, classes []string
	for _, f := range files {
		if strings.HasSuffix(f, "/__init__.ex") || f == "__init__.ex" {
			mods = append(mods, f)
		} else {
			classes = append(classes, f)
		}
	}
	sort.Strings(mods)
	sort.Strings(classes)
	return append(mods, classes...)
}

// libraryStats counts functions, classes and the distinct non-root Python
// modules among them (upstream's stats).
func libraryStats(pythonName string, m *model.Manifest) (functions, classes, submodules int) {
	subs := map[string]bool{}
	for _, s := range m.Symbols {
		if s.CallType == "module_attr" {
			continue
		}
		functions++
		if s.PythonModule != pythonName {
			subs[s.PythonModule] = true
		}
	}
	for _, c := range m.Classes {
		classes++
		if c.PythonModule != pythonName {
			subs[c.PythonModule] = true
		}
	}
	return functions, classes, len(subs)
}

func registryPythonVersion(l *analysis.Library) string {
	if r := l.Version.Requested(); r != nil {
		return *r
	}
	return "unknown"
}

func number(n int) lockfile.Number { return lockfile.Number(strconv.Itoa(n)) }

// sameExceptStamp compares two registry entries ignoring generated_at.
func sameExceptStamp(old lockfile.Value, now lockfile.Object) bool {
	o, ok := old.(lockfile.Object)
	if !ok {
		return false
	}
	strip := func(x lockfile.Object) lockfile.Object {
		y := lockfile.Object{}
		for i, k := range x.Keys {
			if k != "generated_at" {
				y.Set(k, x.Values[i])
			}
		}
		return lockfile.SortAll(y).(lockfile.Object)
	}
	a, err1 := lockfile.MarshalJason(strip(o))
	b, err2 := lockfile.MarshalJason(strip(now))
	return err1 == nil && err2 == nil && string(a) == string(b)
}
