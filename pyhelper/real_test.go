package pyhelper

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/stretchr/testify/require"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// sympyRoot introspects Debian's sympy once per test binary run (the
// heaviest request this package makes).
var sympyRoot struct {
	once   sync.Once
	result *ModuleResult
	resp   *Response
	err    error
}

func sympyResult(t *testing.T) (*ModuleResult, *Response) {
	t.Helper()
	py := testenv.SystemPython(t, "sympy")
	sympyRoot.once.Do(func() {
		interp := Interpreter{Path: py, ProjectRoot: t.TempDir()}
		sympyRoot.resp, sympyRoot.err = RunScript(context.Background(), interp, Request{Module: "sympy"},
			Options{CacheDir: t.TempDir()})
		if sympyRoot.err == nil {
			sympyRoot.result, sympyRoot.err = sympyRoot.resp.Module()
		}
	})
	require.NoError(t, sympyRoot.err)
	return sympyRoot.result, sympyRoot.resp
}

func TestSympyRoot(t *testing.T) {
	result, resp := sympyResult(t)
	require.Equal(t, &Distribution{Name: "sympy", Version: result.ModuleVersion}, result.Distribution)
	require.Equal(t, result.ModuleVersion, resp.Producer.Packages["sympy"])
	ns := result.Namespaces[""]
	refs := 0
	for _, c := range ns.Classes {
		refs += len(c.Methods)
	}
	require.True(t, refs > 5*len(result.Methods), "%d references collapse into %d descriptions", refs, len(result.Methods))
	t.Logf("sympy: %d functions, %d classes, %d method references, %d method descriptions, %d bytes",
		len(ns.Functions), len(ns.Classes), refs, len(result.Methods), len(resp.Raw))

	symbol := classNamed(t, ns.Classes, "Symbol")
	subs := methodNamed(t, symbol, "subs")
	basic := filepath.Join(filepath.Dir(result.File), "core", "basic.py")
	require.Equal(t, basic, subs.SourceFile)
	require.Equal(t, lineOf(t, basic, "    def subs(self"), subs.SourceLine)
	require.True(t, subs == methodNamed(t, classNamed(t, ns.Classes, "Integer"), "subs"), "one entry for Basic.subs")
	require.Equal(t, lineOf(t, filepath.Join(filepath.Dir(result.File), "core", "symbol.py"), "class Symbol("), symbol.SourceLine)
	solve := functionNamed(t, ns.Functions, "solve")
	require.Equal(t, "runtime", solve.SignatureSource)
	require.Equal(t, "VAR_POSITIONAL", solve.Parameters[1].Kind)
	require.Contains(t, solve.Docstring, "Algebraically solves")
}

func TestNumpyThroughWorker(t *testing.T) {
	py := testenv.SystemPython(t, "numpy")
	c := newTestClient(t, Interpreter{Path: py, ProjectRoot: t.TempDir()}, Options{})
	resp, err := c.Introspect(context.Background(), Request{Module: "numpy"})
	require.NoError(t, err)
	result, err := resp.Module()
	require.NoError(t, err)
	require.Equal(t, "numpy", result.Distribution.Name)
	ns := result.Namespaces[""]
	sum := functionNamed(t, ns.Functions, "sum")
	require.Equal(t, "stub", sum.SignatureSource, "typed by numpy/core/fromnumeric.pyi")
	require.True(t, strings.HasSuffix(sum.SignatureDetail, filepath.Join("numpy", "core", "fromnumeric.pyi")), sum.SignatureDetail)
	require.True(t, strings.HasSuffix(sum.SourceFile, filepath.Join("numpy", "core", "fromnumeric.py")), sum.SourceFile)
	argmax := methodNamed(t, classNamed(t, ns.Classes, "ndarray"), "argmax")
	require.Equal(t, "stub", argmax.SignatureSource, "inherited from _ArrayOrScalarCommon in the stub")

	symbols := []string{"sum", "mean", "zeros", "array", "dot", "linspace", "concatenate", "reshape", "where", "unique"}
	resp, err = c.Introspect(context.Background(), Request{Mode: ModeSymbols, Module: "numpy", Symbols: symbols, NoCache: true})
	require.NoError(t, err)
	doc, err := resp.Symbols()
	require.NoError(t, err)
	require.Len(t, doc.Symbols, len(symbols))
	for i, s := range doc.Symbols {
		require.Equal(t, symbols[i], s.Name)
		require.NotNil(t, s.Function, s.Name)
	}
}

// A venv made from Debian's python3 with --system-site-packages.
func TestVenvInterpreter(t *testing.T) {
	py := testenv.SystemPython(t, "numpy", "venv")
	venv := filepath.Join(t.TempDir(), "venv")
	if out, err := exec.Command(py, "-m", "venv", "--system-site-packages", "--without-pip", venv).CombinedOutput(); err != nil {
		testenv.Missing(t, "cannot create a venv: "+string(out))
	}
	exe := filepath.Join(venv, "bin", "python3")
	c := newTestClient(t, Interpreter{Path: exe, ProjectRoot: t.TempDir()}, Options{})
	resp, err := c.Introspect(context.Background(), Request{Mode: ModeSymbols, Module: "numpy", Symbols: []string{"zeros"}})
	require.NoError(t, err)
	require.Equal(t, exe, resp.Producer.Python.Executable)
	require.NotEmpty(t, resp.Producer.Packages["numpy"])
	require.NotEqual(t, c.identity, (&Interpreter{Path: py}).identity(py, c.env), "a venv is its own interpreter")
}

// The machine's python3 on PATH (here a pyenv shim, i.e. a shell script).
func TestPathPython(t *testing.T) {
	py := testenv.Tool(t, "python3")
	c := newTestClient(t, Interpreter{Path: py, ProjectRoot: t.TempDir()}, Options{})
	resp, err := c.Introspect(context.Background(), Request{Mode: ModeSymbols, Module: "json", Symbols: []string{"dumps"}})
	require.NoError(t, err)
	require.NotEmpty(t, resp.Producer.Python.Version)
	doc, err := resp.Symbols()
	require.NoError(t, err)
	require.Equal(t, "dumps", doc.Symbols[0].Function.Name)
}

// TestPythonVersions runs the fixtures under every interpreter at hand: the
// system python3 always, pyenv's 3.9+ when installed; older ones (2.7, 3.6)
// must be refused with a clear message.
func TestPythonVersions(t *testing.T) {
	supported := []string{testenv.SystemPython(t)}
	var tooOld []string
	home, _ := os.UserHomeDir()
	found, _ := filepath.Glob(filepath.Join(home, ".pyenv", "versions", "*", "bin", "python"))
	for _, exe := range found {
		version := filepath.Base(filepath.Dir(filepath.Dir(exe)))
		var major, minor int
		if _, err := fmt.Sscanf(version, "%d.%d", &major, &minor); err != nil {
			continue
		}
		if major == 3 && minor >= 9 {
			supported = append(supported, exe)
		} else {
			tooOld = append(tooOld, exe)
		}
	}
	path := "PYTHONPATH=" + testdataPath(t, "py") + string(os.PathListSeparator) + testdataPath(t, "site")
	for _, exe := range supported {
		interp := Interpreter{Path: exe, Env: []string{path, noBytecodeInTree(t)}, ProjectRoot: t.TempDir()}
		c := newTestClient(t, interp, Options{})
		for _, run := range []func(Request) (*Response, error){
			func(r Request) (*Response, error) { return c.Introspect(context.Background(), r) },
			func(r Request) (*Response, error) {
				return RunScript(context.Background(), interp, r, Options{CacheDir: t.TempDir()})
			},
		} {
			resp, err := run(Request{Module: "fx_basic", NoCache: true})
			require.NoError(t, err, exe)
			result, err := resp.Module()
			require.NoError(t, err, exe)
			ns := result.Namespaces[""]
			base, child := classNamed(t, ns.Classes, "Base"), classNamed(t, ns.Classes, "Child")
			require.True(t, methodNamed(t, base, "shared") == methodNamed(t, child, "shared"), exe)
			require.Equal(t, "KEYWORD_ONLY", functionNamed(t, ns.Functions, "keyword_only").Parameters[0].Kind, exe)
		}
	}
	for _, exe := range tooOld {
		interp := Interpreter{Path: exe, ProjectRoot: t.TempDir()}
		_, err := RunScript(context.Background(), interp, jsonSymbols(), Options{CacheDir: t.TempDir()})
		require.ErrorIs(t, err, ErrInterpreter, exe)
		require.Contains(t, err.Error(), "needs Python 3.9 or newer", exe)
		c := newTestClient(t, interp, Options{})
		_, err = c.Introspect(context.Background(), jsonSymbols())
		require.ErrorIs(t, err, ErrInterpreter, exe)
		require.Contains(t, err.Error(), "needs Python 3.9 or newer", exe)
	}
	t.Logf("supported: %v; refused: %v", supported, tooOld)
}

// numpy.f2py.__main__ parses argv, prints usage and calls sys.exit() when
// imported: the worker reports it as that namespace's import error, returns
// the usage text as a warning and keeps serving.
func TestNumpyArgvAndExitingSubmodule(t *testing.T) {
	py := testenv.SystemPython(t, "numpy")
	c := newTestClient(t, Interpreter{Path: py, Env: []string{noBytecodeInTree(t)}, ProjectRoot: t.TempDir()}, Options{})
	resp, err := c.Introspect(context.Background(), Request{Module: "numpy",
		Options: ModuleOptions{Submodules: []string{"f2py.__main__", "linalg"}}})
	require.NoError(t, err)
	require.Contains(t, strings.Join(resp.Warnings, "\n"), "To construct extension module sources")
	require.True(t, resp.Provenance.Incomplete)
	var doc struct {
		Namespaces map[string]struct {
			Error     string            `json:"error"`
			Functions []json.RawMessage `json:"functions"`
		} `json:"namespaces"`
	}
	require.NoError(t, json.Unmarshal(resp.Raw, &doc))
	require.Contains(t, doc.Namespaces["f2py.__main__"].Error, "SystemExit")
	require.NotEmpty(t, doc.Namespaces["linalg"].Functions)
	_, err = c.Introspect(context.Background(), Request{Mode: ModeAttribute, Module: "numpy", Attribute: "ndarray"})
	require.NoError(t, err, "the worker survived")
}

// --v21 on sympy (upstream's shape repeats every inherited method in full:
// a 76 MiB document) is returned by RunScript with the default options, not
// replaced by the 64 MiB schema-3 limit's protocol error (issue 14 target
// 6).
func TestScriptV21SympyFitsDefaultLimit(t *testing.T) {
	interp := Interpreter{Path: testenv.SystemPython(t, "sympy"), Env: []string{noBytecodeInTree(t)}, ProjectRoot: t.TempDir()}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute) // 6 s of CPU when idle
	defer cancel()
	resp, err := RunScript(ctx, interp, Request{Module: "sympy", Format: FormatV21}, Options{CacheDir: t.TempDir(), RequestTimeout: 10 * time.Minute})
	require.NoError(t, err)
	doc := string(resp.Raw)
	require.Greater(t, len(doc), 64<<20, "the document is over the schema-3 limit")
	require.True(t, strings.HasPrefix(doc, "{\n  \"module\": \"sympy\""), "not a v2.1 document: %.200s", doc)
	require.NotContains(t, doc[len(doc)-300:], "error_kind")
}
