//go:build !unix

package pyhelper

import (
	"os"
	"os/exec"
	"runtime"
)

func isolate(cmd *exec.Cmd) {}

func killTree(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}

// workerPipes: the worker protocol passes pipe file descriptors to the child,
// which needs a POSIX system. RunScript (one-shot) works everywhere.
func workerPipes(cmd *exec.Cmd) (requests, responses *os.File, closeChildEnds func(), err error) {
	return nil, nil, nil, &Error{Kind: KindInterpreter,
		Message: "python workers need a POSIX system (pipe file descriptors); not supported on " + runtime.GOOS + "; use RunScript"}
}

const workerRequestFD, workerResponseFD = 3, 4

func killGroup(pgid int) {}
