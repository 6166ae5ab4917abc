// Command benchsummary reads `go test -bench -count=N` output on stdin and
// prints, for every benchmark, the median of its runs beside the target the
// issues set for it, so `make bench` answers "are we inside budget?".
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// target is a budget for one metric of one benchmark.
type target struct {
	metric string  // "ns/op" or a custom metric such as "ratio"
	limit  float64 // in the metric's unit; 0: a figure shown for reading others, no verdict
	text   string  // how the issue states it
}

// targets maps "package-suffix.BenchmarkName" to its budget.
var targets = map[string][]target{
	"hardware.BenchmarkDetect":                                  {{"ns/op", 50e6, "≤ 50 ms (hardware detection, once per process)"}},
	"analysis.BenchmarkCheck20Libraries":                        {{"ns/op", 30e6, "≤ 30 ms (check: 20 libraries, 2,000-entry manifest, 200 sources, facts cached)"}},
	"analysis.BenchmarkCheck5000Sources/cold":                   {{"ns/op", 300e6, "≤ 300 ms (check, 5,000 sources, no saved scans)"}},
	"analysis.BenchmarkCheck5000Sources/unchanged":              {{"ns/op", 50e6, "≤ 50 ms (check, 5,000 unchanged sources, saved scans loaded; process start excluded)"}},
	"cmd/snakebridge-lsp.BenchmarkCheckProcess5000Sources/cold": {{"ns/op", 300e6, "≤ 300 ms (the check command on the demo + 5,000 sources, process start included, no saved scans)"}},
	"cmd/snakebridge-lsp.BenchmarkCheckProcess5000Sources/unchanged": {
		{"ns/op", 50e6, "≤ 50 ms (the same, nothing changed since the previous run)"},
		{"median-ms", 50, "≤ 50 ms (median of the iterations)"},
		{"floor-ms", 0, "the floor, same iterations: this binary's start and exit (`version`) + one lstat per source"},
		{"x-floor", 0, "the check over its floor (read it where the floor itself is slow)"},
	},
	"analysis.BenchmarkCheckAll200Projects":         {{"ns/op", 700e6, "≤ 0.70 s (check --all, 200 copies of the demo, facts cached)"}},
	"analysis/elixir.BenchmarkParseMixExs2000Lines": {{"ns/op", 2e6, "≤ 2 ms (parse a 2,000-line mix.exs)"}},
	"pyhelper.BenchmarkIntrospectSympyRoot": {
		{"introspect-ms", 1200, "≤ 1.2 s (sympy root module)"},
		{"x-import", 1.5, "≤ 1.5× the bare import, measured in the same run (issue 14 target 6)"},
		{"x-import-tuned", 0, "the same against a bare import under the script's allocator setting (no target)"},
		{"peak-rss-MiB", 143, "≤ 150 MB peak RSS"},
	},
	"pyhelper.BenchmarkIntrospectNumpyRoot": {
		{"introspect-ms", 350, "≤ 0.35 s (numpy root module)"},
		{"x-import", 2, "≤ 2× the bare import, measured in the same run (issue 14 target 6)"},
		{"x-import-tuned", 0, "the same against a bare import under the script's allocator setting (no target)"},
	},
	"pyhelper.BenchmarkIntrospectSympyRootWorker": {
		{"x-import", 1.5, "≤ 1.5× the bare import: a fresh worker, as generate and the server start one (issue 14 target 6)"},
		{"x-import-cpu", 1.5, "the same in CPU time (read it when the machine is shared)"},
		{"x-import-tuned", 0, "against a bare import under the worker's allocator setting (no target: what the setting does not explain)"},
	},
	"pyhelper.BenchmarkIntrospectNumpyRootWorker": {
		{"x-import", 2, "≤ 2× the bare import: a fresh worker (issue 14 target 6)"},
		{"x-import-cpu", 2, "the same in CPU time"},
		{"x-import-tuned", 0, "against a bare import under the worker's allocator setting (no target)"},
	},
	"pyhelper.BenchmarkValidJSON":               {{"x-json-valid", 0.33, "≤ 0.33× encoding/json.Valid's time, same run (the client's check of each document)"}},
	"pyhelper.BenchmarkCacheHitDiskSympy":       {{"ns/op", 5e6, "≤ 5 ms from the disk cache, no Python started"}},
	"pyhelper.BenchmarkCacheHitDiskNumpy":       {{"ns/op", 5e6, "≤ 5 ms from the disk cache, no Python started"}},
	"pyhelper.BenchmarkWarmSymbolsNumpy10":      {{"ns/op", 30e6, "≤ 30 ms (warm worker, --symbols for 10 numpy functions)"}},
	"codegen.BenchmarkGenerateNumpyCached":      {{"ns/op", 150e6, "≤ 150 ms (render + commit numpy from cached introspection)"}},
	"codegen.BenchmarkRegenerateUnchanged":      {{"ns/op", 30e6, "≤ 30 ms and zero writes (nothing changed)"}},
	"codegen.BenchmarkRegenerateUnchangedSympy": {{"ns/op", 300e6, "≤ 0.3 s (server's no-op regeneration, sympy generate: :all; issue 14 target 1)"}},
	"codegen.BenchmarkNoopGenerateSympy": {
		{"noop-ms", 300, "≤ 0.3 s (no-op generate in a fresh process, sympy generate: :all; issue 14 target 1)"},
		{"peak-rss-MB", 100, "≤ 100 MB peak RSS of that process"},
	},
	"codegen.BenchmarkNoopGenerateNumpy": {
		{"noop-ms", 300, "≤ 0.3 s (no-op generate in a fresh process, numpy generate: :all)"},
		{"peak-rss-MB", 100, "≤ 100 MB peak RSS of that process"},
	},
	"codegen.BenchmarkGenerateSympyDefined": {{"ns/op", 600e6, "≤ 600 ms (sympy, class_method_scope: :defined)"}},
	"codegen.BenchmarkGenerateStdlib5Cold":  {{"ns/op", 500e6, "≤ 0.5 s (cold generate, 5 stdlib libraries, nothing cached)"}},
	"codegen.BenchmarkGenerateSympyExplicitCold": {
		{"ns/op", 12e9, "≤ 12 s (cold generate, sympy :all, module_mode: :explicit; issue 14 target 2)"},
		{"go-peak-MiB", 286, "≤ 300 MB Go peak RSS"},
		{"py-peak-MiB", 286, "≤ 300 MB Python worker peak RSS"},
	},
	"lsp.BenchmarkDidSaveToDiagnostics":      {{"ns/op", 20e6, "≤ 20 ms (didSave of mix.exs → publishDiagnostics)"}},
	"lsp.BenchmarkStartupToFirstDiagnostics": {{"ns/op", 150e6, "≤ 150 ms (startup → first diagnostics on the demo)"}},
	"lsp.BenchmarkIdleRSS":                   {{"rss-MB", 40, "≤ 40 MB idle RSS with numpy and sympy generated"}},
	"lsp.BenchmarkCompletionSympy":           {{"p95-ms", 10, "≤ 10 ms p95 (completion after `Sympy.`, numpy and sympy generated; request sent to answer parsed by the in-process client, not decoded into Go structs)"}},
	"lsp.BenchmarkCompletionSympyServer":     {{"p95-ms", 10, "≤ 10 ms p95 (the same, server side: handler and response frame)"}},
	"lsp.BenchmarkCallDiagnostics2000Lines":  {{"ns/op", 20e6, "≤ 20 ms (call diagnostics of a 2,000-line source against numpy and sympy)"}},
	"lsp.BenchmarkRequestsHeapGrowth":        {{"growth-KB", 256, "no growth: live heap after 10,000 completion/signature requests minus after 1,000 (≤ 256 KB noise)"}},
	"lsp.BenchmarkWatcherBurst":              {{"checks/op", 1, "exactly one check (and at most one regeneration) per burst of 100 events"}},
	"lsp.BenchmarkHoverNumpySympy": {
		{"p95-ms", 2, "≤ 2 ms p95 (hover, numpy and sympy generate: :all)"},
		{"heap-growth-KB", 64, "no allocation growth across 10,000 hover requests"},
	},
	"analysis/symbols.BenchmarkBuildNumpySympy": {{"index-MiB", 17, "the index's share of the 40 MB idle RSS (numpy and sympy generate: :all)"}},
	"lsp.BenchmarkMixEditDiagnostics5000Sources": {
		{"median-ms", 20, "edit of mix.exs → diagnostics, 5,000 sources (median)"},
		{"p95-ms", 20, "≤ 20 ms p95 (edit of mix.exs → diagnostics, 5,000 sources)"},
	},
	"lsp.BenchmarkUmbrella50Apps/shared": {
		{"ns/op", 200e6, "≈ 0.2 s (first diagnostics for all 50 apps of an umbrella; today's figure, to keep)"},
		{"watches", 204, "≤ 204 inotify watches (the issue's umbrella); the floor is 157: 3 per app (its directory, lib/, .snakebridge/) + 7 shared (SnakeBridge, its priv/python, the umbrella's config/, the venv's 4)"},
		{"heap-MB", 35, "≤ 35 MB (Go heap in the test process; the issue's 35 MB is the binary's RSS)"},
	},
	"lsp.BenchmarkUmbrella50Apps/copies": {
		{"ns/op", 200e6, "≈ 0.2 s (the same, each app a whole copy of the fixture)"},
		{"watches", 404, "≤ 404 inotify watches, the floor: 8 per app (its own config/, deps/snakebridge, deps/snakebridge/priv/python, priv/ and priv/python too) + 4 for the venv"},
		{"heap-MB", 35, "≤ 35 MB (Go heap in the test process)"},
	},
	"codegen/render.BenchmarkCompileNumpy": {
		{"elixirc-cpu-s", 21.7, "≤ 21.7 s CPU, 3× below 65 s (elixirc on numpy :all bindings; issue 14 target 5)"},
		{"elixirc-peak-MiB", 154, "≤ 154 MiB (162 MB) peak RSS, 3× below 485 MB (same run)"},
	},
	"analysis/scan.BenchmarkScanProject5000Sources/cached": {{"ns/op", 20e6, "scan of 5,000 unchanged sources from the server's cache (uncached: the sibling benchmark)"}},
}

type sample map[string][]float64 // metric → values

func main() {
	results, order, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchsummary: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%-62s %8s %16s  %s\n", "benchmark", "runs", "median", "target")
	for _, name := range order {
		s := results[name]
		runs := len(s["ns/op"])
		fmt.Printf("%-62s %8d %16s  %s\n", name, runs, formatNs(median(s["ns/op"])), describeTarget(name, "ns/op", s))
		for _, t := range targets[name] {
			if t.metric == "ns/op" {
				continue
			}
			fmt.Printf("%-62s %8s %16s  %s\n", "  "+t.metric, "", strconv.FormatFloat(median(s[t.metric]), 'f', 2, 64), describeTarget(name, t.metric, s))
		}
	}
}

func describeTarget(name, metric string, s sample) string {
	for _, t := range targets[name] {
		if t.metric != metric {
			continue
		}
		values := s[metric]
		if len(values) == 0 {
			return t.text + "  (metric missing)"
		}
		if t.limit == 0 {
			return t.text
		}
		verdict := "within"
		if median(values) > t.limit {
			verdict = "OVER"
		}
		return fmt.Sprintf("%s  [%s]", t.text, verdict)
	}
	return ""
}

// parse collects every metric of every benchmark line, qualified by the
// package path suffix after the module path.
func parse(r io.Reader) (map[string]sample, []string, error) {
	results := map[string]sample{}
	var order []string
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = shortPackage(rest)
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name := pkg + "." + stripProcs(fields[0])
		if _, seen := results[name]; !seen {
			results[name] = sample{}
			order = append(order, name)
		}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			results[name][fields[i+1]] = append(results[name][fields[i+1]], v)
		}
	}
	return results, order, sc.Err()
}

func shortPackage(p string) string {
	const module = "github.com/snakebridge-lsp/snakebridge-lsp/"
	return strings.TrimPrefix(p, module)
}

func stripProcs(name string) string {
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			return name[:i]
		}
	}
	return name
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func formatNs(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.3f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}
