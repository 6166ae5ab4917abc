package main

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// BenchmarkCheckProcess5000Sources runs the real binary's `check` on the
// demo with 5,000 more sources (none calling a library), as a user or CI
// does: a fresh process each time, process start included. "cold" has no
// saved scans; "unchanged" has the scans the previous run saved. The two
// run in one process, so that their ratio holds on a loaded machine.
func BenchmarkCheckProcess5000Sources(b *testing.B) {
	demo := testenv.Demo(b)
	old := time.Now().Add(-time.Hour) // older than the racy window, as sources usually are
	for i := range 5000 {
		p := filepath.Join(demo, "lib", "plain", fmt.Sprintf("g%02d", i%50), fmt.Sprintf("p%04d.ex", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		src := fmt.Sprintf("defmodule Demo.Plain%d do\n  @moduledoc \"Plain module %d.\"\n", i, i)
		for f := range 6 {
			src += fmt.Sprintf("\n  @doc \"Function %d.\"\n  def fun%d(values, opts \\\\ []) do\n    scale = Keyword.get(opts, :scale, %d)\n    values |> Enum.map(&(&1 * scale)) |> Enum.sum()\n  end\n", f, f, f)
		}
		if err := os.WriteFile(p, []byte(src+"end\n"), 0o644); err != nil {
			b.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}
	cache := b.TempDir()
	run := func(cache string, args ...string) {
		cmd := exec.Command(binary, args...)
		cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache, "MIX_ENV=")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	run(cache, "generate", "--python", "/usr/bin/python3", demo)
	check := []string{"check", "--python", "/usr/bin/python3", demo}
	run(cache, check...) // facts cached, scans saved
	// Directories and the sources' status-change times are recent: wait
	// out the racy window once, so the saved scans vouch by identity.
	time.Sleep(2100 * time.Millisecond)
	run(cache, check...)
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			os.RemoveAll(filepath.Join(cache, "snakebridge-lsp", "scans"))
			b.StartTimer()
			run(cache, check...)
		}
	})
	run(cache, check...)
	time.Sleep(2100 * time.Millisecond)
	run(cache, check...)
	// The floor beside it, in the same iterations: this binary's start and
	// exit (`version`) plus one lstat per source in one goroutine — what a
	// check that trusts nothing it has not looked at must at least do.
	sources := listSources(b, filepath.Join(demo, "lib"))
	b.Run("unchanged", func(b *testing.B) {
		var checks, floors []time.Duration
		for b.Loop() {
			start := time.Now()
			run(cache, check...)
			checks = append(checks, time.Since(start))
			b.StopTimer()
			start = time.Now()
			run(cache, "version")
			for _, f := range sources {
				os.Lstat(f)
			}
			floors = append(floors, time.Since(start))
			b.StartTimer()
		}
		b.ReportMetric(msOf(medianOf(checks)), "median-ms")
		b.ReportMetric(msOf(medianOf(floors)), "floor-ms")
		b.ReportMetric(float64(medianOf(checks))/float64(medianOf(floors)), "x-floor")
	})
}

// listSources lists the .ex files under dir.
func listSources(b *testing.B, dir string) []string {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".ex") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return files
}

func medianOf(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
