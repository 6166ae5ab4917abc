package elixir

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestExpoTmp(t *testing.T) {
	var b strings.Builder
	b.WriteString("defmodule M do\n  @a0 [:x]\n")
	for i := 1; i <= 22; i++ {
		fmt.Fprintf(&b, "  @a%d [@a%d, @a%d]\n", i, i-1, i-1)
	}
	b.WriteString("  def project, do: [python_deps: @a22]\nend\n")
	start := time.Now()
	_, err := ParseMixExs("m.exs", []byte(b.String()))
	fmt.Println(time.Since(start), err)
}
