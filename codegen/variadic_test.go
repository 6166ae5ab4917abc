package codegen

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/elixirtest"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// TestVariadicFunctionsKeepTheirCalls generates upstream's signature
// showcase (a local module under priv/python whose variadic(*args,
// **kwargs) has __signature__ = "unavailable", and join_values(*values,
// sep=" ")) with the interpreter of the project's own venv. The project
// calls SignatureShowcase.variadic(1, 2, three: 3), which upstream's
// variadic fallback wrappers define: our bindings must define it too
// (compiled with real Elixir, warnings as errors, together with the
// project's code), and check must say fresh. Without :variadic in
// signature_sources the *args functions take extra arguments only through
// __args__:, the call is undefined, and check must say so rather than
// believe the manifest's "unbounded".
func TestVariadicFunctionsKeepTheirCalls(t *testing.T) {
	py := testenv.SystemPython(t)
	testenv.Tool(t, "elixir")
	root := filepath.Join(t.TempDir(), "showcase")
	if err := os.CopyFS(root, os.DirFS(filepath.Join("testdata", "showcase"))); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(py, "-m", "venv", "--without-pip", filepath.Join(root, ".venv")).CombinedOutput(); err != nil {
		t.Fatalf("creating the venv: %v\n%s", err, out)
	}
	g := &generator{t: t, root: root, env: testEnvironment(t)}
	generate := func() {
		t.Helper()
		res, err := Generate(context.Background(), Request{Project: root, Environment: g.env})
		if err != nil {
			t.Fatal(err)
		}
		if errs := libraryErrors(res); len(errs) != 0 {
			t.Fatalf("library errors: %v", errs)
		}
	}
	check := func() *analysis.Report {
		t.Helper()
		fps, err := Fingerprints()
		if err != nil {
			t.Fatal(err)
		}
		return analysis.Check(context.Background(), root, analysis.Options{Facts: g.env.Facts, Generators: fps, Trusted: true})
	}
	compile := func() elixirtest.Result {
		t.Helper()
		stubs, _ := filepath.Glob(filepath.Join("render", "testdata", "runtime_stub", "*.ex"))
		files := append(stubs, generatedFiles(t, filepath.Join(root, "lib", "snakebridge_generated"))...)
		return elixirtest.Run(t, append(files, filepath.Join(root, "lib", "showcase.ex")), true)
	}

	generate()
	if r := check(); !r.Fresh || r.Python == nil || r.Python.Source != ".venv" {
		t.Fatalf("after generate, check says %v (python %+v)", staleCodes(r), r.Python)
	}
	out := compile()
	for _, p := range out.Problems {
		t.Errorf("compiler: %s", p)
	}
	exports := strings.Join(out.Exports["SignatureShowcase"], " ")
	for _, want := range []string{"variadic/0", "variadic/3", "variadic/9", "join_values/3", "join_values/9", "optional_args/4"} {
		if !strings.Contains(" "+exports+" ", " "+want+" ") {
			t.Errorf("SignatureShowcase does not export %s: %s", want, exports)
		}
	}

	// Without :variadic the *args functions take only opts, as upstream
	// renders them then: the project's calls are undefined.
	g.edit("mix.exs", `include: ["optional_args", "keyword_only", "variadic", "join_values"]}`,
		`include: ["optional_args", "keyword_only", "variadic", "join_values"],
       signature_sources: [:runtime, :text_signature, :runtime_hints, :stub, :stubgen]}`)
	generate()
	r := check()
	missing := findingByCode(r, analysis.CodeUsedSymbolsMissing)
	if missing == nil {
		t.Fatalf("check says %v, want used_symbols_missing", staleCodes(r))
	}
	for _, call := range []string{"SignatureShowcase.variadic/3", "SignatureShowcase.join_values/3"} {
		if !strings.Contains(missing.Message, call) {
			t.Errorf("used_symbols_missing does not name %s: %s", call, missing.Message)
		}
	}
	if strings.Contains(missing.Message, "variadic/0") {
		t.Errorf("variadic/0 is defined: %s", missing.Message)
	}
	if got := staleCodes(r); strings.Join(got, ",") != "used_symbols_missing:signature_showcase" {
		t.Errorf("check says %v", got)
	}
}

func findingByCode(r *analysis.Report, code analysis.Code) *analysis.Finding {
	for i := range r.Findings {
		if r.Findings[i].Code == code {
			return &r.Findings[i]
		}
	}
	return nil
}
