package pyhelper

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// killAdopted kills the children of pid, with the process group of each
// child that leads its own (never a group it merely joined: that could be
// ours). The
// worker makes itself a child subreaper (PR_SET_CHILD_SUBREAPER), so a
// daemon that imported code detached with fork+setsid is its child, not
// init's, until the worker dies: it must be killed first.
func killAdopted(pid int) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		ppid, pgid, ok := procParent(child)
		if !ok || ppid != pid {
			continue
		}
		if pgid == child { // leads its own group: a setsid daemon's
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
		}
		_ = syscall.Kill(child, syscall.SIGKILL)
	}
}

// procParent reads the parent and process group of pid from /proc.
func procParent(pid int) (ppid, pgid int, ok bool) {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, 0, false
	}
	// pid (comm) state ppid pgrp ...; comm may contain spaces and ')'.
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 {
		return 0, 0, false
	}
	fields := strings.Fields(string(data[i+1:]))
	if len(fields) < 3 {
		return 0, 0, false
	}
	ppid, err1 := strconv.Atoi(fields[1])
	pgid, err2 := strconv.Atoi(fields[2])
	return ppid, pgid, err1 == nil && err2 == nil
}
