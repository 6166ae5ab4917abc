package lockfile

// Registry is a parsed priv/snakebridge/registry.json (compat §5).
type Registry struct {
	// Path is the file name given to ParseRegistry.
	Path        string
	GeneratedAt Opt[string]
	Version     Opt[string]
	// Libraries is keyed by Python name.
	Libraries map[string]RegistryLibrary
	Raw       *Node
}

// RegistryLibrary is one entry of "libraries".
type RegistryLibrary struct {
	ElixirModule  Opt[string]
	Files         Opt[[]string]
	GeneratedAt   Opt[string]
	Path          Opt[string]
	PythonModule  Opt[string]
	PythonVersion Opt[string]
	Stats         Stats
	// Options is our extension: the normalised options the library was
	// generated with, an arbitrary JSON value kept as parsed (nil when
	// absent). Upstream neither writes nor reads it.
	Options *Node
	Node    *Node
}

// Stats is a registry library's "stats" object.
type Stats struct {
	Present    bool
	Classes    Opt[int]
	Functions  Opt[int]
	Submodules Opt[int]
}

// ParseRegistry parses a registry file; see ParseLock for the handling of
// missing fields and wrong types.
func ParseRegistry(path string, data []byte) (*Registry, error) {
	root, err := ParseJSON(path, data)
	if err != nil {
		return nil, err
	}
	r := &fieldReader{file: path}
	if !r.root(root, "a registry") {
		return nil, r.err
	}
	reg := &Registry{
		Path:        path,
		Raw:         root,
		GeneratedAt: r.str(root, "generated_at", pathOf("generated_at")),
		Version:     r.str(root, "version", pathOf("version")),
		Libraries:   map[string]RegistryLibrary{},
	}
	if libs := r.object(root, "libraries", pathOf("libraries")); libs != nil {
		for _, m := range libs.Members {
			if lib, ok := r.registryLibrary(m); ok {
				reg.Libraries[m.Key] = lib
			}
		}
	}
	if err := r.errOrNil(); err != nil {
		return nil, err
	}
	return reg, nil
}

// Range returns the range of the value at path; see Node.PathRange.
func (reg *Registry) Range(path ...string) (Range, bool) { return reg.Raw.PathRange(path...) }

func (r *fieldReader) registryLibrary(m Member) (RegistryLibrary, bool) {
	p := fieldPath("libraries", m.Key)
	n := r.asObject(m.Value, pathOf(p))
	if n == nil {
		return RegistryLibrary{}, false
	}
	f := func(key string) fieldRef { return field(p, key) }
	lib := RegistryLibrary{
		ElixirModule:  r.str(n, "elixir_module", f("elixir_module")),
		Files:         r.strings(n, "files", f("files")),
		GeneratedAt:   r.str(n, "generated_at", f("generated_at")),
		Path:          r.str(n, "path", f("path")),
		PythonModule:  r.str(n, "python_module", f("python_module")),
		PythonVersion: r.str(n, "python_version", f("python_version")),
		Options:       n.Get("options"),
		Node:          n,
	}
	if st := r.object(n, "stats", f("stats")); st != nil {
		lib.Stats = Stats{
			Present:    true,
			Classes:    r.integer(st, "classes", field(fieldPath(p, "stats"), "classes")),
			Functions:  r.integer(st, "functions", field(fieldPath(p, "stats"), "functions")),
			Submodules: r.integer(st, "submodules", field(fieldPath(p, "stats"), "submodules")),
		}
	}
	return lib, true
}
