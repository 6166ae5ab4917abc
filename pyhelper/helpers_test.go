package pyhelper

import (
	"bufio"
	"context"
	"github.com/stretchr/testify/require"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// testdataPath returns the absolute path of a testdata entry.
func testdataPath(t testing.TB, parts ...string) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join(append([]string{"testdata"}, parts...)...))
	require.NoError(t, err)
	return path
}

// fixtureInterp is /usr/bin/python3 with the fixture packages on PYTHONPATH.
func fixtureInterp(t testing.TB, env ...string) Interpreter {
	t.Helper()
	py := testenv.SystemPython(t)
	path := testdataPath(t, "py") + string(os.PathListSeparator) + testdataPath(t, "site")
	return Interpreter{Path: py, Env: append([]string{"PYTHONPATH=" + path, noBytecodeInTree(t)}, env...),
		ProjectRoot: t.TempDir()}
}

// noBytecodeInTree keeps Python from writing __pycache__ into testdata.
func noBytecodeInTree(t testing.TB) string {
	return "PYTHONPYCACHEPREFIX=" + t.TempDir()
}

// testClients lists the clients each test made, so that its cleanup closes
// all of them before looking for left-over processes.
var testClients sync.Map // testing.TB -> *[]*Client

// newTestClient returns a client with a private cache directory; cleanup
// closes the test's clients and checks that no child process survives.
func newTestClient(t testing.TB, interp Interpreter, opts Options) *Client {
	t.Helper()
	if opts.CacheDir == "" {
		opts.CacheDir = t.TempDir()
	}
	c, err := New(interp, opts)
	require.NoError(t, err)
	list, loaded := testClients.LoadOrStore(t, &[]*Client{})
	clients := list.(*[]*Client)
	*clients = append(*clients, c)
	if !loaded {
		t.Cleanup(func() {
			testClients.Delete(t)
			for _, c := range *clients {
				require.NoError(t, c.Close())
			}
			requireNoChildren(t)
		})
	}
	return c
}

// childPIDs lists processes whose parent is this test process (alive or
// zombie), from /proc.
func childPIDs(t testing.TB) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		testenv.Missing(t, "no /proc to look for child processes: "+err.Error())
	}
	self := os.Getpid()
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may contain spaces and parentheses.
		rest := string(data[strings.LastIndexByte(string(data), ')')+1:])
		fields := strings.Fields(rest)
		if len(fields) > 1 {
			if ppid, err := strconv.Atoi(fields[1]); err == nil && ppid == self {
				out = append(out, pid)
			}
		}
	}
	return out
}

// requireNoChildren waits briefly for exiting workers, then fails if any
// child process (running or zombie) is left.
func requireNoChildren(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		children := childPIDs(t)
		if len(children) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("child processes left behind: %v (%s)", children, describePIDs(children))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func describePIDs(pids []int) string {
	var parts []string
	for _, pid := range pids {
		data, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
		parts = append(parts, strings.TrimSpace(string(data)))
	}
	return strings.Join(parts, "; ")
}

// runCLI runs introspect.py by hand (the file itself) and returns stdout,
// stderr and the exit code.
func runCLI(t testing.TB, interp Interpreter, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, interp.Path, append([]string{"introspect.py"}, args...)...)
	cmd.Env = interp.Environ()
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		exitErr, ok := err.(*exec.ExitError)
		require.True(t, ok, "running introspect.py: %v", err)
		code = exitErr.ExitCode()
	}
	return stdout.String(), stderr.String(), code
}

// lineOf returns the 1-based line of the first line of file containing text.
func lineOf(t testing.TB, file, text string) int {
	t.Helper()
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.Contains(sc.Text(), text) {
			return n
		}
	}
	t.Fatalf("%s does not contain %q", file, text)
	return 0
}

func oneShot(t testing.TB, interp Interpreter, req Request) *Response {
	t.Helper()
	resp, err := RunScript(context.Background(), interp, req, Options{CacheDir: t.TempDir()})
	require.NoError(t, err)
	return resp
}
