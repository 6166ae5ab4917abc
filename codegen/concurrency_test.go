package codegen_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
)

// TestTwoProcessesSerialise starts a second generating process while the
// first is inside its commit (held there after its first write), asking
// it for one library only. The second must wait for the project lock —
// it starts its work only after the first's last write — and must build
// on what the first committed, not on the project as it read it before
// the lock: both finish, and the result is the first run's bindings,
// fresh.
func TestTwoProcessesSerialise(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	py, cache := systemPython(t), t.TempDir()
	ref := referenceTree(t, py, cache, demoJSONAll)
	dir := demoProject(t, scratchDir(t), demoJSONRoot)
	env := testEnvironment(t, cache)
	mustGenerate(t, codegen.Request{Project: dir, Python: py, Environment: env})
	setJSONDep(t, dir, demoJSONAll)

	var stderrA, stderrB bytes.Buffer
	first := pipelineChild(t, dir, py, cache, childHoldEnv+"=700ms")
	first.Stderr = &stderrA
	outA := awaitStart(t, first)
	if line, err := outA.ReadString('\n'); !strings.HasPrefix(line, "locked ") {
		t.Fatalf("the first child said %q (%v), not locked", line, err)
	}
	if line, err := outA.ReadString('\n'); line != "committing\n" {
		t.Fatalf("the first child said %q (%v), not committing; stderr: %s", line, err, stderrA.String())
	}
	// The second run must go through the pipeline, whose introspect
	// progress says when it started working: with the first run's record
	// it would find nothing changed and stop before introspection.
	second := pipelineChild(t, dir, py, cache, childLibrariesEnv+"=math", childStateEnv+"="+t.TempDir())
	second.Stderr = &stderrB
	outB := awaitStart(t, second)

	saidA, saidB := childSaid(t, outA), childSaid(t, outB)
	if err := first.Wait(); err != nil {
		t.Fatalf("the first child: %v: %s", err, stderrA.String())
	}
	if err := second.Wait(); err != nil {
		t.Fatalf("the second child: %v: %s", err, stderrB.String())
	}
	lastWriteA, lockedB := saidA.number(t, "lastwrite", 0), saidB.number(t, "locked", 0)
	if lockedB <= lastWriteA {
		t.Fatalf("the second run started working %v before the first's last write: the lock did not serialise them",
			time.Duration(lastWriteA-lockedB))
	}
	if d := snapshot(t, dir).diff(ref); d != "" {
		t.Fatalf("after both runs the project differs from one run's result:\n%s", d)
	}
	requireFresh(t, dir, py)
}

// referenceTree generates a fresh demo copy with jsonDep once, after a
// run with the demo's other configuration, and returns its files: what
// one run from that starting point writes.
func referenceTree(t *testing.T, python, cacheDir, jsonDep string) tree {
	t.Helper()
	dir := demoProject(t, scratchDir(t), demoJSONRoot)
	env := testEnvironment(t, cacheDir)
	mustGenerate(t, codegen.Request{Project: dir, Python: python, Environment: env})
	setJSONDep(t, dir, jsonDep)
	mustGenerate(t, codegen.Request{Project: dir, Python: python, Environment: env})
	requireFresh(t, dir, python)
	return snapshot(t, dir)
}

// TestConcurrentGenerate has 50 goroutines generate one project at once,
// sharing one Environment, as the language server's requests do: the
// runs serialise on the project lock and leave the files one run leaves,
// fresh. With mixed library selections every run must build on the one
// before it, not on the project as it was when the run began waiting.
func TestConcurrentGenerate(t *testing.T) {
	py, cache := systemPython(t), t.TempDir()
	ref := referenceTree(t, py, cache, demoJSONAll)
	selections := map[string]func(i int) []string{
		"all libraries": func(int) []string { return nil },
		"mixed selections": func(i int) []string {
			return [][]string{nil, {"math"}, {"json"}, {"demo_stats"}}[i%4]
		},
	}
	for name, selection := range selections {
		t.Run(name, func(t *testing.T) {
			dir := demoProject(t, scratchDir(t), demoJSONRoot)
			env := testEnvironment(t, cache)
			mustGenerate(t, codegen.Request{Project: dir, Python: py, Environment: env})
			setJSONDep(t, dir, demoJSONAll)
			const requests = 50
			var wg sync.WaitGroup
			var mu sync.Mutex
			written := 0
			for i := range requests {
				wg.Add(1)
				go func() {
					defer wg.Done()
					res, err := codegen.Generate(context.Background(), codegen.Request{Project: dir, Python: py, Environment: env, Libraries: selection(i)})
					if err != nil {
						t.Errorf("request %d: %v", i, err)
						return
					}
					if msg := libraryErrors(res); msg != "" {
						t.Errorf("request %d: %s", i, msg)
					}
					mu.Lock()
					written += len(res.Written)
					mu.Unlock()
				}()
			}
			wg.Wait()
			if t.Failed() {
				t.FailNow()
			}
			if d := snapshot(t, dir).diff(ref); d != "" {
				t.Fatalf("after %d concurrent runs the project differs from one run's result:\n%s", requests, d)
			}
			requireFresh(t, dir, py)
			t.Logf("%d runs wrote %d files in all", requests, written)
		})
	}
}
