package render

import (
	"context"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// realManifest introspects a module with the real interpreter and builds
// its manifest entries.
func realManifest(t *testing.T, lib model.Library, discover bool, needs ...string) *model.Manifest {
	t.Helper()
	py := testenv.SystemPython(t, needs...)
	interp := pyhelper.Interpreter{Path: py, ProjectRoot: t.TempDir(), Env: []string{"PYTHONDONTWRITEBYTECODE=1"}}
	req := pyhelper.Request{Module: lib.PythonName, Options: pyhelper.ModuleOptions{DiscoverSubmodules: discover}}
	resp, err := pyhelper.RunScript(context.Background(), interp, req, pyhelper.Options{CacheDir: t.TempDir()})
	if err != nil {
		t.Fatalf("introspecting %s: %v", lib.PythonName, err)
	}
	res, err := resp.Module()
	if err != nil {
		t.Fatalf("decoding %s: %v", lib.PythonName, err)
	}
	m, _, err := model.FromModule(lib, res, model.BuildOptions{})
	if err != nil {
		t.Fatalf("building %s: %v", lib.PythonName, err)
	}
	return m
}

func stdlib(python, module string, streaming ...string) model.Library {
	return model.Library{PythonName: python, Module: module, Version: "stdlib", Stdlib: true,
		PythonVersion: "3.11", Streaming: streaming}
}

// TestRealStdlib renders json (with its submodules), math and pathlib from
// real introspection and compiles everything with the runtime stub.
func TestRealStdlib(t *testing.T) {
	libs := []struct {
		lib      model.Library
		discover bool
	}{
		{stdlib("json", "Json", "loads"), true},
		{stdlib("math", "Math"), false},
		{stdlib("pathlib", "Pathlib"), false},
	}
	var all []File
	counts := map[string]int{}
	for _, l := range libs {
		files, err := Library(l.lib, realManifest(t, l.lib, l.discover), testOptions)
		if err != nil {
			t.Fatalf("rendering %s: %v", l.lib.PythonName, err)
		}
		for _, f := range files {
			if !strings.HasPrefix(f.Path, l.lib.PythonName+"/") {
				t.Errorf("%s: file %s outside the library directory", l.lib.PythonName, f.Path)
			}
		}
		counts[l.lib.PythonName] = len(files)
		all = append(all, files...)
	}
	res := compileAndCheck(t, all)
	for _, mod := range []string{"Json", "Json.Decoder", "Json.Decoder.JSONDecoder", "Json.Encoder.JSONEncoder", "Json.Tool",
		"Math", "Pathlib", "Pathlib.Path", "Pathlib.PurePosixPath"} {
		if _, ok := res.Exports[mod]; !ok {
			t.Errorf("module %s missing; compiled %d modules", mod, len(res.Exports))
		}
	}
	has := func(mod, fun string) {
		t.Helper()
		for _, f := range res.Exports[mod] {
			if f == fun {
				return
			}
		}
		t.Errorf("%s does not export %s: %v", mod, fun, res.Exports[mod])
	}
	has("Json", "loads/1")
	has("Json", "loads/2")
	has("Json", "loads_stream/2")
	has("Json", "loads_stream/3")
	has("Json.Decoder.JSONDecoder", "new/0")
	has("Json.Decoder.JSONDecoder", "decode/2")
	has("Json.Decoder.JSONDecoder", "decode/3")
	has("Json.Decoder.JSONDecoder", "decode/4")
	has("Math", "sqrt/1")
	has("Math", "pi/0")
	has("Pathlib.Path", "new/0")
	if doc := res.Moduledocs["Json.Decoder.JSONDecoder"]; !strings.Contains(doc, "```\n+---------------+") {
		t.Errorf("JSONDecoder moduledoc lacks the fenced table:\n%s", doc)
	}
	t.Logf("files: %v; modules compiled: %d", counts, len(res.Exports))
}
