package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// writeModule writes a realistic Elixir module of about 150 lines that uses
// Numpy directly, through aliases and imports, amid ordinary code.
func writeModule(dir string, n int) error {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("defmodule Bench.Module%d do", n)
	w(`  @moduledoc """`)
	w("  Module %d: statistics helpers. Numpy.sum(x) in docs is not a call.", n)
	w("")
	w("      iex> Bench.Module%d.run([1, 2, 3])", n)
	w("      6")
	w(`  """`)
	w("  alias Numpy.Linalg, as: LA")
	w("  alias Numpy.{Random, Fft}")
	w("  import Numpy, only: [mean: 1, zeros: 1]")
	w("  require Logger")
	w("")
	w("  @type t :: %%{values: list(), norm: float()}")
	w("  defstruct values: [], norm: 0.0")
	for f := 0; f < 10; f++ {
		w("")
		w("  @doc \"Function %d of module %d.\"", f, n)
		w("  @spec fun%d(list(), keyword()) :: {:ok, term()} | {:error, term()}", f)
		w("  def fun%d(values, opts \\\\ []) when is_list(values) do", f)
		w("    # compute with numpy (Numpy.max is mentioned in a comment)")
		w("    axis = Keyword.get(opts, :axis, 0)")
		w("    arr = Numpy.array(values)")
		w("    total =")
		w("      arr")
		w("      |> Numpy.sum(axis: axis)")
		w("      |> Numpy.round(2)")
		w("    norm = LA.norm(arr, ord: 2)")
		w("    case Random.choice(values) do")
		w("      nil -> {:error, :empty}")
		w("      pick -> {:ok, %%{total: total, norm: norm, pick: pick, mean: mean(arr), label: \"f#{axis}\"}}")
		w("    end")
		w("  end")
	}
	w("")
	w("  def spectra(values), do: Enum.map(values, &Fft.fft/1)")
	w("  defp helper(x), do: Map.new(x, fn {k, v} -> {k, Numpy.sqrt(v)} end)")
	w("end")
	return os.WriteFile(filepath.Join(dir, fmt.Sprintf("module_%03d.ex", n)), []byte(b.String()), 0o644)
}

func BenchmarkScanProject200Files(b *testing.B) {
	root := b.TempDir()
	for n := 0; n < 200; n++ {
		dir := filepath.Join(root, "lib", "bench", fmt.Sprintf("group_%d", n%10))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := writeModule(dir, n); err != nil {
			b.Fatal(err)
		}
	}
	opts := Options{Root: root, Modules: []string{"Numpy", "Json"}}
	calls, err := ScanProject(context.Background(), opts)
	if err != nil {
		b.Fatal(err)
	}
	// Per function: array, sum, round, norm, choice, mean; plus fft, sqrt.
	if want := 200 * (10*6 + 2); len(calls) != want {
		b.Fatalf("want %d calls, got %d", want, len(calls))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ScanProject(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanProject5000Sources scans a project of 5,000 sources (one in
// twenty calls Numpy), as a check after an edit of mix.exs does: without a
// cache every source is read and scanned; with the server's cache an
// unchanged source costs a stat. The two run interleaved in one process so
// that their ratio holds on a loaded machine.
func BenchmarkScanProject5000Sources(b *testing.B) {
	root := b.TempDir()
	for n := 0; n < 5000; n++ {
		dir := filepath.Join(root, "lib", "bench", fmt.Sprintf("group_%d", n%50))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		var err error
		if n%20 == 0 {
			err = writeModule(dir, n)
		} else {
			err = os.WriteFile(filepath.Join(dir, fmt.Sprintf("plain_%04d.ex", n)), []byte(plainModule(n)), 0o644)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	opts := Options{Root: root, Modules: []string{"Numpy", "Json"}}
	cached := opts
	cached.Cache = NewCache()
	// As when the sources were written long before: a source scanned
	// within the racy window of its write is read again to compare its
	// digest, once.
	cached.Cache.SetClock(func() time.Time { return time.Now().Add(time.Hour) })
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if _, err := ScanProject(context.Background(), cached); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	// What the server keeps per project between checks.
	retained := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / 1024
	for _, bc := range []struct {
		name string
		opts Options
	}{{"uncached", opts}, {"cached", cached}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ScanProject(context.Background(), bc.opts); err != nil {
					b.Fatal(err)
				}
			}
			if bc.opts.Cache != nil {
				b.ReportMetric(retained, "cache-KiB")
			}
		})
	}
}

// plainModule is an ordinary module of about 40 lines with no library call.
func plainModule(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "defmodule Bench.Plain%d do\n  @moduledoc \"Plain module %d.\"\n  require Logger\n", n, n)
	for f := 0; f < 6; f++ {
		fmt.Fprintf(&b, "\n  @doc \"Function %d.\"\n  def fun%d(values, opts \\\\ []) do\n", f, f)
		b.WriteString("    scale = Keyword.get(opts, :scale, 1)\n    values |> Enum.map(&(&1 * scale)) |> Enum.sum()\n  end\n")
	}
	b.WriteString("end\n")
	return b.String()
}
