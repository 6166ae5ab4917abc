package symbols_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

const (
	manifestRel = ".snakebridge/manifest.json"
	registryRel = "priv/snakebridge/registry.json"
)

var (
	demoOnce sync.Once
	demoDir  string
	demoErr  error
)

// generatedDemo generates examples/demo with the real generator once per
// test binary and returns a private copy for the calling test.
func generatedDemo(t *testing.T) string {
	t.Helper()
	py := testenv.SystemPython(t)
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "symbols-demo")
		if err != nil {
			demoErr = err
			return
		}
		demoDir = filepath.Join(dir, "demo")
		testenv.CopyTree(t, filepath.Join(testenv.Demo(t)), demoDir, nil)
		env := codegen.DefaultEnvironment()
		env.Erlang = codegen.NewErlangCache(filepath.Join(dir, "erlang"))
		env.Pyhelper = pyhelper.Options{CacheDir: filepath.Join(dir, "pyhelper")}
		defer env.Close()
		_, demoErr = codegen.Generate(context.Background(), codegen.Request{Project: demoDir, Python: py, Environment: env})
	})
	require.NoError(t, demoErr)
	dst := filepath.Join(t.TempDir(), "demo")
	testenv.CopyTree(t, demoDir, dst, nil)
	return dst
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demoDir != "" {
		os.RemoveAll(filepath.Dir(demoDir))
	}
	os.Exit(code)
}

// lineOf returns line n (1-based) of a file.
func lineOf(t *testing.T, file string, n int) string {
	t.Helper()
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for i := 1; sc.Scan(); i++ {
		if i == n {
			return sc.Text()
		}
	}
	t.Fatalf("%s has no line %d", file, n)
	return ""
}

func build(t *testing.T, root string) *symbols.Index {
	t.Helper()
	ix, err := symbols.Build(context.Background(), root, manifestRel, registryRel)
	require.NoError(t, err)
	return ix
}

func TestDemoIndex(t *testing.T) {
	root := generatedDemo(t)
	ix := build(t, root)
	require.True(t, ix.Current())

	json := ix.Module("Json")
	require.NotNil(t, json)
	require.Equal(t, "json", json.PythonModule)
	require.False(t, json.Class)
	require.True(t, strings.HasPrefix(json.Doc(), "JSON (JavaScript Object Notation)"), json.Doc())
	require.Equal(t, filepath.Join(root, "lib/snakebridge_generated/json/__init__.ex"), json.Def.File)
	require.Equal(t, "defmodule Json do", lineOf(t, json.Def.File, json.Def.Line))
	require.Same(t, json, ix.Module("Elixir.Json"))

	lib := ix.Library("Json")
	require.NotNil(t, lib)
	require.Equal(t, "json", lib.Name)
	require.Equal(t, ":used", lib.Generate)
	require.NotEmpty(t, lib.Version)
	require.Same(t, lib, json.Library)

	dumps := json.Function("dumps")
	require.NotNil(t, dumps)
	require.Equal(t, "dumps", dumps.PythonName())
	require.Equal(t, []int{1, 2}, dumps.Arities())
	require.True(t, dumps.Accepts(2))
	require.False(t, dumps.Accepts(3))
	require.True(t, dumps.VarKeyword())
	require.False(t, dumps.VarPositional())
	require.Equal(t, "runtime", dumps.SignatureSource())
	require.Equal(t, "obj", dumps.Param(0).Name)
	require.Equal(t, symbols.PositionalOrKeyword, dumps.Param(0).Kind)
	sortKeys, ok := dumps.Keyword("sort_keys")
	require.True(t, ok)
	require.Equal(t, "keyword_only", sortKeys.Kind.String())
	require.True(t, sortKeys.HasDefault)
	require.Equal(t, "False", sortKeys.Default)
	require.True(t, strings.HasPrefix(dumps.Signature(), "dumps(obj, *, skipkeys=False, ensure_ascii=True,"), dumps.Signature())
	require.True(t, strings.HasSuffix(dumps.Signature(), ", sort_keys=False, **kw)"), dumps.Signature())
	require.Contains(t, dumps.Doc(), "Serialize ``obj`` to a JSON formatted ``str``")
	require.Equal(t, "  def dumps(obj, opts \\\\ []) do", lineOf(t, dumps.Def().File, dumps.Def().Line))
	require.True(t, filepath.IsAbs(dumps.Source().File))
	require.True(t, strings.HasPrefix(lineOf(t, dumps.Source().File, dumps.Source().Line), "def dumps("))
	require.Nil(t, json.Function("dump"), "include: [dumps, loads] generates no dump")

	hist := ix.Module("DemoStats.Histogram")
	require.NotNil(t, hist)
	require.True(t, hist.Class)
	require.Equal(t, "Histogram", hist.PythonClass)
	require.Equal(t, "Counts of values in equal-width bins.", hist.Doc())
	require.Equal(t, filepath.Join(root, "priv/python/demo_stats.py"), hist.Source.File)
	require.Equal(t, "class Histogram:", lineOf(t, hist.Source.File, hist.Source.Line))
	require.Equal(t, "defmodule DemoStats.Histogram do", lineOf(t, hist.Def.File, hist.Def.Line))
	newF := hist.Function("new")
	require.NotNil(t, newF)
	require.Equal(t, "__init__", newF.PythonName())
	require.Equal(t, []int{1, 2, 3}, newF.Arities())
	require.Equal(t, "__init__(values: typing.Sequence[float], bins: int = 10)", newF.Signature())
	counts := hist.Function("counts")
	require.Equal(t, []int{1, 2}, counts.Arities(), "the ref argument counts")
	require.Equal(t, "Return the number of values in each bin.", counts.Doc())
	require.Equal(t, "    def counts(self) -> List[int]:", lineOf(t, counts.Source().File, counts.Source().Line))

	require.Equal(t, []string{"DemoStats.Histogram"}, names(ix.Children("DemoStats")))
	require.Equal(t, []string{"DemoStats", "Json", "Math"}, names(ix.Children("")))
	require.Equal(t, []string{"demo_stats", "json", "math"}, libNames(ix.Libraries()))

	hits := ix.Search("dump", 10)
	require.NotEmpty(t, hits)
	require.Equal(t, "Json.dumps", hits[0].Name())
	require.Equal(t, "DemoStats.Histogram", ix.Search("histogram", 10)[0].Name())
	require.Empty(t, ix.Search("no_such_name", 10))
}

func names(ms []*symbols.Module) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

func libNames(ls []*symbols.Library) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Name)
	}
	return out
}

// TestIndexFollowsFileVersions: a regenerated manifest (written by rename,
// as the generator does) makes the index stale and its docstrings
// unreadable rather than wrong.
func TestIndexFollowsFileVersions(t *testing.T) {
	root := generatedDemo(t)
	ix := build(t, root)
	dumps := ix.Module("Json").Function("dumps")
	require.NotEmpty(t, dumps.Doc())
	manifest := filepath.Join(root, manifestRel)
	data, err := os.ReadFile(manifest)
	require.NoError(t, err)
	tmp := manifest + ".tmp"
	require.NoError(t, os.WriteFile(tmp, append([]byte("\n"), data...), 0o644))
	require.NoError(t, os.Rename(tmp, manifest))
	require.False(t, ix.Current())
	require.Empty(t, dumps.Doc(), "a span into another version of the manifest")
	ix2 := build(t, root)
	require.True(t, ix2.Current())
	require.Contains(t, ix2.Module("Json").Function("dumps").Doc(), "Serialize ``obj``")
}

func TestAbsentAndBrokenFiles(t *testing.T) {
	root := t.TempDir()
	ix := build(t, root)
	require.Empty(t, ix.Modules())
	require.True(t, ix.Current())
	require.Nil(t, ix.Module("Json"))

	demo := generatedDemo(t)
	manifest := filepath.Join(demo, manifestRel)
	require.NoError(t, os.WriteFile(manifest, []byte("{\n  \"symbols\": [}\n"), 0o644))
	_, err := symbols.Build(context.Background(), demo, manifestRel, registryRel)
	require.Error(t, err)
	require.Contains(t, err.Error(), manifest+":2:")

	// A missing wrapper file: the functions stay, without arities.
	demo = generatedDemo(t)
	require.NoError(t, os.Remove(filepath.Join(demo, "lib/snakebridge_generated/json/__init__.ex")))
	ix = build(t, demo)
	dumps := ix.Module("Json").Function("dumps")
	require.NotNil(t, dumps)
	require.False(t, dumps.Generated())
	require.Empty(t, dumps.Arities())
}

// TestBuildAgreesWithTheWholeParse: the index, built from a streamed
// read whose nodes are gone after each entry, says of every symbol what
// the whole parse of the file (lockfile.ParseManifest) holds: its
// parameters and docstring.
func TestBuildAgreesWithTheWholeParse(t *testing.T) {
	root := generatedDemo(t)
	data, err := os.ReadFile(filepath.Join(root, manifestRel))
	require.NoError(t, err)
	whole, err := lockfile.ParseManifest(manifestRel, data)
	require.NoError(t, err)
	ix := build(t, root)
	require.NotEmpty(t, whole.Symbols)
	for key, s := range whole.Symbols {
		dot := strings.LastIndexByte(key[:strings.LastIndexByte(key, '/')], '.')
		f := ix.Module(key[:dot]).Function(s.Name.Value)
		require.NotNil(t, f, key)
		var names []string
		for _, p := range s.Node.Get("parameters").Elems {
			names = append(names, p.Get("name").Str)
		}
		var got []string
		for _, p := range f.Params() {
			got = append(got, p.Name)
		}
		require.Equal(t, names, got, key)
		require.Equal(t, s.Docstring.Value, f.Doc(), key)
	}
	for key, c := range whole.Classes {
		m := ix.Module(key)
		require.NotNil(t, m, key)
		require.Equal(t, c.Docstring.Value, m.Doc(), key)
		require.Len(t, m.Functions, len(c.Methods), key)
	}
}

// replace rewrites path by rename, as a generation does.
func replace(t *testing.T, path string, data []byte) {
	t.Helper()
	require.NoError(t, os.WriteFile(path+".tmp", data, 0o644))
	require.NoError(t, os.Rename(path+".tmp", path))
}

// summary renders what an index says about every module and function,
// docstrings included.
func summary(ix *symbols.Index) string {
	var b strings.Builder
	for _, m := range ix.Modules() {
		fmt.Fprintf(&b, "%s %s %s %v %q\n", m.Name, m.PythonModule, filepath.Base(m.Def.File), m.Class, m.Doc())
		for i := range m.Functions {
			f := &m.Functions[i]
			fmt.Fprintf(&b, "  %s %s %v %s %d %q\n", f.Name, f.Signature(), f.Arities(), f.SignatureSource(), f.Def().Line, f.Doc())
		}
	}
	return b.String()
}
