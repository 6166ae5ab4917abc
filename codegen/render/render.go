// Package render writes SnakeBridge-0.16-compatible Elixir binding files
// from a library's manifest entries (compat §6): a module file per Python
// module and a file per class, in the split layout under generated_dir,
// with the header lines SnakeBridge's stale-file cleanup recognises.
//
// Output is deterministic and already formatted: Code.format_string!/1
// leaves every file unchanged (see package exfmt). docs/generated-code.md
// lists where the output deliberately differs from upstream's.
package render

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render/docstring"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render/exfmt"
)

// File is a generated file.
type File struct {
	// Path is relative to generated_dir, "/"-separated (e.g.
	// "json/decoder/json_decoder.ex").
	Path    string
	Content []byte
}

// Options are the rendering settings.
type Options struct {
	// SnakebridgeVersion is the version named in the header ("0.16.0").
	SnakebridgeVersion string
	// GeneratorName, if set, is named on a header line after upstream's
	// ("snakebridge-lsp 0.1.0").
	GeneratorName string
	// VariadicMaxArity is upstream's variadic_max_arity (0 means 8).
	VariadicMaxArity int
}

// Library renders the files of one library from its manifest entries
// (entries of other libraries are ignored), sorted by path. It prints on
// up to GOMAXPROCS goroutines, section by section (see sections.go).
func Library(lib model.Library, m *model.Manifest, opts Options) ([]File, error) {
	var files []File
	err := Each(lib, m, opts, func(chunk []File) error {
		files = append(files, chunk...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// Each renders the library's files as Library does, but hands them to emit
// a few at a time (each batch sorted by path, batches in a fixed order)
// and keeps none: sympy's 1,507 files in module_mode :explicit are 190 MB,
// which the generator writes as they come instead of holding. An error of
// emit stops the rendering and is returned.
func Each(lib model.Library, m *model.Manifest, opts Options, emit func([]File) error) error {
	r, err := newRenderer(lib, m, opts)
	if err != nil {
		return err
	}
	if err := r.printFiles(r.plans(), emit); err != nil {
		return fmt.Errorf("rendering library %s: %w", lib.PythonName, err)
	}
	return nil
}

// plans plan the library's files, modules then classes.
func (r *renderer) plans() []func() *skeleton {
	plans := make([]func() *skeleton, 0, len(r.modules)+len(r.classes))
	for _, mp := range r.modules {
		plans = append(plans, func() *skeleton { return r.moduleSkeleton(mp) })
	}
	for _, cp := range r.classes {
		plans = append(plans, func() *skeleton { return r.classSkeleton(cp) })
	}
	return plans
}

type renderer struct {
	lib       model.Library
	opts      Options
	maxArity  int
	streaming map[string]bool
	modules   []*modulePlan
	classes   []*classPlan
	types     *classIndex
	memo      textMemo
}

// modulePlan is a module wrapper file to generate.
type modulePlan struct {
	python  string
	module  string
	root    bool
	entry   *model.Module
	symbols []*model.Symbol
	notes   []string
	path    string
	// generated are the symbols that get wrappers (names made valid),
	// sorted by name; claimNotes say why others do not.
	generated  []*model.Symbol
	plans      map[*model.Symbol]plan
	streams    map[*model.Symbol]bool
	claimNotes []string
}

func newRenderer(lib model.Library, m *model.Manifest, opts Options) (*renderer, error) {
	if lib.PythonName == "" {
		return nil, fmt.Errorf("rendering library: the Python name is empty")
	}
	if !validAlias(lib.Module) {
		return nil, fmt.Errorf("rendering library %s: %q is not a valid Elixir module name", lib.PythonName, lib.Module)
	}
	if opts.SnakebridgeVersion == "" {
		return nil, fmt.Errorf("rendering library %s: the SnakeBridge version for the header is empty", lib.PythonName)
	}
	if m == nil {
		m = &model.Manifest{}
	}
	r := &renderer{lib: lib, opts: opts, maxArity: opts.VariadicMaxArity, streaming: map[string]bool{}}
	if r.maxArity <= 0 {
		r.maxArity = model.DefaultVariadicMaxArity
	}
	for _, s := range lib.Streaming {
		r.streaming[s] = true
	}
	if err := r.planClasses(m); err != nil {
		return nil, err
	}
	r.planModules(m)
	r.types = newClassIndex(r.classes)
	r.assignPaths()
	for _, mp := range r.modules {
		r.resolveSymbols(mp)
	}
	return r, nil
}

// resolveSymbols decides which symbols of a wrapper get functions: each
// claims the name/arity pairs its wrappers define, in name order.
func (r *renderer) resolveSymbols(mp *modulePlan) {
	cl := newClaims()
	cl.reserve("__snakebridge_python_name__", "the SnakeBridge metadata", 0)
	cl.reserve("__snakebridge_library__", "the SnakeBridge metadata", 0)
	reserveModuleHelpers(cl)
	if mp.root {
		cl.reserve("__functions__", "the SnakeBridge discovery functions", 0)
		cl.reserve("__classes__", "the SnakeBridge discovery functions", 0)
		cl.reserve("__search__", "the SnakeBridge discovery functions", 1)
		cl.reserve("doc", "the SnakeBridge discovery functions", 1)
	}
	var symbols []*model.Symbol
	for _, s := range mp.symbols {
		sym := *s
		if sym.Name == "" || !validFunctionName(sym.Name) {
			sym.Name = model.FunctionName(sym.Function)
		}
		if sym.Function == "" {
			sym.Function = sym.Name
		}
		symbols = append(symbols, &sym)
	}
	sort.SliceStable(symbols, func(i, j int) bool { return symbols[i].Name < symbols[j].Name })
	mp.plans = map[*model.Symbol]plan{}
	mp.streams = map[*model.Symbol]bool{}
	for _, s := range symbols {
		p := newPlan(&s.Signature)
		if r.lib.VariadicPositional && p.hasVarargs && s.CallType != "module_attr" {
			p.addExtras(r.maxArity)
		}
		streaming := s.CallType != "module_attr" && (s.Streaming || r.streaming[s.Function])
		what := fmt.Sprintf("`%s` (Python `%s`)", s.Name, s.Function)
		if !cl.claim(what, r.symbolArities(s, p, streaming)) {
			continue
		}
		mp.generated = append(mp.generated, s)
		mp.plans[s] = p
		mp.streams[s] = streaming
	}
	mp.claimNotes = cl.notes
}

// inLibrary reports whether a Python module belongs to the library (with
// a dot boundary, unlike upstream's prefix test: compat §14 item 6).
func (r *renderer) inLibrary(python string) bool {
	return python == r.lib.PythonName || strings.HasPrefix(python, r.lib.PythonName+".")
}

func (r *renderer) planClasses(m *model.Manifest) error {
	keys := make([]string, 0, len(m.Classes))
	for k := range m.Classes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := m.Classes[k]
		if c == nil {
			continue
		}
		if c.PythonModule == "" {
			copied := *c
			copied.PythonModule = r.lib.PythonName
			c = &copied
		}
		if !r.inLibrary(c.PythonModule) {
			continue
		}
		module := c.Module
		if module == "" {
			module = k
		}
		if !validAlias(module) {
			return fmt.Errorf("rendering library %s: class %s.%s has the invalid module name %q",
				r.lib.PythonName, c.PythonModule, c.Class, module)
		}
		r.classes = append(r.classes, &classPlan{class: c, module: module})
	}
	return nil
}

// planModules decides the module wrappers: one per Python module with
// symbols or classes, per module entry of the library, and the root.
func (r *renderer) planModules(m *model.Manifest) {
	byPython := map[string]*modulePlan{}
	get := func(python string) *modulePlan {
		if mp, ok := byPython[python]; ok {
			return mp
		}
		mp := &modulePlan{python: python, root: python == r.lib.PythonName}
		byPython[python] = mp
		return mp
	}
	get(r.lib.PythonName)
	keys := make([]string, 0, len(m.Symbols))
	for k := range m.Symbols {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s := m.Symbols[k]
		if s == nil {
			continue
		}
		python := s.PythonModule
		if python == "" {
			python = r.lib.PythonName
		}
		if r.inLibrary(python) {
			mp := get(python)
			mp.symbols = append(mp.symbols, s)
		}
	}
	for _, c := range r.classes {
		get(c.class.PythonModule)
	}
	for python, entry := range m.Modules {
		if entry != nil && r.inLibrary(python) {
			get(python).entry = entry
		}
	}
	r.nameModules(byPython)
}

// nameModules gives every wrapper its Elixir module: the module its
// symbols are filed under in the manifest, else upstream's
// module_for_python. Wrappers sharing a name keep one Python module (the
// root, then the one with most symbols, then the one with fewer private
// parts); a wrapper named like a class module becomes "<Name>.Module".
func (r *renderer) nameModules(byPython map[string]*modulePlan) {
	pythons := make([]string, 0, len(byPython))
	for p := range byPython {
		pythons = append(pythons, p)
	}
	sort.Strings(pythons)
	root := byPython[r.lib.PythonName]
	byName := map[string][]*modulePlan{}
	var names []string
	for _, p := range pythons {
		mp := byPython[p]
		mp.module = r.naturalModule(mp, root)
		if mp.module == "" {
			continue
		}
		if _, seen := byName[mp.module]; !seen {
			names = append(names, mp.module)
		}
		byName[mp.module] = append(byName[mp.module], mp)
	}
	classMods := map[string]bool{}
	for _, c := range r.classes {
		classMods[c.module] = true
	}
	used := map[string]bool{}
	for _, n := range names {
		used[n] = true
	}
	sort.Strings(names)
	for _, n := range names {
		group := byName[n]
		sort.SliceStable(group, func(i, j int) bool { return preferModule(group[i], group[j]) })
		keep := group[0]
		for _, other := range group[1:] {
			for _, s := range other.symbols {
				keep.notes = append(keep.notes, fmt.Sprintf(
					"`%s` of Python module `%s` is not generated: that module's wrapper would also be `%s`, which wraps `%s`.",
					s.Name, other.python, n, keep.python))
			}
		}
		if !keep.root && classMods[keep.module] {
			base := keep.module + ".Module"
			candidate := base
			for i := 2; classMods[candidate] || used[candidate]; i++ {
				candidate = fmt.Sprintf("%s%d", base, i)
			}
			keep.module = candidate
			used[candidate] = true
		}
		r.modules = append(r.modules, keep)
	}
}

// naturalModule is the Elixir module of a wrapper before collisions, or
// "" (with a note on the root) when it is not a valid alias.
func (r *renderer) naturalModule(mp *modulePlan, root *modulePlan) string {
	if mp.root {
		return r.lib.Module
	}
	name := model.ModuleFor(r.lib, mp.python)
	if len(mp.symbols) > 0 && mp.symbols[0].Module != "" {
		name = mp.symbols[0].Module
	}
	if !validAlias(name) {
		root.notes = append(root.notes, fmt.Sprintf(
			"Python module `%s` has no wrapper: `%s` is not a valid Elixir module name.", mp.python, name))
		return ""
	}
	var kept []*model.Symbol
	for _, s := range mp.symbols {
		if s.Module != "" && s.Module != name {
			mp.notes = append(mp.notes, fmt.Sprintf(
				"`%s` is not generated: its manifest entry names module `%s`, not `%s`.", s.Name, s.Module, name))
			continue
		}
		kept = append(kept, s)
	}
	mp.symbols = kept
	return name
}

// preferModule orders wrappers competing for one Elixir name.
func preferModule(a, b *modulePlan) bool {
	if a.root != b.root {
		return a.root
	}
	if len(a.symbols) != len(b.symbols) {
		return len(a.symbols) > len(b.symbols)
	}
	if pa, pb := privateParts(a.python), privateParts(b.python); pa != pb {
		return pa < pb
	}
	return a.python < b.python
}

func privateParts(python string) int {
	n := 0
	for _, p := range strings.Split(python, ".") {
		if strings.HasPrefix(p, "_") {
			n++
		}
	}
	return n
}

// pythonDir is the directory of a Python module: its parts through
// Macro.underscore.
func pythonDir(python string) string {
	var parts []string
	for _, p := range strings.Split(python, ".") {
		if p = pathSegment(elixir.Underscore(p)); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "/")
}

// pathSegment keeps a file name valid UTF-8 without separators or
// control characters (Python names never have them).
func pathSegment(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || mustEscape(r) || r == utf8.RuneError {
			return '_'
		}
		return r
	}, strings.ToValidUTF8(s, "_"))
}

// headerText keeps a header comment on one valid line.
func headerText(s string) string {
	return strings.Map(func(r rune) rune {
		if mustEscape(r) {
			return '?'
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
}

// assignPaths gives every file its path (compat §6.1); two classes whose
// names underscore alike get "_2", "_3"… suffixes.
func (r *renderer) assignPaths() {
	taken := map[string]bool{}
	claim := func(base string) string {
		path := base + ".ex"
		for i := 2; taken[strings.ToLower(path)]; i++ {
			path = fmt.Sprintf("%s_%d.ex", base, i)
		}
		taken[strings.ToLower(path)] = true
		return path
	}
	sort.Slice(r.modules, func(i, j int) bool { return r.modules[i].python < r.modules[j].python })
	for _, mp := range r.modules {
		mp.path = claim(pythonDir(mp.python) + "/__init__")
	}
	sort.Slice(r.classes, func(i, j int) bool { return r.classes[i].module < r.classes[j].module })
	for _, cp := range r.classes {
		cp.path = claim(pythonDir(cp.class.PythonModule) + "/" + pathSegment(elixir.Underscore(cp.class.Class)))
	}
}

// header is upstream's header, then the generator line.
func (r *renderer) header(python, class string) []string {
	version := r.lib.Version
	if version == "" {
		version = "unknown"
	}
	lines := []string{
		"# Generated by SnakeBridge v" + r.opts.SnakebridgeVersion + " - DO NOT EDIT MANUALLY",
		"# Regenerate with: mix compile",
		"# Library: " + r.lib.PythonName + " " + version,
		"# Python module: " + python,
	}
	if class != "" {
		lines = append(lines, "# Python class: "+class)
	}
	if r.opts.GeneratorName != "" {
		lines = append(lines, "# Rendered by "+r.opts.GeneratorName)
	}
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(headerText(l)), " ")
	}
	return lines
}

// moduleSkeleton plans a module file (compat §6.2).
func (r *renderer) moduleSkeleton(mp *modulePlan) *skeleton {
	notes := append(append([]string{}, mp.notes...), mp.claimNotes...)
	s := &skeleton{
		path: mp.path, comments: r.header(mp.python, ""), module: mp.module,
		head: [][]exfmt.Node{
			{docAttr("moduledoc", r.moduleDoc(mp, notes))},
			{
				attr("doc", atom("false")),
				defShort("__snakebridge_python_name__", str(mp.python)),
				attr("doc", atom("false")),
				defShort("__snakebridge_library__", str(r.lib.PythonName)),
			},
		},
	}
	helpers := false
	for _, sym := range mp.generated {
		s.sections = append(s.sections, &section{build: func() [][]exfmt.Node {
			return r.functionGroups(mp, sym, mp.plans[sym], mp.streams[sym])
		}})
		helpers = helpers || usesCallHelper(sym, mp.plans[sym])
	}
	if mp.root {
		s.sections = append(s.sections, &section{build: r.discovery})
	}
	if helpers {
		s.sections = append(s.sections, &section{build: moduleHelpers})
	}
	return s
}

// validFunctionName reports whether a name from the manifest can be
// defined as is.
func validFunctionName(name string) bool {
	body := strings.TrimRight(name, "?!")
	if len(name)-len(body) > 1 || body == "" || model.IsReserved(name) {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '_' || c >= 'a' && c <= 'z':
		case (c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') && i > 0:
		default:
			return false
		}
	}
	return true
}

// discovery renders the root's __functions__/0, __classes__/0, __search__/1
// and doc/1. Each function is listed with the module that defines it.
func (r *renderer) discovery() [][]exfmt.Node {
	var fns []exfmt.Node
	mods := append([]*modulePlan(nil), r.modules...)
	sort.SliceStable(mods, func(i, j int) bool { return mods[i].module < mods[j].module })
	for _, mp := range mods {
		var where exfmt.Node = v("__MODULE__")
		if !mp.root {
			where = alias(mp.module)
		}
		for _, s := range mp.generated {
			fns = append(fns, tuple(atom(s.Name), integer(s.RequiredArity), where,
				str(normalizeText(docstring.Summary(s.Docstring)))))
		}
	}
	var classes []exfmt.Node
	for _, cp := range r.classes {
		classes = append(classes, tuple(alias(cp.module), str(normalizeText(strings.TrimSpace(cp.class.Docstring)))))
	}
	return [][]exfmt.Node{
		{attr("doc", atom("false")), def(v("__functions__"), list(fns...))},
		{attr("doc", atom("false")), def(v("__classes__"), list(classes...))},
		{attr("doc", atom("false")), def(call("__search__", v("query")), remote("SnakeBridge.Docs", "search", v("__MODULE__"), v("query")))},
		{attr("doc", atom("false")), def(call("doc", v("function")), remote("SnakeBridge.Docs", "get", v("__MODULE__"), v("function")))},
	}
}
