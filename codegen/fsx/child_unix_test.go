//go:build unix && !aix

package fsx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// Environment of the child modes.
const (
	envDir       = "FSX_TEST_DIR"        // commit: the directory of the files
	envGen       = "FSX_TEST_GEN"        // commit: the generation to write
	envKillAfter = "FSX_TEST_KILL_AFTER" // commit: SIGKILL self after this many writes
	envKillEcho  = "FSX_TEST_KILL_ECHO"  // commit: SIGKILL self at this echo, before its rename
	envRoot      = "FSX_TEST_ROOT"       // locker, holdlock: the project root
	envLog       = "FSX_TEST_LOG"        // locker: the critical-section log
	envRounds    = "FSX_TEST_ROUNDS"     // locker: how many critical sections
	envPath      = "FSX_TEST_PATH"       // write: the file to write
)

// killFiles is the number of files of the kill tests' commit.
const killFiles = 20

// runChild runs one helper-process mode and returns its exit code.
func runChild(mode string) int {
	var err error
	switch mode {
	case "commit":
		err = childCommit()
	case "locker":
		err = childLocker()
	case "holdlock":
		err = childHoldLock()
	case "write":
		// Prints the error (or "ok") for the parent to inspect.
		_, werr := WriteFile(os.Getenv(envPath), []byte("new content\n"), 0o644)
		if werr == nil {
			fmt.Println("ok")
		} else {
			fmt.Println(werr.Error())
			fmt.Println("permission:", errors.Is(werr, fs.ErrPermission))
		}
	default:
		err = fmt.Errorf("unknown child mode %q", mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// killPath is the i-th file of the kill tests' commit; some live in
// subdirectories so that directory creation is exercised too.
func killPath(dir string, i int) string {
	if i%3 == 0 {
		return filepath.Join(dir, "lib", "gen", fmt.Sprintf("mod%d", i), "__init__.ex")
	}
	return filepath.Join(dir, "lib", "gen", fmt.Sprintf("file%02d.ex", i))
}

// killContent is the content of file i in generation gen: sizes from 1 KiB
// to 58 KiB (many pages), and a pattern naming both, so a torn or mixed
// file never equals any complete version.
func killContent(gen, i int) []byte {
	unit := fmt.Appendf(nil, "gen %d file %d;", gen, i)
	size := 1024 + (i*37%20)*3*1024
	return append(fmt.Appendf(nil, "# generation %d\n", gen), bytes.Repeat(unit, size/len(unit))...)
}

// applyGeneration is one run of the generator-like writer: sweep leftovers,
// then commit generation gen through w with hooks.
func applyGeneration(ctx context.Context, dir string, gen int, w Writer, hooks Hooks) (Result, error) {
	if _, err := SweepTemps(dir, true); err != nil {
		return Result{}, err
	}
	w.Guard = &Guard{Root: dir}
	c := Commit{Writer: w, Hooks: hooks}
	for i := range killFiles {
		c.Put(killPath(dir, i), killContent(gen, i), 0o644)
	}
	return c.Apply(ctx)
}

func childCommit() error {
	dir := os.Getenv(envDir)
	gen, err := strconv.Atoi(os.Getenv(envGen))
	if err != nil {
		return err
	}
	killAfter, _ := strconv.Atoi(os.Getenv(envKillAfter))
	killEcho, _ := strconv.Atoi(os.Getenv(envKillEcho))
	echoes := 0
	w := Writer{Echo: func(string, [32]byte) {
		echoes++
		killSelfAt(echoes, killEcho)
	}}
	hooks := Hooks{AfterWrite: func(n int) { killSelfAt(n, killAfter) }}
	// "start" and "done <ns>" let a killer aim at the run rather than the exec.
	fmt.Println("start")
	start := time.Now()
	if _, err := applyGeneration(context.Background(), dir, gen, w, hooks); err != nil {
		return err
	}
	fmt.Println("done", time.Since(start).Nanoseconds())
	return nil
}

// killSelfAt SIGKILLs this process when n reaches at (0: never).
func killSelfAt(n, at int) {
	if n == at {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		time.Sleep(time.Minute) // not reached: SIGKILL to self lands before kill(2) returns
	}
}

// childLocker enters the project's critical section several times; inside,
// it claims a marker file exclusively (failing on overlap) and logs its
// start and end times.
func childLocker() error {
	root, logPath := os.Getenv(envRoot), os.Getenv(envLog)
	rounds, err := strconv.Atoi(os.Getenv(envRounds))
	if err != nil {
		return err
	}
	for range rounds {
		if err := lockedSection(root, logPath); err != nil {
			return err
		}
	}
	return nil
}

func lockedSection(root, logPath string) error {
	l, err := Lock(context.Background(), root)
	if err != nil {
		return err
	}
	defer l.Unlock()
	start := time.Now().UnixNano()
	marker := filepath.Join(root, "inside")
	m, err := os.OpenFile(marker, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("critical sections overlap: %w", err)
	}
	m.Close()
	time.Sleep(3 * time.Millisecond)
	if err := os.Remove(marker); err != nil {
		return err
	}
	end := time.Now().UnixNano()
	f, err := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = fmt.Fprintf(f, "%d %d %d\n", os.Getpid(), start, end)
	return err
}

// childHoldLock takes the lock, says so on stdout and waits to be killed.
func childHoldLock() error {
	l, err := Lock(context.Background(), os.Getenv(envRoot))
	if err != nil {
		return err
	}
	fmt.Println("locked")
	time.Sleep(time.Minute)
	return l.Unlock()
}

// child prepares this test binary as a helper process in mode; the process
// is killed and reaped when the test ends, if the test did not reap it.
func child(t testing.TB, mode string, env ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return childAt(t, exe, mode, env...)
}

// childAt is child with the test binary at exe.
func childAt(t testing.TB, exe, mode string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(exe, "-test.run=^$")
	// Without atexit_sleep_ms=0 a child of a -race binary idles 1 s at exit.
	gorace := strings.TrimSpace(os.Getenv("GORACE") + " atexit_sleep_ms=0")
	cmd.Env = append(os.Environ(), append([]string{childEnv + "=" + mode, "GORACE=" + gorace}, env...)...)
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

// nobody is the unprivileged user of writeAsNobody.
const nobody = 65534

// writeAsNobody runs WriteFile(path) in a child process running as user
// nobody, from a copy of this test binary under base (which nobody can
// read), and returns its error message and whether it is a permission
// error.
func writeAsNobody(t *testing.T, base, path string) (msg string, permission bool) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(base, "fsx.test")
	if err := os.WriteFile(copyPath, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := childAt(t, copyPath, "write", envPath+"="+path)
	cmd.Dir = base
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		if cmd.ProcessState == nil || strings.Contains(err.Error(), "operation not permitted") {
			testenv.Missing(t, "cannot start a process as user nobody: "+err.Error())
		}
		t.Fatalf("child as nobody: %v: %s", err, stderr)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		t.Fatalf("child as nobody said %q", out)
	}
	return lines[0], lines[1] == "permission: true"
}
