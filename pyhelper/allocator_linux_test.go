package pyhelper

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// envProbe records, at import, what the process and a program it starts see
// of GLIBC_TUNABLES, what the process was started with (/proc/self/environ
// keeps the initial block), and how much of its memory is in huge pages
// after it allocated 16 MiB of 1 KiB objects (malloc's heap: pymalloc
// serves only objects up to 512 bytes).
func envProbe(record string) string {
	return `import json, os, subprocess, sys
held = [bytes(1000) for _ in range(16384)]
with open("/proc/self/environ", "rb") as f:
    started = [kv.decode() for kv in f.read().split(b"\0") if kv.startswith(b"GLIBC_TUNABLES=")]
huge = 0
try:
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            if line.startswith("AnonHugePages:"):
                huge = int(line.split()[1])
except OSError:
    huge = -1
child = subprocess.run([sys.executable, "-c", "import os; print(os.environ.get('GLIBC_TUNABLES', '<unset>'))"],
                       capture_output=True, text=True).stdout.strip()
try:
    libc = os.confstr("CS_GNU_LIBC_VERSION") or ""
except (ValueError, OSError):
    libc = ""
with open(` + strconv.Quote(record) + `, "w") as f:
    json.dump({"seen": os.environ.get("GLIBC_TUNABLES", "<unset>"), "child": child, "started": started,
               "huge_kib": huge, "libc": libc}, f)


def f():
    pass
`
}

type envRecord struct {
	Seen    string   `json:"seen"`
	Child   string   `json:"child"`
	Started []string `json:"started"`
	HugeKiB int      `json:"huge_kib"`
	Libc    string   `json:"libc"`
}

// hugePagesOnRequest: the kernel gives transparent huge pages to memory
// that asks for them and the interpreter's glibc knows how to ask (2.35).
func hugePagesOnRequest(t *testing.T, libc string) bool {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !(strings.Contains(string(mode), "[madvise]") || strings.Contains(string(mode), "[always]")) {
		t.Logf("transparent huge pages: %q, %v", mode, err)
		return false
	}
	version, ok := strings.CutPrefix(libc, "glibc ")
	major, minor, _ := strings.Cut(version, ".")
	m, err1 := strconv.Atoi(major)
	n, err2 := strconv.Atoi(minor)
	if !ok || err1 != nil || err2 != nil || m < 2 || (m == 2 && n < 35) {
		t.Logf("the interpreter's C library (%q) cannot ask for huge pages", libc)
		return false
	}
	return true
}

// TestAllocatorSettingIsTheScriptsAlone: the worker and the one-shot script
// start with glibc's huge-page tunable, use it, and remove it before
// imported code runs; a GLIBC_TUNABLES the user set is passed on as it is.
func TestAllocatorSettingIsTheScriptsAlone(t *testing.T) {
	t.Setenv("GLIBC_TUNABLES", "") // restored afterwards
	require.NoError(t, os.Unsetenv("GLIBC_TUNABLES"))
	record := filepath.Join(t.TempDir(), "env.json")
	interp, _ := hostileProject(t, map[string]string{"fx_envprobe": envProbe(record)})
	read := func() envRecord {
		data, err := os.ReadFile(record)
		require.NoError(t, err)
		var r envRecord
		require.NoError(t, json.Unmarshal(data, &r), string(data))
		require.NoError(t, os.Remove(record))
		return r
	}
	runs := map[string]func(Interpreter) error{
		"worker": func(in Interpreter) error {
			c := newTestClient(t, in, Options{DisableCache: true})
			_, err := c.Introspect(context.Background(), Request{Module: "fx_envprobe", NoCache: true})
			return err
		},
		"one-shot": func(in Interpreter) error {
			_, err := RunScript(context.Background(), in, Request{Module: "fx_envprobe", NoCache: true},
				Options{DisableCache: true})
			return err
		},
	}
	for name, run := range runs {
		t.Run(name, func(t *testing.T) {
			require.NoError(t, run(interp))
			r := read()
			require.Equal(t, "<unset>", r.Seen, "imported code sees the user's environment")
			require.Equal(t, "<unset>", r.Child, "so do the programs it starts")
			require.Equal(t, []string{"GLIBC_TUNABLES=" + hugePageTunable}, r.Started)
			t.Logf("huge pages: %d KiB, %s", r.HugeKiB, r.Libc)
			if hugePagesOnRequest(t, r.Libc) {
				require.Greater(t, r.HugeKiB, 0, "malloc's heap is in huge pages")
			}

			own := interp
			own.Env = append(append([]string(nil), interp.Env...), "GLIBC_TUNABLES=glibc.malloc.check=0")
			require.NoError(t, run(own))
			r = read()
			require.Equal(t, "glibc.malloc.check=0", r.Seen)
			require.Equal(t, "glibc.malloc.check=0", r.Child)
			require.Equal(t, []string{"GLIBC_TUNABLES=glibc.malloc.check=0"}, r.Started)
		})
	}
}
