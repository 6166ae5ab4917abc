package model

import (
	"github.com/stretchr/testify/require"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

func introspectSymbols(t *testing.T, module string, names ...string) *pyhelper.SymbolsResult {
	t.Helper()
	resp := introspect(t, pyhelper.Request{Mode: pyhelper.ModeSymbols, Module: module, Symbols: names})
	res, err := resp.Symbols()
	require.NoError(t, err)
	return res
}

func TestFromSymbolsReal(t *testing.T) {
	res := introspectSymbols(t, "sbfixture", "optional_args", "Widget", "MAX_SIZE", "undocumented", "generate",
		"nope", "Nope")

	t.Run("stub", func(t *testing.T) {
		m, missing, err := FromSymbols(fixtureLib, "sbfixture", res, OnNotFoundStub)
		require.NoError(t, err)
		require.Equal(t, 0, len(missing))
		require.Equal(t, []string{"Sbfixture.generate/1", "Sbfixture.max_size/0", "Sbfixture.nope/0",
			"Sbfixture.optional_args/1", "Sbfixture.undocumented/1"}, keys(m.Symbols))
		require.Equal(t, []string{"Sbfixture.Nope", "Sbfixture.Widget"}, keys(m.Classes))
		require.Equal(t, 0, len(m.Modules))

		require.Equal(t, Arity{N: 3}, symbol(t, m, "Sbfixture.optional_args/1").MaximumArity)
		require.Equal(t, "module_attr", symbol(t, m, "Sbfixture.max_size/0").CallType)
		require.True(t, symbol(t, m, "Sbfixture.generate/1").Streaming)
		undoc := symbol(t, m, "Sbfixture.undocumented/1")
		require.Equal(t, res.ModuleDocstring, undoc.Docstring)
		require.Equal(t, "module", undoc.DocSource)
		widget := class(t, m, "Sbfixture.Widget")
		require.Equal(t, "sbfixture", widget.PythonModule)
		require.Equal(t, "new", method(t, widget, "python_new").Name)

		stub := symbol(t, m, "Sbfixture.nope/0")
		require.Equal(t, &Symbol{Module: "Sbfixture", Function: "nope", Name: "nope", PythonModule: "sbfixture",
			Signature: Signature{
				Parameters: []pyhelper.Param{}, ReturnType: pyhelper.TypeDict{Type: "any"},
				SignatureSource: "stub", SignatureDetail: "variadic",
				SignatureMissingReason: []string{"symbol not found"}, MissingReasonScalar: true,
				DocSource: "stub", DocMissingReason: "symbol not found",
				MaximumArity: Arity{N: 9}, RequiredKeywordOnly: []string{}, OptionalKeywordOnly: []string{},
			}}, stub)
		nope := class(t, m, "Sbfixture.Nope")
		require.Equal(t, "Nope", nope.Class)
		require.Equal(t, "symbol not found", nope.DocMissingReason)
		require.Equal(t, 1, len(nope.Methods))
		init := method(t, nope, "new")
		require.Equal(t, "__init__", init.Name)
		require.Equal(t, Arity{N: 9}, init.MaximumArity, "variadic constructor, no ref")
	})

	t.Run("error", func(t *testing.T) {
		m, missing, err := FromSymbols(fixtureLib, "sbfixture", res, OnNotFoundError)
		require.NoError(t, err)
		require.Equal(t, []NotFound{
			{Name: "nope", PythonModule: "sbfixture", Error: "not_found"},
			{Name: "Nope", PythonModule: "sbfixture", Error: "not_found"},
		}, missing)
		require.Equal(t, []string{"Sbfixture.generate/1", "Sbfixture.max_size/0", "Sbfixture.optional_args/1",
			"Sbfixture.undocumented/1"}, keys(m.Symbols))
		require.Equal(t, []string{"Sbfixture.Widget"}, keys(m.Classes))
		require.Equal(t, "SnakeBridge could not find 2 symbol(s) in Python module sbfixture.\n\nMissing:\n"+
			"  - sbfixture.Nope\n  - sbfixture.nope\n\nFix by:\n"+
			"  - upgrading/downgrading the Python dependency version, or\n"+
			"  - removing/renaming the call in Elixir, or\n"+
			"  - setting `on_not_found: :stub` for this library to generate stubs.\n",
			NotFoundMessage("sbfixture", append(missing, NotFound{Name: "x", Error: "introspection_failed"})))
	})

	t.Run("existing class keeps its module", func(t *testing.T) {
		existing := New("0.16.0")
		existing.Classes["Sbfixture.MyWidget"] = &Class{Module: "Sbfixture.MyWidget", Class: "Widget", PythonModule: "sbfixture"}
		existing.Classes["Sbfixture.Nope"] = &Class{Module: "Sbfixture.Nope", Class: "Other", PythonModule: "sbfixture"}
		m, _, err := FromSymbolsWith(fixtureLib, "sbfixture", res,
			SymbolsOptions{OnNotFound: OnNotFoundStub, BuildOptions: BuildOptions{Existing: existing}})
		require.NoError(t, err)
		require.Equal(t, []string{"Sbfixture.MyWidget", "Sbfixture.NopeClass"}, keys(m.Classes))
		existing.Merge(m)
		require.Equal(t, []string{"Sbfixture.MyWidget", "Sbfixture.Nope", "Sbfixture.NopeClass"}, keys(existing.Classes))
	})
}

func TestStubKinds(t *testing.T) {
	res := &pyhelper.SymbolsResult{Symbols: []pyhelper.Symbol{
		{Name: "Upper", Error: "not_found"},
		{Name: "lower", Error: "not_found"},
		{Name: "Asked", Error: "not_found"},
		{Name: "asked", Error: "not_found"},
		{Name: "Included", Error: "not_found"},
		{Name: "boom", Error: "introspection_failed", Reason: "ValueError: bad"},
	}}
	lib := Library{PythonName: "pkg", Module: "Pkg"}
	m, missing, err := FromSymbolsWith(lib, "pkg.sub", res, SymbolsOptions{OnNotFound: OnNotFoundStub,
		Kinds: map[string]string{"Asked": "function", "asked": "class", "Included": "unknown"}})
	require.NoError(t, err)
	require.Equal(t, []NotFound{{Name: "boom", PythonModule: "pkg.sub", Error: "introspection_failed", Reason: "ValueError: bad"}}, missing)
	// "Asked" as a function and "Included" (kind unknown: upstream does not
	// apply the heuristic then) become functions; "asked" and "Upper" classes.
	require.Equal(t, []string{"Pkg.Sub.asked/0", "Pkg.Sub.included/0", "Pkg.Sub.lower/0"}, keys(m.Symbols))
	require.Equal(t, "Asked", m.Symbols["Pkg.Sub.asked/0"].Function)
	require.Equal(t, []string{"Pkg.Sub.Asked", "Pkg.Sub.Upper"}, keys(m.Classes))
	require.Equal(t, "asked", m.Classes["Pkg.Sub.Asked"].Class)
	require.Equal(t, "pkg.sub", m.Classes["Pkg.Sub.Asked"].PythonModule)

	_, _, err = FromSymbols(lib, "pkg", res, "ignore")
	require.ErrorContains(t, err, `on_not_found must be "error" or "stub", not "ignore"`)
	_, _, err = FromSymbols(lib, "pkg", nil, OnNotFoundStub)
	require.ErrorContains(t, err, "no introspection result")
}
