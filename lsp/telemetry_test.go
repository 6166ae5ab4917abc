//go:build unix

package lsp

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/telemetry"
)

// TestTelemetryOneSchema runs a full session (open, regenerate, a file
// change) with telemetry on: every event matches the one schema (the
// harness validates each), every phase of both areas shows up, and
// docs/telemetry.md lists every event emitted.
func TestTelemetryOneSchema(t *testing.T) {
	root := demoProject(t)
	c := startDemo(t, root, &countingGenerate{}, nil, false)
	c.waitStatus(root, 0, "stale", state(StateStale))
	m := c.mark()
	if err := c.executeCommand(CommandRegenerate, nil, pathToURI(root)); err != nil {
		t.Fatal(err)
	}
	c.waitStatus(root, m, "fresh", state(StateFresh))
	m = c.mark()
	c.writeFile(filepath.Join(root, "lib", "extra.ex"), "defmodule Extra do\n  def x, do: Math.floor(1.5)\nend\n")
	c.waitStatus(root, m, "stale after a new call", state(StateStale))
	// The check may come from the watch installed after the regeneration
	// (which records what changed since) before the batch of file events
	// closes: wait for the batch too.
	c.waitFor("the watcher's batch", func() bool {
		for _, e := range c.telemetry { // c.mu is held
			if e.Event == "snakebridge.server.watch_batch.stop" {
				return true
			}
		}
		return false
	})
	c.shutdown()

	c.mu.Lock()
	events := append([]telemetry.Event(nil), c.telemetry...)
	c.mu.Unlock()
	seen := map[string]bool{}
	for _, e := range events {
		if err := telemetry.Validate(e); err != nil {
			t.Errorf("%v", err)
		}
		seen[e.Event] = true
	}
	for area, phases := range telemetry.Phases {
		for _, phase := range phases {
			for _, kind := range []string{"start", "stop"} {
				name := "snakebridge." + area + "." + phase + "." + kind
				if !seen[name] {
					t.Errorf("no %s event in a full session", name)
				}
			}
		}
	}
	doc, err := os.ReadFile(filepath.Join("..", "docs", "telemetry.md"))
	if err != nil {
		t.Fatalf("docs/telemetry.md: %v", err)
	}
	var names []string
	for name := range seen {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !strings.Contains(string(doc), "`"+name+"`") {
			t.Errorf("docs/telemetry.md does not list %s", name)
		}
	}
}
