package codegen_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
)

// TestCrashThenRevertedConfigIsStale: a run killed in the middle of its
// commit leaves some generated files of the new configuration beside the
// old lock; putting mix.exs back (git checkout mix.exs) makes the lock
// match the configuration again, but not the files. check must say so
// (the files are not what the registry recorded, or are not part of the
// bindings), and the next run must restore exactly the old bindings.
func TestCrashThenRevertedConfigIsStale(t *testing.T) {
	k := newKillFixture(t)
	for i := range 4 {
		oldDep, newDep := k.toggle(t)
		n := 1 + i%(k.writes[newDep]-1) // before the manifest, registry and lock
		cmd := pipelineChild(t, k.dir, k.python, k.cacheDir, childKillAfterEnv+"="+strconv.Itoa(n))
		out, _ := cmd.CombinedOutput()
		if !killedBySIGKILL(cmd) {
			t.Fatalf("the child was not killed (%v): %s", cmd.ProcessState, out)
		}
		setJSONDep(t, k.dir, oldDep)
		k.current = oldDep
		r := checkReport(t, k.dir, k.python)
		if r.Fresh {
			t.Fatalf("kill after write %d of %d, mix.exs reverted: check says fresh", n, k.writes[newDep])
		}
		for _, f := range r.Findings {
			if f.Stale() && !slices.Contains([]analysis.Code{analysis.CodeGeneratedFilesModified, analysis.CodeGeneratedFilesOrphaned}, f.Code) {
				t.Errorf("kill after write %d, mix.exs reverted: unexpected %s", n, f)
			}
		}
		k.complete(t)
		if d := snapshot(t, k.dir).diff(k.refs[oldDep]); d != "" {
			t.Fatalf("the run after the revert did not restore the old bindings:\n%s", d)
		}
		requireFresh(t, k.dir, k.python)
	}
}
