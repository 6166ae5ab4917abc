package analysis

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// librariesFrom parses python_deps entries the way check does: through the
// static mix.exs reader and the option normalisation.
func librariesFrom(t testing.TB, entries []string) []*Library {
	t.Helper()
	src := "defmodule Fixture.MixProject do\n  use Mix.Project\n  def project do\n    [app: :fixture, python_deps: [\n" +
		strings.Join(entries, ",\n") + "\n    ]]\n  end\nend\n"
	mix, err := elixir.ParseMixExs("mix.exs", []byte(src))
	if err != nil {
		t.Fatalf("parsing entries: %v\n%s", err, src)
	}
	libs, err := ParseLibraries(mix.PythonDeps)
	if err != nil {
		t.Fatalf("normalising entries: %v", err)
	}
	return libs
}

func TestConfigHashAppendixA(t *testing.T) {
	cases := []struct{ entry, want string }{
		{`{:math, :stdlib}`, "6ac7c38bd097f896730dbff4c5faa0a21d616f1c767f8eb9a75fae578663a071"},
		{`{:json, :stdlib, generate: :all, submodules: true}`, "973917addfe26da6a3417ad9cfccd380613fa3eb0c424863e86021982185c169"},
	}
	for _, c := range cases {
		lib := librariesFrom(t, []string{c.entry})[0]
		got, err := lib.ConfigHash(t.TempDir(), term.AtomsUTF8)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("config_hash(%s) = %s, want %s", c.entry, got, c.want)
		}
	}
}

// optionCombinations covers every option of compat §1.2, every entry form of
// §1.1 and the normalisations (aliases, single values, charlists, atoms in
// lists, unknown values that normalise to nil).
func optionCombinations() []string {
	return []string{
		`{:math, :stdlib}`,
		`:math`,
		`"math"`,
		`{:numpy, "1.26.0"}`,
		`{:numpy, "~> 1.26", module_name: Numpy, python_name: "numpy", pypi_package: "numpy", extras: ["dev"]}`,
		`{:numpy, version: "1.26.0", include: ["array", :zeros, 'ones']}`,
		`{:pillow, [version: "~> 10.0", python_name: "PIL"]}`,
		`{:pillow, []}`,
		`{:pandas, "2.0.0", include: "DataFrame", exclude: :read_csv, streaming: ["iter"]}`,
		`{:json, :stdlib, generate: :all, submodules: true, public_api: true}`,
		`{:json, :stdlib, generate: :all, submodules: ["decoder", :encoder]}`,
		`{:sympy, "~> 1.12", module_mode: :light}`,
		`{:sympy, "~> 1.12", module_mode: :api}`,
		`{:sympy, "~> 1.12", module_mode: :standard, module_include: ["sympy.core*"], module_exclude: "sympy.test*"}`,
		`{:sympy, "~> 1.12", module_mode: {:only, ["core", :solvers]}, module_depth: 2}`,
		`{:sympy, "~> 1.12", module_mode: :nuclear, module_include: :ignored}`,
		`{:sympy, "~> 1.12", module_mode: :manifest, docs_manifest: "priv/docs.json", docs_profile: :full}`,
		`{:sympy, "~> 1.12", module_mode: :docs, docs_manifest: "missing.json", docs_profile: "slim"}`,
		`{:sympy, "~> 1.12", docs_url: "https://docs.sympy.org/", docs_profile: 42}`,
		`{:sympy, :stdlib, generate: :all, class_method_scope: :declared_only, max_class_methods: 0}`,
		`{:sympy, :stdlib, class_method_scope: :defined, max_class_methods: 500}`,
		`{:sympy, :stdlib, class_method_scope: :bogus, on_not_found: :stub}`,
		`{:sympy, :stdlib, on_not_found: :error}`,
		`{:sympy, :stdlib, on_not_found: :explode}`,
		`{:sympy, :stdlib, signature_sources: [:runtime, "stub", :variadic], strict_signatures: true, min_signature_tier: :stub}`,
		`{:sympy, :stdlib, strict_signatures: false, min_signature_tier: "text_signature"}`,
		`{:sympy, :stdlib, stub_search_paths: ["priv/stubs", :typings], use_typeshed: true, typeshed_path: "/opt/typeshed"}`,
		`{:sympy, :stdlib, stubgen: [enabled: false, cache_dir: "tmp/stubs", a: 1]}`,
		`{:sympy, :stdlib, stubgen: :nope, use_typeshed: false}`,
		`{:μlib, :stdlib, python_name: "mulib", module_name: Mu.Lib}`,
		`{:"torch.nn", "2.1.0", python_name: "torch.nn", module_name: Torch.NN, include: ~w(Linear Conv2d)}`,
		`{:wrapper_args, :stdlib, python_name: "wrapper_args_example", module_name: WrapperArgs, include: ["mean", "join_values"]}`,
		`{:math, :stdlib, module_name: "Math", include: [1, 2]}`,
		`{:math, :stdlib, include: nil, exclude: [], streaming: nil, submodules: false}`,
	}
}

// TestConfigHashMatchesElixirReference compares our config_hash with an
// independent implementation run by real Elixir, for both atom encodings.
func TestConfigHashMatchesElixirReference(t *testing.T) {
	elixirBin := testenv.Tool(t, "elixir")
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "priv"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "priv", "docs.json"), []byte(`{"version":1,"library":"sympy"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	entries := optionCombinations()
	entriesFile := filepath.Join(root, "entries.txt")
	if err := os.WriteFile(entriesFile, []byte(strings.Join(entries, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(elixirBin, filepath.Join("testdata", "confighash_reference.exs"), entriesFile, root).CombinedOutput()
	if err != nil {
		t.Fatalf("elixir reference: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(entries) {
		t.Fatalf("reference printed %d lines for %d entries:\n%s", len(lines), len(entries), out)
	}
	for i, entry := range entries {
		ref := strings.Fields(lines[i])
		if ref[0] == "error" {
			t.Errorf("reference rejected %s: %s", entry, lines[i])
			continue
		}
		lib := librariesFrom(t, []string{entry})[0]
		for j, enc := range []term.AtomEncoding{term.AtomsLatin1, term.AtomsUTF8} {
			got, err := lib.ConfigHash(root, enc)
			if err != nil {
				t.Errorf("%s: %v", entry, err)
				continue
			}
			if got != ref[j] {
				t.Errorf("config_hash(%s) with %s atoms = %s, Elixir says %s", entry, []string{"Latin-1", "UTF-8"}[j], got, ref[j])
			}
		}
	}
}

func TestRejectedEntriesNameTheProblem(t *testing.T) {
	cases := []struct{ entry, want string }{
		{`{:numpy, "1.0", generate: :some}`, "invalid generate option :some"},
		{`{:numpy, "1.0", module_depth: 0}`, "module_depth must be a positive integer"},
		{`{:numpy, "1.0", max_class_methods: -1}`, "max_class_methods must be a non-negative integer"},
		{`{:numpy, "1.0", module_mode: :weird}`, "invalid module_mode :weird"},
		{`{:numpy, "1.0", module_mode: :docs}`, "module_mode :docs needs a :docs_manifest"},
		{`{:numpy, :latest}`, "expected a version string, :stdlib or a keyword list"},
		{`{"numpy", "1.0"}`, "library name must be an atom"},
		{`{:numpy, "1.0", [1, 2]}`, "options must be a keyword list"},
		{`{:numpy, "1.0", python_name: :numpy}`, "python_name must be a string"},
		{`{:a, :stdlib}, {:b, :stdlib, python_name: "a"}`, `python library "a" is declared twice`},
	}
	for _, c := range cases {
		src := "defmodule F.MixProject do\n  def project do\n    [python_deps: [" + c.entry + "]]\n  end\nend\n"
		mix, err := elixir.ParseMixExs("mix.exs", []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", c.entry, err)
		}
		_, err = ParseLibraries(mix.PythonDeps)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to mention %q", c.entry, err, c.want)
			continue
		}
		if e := err.(*EntryError); e.Range.Start.Line != 2 {
			t.Errorf("%s: error on line %d, want line 2 (0-based)", c.entry, e.Range.Start.Line)
		}
	}
}

func TestRequirementsAndPackagesHash(t *testing.T) {
	libs := librariesFrom(t, []string{
		`{:sympy, "~> 1.12", module_name: Sympy}`,
		`{:pylatexenc, "~> 2.10", module_name: PyLatexEnc, submodules: true}`,
		`{:math_verify, "~> 0.1", module_name: MathVerify, pypi_package: "math-verify"}`,
		`{:math, :stdlib}`,
		`{:pandas, ">= 2.0", extras: ["excel", "sql"]}`,
		`{:old, "<2.0"}`,
		`:bare`,
	})
	var specs []string
	for _, r := range Requirements(libs) {
		specs = append(specs, r.Name+" "+r.Spec)
	}
	want := []string{
		"sympy sympy~=1.12", "pylatexenc pylatexenc~=2.10", "math-verify math-verify~=0.1",
		"pandas pandas[excel,sql]>= 2.0", "old old==<2.0", "bare bare",
	}
	if fmt.Sprint(specs) != fmt.Sprint(want) {
		t.Errorf("requirements = %q, want %q", specs, want)
	}
	// Appendix A vectors.
	if got := (PackageVersions{}).Hash(); got != "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("empty hash = %s", got)
	}
	pv := PackageVersions{"math-verify": "0.8.0", "pylatexenc": "2.10", "sympy": "1.14.0"}
	if got := pv.Hash(); got != "sha256:67ded8e74b12664c6ec48d3e7388d0133854554b365219f5b5d745a73f637ef6" {
		t.Errorf("proof_pipeline hash = %s", got)
	}
	if a, b := (PackageVersions{"x": ""}).Hash(), (PackageVersions{"x": "unknown"}).Hash(); a != b {
		t.Errorf("a missing version must hash as unknown: %s vs %s", a, b)
	}
}

func TestAtomEncodingsFollowTheLocksOTPRelease(t *testing.T) {
	cases := map[string][]term.AtomEncoding{
		"28": {term.AtomsUTF8}, "26": {term.AtomsUTF8}, "25": {term.AtomsLatin1}, "24.3": {term.AtomsLatin1},
		"": {term.AtomsUTF8, term.AtomsLatin1}, "unknown": {term.AtomsUTF8, term.AtomsLatin1},
	}
	for otp, want := range cases {
		if got := AtomEncodingsFor(otp); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("AtomEncodingsFor(%q) = %v, want %v", otp, got, want)
		}
	}
}
