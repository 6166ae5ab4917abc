package analysis

import (
	"reflect"
	"strings"
	"testing"
)

// TestTypedLibraryOptions reads each option through its accessor, from
// entries as written in mix.exs (normalised by ParseLibraries).
func TestTypedLibraryOptions(t *testing.T) {
	type got struct {
		Include, Exclude, Streaming, ModuleInclude, ModuleExclude []string
		SignatureSources, StubSearchPaths                         []string
		Mode                                                      ModuleMode
		Depth, MaxMethods                                         int
		DepthOK, MaxMethodsOK                                     bool
		DocsURL, DocsManifest, Typeshed, Scope                    string
		UseTypeshed, UseTypeshedOK, Stubgen, StubgenOK, Stub      bool
	}
	read := func(l *Library) got {
		var g got
		g.Include, g.Exclude, g.Streaming = l.Include(), l.Exclude(), l.Streaming()
		g.ModuleInclude, g.ModuleExclude = l.ModuleInclude(), l.ModuleExclude()
		g.SignatureSources, g.StubSearchPaths = l.SignatureSources(), l.StubSearchPaths()
		g.Mode = l.ModuleMode()
		g.Depth, g.DepthOK = l.ModuleDepth()
		g.MaxMethods, g.MaxMethodsOK = l.MaxClassMethods()
		g.DocsURL, _ = l.DocsURL()
		g.DocsManifest, _ = l.DocsManifest()
		g.Typeshed, _ = l.TypeshedPath()
		g.Scope, _ = l.ClassMethodScope()
		g.UseTypeshed, g.UseTypeshedOK = l.UseTypeshed()
		g.Stubgen, g.StubgenOK = l.StubgenEnabled()
		g.Stub = l.OnNotFoundStub()
		return g
	}
	empty := []string{}
	base := got{Include: empty, Exclude: empty, Streaming: empty, ModuleInclude: empty, ModuleExclude: empty, SignatureSources: empty, StubSearchPaths: empty}
	with := func(f func(*got)) got { g := base; f(&g); return g }
	tests := []struct {
		entry string
		want  got
	}{
		{`{:numpy, "1.0"}`, base},
		{`{:numpy, "1.0", include: [:mean, "std"], exclude: "sum", streaming: [:iter]}`, with(func(g *got) {
			g.Include, g.Exclude, g.Streaming = []string{"mean", "std"}, []string{"sum"}, []string{"iter"}
		})},
		{`{:numpy, "1.0", module_mode: :standard, module_include: ["linalg"], module_exclude: :fft, module_depth: 2}`, with(func(g *got) {
			g.Mode, g.ModuleInclude, g.Depth, g.DepthOK = ModuleMode{Name: "public"}, []string{"linalg"}, 2, true
		})},
		{`{:numpy, "1.0", module_mode: {:only, [:linalg, "fft"]}}`, with(func(g *got) { g.Mode = ModuleMode{Name: "only", Only: []string{"linalg", "fft"}} })},
		{`{:numpy, "1.0", submodules: true}`, with(func(g *got) { g.Mode = ModuleMode{Name: "all"} })},
		{`{:numpy, "1.0", submodules: true, public_api: true}`, with(func(g *got) { g.Mode = ModuleMode{Name: "public"} })},
		{`{:numpy, "1.0", submodules: true, module_mode: :light}`, with(func(g *got) { g.Mode = ModuleMode{Name: "root"} })},
		{`{:numpy, "1.0", submodules: ["linalg", :fft], module_mode: :all}`, with(func(g *got) { g.Mode = ModuleMode{Name: "only", Only: []string{"linalg", "fft"}} })},
		{`{:numpy, "1.0", docs_url: "https://numpy.org", docs_manifest: "priv/d.json", typeshed_path: "ts", use_typeshed: false}`, with(func(g *got) {
			g.DocsURL, g.DocsManifest, g.Typeshed, g.UseTypeshedOK = "https://numpy.org", "priv/d.json", "ts", true
		})},
		{`{:numpy, "1.0", class_method_scope: :declared_only, max_class_methods: 0, on_not_found: :stub}`, with(func(g *got) {
			g.Scope, g.MaxMethodsOK, g.Stub = "defined", true, true
		})},
		{`{:numpy, "1.0", signature_sources: [:runtime, :stub], stub_search_paths: "stubs", stubgen: [timeout: 5, enabled: true]}`, with(func(g *got) {
			g.SignatureSources, g.StubSearchPaths, g.Stubgen, g.StubgenOK = []string{"runtime", "stub"}, []string{"stubs"}, true, true
		})},
	}
	for _, tt := range tests {
		if g := read(librariesFrom(t, []string{tt.entry})[0]); !reflect.DeepEqual(g, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.entry, g, tt.want)
		}
	}
}

// TestOptionTypeProblem: a pass-through option of a type the generator
// cannot use is named with its line in mix.exs; nil and the right types
// are not.
func TestOptionTypeProblem(t *testing.T) {
	tests := []struct{ entry, want string }{
		{`{:numpy, "1.0", typeshed_path: "ts", use_typeshed: true, docs_url: nil, submodules: ["a"], stubgen: [enabled: false]}`, ""},
		{`{:numpy, "1.0", typeshed_path: 5}`, "typeshed_path must be a string, got 5"},
		{`{:numpy, "1.0", use_typeshed: "yes"}`, `use_typeshed must be true or false, got "yes"`},
		{`{:numpy, "1.0", docs_url: :numpy}`, "docs_url must be a string, got :numpy"},
		{`{:numpy, "1.0", submodules: :linalg}`, "submodules must be true, false or a list of module names, got :linalg"},
		{`{:numpy, "1.0", stubgen: [enabled: 1]}`, "stubgen must be a keyword list with enabled: true or false"},
	}
	for _, tt := range tests {
		p := &Project{Libraries: librariesFrom(t, []string{tt.entry})}
		f := p.OptionTypeProblem()
		switch {
		case tt.want == "" && f != nil:
			t.Errorf("%s: %s", tt.entry, f)
		case tt.want != "" && (f == nil || !strings.Contains(f.Message, tt.want)):
			t.Errorf("%s: %v, want %q", tt.entry, f, tt.want)
		case f != nil && (f.File != MixExsFile || f.Range.Start.Line != 4 || f.Range.Start.Character == 0):
			t.Errorf("%s: at %s:%d:%d, want mix.exs line 5 at the option", tt.entry, f.File, f.Range.Start.Line+1, f.Range.Start.Character+1)
		}
	}
}
