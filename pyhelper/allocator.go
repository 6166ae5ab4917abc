package pyhelper

import (
	"runtime"
	"strings"
)

// hugePageTunable asks glibc's malloc (2.35 and later) to back its heap
// with transparent huge pages where the kernel hands them out on request
// (/sys/kernel/mm/transparent_hugepage/enabled is "madvise"; with "always"
// it has them anyway, with "never" nothing changes). Older glibc ignores a
// tunable it does not know, musl ignores GLIBC_TUNABLES altogether.
//
// Why: a fresh page of memory is a page fault, and on virtual machines (CI
// runners, cloud workstations, the development VM) a fault costs 10-15 us.
// Importing sympy and describing it touches ~16,000 pages: ~160 ms of
// sys time in a 700 ms introspection. With huge pages behind the objects
// malloc serves (those over 512 bytes: pymalloc's arenas are separate
// mappings and keep small pages), the same introspection takes ~9,900
// faults and ~90 ms less (docs/introspection.md §8, "Fifth round").
const hugePageTunable = "glibc.malloc.hugetlb=1"

// dropEnvFlag tells the script which variables of its environment are ours,
// to remove before it imports anything: imported code and the programs it
// starts see the environment the user gave.
const dropEnvFlag = "--drop-env"

// scriptEnviron returns env (Interpreter.Environ) for running introspect.py,
// with the allocator setting added where the environment chooses none, and
// the script arguments that remove what was added. A GLIBC_TUNABLES the
// user set is theirs: it is passed on untouched.
func scriptEnviron(env []string) ([]string, []string) {
	if runtime.GOOS != "linux" {
		return env, nil
	}
	for _, kv := range env {
		if strings.HasPrefix(kv, "GLIBC_TUNABLES=") {
			return env, nil
		}
	}
	out := append(append(make([]string, 0, len(env)+1), env...), "GLIBC_TUNABLES="+hugePageTunable)
	return out, []string{dropEnvFlag, "GLIBC_TUNABLES"}
}
