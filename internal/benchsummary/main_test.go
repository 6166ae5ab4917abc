package main

import (
	"strings"
	"testing"
)

func TestParseTakesMediansPerQualifiedName(t *testing.T) {
	out := `goos: linux
pkg: github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir
BenchmarkParseMixExs2000Lines-2   	    1000	   1500000 ns/op	  20000 B/op
BenchmarkParseMixExs2000Lines-2   	    1000	   1700000 ns/op	  20000 B/op
BenchmarkParseMixExs2000Lines-2   	    1000	   1600000 ns/op	  20000 B/op
pkg: github.com/snakebridge-lsp/snakebridge-lsp/pyhelper
BenchmarkIntrospectSympyRoot-2   	       1	1100000000 ns/op	         3.10 x-import	   160.0 peak-rss-MiB
`
	res, order, err := parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(order) != 2 || order[0] != "analysis/elixir.BenchmarkParseMixExs2000Lines" {
		t.Fatalf("order = %v", order)
	}
	if got := median(res[order[0]]["ns/op"]); got != 1600000 {
		t.Errorf("median = %v, want 1600000", got)
	}
	if got := describeTarget(order[0], "ns/op", res[order[0]]); !strings.Contains(got, "[within]") {
		t.Errorf("target verdict = %q", got)
	}
	if got := describeTarget(order[1], "peak-rss-MiB", res[order[1]]); !strings.Contains(got, "[OVER]") {
		t.Errorf("peak verdict = %q", got)
	}
}

func TestMedianOfEvenCount(t *testing.T) {
	if got := median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("median = %v", got)
	}
}
