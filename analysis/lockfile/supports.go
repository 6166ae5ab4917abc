package lockfile

import (
	"sort"
	"strings"
)

func (m *Manifest) index() {
	m.byFunction = make(map[string][]*Symbol, len(m.Symbols))
	keys := make([]string, 0, len(m.Symbols))
	for k := range m.Symbols {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if slash := strings.IndexByte(k, '/'); slash >= 0 {
			m.byFunction[k[:slash]] = append(m.byFunction[k[:slash]], m.Symbols[k])
		}
	}
	m.byModule = make(map[string]*Class, len(m.Classes))
	classKeys := make([]string, 0, len(m.Classes))
	for k, c := range m.Classes {
		m.byModule[k] = c
		classKeys = append(classKeys, k)
	}
	sort.Strings(classKeys)
	for _, k := range classKeys {
		if c := m.Classes[k]; c.Module.Valid() {
			if _, taken := m.byModule[c.Module.Value]; !taken {
				m.byModule[c.Module.Value] = c
			}
		}
	}
}

// Supports reports whether the manifest covers a call Module.function/arity,
// with the semantics of upstream's Manifest.missing/2 for one call (compat
// §4.3). module may carry the "Elixir." prefix.
//
//   - The generated internal functions __snakebridge_python_name__/0,
//     __snakebridge_python_class__/0, __snakebridge_library__/0,
//     __functions__/0, __classes__/0, __search__/1 and doc/1 are always
//     supported.
//   - If module is a class (by normalised class key, else by a class's
//     "module" field), the class alone decides (Class.Supports).
//   - Otherwise a symbol whose key starts with "<module>.<function>/" must
//     accept the arity (Symbol.Accepts), or function is "<base>_stream" and
//     a symbol "<module>.<base>/…" has streaming: true (any arity).
func (m *Manifest) Supports(module, function string, arity int) bool {
	module = strings.TrimPrefix(module, "Elixir.")
	if internalFunction(function, arity) {
		return true
	}
	if c, ok := m.byModule[module]; ok {
		return c.Supports(function, arity)
	}
	for _, s := range m.symbolsFor(module, function) {
		if s.Accepts(arity) {
			return true
		}
	}
	if base, ok := strings.CutSuffix(function, "_stream"); ok {
		for _, s := range m.symbolsFor(module, base) {
			if s.Streaming.Value {
				return true
			}
		}
	}
	return false
}

func internalFunction(function string, arity int) bool {
	switch function {
	case "__snakebridge_python_name__", "__snakebridge_python_class__", "__snakebridge_library__",
		"__functions__", "__classes__":
		return arity == 0
	case "__search__", "doc":
		return arity == 1
	}
	return false
}

// symbolsFor returns the symbols whose key starts with "<module>.<function>/".
func (m *Manifest) symbolsFor(module, function string) []*Symbol {
	prefix := module + "." + function
	if !strings.Contains(prefix, "/") {
		return m.byFunction[prefix]
	}
	// The index splits keys at their first '/', which cannot answer a
	// prefix that itself contains one.
	var out []*Symbol
	for k, s := range m.Symbols {
		if strings.HasPrefix(k, prefix+"/") {
			out = append(out, s)
		}
	}
	return out
}

// Accepts reports whether a call with the given arity is in the symbol's
// range: minimum_arity ≤ arity ≤ maximum_arity, with no upper bound when
// maximum_arity is "unbounded" or has_var_positional is true. An absent (or
// null) minimum_arity or maximum_arity falls back to the arity in the key,
// so old entries without arity fields match that arity exactly.
func (s *Symbol) Accepts(arity int) bool {
	lo := s.KeyArity
	if s.MinimumArity.Valid() {
		lo = s.MinimumArity
	}
	if !lo.Valid() || arity < lo.Value {
		return false
	}
	if s.HasVarPositional.Value || (s.MaximumArity.Valid() && s.MaximumArity.Value.Unbounded) {
		return true
	}
	if s.MaximumArity.Valid() {
		return arity <= s.MaximumArity.Value.N
	}
	return s.KeyArity.Valid() && arity <= s.KeyArity.Value
}

// Supports reports whether the class covers Class.function/arity: a class
// with neither methods nor attributes supports every call; otherwise a
// method must match by Elixir name (Method.ElixirNames) and accept the arity,
// or an attribute must be named function with arity 1 (the ref).
func (c *Class) Supports(function string, arity int) bool {
	if len(c.Methods) == 0 && len(c.Attributes.Value) == 0 {
		return true
	}
	for i := range c.Methods {
		m := &c.Methods[i]
		if m.Accepts(arity) && contains(m.ElixirNames(), function) {
			return true
		}
	}
	return arity == 1 && contains(c.Attributes.Value, function)
}

// ElixirNames returns the Elixir names a method answers to: its elixir_name,
// "new" for __init__, and — for old entries without elixir_name — its
// Python name.
func (m *Method) ElixirNames() []string {
	var names []string
	py := m.PythonName.Value
	if !m.PythonName.Valid() {
		py = m.Name.Value
	}
	if m.ElixirName.Valid() {
		names = append(names, m.ElixirName.Value)
	} else if py != "" && py != "__init__" {
		names = append(names, py)
	}
	if py == "__init__" && !contains(names, "new") {
		names = append(names, "new")
	}
	return names
}

// Accepts reports whether the method's arity range (which includes the ref
// argument for instance methods) contains arity. Methods have no key to fall
// back on: an absent minimum reads as required_arity, else 0, and an absent
// maximum as unbounded, so old entries without arity fields accept any
// arity. This fallback is our choice; compat §4.3 does not specify it.
func (m *Method) Accepts(arity int) bool {
	lo := 0
	switch {
	case m.MinimumArity.Valid():
		lo = m.MinimumArity.Value
	case m.RequiredArity.Valid():
		lo = m.RequiredArity.Value
	}
	if arity < lo {
		return false
	}
	if m.HasVarPositional.Value || !m.MaximumArity.Valid() || m.MaximumArity.Value.Unbounded {
		return true
	}
	return arity <= m.MaximumArity.Value.N
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// LibraryEntries counts the symbols, classes and modules that belong to the
// Python library pythonName, judged by their python_module (a module entry
// without one by its key): equal to pythonName or below it at a dot boundary
// ("json" claims "json.decoder" but not "jsonpickle"). Compat §14.6.
func (m *Manifest) LibraryEntries(pythonName string) (symbols, classes, modules int) {
	return m.countEntries(func(mod string) bool {
		return mod == pythonName || strings.HasPrefix(mod, pythonName+".")
	})
}

// LibraryEntriesUpstream is LibraryEntries with upstream's rule, a plain
// String.starts_with?(python_module, python_name): "json" also claims
// "jsonpickle.*". Use it to predict what upstream will render or clear.
func (m *Manifest) LibraryEntriesUpstream(pythonName string) (symbols, classes, modules int) {
	return m.countEntries(func(mod string) bool { return strings.HasPrefix(mod, pythonName) })
}

func (m *Manifest) countEntries(belongs func(string) bool) (symbols, classes, modules int) {
	for _, s := range m.Symbols {
		if belongs(s.PythonModule.Value) {
			symbols++
		}
	}
	for _, c := range m.Classes {
		if belongs(c.PythonModule.Value) {
			classes++
		}
	}
	for k, e := range m.Modules {
		mod := k
		if e.PythonModule.Valid() {
			mod = e.PythonModule.Value
		}
		if belongs(mod) {
			modules++
		}
	}
	return symbols, classes, modules
}
