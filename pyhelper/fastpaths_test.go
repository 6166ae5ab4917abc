package pyhelper

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// fastPathInterpreters lists the system python3 (with sympy and numpy) and
// pyenv's 3.9+ when installed: inspect's behaviour the fast paths mirror
// differs between versions.
func fastPathInterpreters(t *testing.T) map[string][]string {
	t.Helper()
	stdlib := []string{"json", "email", "asyncio", "collections"}
	out := map[string][]string{testenv.SystemPython(t, "sympy", "numpy"): append([]string{"sympy", "numpy"}, stdlib...)}
	home, _ := os.UserHomeDir()
	found, _ := filepath.Glob(filepath.Join(home, ".pyenv", "versions", "*", "bin", "python"))
	for _, exe := range found {
		var major, minor int
		if _, err := fmt.Sscanf(filepath.Base(filepath.Dir(filepath.Dir(exe))), "%d.%d", &major, &minor); err == nil && major == 3 && minor >= 9 {
			out[exe] = stdlib
		}
	}
	return out
}

// TestFastPathsMatchReferences runs testdata/fastpaths.py under every
// interpreter at hand: each fast path of introspect.py is compared with the
// code it replaced on every object of the listed modules.
//   - signatures: plain functions' signatures are read from their code
//     objects; they must be what inspect.signature gives (or left to it);
//   - locations: a plain function's file and line are read without
//     inspect.unwrap; they must be what unwrapping gave;
//   - class_lines: class statements are found by a byte search for
//     "class"; the lines must be those of the former text scan;
//   - class_members: a class's members are read in one pass over dir()
//     (C loops: map, filter, itertools.compress over the sorted names);
//     methods, dunders and attributes must be those of the former two
//     passes, in every scope;
//   - class_dir: dir(cls) without type.__dir__'s repeated merges of
//     shared bases must list the same names;
//   - collector: the cyclic collector is paused while describing, and
//     only then (for good once held, as the one-shot script does; in a
//     worker until the document is encoded and freed, not while importing);
//     imports run with it on and its thresholds raised, restored when the
//     last overlapping import ends unless imported code set its own;
//   - docs: runtime_doc, which cleans each distinct docstring once per
//     request, must answer as inspect.getdoc;
//   - argv: the command line is read without argparse when it is made of
//     exact option names and plain values (what the Go client sends); its
//     tables must be build_parser's, its answers parse_args's;
//   - origin: typing is imported only when an annotation needs it;
//     _get_origin must be typing.get_origin, and only objects typing made
//     may have an origin besides the builtin aliases;
//   - encode: documents are encoded a record at a time; the pieces must
//     join to json.dumps's one-call encoding, on the modules' documents and
//     on values made to take each branch;
//   - source_text: stub line offsets are computed on first use without a
//     Python-level loop; they must be the former loop's on every source and
//     stub file of the modules;
//   - reap: reap_descendants skips its scan of every process's
//     /proc/<pid>/stat when, as a subreaper, it has no child; the scan
//     must then have nothing to kill (no child, a child, an orphaned
//     grandchild, a zombie, the child of a finished thread);
//   - stdlib: a site-packages or dist-packages directory is answered
//     "not the standard library" without sysconfig; every directory an
//     imported module or a sys.path entry lives in must get sysconfig's
//     answer;
//   - text_signatures: builtin callables' text signatures are parsed once
//     per request for each distinct text and dropped "$" parameter; every
//     builtin function, method descriptor and wrapper (bound to an
//     instance, a class, a module, or not) must get inspect's signature;
//   - stubs: a large stub is outlined without parsing and each definition
//     parsed when it is looked up; every lookup must answer as on the stub
//     parsed whole (nodes, lines, source text, docs, overloads, classes,
//     order), on every stub and source of the modules and on hand-made
//     statements, and the text the outline leaves to the parser must be
//     declined;
//   - spool: the one-shot document goes through a memfd; its bytes, copied
//     out by sendfile or by read and write, to a pipe and to a file, and
//     its size must be encode()'s; without a memfd, or with one that
//     refuses the bytes (a file size limit), there is no spool and no
//     descriptor left open;
//   - frame: the worker's messages, a document's bytes hashed and copied
//     from its spool (by sendfile, or read and write) or from bytes, must
//     be the frame the hmac module makes of the whole message; a spool
//     sent twice (the result cache) is unchanged and is closed with its
//     last reference;
//   - class_core: a class's method items, found for pairs met before in
//     one C loop, must make the records, methods table and sharing of the
//     former per-pair loop;
//   - finddoc: an undocumented method's inherited docstring is found
//     without catching an AttributeError per base that lacks it; every
//     function, method, builtin, property and class must get inspect's
//     answer (or exception);
//   - request_pool: the worker's requests run on a small pool instead of
//     concurrent.futures (which imports logging); at most --threads at
//     once, a thread started only when none is idle, every request run,
//     a handler that raises outlived;
//   - stack_room: requests run under with_stack_room, whose frame is
//     larger than a frame-stack chunk; it must answer as the call it wraps
//     and, from any starting depth, keep a loop of calls from mapping
//     chunks (counted as page faults), which without it some depth does on
//     CPython 3.11-3.13.
func TestFastPathsMatchReferences(t *testing.T) {
	const checks = "signatures,locations,class_lines,class_members,class_dir,collector,docs,argv,origin,encode,source_text,reap,stdlib,text_signatures,stubs,spool,frame,class_core,finddoc,request_pool,stack_room"
	for exe, modules := range fastPathInterpreters(t) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		args := append([]string{testdataPath(t, "fastpaths.py"), "introspect.py", checks}, modules...)
		cmd := exec.CommandContext(ctx, exe, args...)
		cmd.Env = append(os.Environ(), noBytecodeInTree(t))
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		cancel()
		require.NoError(t, err, "%s: %s%s", exe, out, stderr.String())
		for _, check := range strings.Split(checks, ",") {
			require.Contains(t, string(out), check+" ok ", exe)
		}
		t.Logf("%s: %s", exe, strings.ReplaceAll(strings.TrimSpace(string(out)), "\n", "; "))
	}
}
