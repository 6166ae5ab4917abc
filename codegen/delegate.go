package codegen

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
)

// runMixRegen delegates to `mix snakebridge.regen` in the project,
// streaming its output as progress. The last lines of output explain a
// failure.
func runMixRegen(ctx context.Context, mix, project string, env []string, progress func(Progress)) error {
	cmd := exec.CommandContext(ctx, mix, "snakebridge.regen")
	cmd.Dir = project
	cmd.Env = env
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting mix snakebridge.regen in %s: %w", project, err)
	}
	tail := &lineTail{max: 20}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			tail.add(line)
			if progress != nil {
				progress(Progress{Phase: "mix", Message: line})
			}
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	err := cmd.Wait()
	pw.Close()
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("mix snakebridge.regen failed in %s (%v):\n%s", project, err, tail.String())
	}
	return nil
}

// lineTail keeps the last lines of a stream.
type lineTail struct {
	max   int
	lines []string
}

func (t *lineTail) add(l string) {
	t.lines = append(t.lines, l)
	if len(t.lines) > t.max {
		t.lines = t.lines[1:]
	}
}

func (t *lineTail) String() string { return strings.Join(t.lines, "\n") }
