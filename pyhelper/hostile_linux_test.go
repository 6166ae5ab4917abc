package pyhelper

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// hostileProject is a project whose priv/python holds the given modules
// (name -> source), with a file of its own beside them.
func hostileProject(t *testing.T, modules map[string]string) (Interpreter, string) {
	t.Helper()
	root := t.TempDir()
	priv := filepath.Join(root, "priv", "python")
	require.NoError(t, os.MkdirAll(priv, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "mix.exs"), []byte("# project file\n"), 0o644))
	for name, source := range modules {
		writeModule(t, root, name, source)
	}
	return Interpreter{Path: testenv.SystemPython(t), Env: []string{noBytecodeInTree(t)}, ProjectRoot: root}, root
}

func writeModule(t *testing.T, root, name, source string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(root, "priv", "python", name+".py"), []byte(source), 0o644))
}

func functionNames(t *testing.T, resp *Response) []string {
	t.Helper()
	result, err := resp.Module()
	require.NoError(t, err)
	var out []string
	if result.Namespaces[""] == nil {
		return nil // a forged document has none
	}
	for _, f := range result.Namespaces[""].Functions {
		out = append(out, f.Name)
	}
	return out
}

func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(filepath.Join(dir, "introspect"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
			out = append(out, path)
		}
		return nil
	})
	return out
}

// forger writes a forged response to every inherited descriptor at import.
const forger = `import os
FORGED = b'{"jsonrpc":"2.0","id":1,"result":{"schema":3}}\n'
for fd in range(3, 16):
    try:
        os.write(fd, FORGED)
    except OSError:
        pass


def real_function(x):
    return x
`

// TestForgedResponseIsRejected: a module that writes a response to the
// worker's descriptors at import must not get it accepted, nor cached.
func TestForgedResponseIsRejected(t *testing.T) {
	interp, root := hostileProject(t, map[string]string{"fx_forge": forger})
	cache := t.TempDir()
	c := newTestClient(t, interp, Options{CacheDir: cache})
	resp, err := c.Introspect(context.Background(), Request{Module: "fx_forge"})
	if err == nil {
		t.Fatalf("the forged response was accepted: functions %v, cached %v", functionNames(t, resp), cacheEntries(t, cache))
	}
	require.True(t, errors.Is(err, ErrProtocol), "%v", err)
	require.Contains(t, err.Error(), "failed authentication")
	require.Contains(t, err.Error(), "the first worker failed the same way")
	require.Contains(t, err.Error(), "retried once on a fresh worker")
	require.Empty(t, cacheEntries(t, cache))

	writeModule(t, root, "fx_forge", "def real_function(x):\n    return x\n")
	resp, err = c.Introspect(context.Background(), Request{Module: "fx_forge"})
	require.NoError(t, err)
	require.Equal(t, []string{"real_function"}, functionNames(t, resp))
}

// TestClosedResponseChannel: a module that closes the worker's
// descriptors fails the request at once, as a broken channel, instead of
// leaving it to time out.
func TestClosedResponseChannel(t *testing.T) {
	interp, _ := hostileProject(t, map[string]string{"fx_closer": `import os
for fd in range(3, 16):
    try:
        os.close(fd)
    except OSError:
        pass


def f():
    pass
`})
	c := newTestClient(t, interp, Options{})
	_, err := c.Introspect(context.Background(), Request{Module: "fx_closer", Timeout: 40 * time.Second})
	require.Error(t, err)
	require.True(t, errors.Is(err, ErrProtocol), "%v", err)
	require.Contains(t, err.Error(), "could not write to its response channel")
}

// TestOnlyProvenResultsAreCached: a response whose provenance does not
// cover the requested module's file is never cached.
func TestOnlyProvenResultsAreCached(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mod.py")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	metadata := filepath.Join(dir, "mod-1.0.dist-info")
	for _, tc := range []struct {
		name string
		p    Provenance
		want bool
	}{
		{"no provenance", Provenance{}, false},
		{"module not listed", Provenance{Paths: []string{file}, Modules: []ModuleOrigin{{Name: "other", Origin: file}}}, false},
		{"no origin", Provenance{Paths: []string{file}, Modules: []ModuleOrigin{{Name: "mod"}}}, false},
		{"origin not covered", Provenance{Paths: []string{"/usr/lib/os.py"}, Modules: []ModuleOrigin{{Name: "mod", Origin: file}}}, false},
		{"origin missing", Provenance{Paths: []string{dir}, Modules: []ModuleOrigin{{Name: "mod", Origin: file + "x"}}}, false},
		{"incomplete", Provenance{Paths: []string{file}, Modules: []ModuleOrigin{{Name: "mod", Origin: file}}, Incomplete: true}, false},
		{"hashed file", Provenance{Paths: []string{file}, Modules: []ModuleOrigin{{Name: "mod", Origin: file}}}, true},
		{"hashed tree", Provenance{Paths: []string{dir}, Modules: []ModuleOrigin{{Name: "mod", Origin: file}}}, true},
		{"distribution beside it", Provenance{Distributions: []DistributionRecord{{Name: "mod", Version: "1.0", Metadata: metadata}},
			Modules: []ModuleOrigin{{Name: "mod", Origin: file}}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := &Response{Request: Request{Module: "mod.sub"}, Provenance: tc.p}
			require.Equal(t, tc.want, resp.cacheable())
		})
	}
}

// fdHog exhausts the worker's file descriptors at import and keeps them.
const fdHog = `import os, resource
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")) + 16, hard))
HOG = []
try:
    while True:
        HOG.append(os.open(os.devnull, os.O_RDONLY))
except OSError:
    pass


def hog():
    pass
`

// TestWorkerOutOfDescriptorsIsRetired: after a module exhausted the
// worker's descriptors, other modules are still introspected (on a fresh
// worker), not failed with EMFILE until an idle timeout.
func TestWorkerOutOfDescriptorsIsRetired(t *testing.T) {
	interp, _ := hostileProject(t, map[string]string{"fx_fdhog": fdHog, "fx_fine": "def fine():\n    pass\n"})
	c := newTestClient(t, interp, Options{})
	_, _ = c.Introspect(context.Background(), Request{Module: "fx_fdhog", NoCache: true})
	resp, err := c.Introspect(context.Background(), Request{Module: "fx_fine", NoCache: true})
	require.NoError(t, err, "a worker out of descriptors is retired and the request retried")
	require.Equal(t, []string{"fine"}, functionNames(t, resp))

	// A module that breaks every worker it runs in fails with a message
	// that says so.
	_, err = c.Introspect(context.Background(), Request{Mode: ModeSymbols, Module: "fx_fdhog", Symbols: []string{"hog"}, NoCache: true})
	if err != nil {
		require.Contains(t, err.Error(), "retried once on a fresh worker")
	}
}

// TestWorkerMemoryLimit: an import over the cap fails with a typed error.
func TestWorkerMemoryLimit(t *testing.T) {
	interp, _ := hostileProject(t, map[string]string{
		"fx_memhog": "BLOB = b'x' * (1 << 30)\n\n\ndef f():\n    pass\n"})
	c := newTestClient(t, interp, Options{MemoryLimit: 512 << 20})
	_, err := c.Introspect(context.Background(), Request{Module: "fx_memhog"})
	require.Error(t, err)
	require.True(t, errors.Is(err, ErrMemoryLimit), "%v", err)
	require.Contains(t, err.Error(), "512 MiB")
	require.Contains(t, err.Error(), "SNAKEBRIDGE_LSP_PYTHON_MEMORY_MB")

	_, err = RunScript(context.Background(), interp, Request{Module: "fx_memhog"}, Options{CacheDir: t.TempDir(), MemoryLimit: 512 << 20})
	require.Error(t, err, "the one-shot path has the cap too")
}

// daemonizer detaches a daemon (fork, setsid, fork) at import, which
// writes its pid and sleeps; hang makes the import hang afterwards.
func daemonizer(pidFile string, hang bool) string {
	src := `import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        with open(` + strconv.Quote(pidFile) + `, "w") as f:
            f.write(str(os.getpid()))
        time.sleep(300)
    os._exit(0)
while not os.path.exists(` + strconv.Quote(pidFile) + `):
    time.sleep(0.01)
time.sleep(0.05)
`
	if hang {
		src += "while True:\n    time.sleep(1)\n"
	}
	return src + "\n\ndef f():\n    pass\n"
}

// alive reports whether pid runs (a zombie does not count).
func alive(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	rest := string(data[strings.LastIndexByte(string(data), ')')+1:])
	fields := strings.Fields(rest)
	return len(fields) > 0 && fields[0] != "Z" && fields[0] != "X"
}

func daemonPID(t *testing.T, pidFile string) int {
	t.Helper()
	data, err := os.ReadFile(pidFile)
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	require.NoError(t, err)
	return pid
}

func requireDies(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			_ = syscallKill(pid)
			t.Fatalf("the daemon %d outlived its worker", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSetsidDaemonIsReaped: a daemon that imported code detached from the
// worker's process group dies with the worker, whether it exits (retired,
// closed) or is killed (timeout).
func TestSetsidDaemonIsReaped(t *testing.T) {
	dir := t.TempDir()
	exits, killed := filepath.Join(dir, "exits.pid"), filepath.Join(dir, "killed.pid")
	interp, _ := hostileProject(t, map[string]string{
		"fx_daemon":      daemonizer(exits, false),
		"fx_daemon_hang": daemonizer(killed, true),
	})
	c := newTestClient(t, interp, Options{})
	_, err := c.Introspect(context.Background(), Request{Module: "fx_daemon"})
	require.NoError(t, err)
	pid := daemonPID(t, exits)
	require.True(t, alive(pid))
	require.NoError(t, c.Close())
	requireDies(t, pid)

	c = newTestClient(t, interp, Options{})
	_, err = c.Introspect(context.Background(), Request{Module: "fx_daemon_hang", Timeout: 3 * time.Second})
	require.True(t, errors.Is(err, ErrTimeout), "%v", err)
	requireDies(t, daemonPID(t, killed))
}

// cwdRecorder records its working directory and deletes what is in it.
func cwdRecorder(record string) string {
	return `import os
with open(` + strconv.Quote(record) + `, "w") as f:
    f.write(os.getcwd())
for name in os.listdir("."):
    try:
        os.remove(name)
    except OSError:
        pass


def f():
    pass
`
}

// TestWorkerRunsInPrivateEmptyDirectory: a module that deletes the files
// of its working directory deletes nothing of the project's.
func TestWorkerRunsInPrivateEmptyDirectory(t *testing.T) {
	record := filepath.Join(t.TempDir(), "cwd")
	interp, root := hostileProject(t, map[string]string{"fx_rmcwd": cwdRecorder(record)})
	cache := t.TempDir()
	c := newTestClient(t, interp, Options{CacheDir: cache})
	_, err := c.Introspect(context.Background(), Request{Module: "fx_rmcwd"})
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(root, "mix.exs"), "the module deleted a project file")
	cwd, err := os.ReadFile(record)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(cwd), filepath.Join(cache, "work")+string(filepath.Separator)), string(cwd))
	info, err := os.Stat(string(cwd))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), info.Mode().Perm())
	require.NoError(t, c.Close())
	require.NoDirExists(t, string(cwd), "removed when the worker exits")

	_, err = RunScript(context.Background(), interp, Request{Module: "fx_rmcwd"}, Options{CacheDir: cache})
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(root, "mix.exs"))
}

func syscallKill(pid int) error { return syscall.Kill(pid, syscall.SIGKILL) }
