package model

import "strings"

// New returns an empty manifest with the given version (upstream writes the
// running SnakeBridge version, e.g. "0.16.0").
func New(version string) *Manifest {
	return &Manifest{Version: version, Symbols: map[string]*Symbol{}, Classes: map[string]*Class{},
		Modules: map[string]*Module{}}
}

// Clone returns a manifest with m's entries in maps of its own, so that
// merging into it leaves m as it is. Entries are shared, not copied.
func (m *Manifest) Clone() *Manifest {
	out := New("")
	if m == nil {
		return out
	}
	out.Version = m.Version
	for key, s := range m.Symbols {
		out.Symbols[key] = s
	}
	for key, c := range m.Classes {
		out.Classes[key] = c
	}
	for key, mod := range m.Modules {
		out.Modules[key] = mod
	}
	return out
}

// belongsTo reports whether a Python module is part of library pythonName.
// Upstream uses a plain prefix test (String.starts_with?), so library "json"
// also claims "jsonpickle.*" and rebuilding json clears jsonpickle's
// entries; we deliberately require a dot boundary (compat §14 item 6).
func belongsTo(pythonModule, pythonName string) bool {
	return pythonModule == pythonName || strings.HasPrefix(pythonModule, pythonName+".")
}

// init makes the maps of a manifest built by hand usable.
func (m *Manifest) init() {
	if m.Symbols == nil {
		m.Symbols = map[string]*Symbol{}
	}
	if m.Classes == nil {
		m.Classes = map[string]*Class{}
	}
	if m.Modules == nil {
		m.Modules = map[string]*Module{}
	}
}

// putClass stores c under its module, first dropping every class entry for
// the same Python class (upstream's drop_class_entries: a class that moved
// to another module does not stay behind under the old one).
func (m *Manifest) putClass(c *Class) {
	m.init()
	for key, old := range m.Classes {
		if old.PythonModule == c.PythonModule && old.Class == c.Class {
			delete(m.Classes, key)
		}
	}
	m.Classes[c.Module] = c
}

// Merge puts other's entries into m as upstream's pipeline does: symbols and
// modules by key (other wins), classes by module after dropping m's entries
// for the same Python class. m's version is kept unless it is empty. The
// entries are shared, not copied.
func (m *Manifest) Merge(other *Manifest) {
	m.init()
	if other == nil {
		return
	}
	if m.Version == "" {
		m.Version = other.Version
	}
	for key, s := range other.Symbols {
		m.Symbols[key] = s
	}
	for _, c := range other.Classes {
		for old, oc := range m.Classes {
			if oc.PythonModule == c.PythonModule && oc.Class == c.Class {
				delete(m.Classes, old)
			}
		}
	}
	for key, c := range other.Classes {
		m.Classes[key] = c
	}
	for key, mod := range other.Modules {
		m.Modules[key] = mod
	}
}

// RemoveLibrary deletes the symbols, classes and modules of library
// pythonName, judged by their python_module (a module entry by its key):
// equal to pythonName or below it at a dot boundary. Upstream's
// clear_library_classes uses a plain prefix match, which also deletes
// "jsonpickle" entries when clearing "json"; the boundary is a deliberate
// fix (compat §14 item 6).
func (m *Manifest) RemoveLibrary(pythonName string) {
	m.init()
	for key, s := range m.Symbols {
		if belongsTo(s.PythonModule, pythonName) {
			delete(m.Symbols, key)
		}
	}
	for key, c := range m.Classes {
		if belongsTo(c.PythonModule, pythonName) {
			delete(m.Classes, key)
		}
	}
	for key := range m.Modules {
		if belongsTo(key, pythonName) {
			delete(m.Modules, key)
		}
	}
}

// LibraryView returns a manifest holding the entries of library pythonName
// (dot-boundary match as in RemoveLibrary) and m's version. Entries are
// shared with m.
func (m *Manifest) LibraryView(pythonName string) *Manifest {
	out := New(m.Version)
	for key, s := range m.Symbols {
		if belongsTo(s.PythonModule, pythonName) {
			out.Symbols[key] = s
		}
	}
	for key, c := range m.Classes {
		if belongsTo(c.PythonModule, pythonName) {
			out.Classes[key] = c
		}
	}
	for key, mod := range m.Modules {
		if belongsTo(key, pythonName) {
			out.Modules[key] = mod
		}
	}
	return out
}
