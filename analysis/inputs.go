package analysis

import (
	"path/filepath"
	"strings"
)

// InputRole says what a check reads an input for.
type InputRole string

// Roles of a project's inputs.
const (
	RoleMix          InputRole = "mix"           // mix.exs
	RoleMixLock      InputRole = "mix_lock"      // mix.lock: SnakeBridge's version when its mix.exs lacks one
	RoleConfig       InputRole = "config"        // config/*.exs
	RoleLock         InputRole = "lock"          // snakebridge.lock
	RoleManifest     InputRole = "manifest"      // <metadata_dir>/manifest.json
	RoleRegistry     InputRole = "registry"      // registry_path
	RoleWheels       InputRole = "wheels"        // the wheel variants file
	RoleDocsManifest InputRole = "docs_manifest" // a library's docs_manifest (its hash is in the config hash)
	RoleSources      InputRole = "sources"       // scanned Elixir sources (generate: :used)
	RoleGenerated    InputRole = "generated"     // generated_dir: hashed, and its defs read
	RoleGenerator    InputRole = "generator"     // SnakeBridge's files behind generator_hash and its version
	RolePythonSource InputRole = "python_source" // priv/python of the project and of SnakeBridge
	RoleStubs        InputRole = "stubs"         // stub_search_paths, typeshed_path: generation reads them
)

// InputKind says how an input's Path names files.
type InputKind int

// Input kinds.
const (
	InputFile InputKind = iota // Path is one file
	InputDir                   // the files directly in the directory Path
	InputTree                  // the files anywhere below the directory Path
)

// Input is a file or a set of files a check (or, for RoleStubs, a
// generation) reads. Project.Inputs is the one declaration of them: the
// language server watches them, lets unsaved editor text of the Buffered
// ones count, and records the digests of the files it checked.
type Input struct {
	Role InputRole
	Kind InputKind
	// Path is absolute and clean.
	Path string
	// Exts restricts a directory's files to these suffixes; empty: all.
	Exts []string
	// Except are directories below a tree that are not part of it (the
	// generated_dir inside the scan paths).
	Except []string
	// Buffered inputs are read through Options.Overlay: an editor's
	// unsaved text of them changes the check.
	Buffered bool
	// Unwatched inputs change only by what re-checks anyway: generated_dir
	// is written by a regeneration, which is followed by a check, and
	// _build holds compiled copies of SnakeBridge's watched files. A
	// watcher ignores events inside them.
	Unwatched bool
}

// Covers reports whether the input names the file at path (absolute).
func (in Input) Covers(path string) bool {
	path = filepath.Clean(path)
	if in.Kind == InputFile {
		return path == in.Path
	}
	dir := filepath.Dir(path)
	switch {
	case in.Kind == InputDir && dir != in.Path:
		return false
	case in.Kind == InputTree && !inDir(path, in.Path):
		return false
	}
	for _, ex := range in.Except {
		if inDir(path, ex) {
			return false
		}
	}
	if len(in.Exts) == 0 {
		return true
	}
	for _, e := range in.Exts {
		if strings.HasSuffix(path, e) {
			return true
		}
	}
	return false
}

// inDir reports whether path is strictly below dir.
func inDir(path, dir string) bool {
	return strings.HasPrefix(path, dir+string(filepath.Separator))
}

// BaseInputs are what a check of the project at root reads before its
// configuration is known (nothing loaded yet, or it is unreadable).
func BaseInputs(root string) []Input {
	file := func(role InputRole, rel string, buffered bool) Input {
		return Input{Role: role, Kind: InputFile, Path: filepath.Join(root, rel), Buffered: buffered}
	}
	return []Input{
		file(RoleMix, MixExsFile, true),
		file(RoleMixLock, "mix.lock", false),
		file(RoleLock, LockFile, true),
		{Role: RoleConfig, Kind: InputDir, Path: filepath.Join(root, "config"), Exts: []string{".exs"}, Buffered: true},
		{Role: RolePythonSource, Kind: InputTree, Path: filepath.Join(root, "priv", "python"), Exts: pythonExts},
	}
}

var pythonExts = []string{".py", ".pyi"}

// Inputs declares every file a check of the loaded project reads, and the
// stubs a generation reads. A project that could not be read has only its
// BaseInputs (and SnakeBridge's, when found).
func (p *Project) Inputs() []Input {
	out := BaseInputs(p.Root)
	if dir := filepath.Dir(p.ConfigFile()); dir != filepath.Join(p.Root, "config") {
		// config_path elsewhere (an umbrella's config/): its directory, as
		// for config/, so that its creation and its imports are seen.
		out = append(out, Input{Role: RoleConfig, Kind: InputDir, Path: dir, Exts: []string{".exs"}, Buffered: true})
	}
	readable := len(p.Unreadable) == 0 && p.Mix != nil
	if readable {
		out = append(out, p.settingsInputs()...)
		for _, l := range p.Libraries {
			out = append(out, p.libraryInputs(l)...)
		}
	}
	out = append(out, p.importedConfigInputs(out)...)
	return append(out, p.generatorInputs()...)
}

// importedConfigInputs are the config files import_config read from
// outside config/ (an umbrella's shared config, imported by each app):
// the config directory input does not cover them.
func (p *Project) importedConfigInputs(declared []Input) []Input {
	if p.Config == nil {
		return nil
	}
	var out []Input
	for _, f := range p.Config.Files {
		f = filepath.Clean(f)
		if _, ok := InputOf(append(declared, out...), f); !ok {
			out = append(out, Input{Role: RoleConfig, Kind: InputFile, Path: f, Buffered: true})
		}
	}
	return out
}

// settingsInputs are the files the configuration places.
func (p *Project) settingsInputs() []Input {
	st := p.Settings
	file := func(role InputRole, rel string) Input {
		return Input{Role: role, Kind: InputFile, Path: filepath.Clean(p.abs(rel)), Buffered: true}
	}
	wheels := DefaultWheelFile
	if st.Wheels.ConfigPath != "" {
		wheels = st.Wheels.ConfigPath
	}
	gen := filepath.Clean(p.abs(st.GeneratedDir))
	out := []Input{
		file(RoleManifest, p.ManifestFile()),
		file(RoleRegistry, st.RegistryPath),
		file(RoleWheels, wheels),
		{Role: RoleGenerated, Kind: InputTree, Path: gen, Unwatched: true},
	}
	if anyUsed(p.Libraries) {
		for _, sp := range st.ScanPaths {
			out = append(out, Input{Role: RoleSources, Kind: InputTree, Path: filepath.Clean(p.abs(sp)),
				Exts: st.ScanExtensions, Except: []string{gen}, Buffered: true})
		}
	}
	return out
}

// libraryInputs are the files a library's options name.
func (p *Project) libraryInputs(l *Library) []Input {
	var out []Input
	if dm, ok := l.DocsManifest(); ok && dm != "" {
		out = append(out, Input{Role: RoleDocsManifest, Kind: InputFile, Path: filepath.Clean(p.abs(dm))})
	}
	for _, sp := range l.StubSearchPaths() {
		out = append(out, Input{Role: RoleStubs, Kind: InputTree, Path: filepath.Clean(p.abs(sp)), Exts: []string{".pyi"}})
	}
	if tp, ok := l.TypeshedPath(); ok && tp != "" {
		out = append(out, Input{Role: RoleStubs, Kind: InputDir, Path: filepath.Clean(p.abs(tp)), Exts: []string{".pyi"}})
	}
	return out
}

// generatorInputs are the files UpstreamGeneratorHash and FindSnakebridge
// read: SnakeBridge's mix.exs and priv/python, and the generator files
// relative to the project and to its _build copy.
func (p *Project) generatorInputs() []Input {
	inst := p.Snakebridge
	dir, _ := depsSnakebridge(p.Root, p.Mix)
	if inst != nil && inst.Dir != "" {
		dir = filepath.Clean(inst.Dir)
	}
	out := []Input{
		{Role: RoleGenerator, Kind: InputFile, Path: filepath.Join(dir, MixExsFile)},
		{Role: RolePythonSource, Kind: InputTree, Path: filepath.Join(dir, "priv", "python"), Exts: pythonExts},
		{Role: RoleGenerator, Kind: InputTree, Path: filepath.Join(p.Root, "_build", p.MixEnv, "lib", "snakebridge"), Unwatched: true},
	}
	for _, rel := range upstreamGeneratorFiles {
		if !strings.HasPrefix(rel, "priv/") { // priv/python is a tree above
			out = append(out, Input{Role: RoleGenerator, Kind: InputFile, Path: filepath.Join(p.Root, filepath.FromSlash(rel))})
		}
	}
	return out
}

// InputOf returns the first of inputs that covers path.
func InputOf(inputs []Input, path string) (Input, bool) {
	for _, in := range inputs {
		if in.Covers(path) {
			return in, true
		}
	}
	return Input{}, false
}
