package codegen

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/telemetry"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/version"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// buildLibrary introspects one library and renders its files in memory,
// unless the files on disk were rendered from the very same inputs.
func (r *run) buildLibrary(l *analysis.Library) (*builtLibrary, error) {
	span := telemetry.Start(r.sink, telemetry.AreaCompile, "introspect", r.p.Root, l.PythonName, map[string]any{"generate": l.Generate})
	rec := newRecordingIntrospector(r.client, r.p.Root)
	view, err := r.introspect(l, rec)
	span.End(err, map[string]any{"symbols": lenOrZero(view, func(m *model.Manifest) int { return len(m.Symbols) }), "classes": lenOrZero(view, func(m *model.Manifest) int { return len(m.Classes) })})
	if err != nil {
		return nil, err
	}
	ml := r.modelLibrary(l)
	inputs, err := r.inputsHash(l, ml, view, rec.sum())
	if err != nil {
		return nil, fmt.Errorf("fingerprinting the inputs of %s: %w", l.PythonName, err)
	}
	if hashes, ok := r.reusable(l.PythonName, inputs); ok {
		return &builtLibrary{lib: l, view: view, inputs: inputs, hashes: hashes, reused: true, requests: rec.recorded()}, nil
	}
	// The files are rendered as they are committed (commitLibrary), a few
	// at a time: held all at once they would be sympy's 190 MB.
	return &builtLibrary{lib: l, model: ml, view: view, inputs: inputs, requests: rec.recorded()}, nil
}

// renderOptions are the rendering settings of the run.
func (r *run) renderOptions() render.Options {
	return render.Options{
		SnakebridgeVersion: r.snakebridgeVersion(),
		GeneratorName:      GeneratorName + " " + version.Version,
		VariadicMaxArity:   r.p.Settings.VariadicMaxArity,
	}
}

func lenOrZero(m *model.Manifest, f func(*model.Manifest) int) int {
	if m == nil {
		return 0
	}
	return f(m)
}

// modelLibrary is what rendering needs to know about a library.
func (r *run) modelLibrary(l *analysis.Library) model.Library {
	ml := model.Library{
		PythonName: l.PythonName, Module: l.Module, Version: "unknown",
		Stdlib: l.Version.Kind == analysis.VersionStdlib, Streaming: l.Streaming(),
		PythonVersion: r.rtFacts.Version,
	}
	if req := l.Version.Requested(); req != nil {
		ml.Version = *req
	}
	if url, ok := l.DocsURL(); ok {
		ml.DocsURL = url
	}
	for _, req := range analysis.Requirements([]*analysis.Library{l}) {
		ml.ObservedVersion = r.lockPackages()[req.Name]
	}
	sources := introspectionConfig(l, r.p.Settings.Introspection).SignatureSources
	ml.VariadicPositional = len(sources) == 0 || slices.Contains(sources, "variadic")
	return ml
}

// lockPackages is the python_packages view, computed once per run.
func (r *run) lockPackages() analysis.PackageVersions {
	if r.packages == nil {
		r.packages = r.p.LockPackages(r.rtFacts)
	}
	return r.packages
}

// resolvedVersions are the installed versions of the libraries' packages
// that the introspection interpreter imports.
func (r *run) resolvedVersions() map[string]string {
	visible, _ := pyenv.Installed(r.pyFacts.SysPath)
	return r.p.ResolvedVersions(visible)
}

// introspect builds the library's manifest entries.
func (r *run) introspect(l *analysis.Library, in prober) (*model.Manifest, error) {
	cfg := introspectionConfig(l, r.p.Settings.Introspection)
	ml := r.modelLibrary(l)
	if l.Generate == "all" {
		return r.introspectAll(in, l, ml, cfg)
	}
	return r.introspectUsed(in, l, ml, cfg)
}

func (r *run) buildOptions(l *analysis.Library) model.BuildOptions {
	return model.BuildOptions{
		VariadicMaxArity: r.p.Settings.VariadicMaxArity,
		Exclude:          l.Exclude(),
		Existing:         r.prev,
		SourceRoot:       r.p.Root,
	}
}

func (r *run) introspectAll(in prober, l *analysis.Library, ml model.Library, cfg pyhelper.Config) (*model.Manifest, error) {
	resp, err := in.Introspect(r.ctx, pyhelper.Request{
		Mode: pyhelper.ModeModule, Module: l.PythonName, Options: moduleOptions(l), Config: cfg,
	})
	if err != nil {
		return nil, err
	}
	res, err := resp.Module()
	if err != nil {
		return nil, err
	}
	view, _, err := model.FromModule(ml, res, r.buildOptions(l))
	if err != nil {
		return nil, fmt.Errorf("building the manifest of %s: %w", l.PythonName, err)
	}
	return view, nil
}

func (r *run) introspectUsed(in prober, l *analysis.Library, ml model.Library, cfg pyhelper.Config) (*model.Manifest, error) {
	targets, err := resolveUsed(r.ctx, in, l, r.calls[l.PythonName], cfg)
	if err != nil {
		return nil, err
	}
	onNotFound := model.OnNotFoundError
	if l.OnNotFoundStub() {
		onNotFound = model.OnNotFoundStub
	}
	view := model.New(r.snakebridgeVersion())
	var missing []string
	modules := []string{l.PythonName}
	for _, mod := range targets.modules() {
		resp, err := in.Introspect(r.ctx, pyhelper.Request{Mode: pyhelper.ModeSymbols, Module: mod, Symbols: targets.names(mod), Config: cfg})
		if err != nil {
			return nil, err
		}
		res, err := resp.Symbols()
		if err != nil {
			return nil, err
		}
		opts := model.SymbolsOptions{BuildOptions: r.buildOptions(l), OnNotFound: onNotFound}
		part, notFound, err := model.FromSymbolsWith(ml, mod, res, opts)
		if err != nil {
			return nil, fmt.Errorf("building the manifest of %s: %w", l.PythonName, err)
		}
		if len(notFound) > 0 {
			missing = append(missing, model.NotFoundMessage(mod, notFound))
		}
		view.Merge(part)
		if mod != l.PythonName {
			modules = append(modules, mod)
		}
	}
	if len(missing) > 0 {
		return nil, errors.New(strings.Join(missing, "\n"))
	}
	if err := r.moduleDocs(in, view, l.PythonName, modules, cfg); err != nil {
		return nil, err
	}
	return view, nil
}

// moduleDocs adds module entries (docstrings, versions) for every module
// the library's wrappers live in.
func (r *run) moduleDocs(in prober, view *model.Manifest, root string, modules []string, cfg pyhelper.Config) error {
	for _, s := range view.Symbols {
		modules = append(modules, s.PythonModule)
	}
	for _, c := range view.Classes {
		modules = append(modules, c.PythonModule)
	}
	resp, err := in.Introspect(r.ctx, pyhelper.Request{Mode: pyhelper.ModeModuleDocs, Module: root, Modules: unique(modules), Config: cfg})
	if err != nil {
		return err
	}
	docs, err := resp.ModuleDocs()
	if err != nil {
		return err
	}
	view.Merge(model.FromModuleDocs(docs))
	return nil
}
