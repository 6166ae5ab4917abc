//go:build unix

package lsp

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/require"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// markerRE matches the cursor markers of the call fixtures: ⟨name⟩.
var markerRE = regexp.MustCompile(`⟨([a-z_0-9]+)⟩`)

// position is an LSP position in a test.
type position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// readMarkers reads a fixture, removes its markers and returns the text
// and each marker's LSP position (UTF-16 columns).
func readMarkers(t *testing.T, file string) (string, map[string]position) {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	return stripMarkers(t, string(data))
}

func stripMarkers(t *testing.T, src string) (string, map[string]position) {
	t.Helper()
	marks := map[string]position{}
	var b strings.Builder
	line, col, last := 0, 0, 0
	advance := func(s string) {
		for _, r := range s {
			if r == '\n' {
				line, col = line+1, 0
				continue
			}
			col += len(utf16.Encode([]rune{r}))
		}
		b.WriteString(s)
	}
	for _, m := range markerRE.FindAllStringSubmatchIndex(src, -1) {
		advance(src[last:m[0]])
		name := src[m[2]:m[3]]
		if _, dup := marks[name]; dup {
			t.Fatalf("marker %s twice", name)
		}
		marks[name] = position{line, col}
		last = m[1]
	}
	advance(src[last:])
	return b.String(), marks
}

type completionItemJSON struct {
	Label            string `json:"label"`
	Kind             int    `json:"kind"`
	Detail           string `json:"detail"`
	InsertTextFormat int    `json:"insertTextFormat"`
	InsertText       string `json:"insertText"`
	Documentation    *struct {
		Kind, Value string
	} `json:"documentation"`
	TextEdit struct {
		Range   rangeJSON `json:"range"`
		NewText string    `json:"newText"`
	} `json:"textEdit"`
	Data map[string]any `json:"data"`
}

type signatureHelpJSON struct {
	Signatures []struct {
		Label         string `json:"label"`
		Documentation struct {
			Value string `json:"value"`
		} `json:"documentation"`
		Parameters []struct {
			Label [2]int `json:"label"`
		} `json:"parameters"`
	} `json:"signatures"`
	ActiveParameter int `json:"activeParameter"`
}

func (c *fakeClient) completionAt(path string, pos position) []completionItemJSON {
	c.t.Helper()
	var list struct {
		Items []completionItemJSON `json:"items"`
	}
	require.NoError(c.t, c.request("textDocument/completion", map[string]any{
		"textDocument": map[string]any{"uri": pathToURI(path)}, "position": pos,
	}, &list))
	return list.Items
}

func (c *fakeClient) signatureAt(path string, pos position) *signatureHelpJSON {
	c.t.Helper()
	var help *signatureHelpJSON
	require.NoError(c.t, c.request("textDocument/signatureHelp", map[string]any{
		"textDocument": map[string]any{"uri": pathToURI(path)}, "position": pos,
	}, &help))
	return help
}

func labels(items []completionItemJSON) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.Label)
	}
	sort.Strings(out)
	return out
}

func itemNamed(t *testing.T, items []completionItemJSON, label string) completionItemJSON {
	t.Helper()
	for _, it := range items {
		if it.Label == label {
			return it
		}
	}
	t.Fatalf("no completion item %q in %v", label, labels(items))
	return completionItemJSON{}
}

// activeLabel is the text of the active parameter, "" when none.
func activeLabel(h *signatureHelpJSON) string {
	if h == nil || len(h.Signatures) == 0 || h.ActiveParameter >= len(h.Signatures[0].Parameters) {
		return ""
	}
	sig := h.Signatures[0]
	r := sig.Parameters[h.ActiveParameter].Label
	units := utf16.Encode([]rune(sig.Label))
	return string(utf16.Decode(units[r[0]:r[1]]))
}

// callsDemo is the demo project with math generated in full (json and
// demo_stats stay generate: :used), lib/calls.ex written from the marker
// fixture, and its bindings generated; the client is ready.
func callsDemo(t *testing.T, snippets bool) (*fakeClient, string, string, map[string]position) {
	t.Helper()
	root := demoProject(t)
	mixPath := filepath.Join(root, "mix.exs")
	mix, err := os.ReadFile(mixPath)
	require.NoError(t, err)
	writeFile(t, mixPath, strings.Replace(string(mix), "{:math, :stdlib}", "{:math, :stdlib, generate: :all}", 1))
	text, marks := readMarkers(t, filepath.Join("testdata", "calls", "demo_calls.ex"))
	calls := filepath.Join(root, "lib", "calls.ex")
	writeFile(t, calls, text)

	c := startClient(t, clientOptions{
		folders: []string{root}, snippets: snippets,
		settings: map[string]any{"pythonPath": testenv.SystemPython(t)},
		server:   Options{Getenv: testEnv(), RegenDebounce: 50e6, WatchBatchDelay: 50e6},
	})
	c.initialize()
	c.waitStatus(root, 0, "the first check", func(StatusParams) bool { return true })
	m := c.mark()
	require.NoError(t, c.executeCommand(CommandRegenerate, nil, pathToURI(root)))
	c.waitStatus(root, m, "fresh after generating", state(StateFresh))
	c.open(calls)
	return c, root, calls, marks
}

// TestCallsCompletionAndSignatureHelp: completion after Module. through
// aliases, keyword completion in calls (pipes and multi-line calls
// included), signature help with the active parameter, UTF-16 columns.
func TestCallsCompletionAndSignatureHelp(t *testing.T) {
	c, _, calls, at := callsDemo(t, true)

	items := c.completionAt(calls, at["member"])
	for _, want := range []string{"sqrt", "pow", "floor", "pi"} {
		itemNamed(t, items, want)
	}
	sqrt := itemNamed(t, items, "sqrt")
	require.Equal(t, "sqrt(x, /)  · sqrt/1 /2", sqrt.Detail)
	require.Equal(t, "sqrt(${1:x})$0", sqrt.InsertText)
	require.Equal(t, 2, sqrt.InsertTextFormat, "a snippet")

	partial := c.completionAt(calls, at["alias_partial"])
	floor := itemNamed(t, partial, "floor")
	require.Equal(t, "floor(${1:x})$0", floor.InsertText, "through the alias")
	var resolved completionItemJSON
	require.NoError(t, c.request("completionItem/resolve", floor, &resolved))
	require.NotNil(t, resolved.Documentation)
	require.Contains(t, resolved.Documentation.Value, "```python\nfloor(x, /)\n```")
	require.Contains(t, resolved.Documentation.Value, "Return the floor of x")

	classes := c.completionAt(calls, at["classes"])
	hist := itemNamed(t, classes, "Histogram")
	require.Equal(t, 7, hist.Kind, "a class")
	itemNamed(t, classes, "mean")

	kw := c.completionAt(calls, at["kw_prefix"])
	sortKeys := itemNamed(t, kw, "sort_keys:")
	require.Equal(t, "sort_keys: ${1:false}", sortKeys.TextEdit.NewText)
	require.NotContains(t, labels(kw), "obj:", "a positional-only or required parameter is not offered once written")
	next := labels(c.completionAt(calls, at["kw_next"]))
	require.Contains(t, next, "sort_keys:")
	require.NotContains(t, next, "indent:", "a given keyword is not offered again")
	require.Empty(t, c.completionAt(calls, at["kw_value"]), "no keyword completion in a value")
	rekey := c.completionAt(calls, at["kw_in_key"])
	indentKey := itemNamed(t, rekey, "indent:")
	require.Equal(t, "indent:", indentKey.TextEdit.NewText, "a key written with its value is replaced, the value kept")
	require.Equal(t, at["kw_in_key"].Character-3, indentKey.TextEdit.Range.Start.Character)
	require.Equal(t, at["kw_in_key"].Character+3, indentKey.TextEdit.Range.End.Character, "the whole key, colon included")
	require.NotContains(t, labels(rekey), "sort_keys:", "a given keyword is not offered again")

	piped := c.completionAt(calls, at["piped_multiline"])
	require.Equal(t, []string{"bins:"}, labels(piped), "the piped values fill the first argument")

	uni := c.completionAt(calls, at["utf16"])
	indent := itemNamed(t, uni, "indent:")
	require.Equal(t, at["utf16"].Character-3, indent.TextEdit.Range.Start.Character, "UTF-16 columns after é😀")
	require.Equal(t, at["utf16"].Character, indent.TextEdit.Range.End.Character)

	for _, tc := range []struct{ marker, label, active string }{
		{"pow_second", "pow(x, y, /)", "y"},
		{"pow_piped", "pow(x, y, /)", "y"},
		{"kw_value", "", "indent=None"},
		{"kw_next", "", ""},
		{"method", "counts(self)", "self"},
		{"piped_multiline", "", "bins: int = 10"},
	} {
		h := c.signatureAt(calls, at[tc.marker])
		require.NotNil(t, h, tc.marker)
		if tc.label != "" {
			require.Equal(t, tc.label, h.Signatures[0].Label, tc.marker)
		}
		require.Equal(t, tc.active, activeLabel(h), tc.marker)
	}
	dumps := c.signatureAt(calls, at["kw_value"])
	require.Contains(t, dumps.Signatures[0].Label, "dumps(obj, *, skipkeys=False,", "keyword-only parameters after *")
	require.Contains(t, dumps.Signatures[0].Documentation.Value, "Serialize ``obj`` to a JSON formatted ``str``")
	require.Nil(t, c.signatureAt(calls, at["member"]), "no signature outside a call")

	// An edited, unsaved buffer that does not parse: the context comes
	// from the buffer, best effort.
	text, marks := stripMarkers(t, "defmodule Demo.Calls do\n  def f(x) do\n    x |> Math.po⟨a⟩\n    Json.dumps(x,\n      ensure_ascii: true,\n      ⟨b⟩\n  \"unterminated\n")
	c.change(calls, text)
	require.Contains(t, labels(c.completionAt(calls, marks["a"])), "pow")
	more := labels(c.completionAt(calls, marks["b"]))
	require.Contains(t, more, "indent:")
	require.NotContains(t, more, "ensure_ascii:")
	c.shutdown()
}

// TestCallDiagnostics: calls into functions the bindings lack, with a
// wrong arity or an unknown keyword get warnings on the unsaved buffer; a
// function of a generate: :used library not generated yet is information
// with a quick fix that regenerates that library, after which it is gone.
func TestCallDiagnostics(t *testing.T) {
	c, root, calls, _ := callsDemo(t, false)
	bad := `defmodule Demo.Bad do
  alias DemoStats.Histogram

  def a, do: Math.sqrtt(2)
  def b, do: Math.sqrt(1, 2, 3, 4)
  def c(v), do: Histogram.new(v, binz: 4)
  def d, do: Json.loads("1", strict: true)
  def e(f), do: Json.load(f)
  def g(v), do: v |> Math.pow(2, idempotent: true)
end
`
	c.change(calls, bad)
	want := []string{
		"3:13 warning unknown_function: `Math.sqrtt/1` is not in the math bindings; did you mean `Math.sqrt`?",
		"4:13 warning arity_mismatch: `Math.sqrt/4` is undefined: the generated clauses of `Math.sqrt` take 1 or 2 arguments",
		"5:33 warning unknown_keyword: `DemoStats.Histogram.new` has no keyword argument `binz` (the Python function takes no **kwargs); did you mean `bins`?",
		"7:16 information not_generated_yet: `Json.load/1` is not generated yet",
	}
	var got []string
	c.waitFor("call diagnostics on the unsaved buffer", func() bool {
		got = describeDiags(c.diags[calls])
		return strings.Join(got, "\n") == strings.Join(want, "\n")
	})

	var diags []clientDiag
	for _, d := range c.diagnosticsOf(calls) {
		if d.Code == codeNotGenerated {
			diags = append(diags, d)
		}
	}
	jsonMembers := position{Line: 7, Character: len("  def e(f), do: Json.")}
	require.NotContains(t, labels(c.completionAt(calls, jsonMembers)), "load")
	actions := c.codeActions(calls, diags)
	fix := findAction(actions, "Regenerate bindings for `json`", "quickfix")
	require.NotNil(t, fix, "%+v", actions)
	// A regeneration reads the sources on disk.
	c.writeFile(calls, bad)
	c.save(calls)
	m := c.mark()
	require.NoError(t, c.executeCommand(fix.Command.Command, nil, fix.Command.Arguments...))
	c.waitStatus(root, m, "fresh after the quick fix", state(StateFresh))
	c.waitFor("Json.load generated", func() bool {
		for _, d := range describeDiags(c.diags[calls]) {
			if strings.Contains(d, "Json.load/1") {
				return false
			}
		}
		return true
	})
	require.Contains(t, labels(c.completionAt(calls, jsonMembers)), "load", "the member list follows the new index")
	c.close(calls)
	c.waitFor("no call diagnostics once closed", func() bool { return len(describeDiags(c.diags[calls])) == 0 })
	c.shutdown()
}

// describeDiags words published diagnostics as "line:col severity code:
// message"; c.mu must be held.
func describeDiags(r *publishRecord) []string {
	if r == nil {
		return nil
	}
	sev := map[int]string{1: "error", 2: "warning", 3: "information", 4: "hint"}
	var out []string
	for _, d := range r.diags {
		out = append(out, strings.Join([]string{
			strconv.Itoa(d.Range.Start.Line) + ":" + strconv.Itoa(d.Range.Start.Character), sev[d.Severity], d.Code + ":", d.Message,
		}, " "))
	}
	return out
}

// TestCallsOnNumpy: a project with numpy (generate: :used) generated from
// its sources: completion, signature help (aliases, pipes, multi-line
// calls, UTF-16 columns) and call diagnostics against numpy's real
// signatures.
func TestCallsOnNumpy(t *testing.T) {
	py := testenv.SystemPython(t, "numpy")
	root := filepath.Join(t.TempDir(), "sci")
	writeFile(t, filepath.Join(root, "mix.exs"), `defmodule Sci.MixProject do
  use Mix.Project

  def project do
    [app: :sci, version: "0.1.0", deps: [{:snakebridge, "~> 0.16"}], python_deps: [{:numpy, "1.24.2"}]]
  end
end
`)
	text, at := readMarkers(t, filepath.Join("testdata", "calls", "numpy_calls.ex"))
	src := filepath.Join(root, "lib", "sci.ex")
	writeFile(t, src, text)
	c := startClient(t, clientOptions{
		folders: []string{root}, settings: map[string]any{"pythonPath": py},
		server: Options{Getenv: testEnv(), RegenDebounce: 50e6, WatchBatchDelay: 50e6},
	})
	c.initialize()
	c.waitStatus(root, 0, "the first check", func(StatusParams) bool { return true })
	m := c.mark()
	require.NoError(t, c.executeCommand(CommandRegenerate, nil, pathToURI(root)))
	c.waitStatus(root, m, "fresh after generating", state(StateFresh))
	c.open(src)

	mean := c.signatureAt(src, at["mean_axis"])
	require.NotNil(t, mean)
	require.Contains(t, mean.Signatures[0].Label, "mean(a: _ArrayLikeFloat_co, axis: None = ..., dtype: None = ..., out: None = ..., keepdims: Literal[False] = ..., *, where: _ArrayLikeBool_co = ...)")
	require.Equal(t, "axis: None = ...", activeLabel(mean))
	require.Contains(t, mean.Signatures[0].Documentation.Value, "Compute the arithmetic mean along the specified axis.")

	kw := labels(c.completionAt(src, at["mean_kw"]))
	require.Contains(t, kw, "keepdims:")
	require.Contains(t, kw, "where:", "keyword-only parameters are keywords too")
	require.NotContains(t, kw, "a:", "the first argument is written")

	norm := c.signatureAt(src, at["norm_multiline"])
	require.NotNil(t, norm, "through the alias, piped, on a later line")
	require.Contains(t, norm.Signatures[0].Label, `norm(x: ArrayLike, ord: None | float | L["fro", "nuc"] = ..., axis: None = ..., keepdims: bool = ...)`)
	more := labels(c.completionAt(src, at["norm_multiline"]))
	require.Equal(t, []string{"axis:", "keepdims:"}, more, "ord is given, x is piped")

	members := labels(c.completionAt(src, at["member"]))
	require.Contains(t, members, "mean")
	require.Contains(t, members, "Linalg")

	uni := c.completionAt(src, at["utf16"])
	where := itemNamed(t, uni, "where:")
	require.Equal(t, at["utf16"].Character-2, where.TextEdit.Range.Start.Character, "UTF-16 columns after ñandú 🐍")

	c.change(src, text+"\ndefmodule Sci.Bad do\n  def f(x), do: Numpy.mean(x, axes: 0)\n  def g(x), do: Numpy.median(x)\nend\n")
	want := []string{
		"20:30 warning unknown_keyword: `Numpy.mean` has no keyword argument `axes` (the Python function takes no **kwargs); did you mean `axis`?",
		"21:16 information not_generated_yet: `Numpy.median/1` is not generated yet",
	}
	c.waitFor("call diagnostics on numpy calls", func() bool {
		return strings.Join(describeDiags(c.diags[src]), "\n") == strings.Join(want, "\n")
	})
	c.shutdown()
}
