//go:build unix

package pyhelper

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

// isolate puts the interpreter in its own process group so that a kill also
// reaches whatever it spawned.
func isolate(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killTree kills the process group of a started command.
func killTree(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	killAdopted(cmd.Process.Pid)
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		_ = cmd.Process.Kill()
	}
}

// workerPipes passes the request pipe (read end) as fd 3 and the response
// pipe (write end) as fd 4; stdin/stdout/stderr stay free for stray output.
func workerPipes(cmd *exec.Cmd) (requests, responses *os.File, closeChildEnds func(), err error) {
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("creating request pipe: %w", err)
	}
	respR, respW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, nil, nil, fmt.Errorf("creating response pipe: %w", err)
	}
	cmd.ExtraFiles = []*os.File{reqR, respW}
	closeChildEnds = func() {
		reqR.Close()
		respW.Close()
	}
	return reqW, respR, closeChildEnds, nil
}

const workerRequestFD, workerResponseFD = 3, 4

// killGroup kills what is left of the process group pgid (a worker that
// exited leaves the processes imported code started in it).
func killGroup(pgid int) {
	if pgid > 0 {
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	}
}
