package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
	b.Run("unchanged", func(b *testing.B) {
		for b.Loop() {
			run(cache, check...)
		}
	})
}
