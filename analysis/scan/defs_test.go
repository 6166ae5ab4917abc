package scan

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/elixirtest"
)

// exports renders definitions as Elixir's __info__(:functions) lists
// them: module → sorted "name/arity", one per arity of a range.
func exports(defs []Definition) map[string][]string {
	out := map[string][]string{}
	seen := map[string]bool{}
	for _, d := range defs {
		for a := d.MinArity; a <= d.MaxArity; a++ {
			key := fmt.Sprintf("%s/%d", d.Name, a)
			if !seen[d.Module+"."+key] {
				seen[d.Module+"."+key] = true
				out[d.Module] = append(out[d.Module], key)
			}
		}
	}
	for _, v := range out {
		sort.Strings(v)
	}
	return out
}

func TestDefinitionsTricky(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "defs", "tricky.ex"))
	if err != nil {
		t.Fatal(err)
	}
	got := exports(Definitions(src))
	want := map[string][]string{
		"Tricky": {"after_inner/3", "bang!/1", "bang!/2", "defaults/1", "defaults/2", "defaults/3", "plain/2",
			"question?/1", "uses_private/1", "zero/0", "zero_block/0"},
		"Tricky.Inner":  {"inner/1", "with_case/1"},
		"Second.Module": {"second/1", "second/2"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Definitions:\n got %v\nwant %v", got, want)
	}
}

// TestDefinitionsAgreeWithElixir compiles the tricky source, bindings our
// generator rendered (variadic and optional-argument wrappers, guards,
// heredoc docs) and SnakeBridge's runtime stub with real Elixir and requires the functions it
// exports to be exactly the ones Definitions finds.
func TestDefinitionsAgreeWithElixir(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "defs", "*.ex"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	// The runtime stub the generated fixture calls, which is Elixir
	// source worth checking too.
	stubs, err := filepath.Glob(filepath.Join("..", "..", "codegen", "render", "testdata", "runtime_stub", "*.ex"))
	if err != nil || len(stubs) == 0 {
		t.Fatalf("no runtime stub: %v", err)
	}
	files = append(files, stubs...)
	got := map[string][]string{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for mod, fns := range exports(Definitions(src)) {
			got[mod] = fns
		}
	}
	res := elixirtest.Run(t, files, true)
	for _, p := range res.Problems {
		t.Errorf("compiler: %s", p)
	}
	for mod, fns := range res.Exports {
		mod = strings.TrimPrefix(mod, "Elixir.")
		sorted := append([]string{}, fns...)
		sort.Strings(sorted)
		if fmt.Sprint(sorted) != fmt.Sprint(got[mod]) {
			t.Errorf("%s: Elixir exports %v, Definitions finds %v", mod, sorted, got[mod])
		}
		delete(got, mod)
	}
	for mod := range got {
		t.Errorf("Definitions finds module %s that Elixir did not compile", mod)
	}
}

// TestDefinitionLines: each definition's Line is the line of its def head.
func TestDefinitionLines(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "defs", "tricky.ex"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	defs := Definitions(src)
	if len(defs) == 0 {
		t.Fatal("no definitions")
	}
	for _, d := range defs {
		if d.Line < 1 || d.Line > len(lines) || !strings.Contains(lines[d.Line-1], "def "+d.Name) {
			t.Errorf("%s.%s: line %d is not its head", d.Module, d.Name, d.Line)
		}
	}
}
