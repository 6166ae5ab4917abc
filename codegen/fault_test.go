package codegen_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/fsx"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// childModeEnv selects a helper-process mode: the kill and two-process
// tests re-execute this test binary as a generating child (see
// runPipelineChild).
const childModeEnv = "CODEGEN_TEST_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(childModeEnv); mode != "" {
		os.Exit(runPipelineChild(mode))
	}
	os.Exit(m.Run())
}

// fixedNow stamps every registry these tests write, so that two runs that
// generate the same bindings write the same bytes.
var fixedNow = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// The json entries of the demo's mix.exs the tests toggle between: with
// submodules the run writes a dozen files, without it prunes most of them.
const (
	demoJSONOriginal = `{:json, :stdlib, include: ["dumps", "loads"]}`
	demoJSONAll      = `{:json, :stdlib, generate: :all, submodules: true}`
	demoJSONRoot     = `{:json, :stdlib, generate: :all}`
)

// notSources are what a run of mix or of a generator leaves in a project:
// a copy starts without them, whatever was run in the original.
var notSources = map[string]bool{
	"_build": true, "deps": true, "__pycache__": true, ".snakebridge": true, "snakebridge.lock": true,
	"lib/snakebridge_generated": true, "priv/snakebridge": true,
}

// skipNotSources leaves out what mix or a generator left (notSources).
func skipNotSources(rel string, d fs.DirEntry) bool { return notSources[rel] || notSources[d.Name()] }

// scratchDir is a fresh directory, in memory when /dev/shm is there, for
// the tests whose subject is not durability (kills, locking): a killed
// process loses nothing of the page cache, and on a shared disk the
// hundreds of fsyncs of each run would dominate them.
func scratchDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "codegen-test-")
	if err != nil {
		return t.TempDir()
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

// demoProject copies the demo into a new directory under parent, with its
// json entry replaced by jsonDep, and returns the project root.
func demoProject(t testing.TB, parent, jsonDep string) string {
	t.Helper()
	dir := filepath.Join(parent, "demo")
	testenv.CopyTracked(t, filepath.Join(testenv.RepoRoot(t), "examples", "demo"), dir)
	setJSONDep(t, dir, jsonDep)
	return dir
}

// setJSONDep rewrites the json entry of a demo copy's mix.exs.
func setJSONDep(t testing.TB, dir, jsonDep string) {
	t.Helper()
	path := filepath.Join(dir, "mix.exs")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cur string
	for _, dep := range []string{demoJSONOriginal, demoJSONAll, demoJSONRoot} {
		if bytes.Contains(src, []byte(dep)) {
			cur = dep
		}
	}
	if cur == "" {
		t.Fatalf("%s has none of the json entries the tests know", path)
	}
	src = bytes.Replace(src, []byte(cur), []byte(jsonDep), 1)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
}

// testEnvironment is an Environment caching introspection results in
// cacheDir, with a fixed registry clock; its Python workers stop when the
// test ends.
func testEnvironment(t testing.TB, cacheDir string) *codegen.Environment {
	t.Helper()
	env := codegen.DefaultEnvironment()
	env.Pyhelper.CacheDir = cacheDir
	env.StateDir = filepath.Join(t.TempDir(), "generated")
	env.Now = func() time.Time { return fixedNow }
	t.Cleanup(func() { _ = env.Close() })
	return env
}

// mustGenerate runs Generate and fails on any error, of the run or of a
// library.
func mustGenerate(t testing.TB, req codegen.Request) *codegen.Result {
	t.Helper()
	res, err := codegen.Generate(context.Background(), req)
	if err != nil {
		t.Fatalf("generating %s: %v", req.Project, err)
	}
	if msg := libraryErrors(res); msg != "" {
		t.Fatalf("generating %s: %s", req.Project, msg)
	}
	return res
}

// libraryErrors joins the errors of the libraries that failed.
func libraryErrors(res *codegen.Result) string {
	var out []string
	for _, l := range res.Libraries {
		if l.Error != nil {
			out = append(out, l.Name+": "+*l.Error)
		}
	}
	return strings.Join(out, "; ")
}

// checkReport runs check as the CLI does, accepting our generator.
func checkReport(t testing.TB, dir, python string) *analysis.Report {
	t.Helper()
	fps, err := codegen.Fingerprints()
	if err != nil {
		t.Fatal(err)
	}
	return analysis.Check(context.Background(), dir, analysis.Options{Python: python, Generators: fps})
}

// requireFresh fails unless check reports dir fresh.
func requireFresh(t testing.TB, dir, python string) {
	t.Helper()
	if r := checkReport(t, dir, python); !r.Fresh {
		t.Fatalf("check reports %s stale:\n%s", dir, findings(r))
	}
}

func findings(r *analysis.Report) string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.String())
	}
	return strings.Join(out, "\n")
}

// tree is a project's files: project-relative "/" path → content.
type tree map[string][]byte

// snapshot reads every file under root except Python's bytecode caches.
func snapshot(t testing.TB, root string) tree {
	t.Helper()
	out := tree{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "__pycache__" || d.Name() == "_build" {
				return filepath.SkipDir
			}
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", root, err)
	}
	return out
}

// paths lists a tree's paths in order.
func (tr tree) paths() []string {
	out := make([]string, 0, len(tr))
	for p := range tr {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// diff describes how got differs from want, "" when they are equal.
func (tr tree) diff(want tree) string {
	var out []string
	for _, p := range want.paths() {
		got, ok := tr[p]
		switch {
		case !ok:
			out = append(out, "missing "+p)
		case !bytes.Equal(got, want[p]):
			out = append(out, fmt.Sprintf("%s differs (%d bytes, want %d)%s", p, len(got), len(want[p]), firstDifference(got, want[p])))
		}
	}
	for _, p := range tr.paths() {
		if _, ok := want[p]; !ok {
			out = append(out, "unexpected "+p)
		}
	}
	return strings.Join(out, "\n")
}

// firstDifference shows where two versions of a file part ways.
func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf(": at byte %d got %q, want %q", i, got[from:min(len(got), i+80)], want[from:min(len(want), i+80)])
}

// temps lists the temp files of fsx in a tree.
func (tr tree) temps() []string {
	var out []string
	for _, p := range tr.paths() {
		if fsx.IsTempFile(p) {
			out = append(out, p)
		}
	}
	return out
}

// systemPython is Debian's python3; the demo needs only its stdlib.
func systemPython(t testing.TB) string {
	t.Helper()
	return testenv.SystemPython(t)
}

// Environment of the generating child (runPipelineChild).
const (
	childProjectEnv   = "CODEGEN_TEST_PROJECT"    // the project to generate
	childPythonEnv    = "CODEGEN_TEST_PYTHON"     // Request.Python
	childCacheEnv     = "CODEGEN_TEST_CACHE"      // Environment.Pyhelper.CacheDir
	childLibrariesEnv = "CODEGEN_TEST_LIBRARIES"  // Request.Libraries, comma-separated
	childKillAfterEnv = "CODEGEN_TEST_KILL_AFTER" // SIGKILL self after this many commit writes
	childHoldEnv      = "CODEGEN_TEST_HOLD"       // after the first commit write, say so and sleep this long
)

// runPipelineChild runs one helper-process mode and returns its exit
// code. The generate mode prints "start" before calling Generate,
// "locked <unix ns>" when the run reports its first library (it holds the
// project lock then), "committing" after its first write when told to
// hold, "lastwrite <unix ns>" after its last write, and
// "done <run ns> <files written>" when Generate returned.
func runPipelineChild(mode string) int {
	if mode == "noop" {
		return runNoopChild()
	}
	if mode != "generate" {
		fmt.Fprintf(os.Stderr, "unknown child mode %q\n", mode)
		return 2
	}
	if err := childGenerate(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func childGenerate() error {
	env := codegen.DefaultEnvironment()
	defer env.Close()
	env.Pyhelper.CacheDir = os.Getenv(childCacheEnv)
	env.Now = func() time.Time { return fixedNow }
	if dir := os.Getenv(childStateEnv); dir != "" {
		env.StateDir = dir
	}
	killAfter, hold := 0, time.Duration(0)
	if v := os.Getenv(childKillAfterEnv); v != "" {
		if _, err := fmt.Sscan(v, &killAfter); err != nil {
			return fmt.Errorf("%s=%q: %w", childKillAfterEnv, v, err)
		}
	}
	if v := os.Getenv(childHoldEnv); v != "" {
		var err error
		if hold, err = time.ParseDuration(v); err != nil {
			return fmt.Errorf("%s=%q: %w", childHoldEnv, v, err)
		}
	}
	var lastWrite time.Time
	env.CommitHooks.AfterWrite = func(n int) {
		lastWrite = time.Now()
		if n == killAfter {
			killSelf()
		}
		if n == 1 && hold > 0 {
			fmt.Println("committing")
			time.Sleep(hold)
		}
	}
	req := codegen.Request{Project: os.Getenv(childProjectEnv), Python: os.Getenv(childPythonEnv), Environment: env}
	if v := os.Getenv(childLibrariesEnv); v != "" {
		req.Libraries = strings.Split(v, ",")
	}
	locked := false
	req.Progress = func(p codegen.Progress) {
		if p.Phase == "introspect" && !locked {
			locked = true
			fmt.Println("locked", time.Now().UnixNano())
		}
	}
	fmt.Println("start")
	start := time.Now()
	res, err := codegen.Generate(context.Background(), req)
	if err != nil {
		return err
	}
	if msg := libraryErrors(res); msg != "" {
		return fmt.Errorf("generating %s: %s", res.Project, msg)
	}
	if !lastWrite.IsZero() {
		fmt.Println("lastwrite", lastWrite.UnixNano())
	}
	fmt.Println("done", time.Since(start).Nanoseconds(), len(res.Written))
	return nil
}

// killSelf SIGKILLs this process (os.Process.Kill sends SIGKILL on Unix).
func killSelf() {
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		_ = p.Kill()
	}
	time.Sleep(time.Minute) // not reached: SIGKILL to self lands before kill(2) returns
}

// pipelineChild prepares this test binary as a generating child process
// for the project at dir; the process is killed and reaped when the test
// ends, if the test did not reap it.
func pipelineChild(t testing.TB, dir, python, cacheDir string, env ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	// Without atexit_sleep_ms=0 a child of a -race binary idles 1 s at exit.
	gorace := strings.TrimSpace(os.Getenv("GORACE") + " atexit_sleep_ms=0")
	cmd.Env = append(os.Environ(), childModeEnv+"=generate", childProjectEnv+"="+dir,
		childPythonEnv+"="+python, childCacheEnv+"="+cacheDir, "GORACE="+gorace)
	cmd.Env = append(cmd.Env, env...)
	t.Cleanup(func() {
		if cmd.Process != nil && cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd
}

// killedBySIGKILL reports whether a waited-for command died of SIGKILL.
func killedBySIGKILL(cmd *exec.Cmd) bool {
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// killFixture is a demo project toggled between two json configurations,
// with the complete result of each (the reference trees), for the kill
// tests: every run has changes to commit — a dozen files written one way,
// most of them pruned the other.
type killFixture struct {
	dir, python, cacheDir string
	env                   *codegen.Environment
	refs                  map[string]tree // by json entry
	writes                map[string]int  // files the run reaching refs[dep] writes
	current               string          // the json entry of mix.exs now
}

// metadataFiles are committed after the generated files, in this order.
var metadataFiles = []string{".snakebridge/manifest.json", "priv/snakebridge/registry.json", "snakebridge.lock"}

func newKillFixture(t *testing.T) *killFixture {
	t.Helper()
	// The children share the parent's caches (interpreter and Erlang facts,
	// project locks) through XDG_CACHE_HOME, and its introspection results
	// through the pyhelper cache directory, so each run is fast.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	k := &killFixture{python: systemPython(t), cacheDir: t.TempDir(), refs: map[string]tree{}, writes: map[string]int{}}
	k.dir = demoProject(t, scratchDir(t), demoJSONRoot)
	k.env = testEnvironment(t, k.cacheDir)
	k.current = demoJSONRoot
	k.complete(t)
	for _, dep := range []string{demoJSONAll, demoJSONRoot} {
		setJSONDep(t, k.dir, dep)
		k.current = dep
		k.writes[dep] = len(k.complete(t).Written)
		k.refs[dep] = snapshot(t, k.dir)
		requireFresh(t, k.dir, k.python)
	}
	// Generation is deterministic: going round again gives the same bytes.
	for _, dep := range []string{demoJSONAll, demoJSONRoot} {
		setJSONDep(t, k.dir, dep)
		k.current = dep
		if res := k.complete(t); len(res.Written) != k.writes[dep] {
			t.Fatalf("the second round wrote %d files for %s, the first %d", len(res.Written), dep, k.writes[dep])
		}
		if d := snapshot(t, k.dir).diff(k.refs[dep]); d != "" {
			t.Fatalf("the second round of %s differs from the first:\n%s", dep, d)
		}
	}
	return k
}

// complete runs an uninterrupted generation in this process.
func (k *killFixture) complete(t *testing.T) *codegen.Result {
	t.Helper()
	return mustGenerate(t, codegen.Request{Project: k.dir, Python: k.python, Environment: k.env})
}

// toggle switches mix.exs to the other configuration and returns the old
// and the new json entry (the keys of their reference trees).
func (k *killFixture) toggle(t *testing.T) (old, next string) {
	t.Helper()
	old, next = k.current, demoJSONAll
	if old == demoJSONAll {
		next = demoJSONRoot
	}
	setJSONDep(t, k.dir, next)
	k.current = next
	return old, next
}

// killOutcome is how far a killed run got.
type killOutcome int

const (
	killedBeforeCommit killOutcome = iota // nothing changed on disk
	killedMidCommit                       // some files new, the lock old
	killedAfterCommit                     // the lock new: everything new
)

// checkAfterKill checks the project after a run from oldDep to newDep was
// killed: every file is wholly old or wholly new (never truncated), the
// generated files land before the manifest, the manifest before the
// registry and the registry before the lock, and check agrees with the
// lock: fresh with the new lock (which then describes exactly the files on
// disk), stale with the old one. Temp files are tolerated only when
// allowTemps (a kill outside the commit hook may land between a temp
// file's creation and its rename).
func (k *killFixture) checkAfterKill(t *testing.T, oldDep, newDep string, allowTemps bool) killOutcome {
	t.Helper()
	old, next := k.refs[oldDep], k.refs[newDep]
	got := snapshot(t, k.dir)
	if temps := got.temps(); len(temps) > 0 && !allowTemps {
		t.Fatalf("temporary files left by a kill after a completed write: %v", temps)
	}
	changed := 0
	for _, p := range got.paths() {
		if fsx.IsTempFile(p) {
			continue
		}
		data := got[p]
		oldData, inOld := old[p]
		newData, inNew := next[p]
		switch {
		case inNew && bytes.Equal(data, newData):
			// mix.exs is the test's change, not the run's.
			if p != "mix.exs" && (!inOld || !bytes.Equal(data, oldData)) {
				changed++
			}
		case inOld && bytes.Equal(data, oldData):
		case inOld || inNew:
			t.Fatalf("%s is torn: %d bytes, neither its old (%d) nor its new (%d) content", p, len(data), len(oldData), len(newData))
		default:
			t.Fatalf("%s is in neither the old nor the new bindings", p)
		}
	}
	for _, p := range old.paths() {
		if _, ok := got[p]; !ok {
			if _, inNew := next[p]; inNew {
				t.Fatalf("%s vanished: it is in both the old and the new bindings", p)
			}
			changed++ // pruned
		}
	}
	k.checkOrder(t, got, old, next)
	lock := got["snakebridge.lock"]
	report := checkReport(t, k.dir, k.python)
	switch {
	case bytes.Equal(lock, next["snakebridge.lock"]) && !bytes.Equal(lock, old["snakebridge.lock"]):
		if d := withoutTemps(got).diff(next); d != "" {
			t.Fatalf("the new lock is in place but the files are not all new:\n%s", d)
		}
		if !report.Fresh {
			t.Fatalf("the new lock is in place but check reports the project stale:\n%s", findings(report))
		}
		return killedAfterCommit
	case bytes.Equal(lock, old["snakebridge.lock"]):
		if report.ExitCode() != analysis.ExitStale {
			t.Fatalf("the old lock is in place but check exits %d, not stale:\n%s", report.ExitCode(), findings(report))
		}
		if changed > 0 {
			return killedMidCommit
		}
		return killedBeforeCommit
	default:
		t.Fatalf("snakebridge.lock is neither the old nor the new one (%d bytes)", len(lock))
	}
	return 0
}

// checkOrder fails when a later file of the commit is new while an
// earlier one is not: generated files, then manifest, registry and lock.
func (k *killFixture) checkOrder(t *testing.T, got, old, next tree) {
	t.Helper()
	isNew := func(p string) bool {
		data, ok := got[p]
		newData, inNew := next[p]
		if !inNew {
			return !ok // a file only the old bindings have is new once pruned
		}
		return ok && bytes.Equal(data, newData)
	}
	generatedNew := true
	for _, p := range append(old.paths(), next.paths()...) {
		if strings.HasPrefix(p, "lib/snakebridge_generated/") && !isNew(p) {
			generatedNew = false
		}
	}
	earlierNew, earlier := generatedNew, "the generated files"
	for _, p := range metadataFiles {
		moved := !bytes.Equal(old[p], next[p]) && isNew(p)
		if moved && !earlierNew {
			t.Fatalf("%s is new before %s: the commit landed out of order", p, earlier)
		}
		if !bytes.Equal(old[p], next[p]) {
			earlierNew, earlier = isNew(p), p
		}
	}
}

// withoutTemps is a tree without fsx's temp files.
func withoutTemps(tr tree) tree {
	out := tree{}
	for p, data := range tr {
		if !fsx.IsTempFile(p) {
			out[p] = data
		}
	}
	return out
}

// repair runs the next, uninterrupted generation after a kill and checks
// that it swept every temp file, left exactly the new bindings and that
// check reports them fresh.
func (k *killFixture) repair(t *testing.T, newDep string) {
	t.Helper()
	k.complete(t)
	got := snapshot(t, k.dir)
	if temps := got.temps(); len(temps) > 0 {
		t.Fatalf("temporary files survived the run after a kill: %v", temps)
	}
	if d := got.diff(k.refs[newDep]); d != "" {
		t.Fatalf("the run after a kill did not leave the new bindings:\n%s", d)
	}
	requireFresh(t, k.dir, k.python)
}

// TestKillInsideCommit SIGKILLs a generating child process after its N-th
// file write of the commit phase (Environment.CommitHooks.AfterWrite), 50
// times, for every N of both directions of a configuration toggle, and
// checks what each kill leaves and that the next run repairs it.
func TestKillInsideCommit(t *testing.T) {
	k := newKillFixture(t)
	seen := map[killOutcome]int{}
	const kills = 50
	for i := range kills {
		oldDep, newDep := k.toggle(t)
		n := 1 + (i/2)%k.writes[newDep]
		cmd := pipelineChild(t, k.dir, k.python, k.cacheDir, childKillAfterEnv+"="+strconv.Itoa(n))
		out, _ := cmd.CombinedOutput()
		if !killedBySIGKILL(cmd) {
			t.Fatalf("kill %d (after write %d of %d): the child was not killed (%v): %s", i, n, k.writes[newDep], cmd.ProcessState, out)
		}
		outcome := k.checkAfterKill(t, oldDep, newDep, false)
		if want := killedMidCommit; n == k.writes[newDep] {
			if outcome != killedAfterCommit {
				t.Fatalf("kill %d after the last write (the lock): outcome %d", i, outcome)
			}
		} else if outcome != want {
			t.Fatalf("kill %d after write %d of %d: outcome %d, want the lock old and some files new", i, n, k.writes[newDep], outcome)
		}
		seen[outcome]++
		k.repair(t, newDep)
	}
	t.Logf("writes per run: %d and %d; outcomes: %d mid-commit, %d after the lock", k.writes[demoJSONAll], k.writes[demoJSONRoot], seen[killedMidCommit], seen[killedAfterCommit])
}

// TestKillAtRandomMoments SIGKILLs a generating child from outside after a
// random delay, 50 times: half the delays span the whole child process,
// half its run from the moment it calls Generate.
func TestKillAtRandomMoments(t *testing.T) {
	k := newKillFixture(t)
	whole, run := k.measureChild(t)
	seen := map[killOutcome]int{}
	withTemps := 0
	const kills = 50
	for i := range kills {
		oldDep, newDep := k.toggle(t)
		cmd := pipelineChild(t, k.dir, k.python, k.cacheDir)
		if i%2 == 0 {
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(rand.N(whole + whole/5))
		} else {
			awaitStart(t, cmd)
			time.Sleep(rand.N(run + run/5))
		}
		_ = cmd.Process.Kill() // the child may have finished already
		_ = cmd.Wait()
		if len(snapshot(t, k.dir).temps()) > 0 {
			withTemps++
		}
		seen[k.checkAfterKill(t, oldDep, newDep, true)]++
		k.repair(t, newDep)
	}
	t.Logf("child %v, its run %v; of %d kills %d landed before the commit, %d in it, %d after it; %d left temp files",
		whole.Round(time.Millisecond), run.Round(time.Millisecond), kills, seen[killedBeforeCommit], seen[killedMidCommit], seen[killedAfterCommit], withTemps)
}

// measureChild times uninterrupted children, in both directions of the
// toggle, and returns the longest process lifetime and Generate call.
func (k *killFixture) measureChild(t *testing.T) (whole, run time.Duration) {
	t.Helper()
	for range 2 {
		_, newDep := k.toggle(t)
		cmd := pipelineChild(t, k.dir, k.python, k.cacheDir)
		start := time.Now()
		said := childSaid(t, awaitStart(t, cmd))
		if err := cmd.Wait(); err != nil {
			t.Fatalf("uninterrupted child: %v", err)
		}
		whole, run = max(whole, time.Since(start)), max(run, time.Duration(said.number(t, "done", 0)))
		if written := said.number(t, "done", 1); written != int64(k.writes[newDep]) {
			t.Fatalf("the uninterrupted child wrote %d files, want %d", written, k.writes[newDep])
		}
		k.repair(t, newDep)
	}
	return whole, run
}

// childOutput is what a generating child said after "start": each line's
// fields by its first word.
type childOutput map[string][]string

// childSaid reads a child's output to its end.
func childSaid(t *testing.T, r *bufio.Reader) childOutput {
	t.Helper()
	out := childOutput{}
	for {
		line, err := r.ReadString('\n')
		if fields := strings.Fields(line); len(fields) > 0 {
			out[fields[0]] = fields[1:]
		}
		if err != nil {
			return out
		}
	}
}

// number is the i-th field of the line starting with word, as an integer.
func (o childOutput) number(t *testing.T, word string, i int) int64 {
	t.Helper()
	fields, ok := o[word]
	if !ok || i >= len(fields) {
		t.Fatalf("the child did not say %q with %d fields: %v", word, i+1, o)
	}
	n, err := strconv.ParseInt(fields[i], 10, 64)
	if err != nil {
		t.Fatalf("the child said %q %v: %v", word, fields, err)
	}
	return n
}

// awaitStart starts a generating child and returns its output after it
// said "start" (it is about to call Generate).
func awaitStart(t *testing.T, cmd *exec.Cmd) *bufio.Reader {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(stdout)
	if line, err := r.ReadString('\n'); line != "start\n" {
		t.Fatalf("the child said %q (%v) instead of start", line, err)
	}
	return r
}

// mountOver runs mount(8) with args and target, skipping the test (failing
// it under CI) where this process may not mount; target is unmounted when
// the test ends, whatever happens.
func mountOver(t *testing.T, target string, args ...string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		testenv.Missing(t, "the mount tests need Linux")
	}
	if os.Geteuid() != 0 {
		testenv.Missing(t, "mounting file systems needs root (a 0555 directory does not stop root)")
	}
	if _, err := exec.LookPath("mount"); err != nil {
		testenv.Missing(t, "mount(8) is not installed")
	}
	if out, err := exec.Command("mount", append(args, target)...).CombinedOutput(); err != nil {
		testenv.Missing(t, "mount "+strings.Join(args, " ")+" is not permitted here: "+strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", target).CombinedOutput(); err != nil {
			// Busy (a stray open file): detach it lazily rather than leave it.
			if out2, err2 := exec.Command("umount", "-l", target).CombinedOutput(); err2 != nil {
				t.Errorf("unmounting %s: %v: %s; lazily: %v: %s", target, err, out, err2, out2)
			}
		}
	})
}

// remount changes the options of a mount made by mountOver.
func remount(t *testing.T, target, options string) {
	t.Helper()
	if out, err := exec.Command("mount", "-o", options, target).CombinedOutput(); err != nil {
		testenv.Missing(t, "mount -o "+options+" is not permitted here: "+strings.TrimSpace(string(out)))
	}
}

// faultFixture is a generated demo whose mix.exs then changes, so that the
// next run has files to write into a generated_dir the test breaks.
type faultFixture struct {
	dir, python string
	env         *codegen.Environment
	before      tree // the project before the failing run, mix.exs aside
}

func newFaultFixture(t *testing.T) *faultFixture {
	t.Helper()
	f := &faultFixture{python: systemPython(t)}
	f.dir = demoProject(t, t.TempDir(), demoJSONRoot)
	f.env = testEnvironment(t, t.TempDir())
	// Introspect the next configuration once, so the failing run only
	// renders and commits.
	setJSONDep(t, f.dir, demoJSONAll)
	mustGenerate(t, f.request())
	setJSONDep(t, f.dir, demoJSONRoot)
	mustGenerate(t, f.request())
	setJSONDep(t, f.dir, demoJSONAll)
	f.before = snapshot(t, f.dir)
	return f
}

func (f *faultFixture) request() codegen.Request {
	return codegen.Request{Project: f.dir, Python: f.python, Environment: f.env}
}

func (f *faultFixture) genDir() string { return filepath.Join(f.dir, "lib", "snakebridge_generated") }

// failingRun generates and returns json's error, checking that it is the
// only library that failed and that the run left no temp file.
func (f *faultFixture) failingRun(t *testing.T) string {
	t.Helper()
	res, err := codegen.Generate(context.Background(), f.request())
	if err != nil {
		t.Fatalf("Generate: %v (a write failure should be a library error)", err)
	}
	var jsonErr string
	for _, l := range res.Libraries {
		switch {
		case l.Name == "json" && l.Error != nil:
			jsonErr = *l.Error
		case l.Error != nil:
			t.Errorf("library %s failed too: %s", l.Name, *l.Error)
		}
	}
	if jsonErr == "" {
		t.Fatalf("json did not fail: %+v", res.Libraries)
	}
	if temps := snapshot(t, f.dir).temps(); len(temps) > 0 {
		t.Fatalf("temporary files left by the failed run: %v", temps)
	}
	return jsonErr
}

// requireNamesGeneratedFile fails unless msg names a generated file of json
// and the cause.
func (f *faultFixture) requireNamesGeneratedFile(t *testing.T, msg, cause string) {
	t.Helper()
	prefix := filepath.Join(f.genDir(), "json") + string(filepath.Separator)
	if !regexp.MustCompile(regexp.QuoteMeta(prefix)+`\S+\.ex\b`).MatchString(msg) || !strings.Contains(msg, cause) {
		t.Fatalf("json's error %q does not name the file under %s and the cause %q", msg, prefix, cause)
	}
}

// requireUnchanged fails unless the lock, manifest and registry hold their
// previous bytes and every previous generated file is in place.
func (f *faultFixture) requireUnchanged(t *testing.T) {
	t.Helper()
	if d := snapshot(t, f.dir).diff(f.before); d != "" {
		t.Fatalf("the failed run changed the project:\n%s", d)
	}
}

// TestReadOnlyGeneratedDir generates into a generated_dir that is a
// read-only bind mount: json's bindings fail with an error naming the file
// and the cause, and nothing on disk changes — neither the previous
// bindings nor the lock, manifest or registry.
func TestReadOnlyGeneratedDir(t *testing.T) {
	f := newFaultFixture(t)
	mountOver(t, f.genDir(), "--bind", f.genDir())
	remount(t, f.genDir(), "remount,bind,ro")
	msg := f.failingRun(t)
	f.requireNamesGeneratedFile(t, msg, "read-only file system")
	t.Log(msg)
	f.requireUnchanged(t)
	if r := checkReport(t, f.dir, f.python); r.ExitCode() != analysis.ExitStale {
		t.Fatalf("check after the failed run exits %d, want stale:\n%s", r.ExitCode(), findings(r))
	}
}

// tmpfsFor mounts a tmpfs over the generated_dir with room for its current
// files plus slack bytes, and copies the files into it.
func (f *faultFixture) tmpfsFor(t *testing.T, slack int64) {
	t.Helper()
	const page = 4096
	var pages int64
	for p, data := range f.before {
		if strings.HasPrefix(p, "lib/snakebridge_generated/") {
			pages += (int64(len(data)) + page - 1) / page
		}
	}
	size := pages*page + slack
	mountOver(t, f.genDir(), "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs")
	for p, data := range f.before {
		if rel, ok := strings.CutPrefix(p, "lib/snakebridge_generated/"); ok {
			path := filepath.Join(f.genDir(), filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatalf("copying the bindings into a %d-byte tmpfs: %v", size, err)
			}
		}
	}
}

// TestFullDisk generates into a generated_dir on a tmpfs too small for the
// new bindings, whether not even the first changed file fits or the disk
// fills midway through a library: the library's files are staged before
// any is renamed, so the previous bindings stay intact, the lock, manifest
// and registry keep their bytes, check reports the project stale, and the
// error names the file and the cause.
func TestFullDisk(t *testing.T) {
	for _, c := range []struct {
		name string
		size int64
	}{{"first write", 4096}, {"midway", 48 << 10}} {
		t.Run(c.name, func(t *testing.T) {
			f := newFaultFixture(t)
			f.tmpfsFor(t, c.size)
			msg := f.failingRun(t)
			f.requireNamesGeneratedFile(t, msg, "no space left on device")
			f.requireUnchanged(t)
			if r := checkReport(t, f.dir, f.python); r.ExitCode() != analysis.ExitStale {
				t.Fatalf("check after the failed run exits %d, want stale:\n%s", r.ExitCode(), findings(r))
			}
		})
	}
}
