//go:build unix && !aix

package fsx

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestKillAtEveryWrite kills a committing child process with SIGKILL at
// precise points — after its N-th rename, or at its N-th file just before
// the rename (a complete temp file left behind) — for N over the whole
// commit, and checks after each kill that every file is wholly old or
// wholly new, the new ones being exactly the first N (or N-1), and that the
// next run sweeps the leftovers and completes.
func TestKillAtEveryWrite(t *testing.T) {
	dir := memDir(t)
	ctx := context.Background()
	if _, err := applyGeneration(ctx, dir, 0, Writer{}, Hooks{}); err != nil {
		t.Fatal(err)
	}
	const runs = 60
	for run := range runs {
		gen := run + 1
		n := 1 + run%killFiles
		point, wantNew := envKillAfter, n
		if run/killFiles%2 == 1 { // every N both ways
			point, wantNew = envKillEcho, n-1
		}
		cmd := child(t, "commit", envDir+"="+dir, envGen+"="+strconv.Itoa(gen), point+"="+strconv.Itoa(n))
		out, _ := cmd.CombinedOutput()
		if !killedBySIGKILL(cmd) {
			t.Fatalf("run %d (%s=%d): the child was not killed (%v): %s", run, point, n, cmd.ProcessState, out)
		}
		if got := checkTorn(t, dir, gen-1, gen); got != wantNew {
			t.Fatalf("run %d (%s=%d): %d files are new, want %d", run, point, n, got, wantNew)
		}
		if point == envKillEcho && len(tempFiles(t, dir)) != 1 {
			t.Fatalf("run %d: killed before a rename, want one temp file left, got %v", run, tempFiles(t, dir))
		}
		completeGeneration(t, dir, gen, killFiles-wantNew)
	}
}

// TestKillAtRandomMoments kills a committing child from outside after a
// random delay spanning its whole run, 50 times.
func TestKillAtRandomMoments(t *testing.T) {
	dir := memDir(t)
	ctx := context.Background()
	if _, err := applyGeneration(ctx, dir, 0, Writer{}, Hooks{}); err != nil {
		t.Fatal(err)
	}
	gen := 0
	// The spans of a whole child process and of its run, measured here,
	// bound the delays.
	var whole, run time.Duration
	for range 3 {
		gen++
		cmd := child(t, "commit", envDir+"="+dir, envGen+"="+strconv.Itoa(gen))
		start := time.Now()
		stdout := startAndAwait(t, cmd)
		var ns int64
		if _, err := fmt.Fscanf(stdout, "done %d\n", &ns); err != nil {
			t.Fatalf("reading the uninterrupted child's run time: %v", err)
		}
		whole, run = max(whole, time.Since(start)), max(run, time.Duration(ns))
		if err := cmd.Wait(); err != nil {
			t.Fatalf("uninterrupted child: %v", err)
		}
		checkComplete(t, dir, gen)
	}
	const runs = 50
	midway, withTemps := 0, 0
	for i := range runs {
		gen++
		cmd := child(t, "commit", envDir+"="+dir, envGen+"="+strconv.Itoa(gen))
		// Half the kills aim anywhere from the exec on, half at the run.
		if i%2 == 0 {
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(rand.N(whole + whole/5))
		} else {
			startAndAwait(t, cmd)
			time.Sleep(rand.N(run + run/5))
		}
		_ = cmd.Process.Kill() // may have finished already
		_ = cmd.Wait()
		landed := checkTorn(t, dir, gen-1, gen)
		if landed > 0 && landed < killFiles {
			midway++
		}
		if len(tempFiles(t, dir)) > 0 {
			withTemps++
		}
		completeGeneration(t, dir, gen, killFiles-landed)
	}
	t.Logf("%d of %d kills landed midway through the commit, %d left temp files", midway, runs, withTemps)
}

// startAndAwait starts a commit child and returns its output after it
// said "start".
func startAndAwait(t *testing.T, cmd *exec.Cmd) *bufio.Reader {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(stdout)
	line, err := r.ReadString('\n')
	if line != "start\n" {
		t.Fatalf("child said %q (%v) instead of start", line, err)
	}
	return r
}

// checkTorn checks that every file holds generation oldGen or newGen
// completely, that the new ones are a prefix of the commit order, and that
// nothing but the files and our temp files exists; it returns how many
// files are new.
func checkTorn(t *testing.T, dir string, oldGen, newGen int) int {
	t.Helper()
	newCount := 0
	for i := range killFiles {
		got := mustRead(t, killPath(dir, i))
		switch {
		case bytes.Equal(got, killContent(newGen, i)):
			if newCount != i {
				t.Fatalf("file %d is new but file %d is old: writes landed out of order", i, newCount)
			}
			newCount++
		case bytes.Equal(got, killContent(oldGen, i)):
		default:
			t.Fatalf("file %d is torn: %d bytes, neither generation %d nor %d complete (starts %q)",
				i, len(got), oldGen, newGen, got[:min(len(got), 40)])
		}
	}
	targets := map[string]bool{}
	for i := range killFiles {
		rel, _ := filepath.Rel(dir, killPath(dir, i))
		targets[filepath.ToSlash(rel)] = true
	}
	for _, f := range allFiles(t, dir) {
		if !targets[f] && !IsTempFile(f) {
			t.Fatalf("unexpected file %s after a kill", f)
		}
	}
	return newCount
}

// completeGeneration runs the next (uninterrupted) run in this process and
// checks it swept the leftovers and wrote the files still old.
func completeGeneration(t *testing.T, dir string, gen, wantWritten int) {
	t.Helper()
	res, err := applyGeneration(context.Background(), dir, gen, Writer{}, Hooks{})
	if err != nil {
		t.Fatalf("the run after a kill failed: %v", err)
	}
	if len(res.Written) != wantWritten || len(res.Unchanged) != killFiles-wantWritten {
		t.Fatalf("the run after a kill wrote %d and kept %d files, want %d and %d",
			len(res.Written), len(res.Unchanged), wantWritten, killFiles-wantWritten)
	}
	checkComplete(t, dir, gen)
}

// checkComplete checks that all files hold generation gen and no temp file
// is left.
func checkComplete(t *testing.T, dir string, gen int) {
	t.Helper()
	for i := range killFiles {
		if !bytes.Equal(mustRead(t, killPath(dir, i)), killContent(gen, i)) {
			t.Fatalf("file %d does not hold generation %d", i, gen)
		}
	}
	requireNoTemps(t, dir)
}
