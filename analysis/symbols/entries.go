package symbols

import (
	"maps"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
)

// entries are what the index keeps of the manifest's entries, by key,
// taken from each entry while lockfile.ReadManifest visits it (its node
// is gone afterwards). A later visit of a key replaces the earlier one.
type entries struct {
	symbols map[string]*symbolEntry
	classes map[string]*classEntry
	modules map[string]*moduleEntry
}

// symbolEntry is a function or module attribute entry: its function
// built, to be placed in module under name.
type symbolEntry struct {
	module, name, pythonModule string
	f                          *Function
}

// classEntry is a class entry with its methods built.
type classEntry struct {
	module, pythonModule, pythonClass string
	source                            Location
	doc                               span
	methods                           []*Function
}

// moduleEntry is a module entry: its Python name and docstring.
type moduleEntry struct {
	python string
	doc    span
}

// visitor returns the visitor that fills e. Strings go into b's table
// (copied) as they are read; docstring ranges into b.docs, to be
// resolved to spans after the read.
func (e *entries) visitor(b *builder) lockfile.ManifestVisitor {
	e.symbols, e.classes, e.modules = map[string]*symbolEntry{}, map[string]*classEntry{}, map[string]*moduleEntry{}
	return lockfile.ManifestVisitor{
		Symbol: func(s *lockfile.Symbol) { e.symbols[s.Key] = b.symbolEntry(s) },
		Class:  func(c *lockfile.Class) { e.classes[c.Key] = b.classEntry(c) },
		Module: func(m *lockfile.ModuleEntry) {
			me := &moduleEntry{python: b.intern(firstValid(m.PythonModule, m.Key))}
			if m.Docstring.Valid() {
				b.docAt(m.Node, &me.doc)
			}
			e.modules[m.Key] = me
		},
	}
}

func (b *builder) symbolEntry(s *lockfile.Symbol) *symbolEntry {
	keyModule, keyName := splitSymbolKey(s.Key)
	module := strings.TrimPrefix(firstValid(s.Module, keyModule), "Elixir.")
	name := firstValid(s.Name, firstValid(s.ElixirName, keyName))
	if module == "" || name == "" {
		return &symbolEntry{}
	}
	f := &Function{Name: b.intern(name), pyName: b.id(firstValid(s.Function, firstValid(s.PythonName, keyName)))}
	if s.CallType.Value == "module_attr" {
		f.flags |= flagAttribute
	}
	b.signature(f, s.Node)
	return &symbolEntry{module: b.intern(module), name: f.Name, pythonModule: b.intern(s.PythonModule.Value), f: f}
}

func (b *builder) classEntry(c *lockfile.Class) *classEntry {
	ce := &classEntry{
		module:       b.intern(strings.TrimPrefix(firstValid(c.Module, c.Key), "Elixir.")),
		pythonModule: b.intern(c.PythonModule.Value),
		pythonClass:  b.intern(firstValid(c.Class, str(c.Node, "name"))),
		source:       b.ix.location(b.location(c.Node)),
	}
	if c.Docstring.Valid() {
		b.docAt(c.Node, &ce.doc)
	}
	seen := map[string]bool{}
	for _, lm := range c.Methods {
		py := firstValid(lm.PythonName, lm.Name.Value)
		name := lm.ElixirName.Value
		if name == "" {
			name = py
			if py == "__init__" {
				name = "new"
			}
		}
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		f := &Function{Name: b.intern(name), pyName: b.id(py)}
		b.signature(f, lm.Node)
		ce.methods = append(ce.methods, f)
	}
	return ce
}

// keep drops the entries the read's result lm does not have: a later
// occurrence of a key may take an entry back after its visit
// (lockfile.ManifestVisitor), and the result is authoritative.
func (e *entries) keep(lm *lockfile.Manifest) {
	maps.DeleteFunc(e.symbols, func(key string, _ *symbolEntry) bool { return lm.Symbols[key] == nil })
	maps.DeleteFunc(e.classes, func(key string, _ *classEntry) bool { return lm.Classes[key] == nil })
	maps.DeleteFunc(e.modules, func(key string, _ *moduleEntry) bool { return lm.Modules[key] == nil })
}
