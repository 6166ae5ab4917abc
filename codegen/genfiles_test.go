package codegen

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// libraryResult finds a library's entry in a run's result.
func libraryResult(t *testing.T, res *Result, name string) LibraryResult {
	t.Helper()
	for _, l := range res.Libraries {
		if l.Name == name {
			return l
		}
	}
	t.Fatalf("no result for library %s in %+v", name, res.Libraries)
	return LibraryResult{}
}

func (g *generator) exists(rel string) bool {
	_, err := os.Stat(filepath.Join(g.root, filepath.FromSlash(rel)))
	return !errors.Is(err, os.ErrNotExist)
}

func (g *generator) write(rel, body string) {
	g.t.Helper()
	path := filepath.Join(g.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		g.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		g.t.Fatal(err)
	}
}

// TestMovedGeneratedDirLeavesNoOrphans: after generated_dir changes, check
// names the files left in the former directory, and the next generation
// removes them (they would define the same modules twice), says so, and
// leaves the project fresh. A former file edited by hand is kept.
func TestMovedGeneratedDirLeavesNoOrphans(t *testing.T) {
	g := newGenerator(t)
	g.generate()
	const oldMath, oldStats = "lib/snakebridge_generated/math/__init__.ex", "lib/snakebridge_generated/demo_stats/__init__.ex"
	g.edit(oldStats, "defmodule DemoStats do", "defmodule DemoStats do\n  # my note")
	g.edit("config/config.exs", `generated_dir: "lib/snakebridge_generated"`, `generated_dir: "lib/bindings"`)
	got := staleCodes(g.check())
	for _, want := range []string{"generated_files_missing:math", "generated_files_orphaned:math", "generated_files_orphaned:json"} {
		if !slices.Contains(got, want) {
			t.Fatalf("after moving generated_dir: %v, want %s among them", got, want)
		}
	}
	res := g.generate()
	math := libraryResult(t, res, "math")
	if !slices.Contains(math.FilesRemoved, oldMath) || g.exists(oldMath) {
		t.Errorf("math's former file: removed %v, still there: %v", math.FilesRemoved, g.exists(oldMath))
	}
	stats := libraryResult(t, res, "demo_stats")
	if !slices.Contains(stats.FilesKept, oldStats) || !g.exists(oldStats) {
		t.Errorf("an edited former file must be kept and reported: kept %v, removed %v", stats.FilesKept, stats.FilesRemoved)
	}
	if !g.exists("lib/bindings/math/__init__.ex") {
		t.Fatal("nothing generated into the new generated_dir")
	}
	if got := staleCodes(g.check()); strings.Join(got, ",") != "generated_files_orphaned:demo_stats" {
		t.Fatalf("after regenerating: %v, want only the kept file reported", got)
	}
	if err := os.Remove(filepath.Join(g.root, oldStats)); err != nil {
		t.Fatal(err)
	}
	if r := g.check(); !r.Fresh {
		t.Fatalf("after deleting the kept file: %v", staleCodes(r))
	}
}

// TestEveryRemovalIsReported: the files of a library dropped from
// python_deps are listed as removed; a stale file beside reused bindings
// (an interrupted run's) is removed and listed; a dropped library's file
// edited by hand is kept and listed, not removed.
func TestEveryRemovalIsReported(t *testing.T) {
	g := newGenerator(t)
	g.generate()
	const stray = "lib/snakebridge_generated/math/extra/__init__.ex"
	g.write(stray, strings.Replace(g.read("lib/snakebridge_generated/math/__init__.ex"), "defmodule Math do", "defmodule Math.Extra do", 1))
	if got := staleCodes(g.check()); strings.Join(got, ",") != "generated_files_orphaned:math" {
		t.Fatalf("with a stray generated file: %v", got)
	}
	res := g.generate()
	if math := libraryResult(t, res, "math"); !slices.Equal(math.FilesRemoved, []string{stray}) || len(math.FilesWritten) != 0 {
		t.Errorf("math (unchanged): written %v, removed %v; want the stray file removed", math.FilesWritten, math.FilesRemoved)
	}
	if r := g.check(); !r.Fresh {
		t.Fatalf("after removing the stray file: %v", staleCodes(r))
	}

	const jsonFile = "lib/snakebridge_generated/json/__init__.ex"
	g.edit(jsonFile, "defmodule Json do", "defmodule Json do\n  # mine")
	g.edit("mix.exs", `{:json, :stdlib, include: ["dumps", "loads"]},`, "")
	g.edit("lib/demo.ex", "with {:ok, text} <- Json.dumps(map) do\n      text |> Json.loads()\n    end", "{:ok, map}")
	res = g.generate()
	json := libraryResult(t, res, "json")
	if !json.Unconfigured || !slices.Equal(json.FilesKept, []string{jsonFile}) || len(json.FilesRemoved) != 0 || !g.exists(jsonFile) {
		t.Errorf("json dropped with an edited file: %+v", json)
	}
}
