//go:build unix

package lsp

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

type hoverJSON struct {
	Contents struct{ Kind, Value string } `json:"contents"`
	Range    *struct {
		Start, End struct{ Line, Character int }
	} `json:"range"`
}

func (c *fakeClient) hoverAt(path string, pos any) *hoverJSON {
	c.t.Helper()
	var h *hoverJSON
	require.NoError(c.t, c.request("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": pathToURI(path)}, "position": pos}, &h))
	return h
}

type locationJSON struct {
	URI   string `json:"uri"`
	Range struct {
		Start struct{ Line, Character int }
	} `json:"range"`
}

func (c *fakeClient) definitionAt(path string, pos any) []locationJSON {
	c.t.Helper()
	var locs []locationJSON
	require.NoError(c.t, c.request("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": pathToURI(path)}, "position": pos}, &locs))
	return locs
}

// lineNumber is the 0-based line of the first line of file starting with
// prefix (after indentation when trimmed is true).
func lineNumber(t *testing.T, file, prefix string) int {
	t.Helper()
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		if strings.HasPrefix(strings.TrimSpace(sc.Text()), prefix) {
			return i
		}
	}
	t.Fatalf("no line of %s starts with %q", file, prefix)
	return -1
}

// generatedDemoClient starts the server on a copy of the demo with a
// source holding the marked calls, and regenerates the bindings.
func generatedDemoClient(t *testing.T) (c *fakeClient, root, calls string, marks map[string]position) {
	t.Helper()
	root = demoProject(t)
	text, marks := readMarkers(t, filepath.Join("testdata", "symbols", "demo_calls.ex"))
	calls = filepath.Join(root, "lib", "calls.ex")
	writeFile(t, calls, text)
	c = startDemo(t, root, &countingGenerate{}, nil, false)
	m := c.mark()
	require.NoError(t, c.executeCommand(CommandRegenerate, nil, pathToURI(root)))
	c.waitStatus(root, m, "fresh after the regeneration", state(StateFresh))
	return c, root, calls, marks
}

// TestHoverAndDefinitionOnDemoCalls: hover and go-to-definition on calls
// into the demo's generated modules, written plainly, piped, through an
// alias and an import, across lines and after non-ASCII text.
func TestHoverAndDefinitionOnDemoCalls(t *testing.T) {
	c, root, calls, marks := generatedDemoClient(t)
	gen := filepath.Join(root, "lib", "snakebridge_generated")
	jsonEx := filepath.Join(gen, "json", "__init__.ex")

	h := c.hoverAt(calls, marks["dumps"])
	require.NotNil(t, h)
	require.Equal(t, "markdown", h.Contents.Kind)
	require.True(t, strings.HasPrefix(h.Contents.Value, "```python\ndumps(obj, *, skipkeys=False, ensure_ascii=True, "), h.Contents.Value)
	require.Contains(t, h.Contents.Value, ", sort_keys=False, **kw)\n```\n\n**Elixir:** `Json.dumps/1`, `Json.dumps/2`\n\n")
	require.Contains(t, h.Contents.Value, "**Python:** `json.dumps` · json ")
	require.Contains(t, h.Contents.Value, " · signature from runtime introspection\n\n---\n\n```text\nSerialize ``obj`` to a JSON formatted ``str``.")
	require.Equal(t, marks["dumps"].Line, h.Range.Start.Line)
	require.Equal(t, marks["dumps"].Character-len("Json.d")+len("Json."), h.Range.Start.Character, "the range is the function name")

	defs := c.definitionAt(calls, marks["dumps"])
	require.Len(t, defs, 2)
	require.Equal(t, pathToURI(jsonEx), defs[0].URI)
	require.Equal(t, lineNumber(t, jsonEx, "def dumps("), defs[0].Range.Start.Line)
	pyFile, err := uriToPath(defs[1].URI)
	require.NoError(t, err)
	require.Equal(t, "__init__.py", filepath.Base(pyFile))
	require.Equal(t, lineNumber(t, pyFile, "def dumps("), defs[1].Range.Start.Line)

	h = c.hoverAt(calls, marks["piped"])
	require.Contains(t, h.Contents.Value, "**Elixir:** `Json.loads/1`, `Json.loads/2`")
	require.Contains(t, h.Contents.Value, "**Python:** `json.loads`")

	h = c.hoverAt(calls, marks["alias_new"])
	require.True(t, strings.HasPrefix(h.Contents.Value, "```python\n__init__(values: typing.Sequence[float], bins: int = 10)\n```"), h.Contents.Value)
	require.Contains(t, h.Contents.Value, "**Python:** `demo_stats.Histogram.__init__`")
	defs = c.definitionAt(calls, marks["alias_new"])
	require.Len(t, defs, 2)
	histEx := filepath.Join(gen, "demo_stats", "histogram.ex")
	require.Equal(t, pathToURI(histEx), defs[0].URI)
	require.Equal(t, lineNumber(t, histEx, "def new("), defs[0].Range.Start.Line)
	statsPy := filepath.Join(root, "priv", "python", "demo_stats.py")
	require.Equal(t, pathToURI(statsPy), defs[1].URI)
	require.Equal(t, lineNumber(t, statsPy, "def __init__("), defs[1].Range.Start.Line)

	h = c.hoverAt(calls, marks["alias_module"])
	require.True(t, strings.HasPrefix(h.Contents.Value, "**DemoStats.Histogram** · Python class `demo_stats.Histogram` · demo_stats "), h.Contents.Value)
	require.Contains(t, h.Contents.Value, "```text\nCounts of values in equal-width bins.\n```")
	defs = c.definitionAt(calls, marks["alias_module"])
	require.Len(t, defs, 2)
	require.Equal(t, lineNumber(t, histEx, "defmodule DemoStats.Histogram do"), defs[0].Range.Start.Line)
	require.Equal(t, lineNumber(t, statsPy, "class Histogram"), defs[1].Range.Start.Line)

	// Module names written in full outside a call.
	h = c.hoverAt(calls, marks["alias_line"])
	require.NotNil(t, h)
	require.True(t, strings.HasPrefix(h.Contents.Value, "**DemoStats.Histogram** · Python class "), h.Contents.Value)
	require.Equal(t, marks["alias_root"].Character-len("Demo"), h.Range.Start.Character)
	require.Equal(t, marks["alias_line"].Character+len("gram"), h.Range.End.Character)
	require.Len(t, c.definitionAt(calls, marks["alias_line"]), 2)
	h = c.hoverAt(calls, marks["alias_root"])
	require.NotNil(t, h)
	require.True(t, strings.HasPrefix(h.Contents.Value, "**DemoStats** · Python module `demo_stats` · "), h.Contents.Value)
	require.Equal(t, marks["alias_root"].Character+len("Stats"), h.Range.End.Character, "up to the segment's end")

	// An alias written alone resolves as calls through it do.
	for _, name := range []string{"bare_alias", "bare_spec"} {
		h = c.hoverAt(calls, marks[name])
		require.NotNil(t, h, name)
		require.True(t, strings.HasPrefix(h.Contents.Value, "**DemoStats.Histogram** · Python class "), h.Contents.Value)
		require.Equal(t, marks[name].Character-1, h.Range.Start.Character, name)
		require.Equal(t, marks[name].Character, h.Range.End.Character, name)
		defs = c.definitionAt(calls, marks[name])
		require.Len(t, defs, 2, name)
		require.Equal(t, lineNumber(t, histEx, "defmodule DemoStats.Histogram do"), defs[0].Range.Start.Line, name)
	}

	h = c.hoverAt(calls, marks["alias_counts"])
	require.Contains(t, h.Contents.Value, "**Elixir:** `DemoStats.Histogram.counts/1`, `DemoStats.Histogram.counts/2`")

	h = c.hoverAt(calls, marks["imported"])
	require.Contains(t, h.Contents.Value, "**Python:** `math.sqrt`")

	h = c.hoverAt(calls, marks["module"])
	require.True(t, strings.HasPrefix(h.Contents.Value, "**Json** · Python module `json` · json "), h.Contents.Value)
	require.Equal(t, marks["module"].Character-2, h.Range.Start.Character)
	require.Equal(t, marks["module"].Character+2, h.Range.End.Character, "the range is the module name")

	h = c.hoverAt(calls, marks["utf16"])
	require.Contains(t, h.Contents.Value, "**Python:** `json.dumps`")
	require.Equal(t, marks["utf16"].Character-3, h.Range.Start.Character, "UTF-16 columns")

	for _, name := range []string{"multi_dumps", "multi"} {
		h = c.hoverAt(calls, marks[name])
		require.NotNil(t, h, name)
		require.Contains(t, h.Contents.Value, "**Python:** `json.", name)
	}

	require.Nil(t, c.hoverAt(calls, marks["nothing"]))
	require.Empty(t, c.definitionAt(calls, marks["nothing"]))
	// The generated files are not sources.
	require.Nil(t, c.hoverAt(jsonEx, map[string]int{"line": lineNumber(t, jsonEx, "def dumps("), "character": 7}))

	checkSymbolsAndLenses(t, c, root)
	c.shutdown()
}

// checkSymbolsAndLenses: workspace symbols find generated functions and
// modules at their defs; mix.exs lists its python_deps entries as
// document symbols, each with a code lens that regenerates it.
func checkSymbolsAndLenses(t *testing.T, c *fakeClient, root string) {
	var syms []struct {
		Name, ContainerName string
		Kind                int
		Location            locationJSON
	}
	require.NoError(t, c.request("workspace/symbol", map[string]any{"query": "dumps"}, &syms))
	require.NotEmpty(t, syms)
	require.Equal(t, "dumps", syms[0].Name)
	require.Equal(t, "Json", syms[0].ContainerName)
	require.Equal(t, 12, syms[0].Kind)
	jsonEx := filepath.Join(root, "lib", "snakebridge_generated", "json", "__init__.ex")
	require.Equal(t, pathToURI(jsonEx), syms[0].Location.URI)
	require.Equal(t, lineNumber(t, jsonEx, "def dumps("), syms[0].Location.Range.Start.Line)
	require.NoError(t, c.request("workspace/symbol", map[string]any{"query": "histogram"}, &syms))
	require.Equal(t, "DemoStats.Histogram", syms[0].Name)
	require.Equal(t, 5, syms[0].Kind)

	mix := filepath.Join(root, "mix.exs")
	var docSyms []struct {
		Name, Detail string
		Kind         int
		Range        struct{ Start, End struct{ Line, Character int } }
	}
	require.NoError(t, c.request("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": pathToURI(mix)}}, &docSyms))
	require.Len(t, docSyms, 3)
	require.Equal(t, "math", docSyms[0].Name)
	require.Equal(t, "stdlib · generate: :used", docSyms[0].Detail)
	require.Equal(t, lineNumber(t, mix, "{:math, :stdlib}"), docSyms[0].Range.Start.Line)
	require.Equal(t, "demo_stats", docSyms[2].Name)

	var lenses []struct {
		Range   struct{ Start struct{ Line int } }
		Command struct {
			Title, Command string
			Arguments      []any
		}
	}
	require.NoError(t, c.request("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": pathToURI(mix)}}, &lenses))
	require.Len(t, lenses, 3)
	require.Equal(t, lineNumber(t, mix, "{:json, :stdlib"), lenses[1].Range.Start.Line)
	require.Regexp(t, `^json [0-9.]+ · 2 functions · fresh · Regenerate$`, lenses[1].Command.Title)
	require.Equal(t, CommandRegenerate, lenses[1].Command.Command)
	require.Equal(t, []any{pathToURI(root), []any{"json"}}, lenses[1].Command.Arguments)
	require.Regexp(t, `^demo_stats stdlib · 1 functions · fresh · Regenerate$`, lenses[2].Command.Title)

	// An unsaved edit of json's entry makes it stale, and its lens says so.
	data, err := os.ReadFile(mix)
	require.NoError(t, err)
	edited := strings.Replace(string(data), `include: ["dumps", "loads"]`, `include: ["dumps", "loads", "load"]`, 1)
	require.NotEqual(t, string(data), edited)
	c.open(mix)
	m := c.mark()
	c.change(mix, edited)
	c.waitStatus(root, m, "stale after the edit", state(StateStale))
	require.NoError(t, c.request("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": pathToURI(mix)}}, &lenses))
	require.Len(t, lenses, 3)
	require.Regexp(t, `^json [0-9.]+ · 2 functions · stale · Regenerate$`, lenses[1].Command.Title)
	require.Regexp(t, ` · fresh · Regenerate$`, lenses[0].Command.Title, "math is untouched")
}

// TestHoverReadsUnsavedAndBrokenBuffers: an open buffer's unsaved text is
// what hover reads, and a buffer that does not parse still answers on the
// calls before the error.
func TestHoverReadsUnsavedAndBrokenBuffers(t *testing.T) {
	c, _, calls, _ := generatedDemoClient(t)
	c.open(calls)
	edited := "defmodule Calls do\n  def e(x), do: Math.pow(x, 2)\nend\n"
	c.change(calls, edited)
	h := c.hoverAt(calls, map[string]int{"line": 1, "character": 22})
	require.NotNil(t, h, "the unsaved call")
	require.Contains(t, h.Contents.Value, "**Python:** `math.pow`")

	broken := "defmodule Calls do\n  def e(x), do: Math.sqrt(x)\n  def f, do: \"unterminated\n  def g(x), do: Math.pow(x, 2)\nend\n"
	c.change(calls, broken)
	h = c.hoverAt(calls, map[string]int{"line": 1, "character": 22})
	require.NotNil(t, h, "a call before the syntax error")
	require.Contains(t, h.Contents.Value, "**Python:** `math.sqrt`")
	require.Nil(t, c.hoverAt(calls, map[string]int{"line": 3, "character": 22}), "inside the unterminated string")
	c.shutdown()
}

// TestHoverAndDefinitionOnNumpy: the same requests on a real library whose
// signatures come from type stubs and whose functions live in other files
// than the package's __init__.
func TestHoverAndDefinitionOnNumpy(t *testing.T) {
	py := testenv.SystemPython(t, "numpy")
	out, err := exec.Command(py, "-c", "import numpy; print(numpy.__version__)").Output()
	require.NoError(t, err)
	version := strings.TrimSpace(string(out))
	root := filepath.Join(t.TempDir(), "np")
	writeFile(t, filepath.Join(root, "mix.exs"), `defmodule Np.MixProject do
  use Mix.Project

  def project do
    [app: :np, version: "0.1.0", python_deps: [{:numpy, "`+version+`"}]]
  end
end
`)
	text, marks := readMarkers(t, filepath.Join("testdata", "symbols", "numpy_calls.ex"))
	src := filepath.Join(root, "lib", "np.ex")
	writeFile(t, src, text)
	c := startDemo(t, root, &countingGenerate{}, nil, false)
	m := c.mark()
	require.NoError(t, c.executeCommand(CommandRegenerate, nil, pathToURI(root)))
	c.waitStatus(root, m, "fresh after the regeneration", state(StateFresh))

	h := c.hoverAt(src, marks["mean"])
	require.NotNil(t, h)
	require.True(t, strings.HasPrefix(h.Contents.Value, "```python\nmean(a"), h.Contents.Value)
	require.Contains(t, h.Contents.Value, "**Elixir:** `Numpy.mean/1`, `Numpy.mean/2`")
	require.Contains(t, h.Contents.Value, "**Python:** `numpy.mean` · numpy "+version+" · signature from a type stub")
	require.Contains(t, h.Contents.Value, "Compute the arithmetic mean along the specified axis.")
	defs := c.definitionAt(src, marks["mean"])
	require.Len(t, defs, 2)
	npEx := filepath.Join(root, "lib", "snakebridge_generated", "numpy", "__init__.ex")
	require.Equal(t, pathToURI(npEx), defs[0].URI)
	require.Equal(t, lineNumber(t, npEx, "def mean("), defs[0].Range.Start.Line)
	pyFile, err := uriToPath(defs[1].URI)
	require.NoError(t, err)
	require.Equal(t, "fromnumeric.py", filepath.Base(pyFile))
	// Python places a decorated function at its decorator.
	def := lineNumber(t, pyFile, "def mean(")
	require.Contains(t, []int{def, def - 1}, defs[1].Range.Start.Line)

	h = c.hoverAt(src, marks["sum"])
	require.NotNil(t, h)
	require.Contains(t, h.Contents.Value, "**Python:** `numpy.sum` · numpy "+version)

	h = c.hoverAt(src, marks["module"])
	require.NotNil(t, h)
	require.True(t, strings.HasPrefix(h.Contents.Value, "**Numpy** · Python module `numpy` · numpy "+version+" · "), h.Contents.Value)
	c.shutdown()
}

// TestStreamWrapperSymbols: the <name>_stream variant generated for a
// library's streaming: functions gets hover, definition and a completion
// entry: the Python function of <name>, with the wrapper's own arities
// and def line.
func TestStreamWrapperSymbols(t *testing.T) {
	root := demoProject(t)
	mix := filepath.Join(root, "mix.exs")
	src, err := os.ReadFile(mix)
	require.NoError(t, err)
	old := `{:json, :stdlib, include: ["dumps", "loads"]}`
	require.Contains(t, string(src), old)
	writeFile(t, mix, strings.Replace(string(src), old, `{:json, :stdlib, include: ["dumps", "loads"], streaming: ["dumps"]}`, 1))
	text, marks := readMarkers(t, filepath.Join("testdata", "symbols", "stream_calls.ex"))
	calls := filepath.Join(root, "lib", "stream_calls.ex")
	writeFile(t, calls, text)
	c := startDemo(t, root, &countingGenerate{}, nil, false)
	m := c.mark()
	require.NoError(t, c.executeCommand(CommandRegenerate, nil, pathToURI(root)))
	c.waitStatus(root, m, "fresh after the regeneration", state(StateFresh))
	jsonEx := filepath.Join(root, "lib", "snakebridge_generated", "json", "__init__.ex")

	h := c.hoverAt(calls, marks["dumps_stream"])
	require.NotNil(t, h)
	require.True(t, strings.HasPrefix(h.Contents.Value, "```python\ndumps(obj, *, skipkeys=False, "), h.Contents.Value)
	require.Contains(t, h.Contents.Value, "**Elixir:** `Json.dumps_stream/2`, `Json.dumps_stream/3`\n\n")
	require.Contains(t, h.Contents.Value, "**Python:** `json.dumps`")

	defs := c.definitionAt(calls, marks["dumps_stream"])
	require.Len(t, defs, 2)
	require.Equal(t, pathToURI(jsonEx), defs[0].URI)
	require.Equal(t, lineNumber(t, jsonEx, "def dumps_stream("), defs[0].Range.Start.Line)
	require.NotEqual(t, lineNumber(t, jsonEx, "def dumps("), defs[0].Range.Start.Line)
	pyFile, err := uriToPath(defs[1].URI)
	require.NoError(t, err)
	require.Equal(t, lineNumber(t, pyFile, "def dumps("), defs[1].Range.Start.Line)

	item := itemNamed(t, c.completionAt(calls, marks["dumps_stream"]), "dumps_stream")
	require.Contains(t, item.Detail, "dumps(")
	c.shutdown()
}
