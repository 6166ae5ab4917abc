package pyenv

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// probe is what one run of an interpreter tells us; it is also the unit
// cached on disk.
type probe struct {
	Version     string   `json:"version"` // sys.version.split()[0]
	VersionInfo []int    `json:"version_info"`
	Executable  string   `json:"executable"`
	Prefix      string   `json:"prefix"`
	BasePrefix  string   `json:"base_prefix"`
	RealPrefix  *string  `json:"real_prefix"` // legacy virtualenv (< 20)
	Path        []string `json:"path"`
	Site        []string `json:"site"` // site.getsitepackages()
	Purelib     string   `json:"purelib"`
	Platlib     string   `json:"platlib"`
	Platlibdir  string   `json:"platlibdir"`
	LibName     string   `json:"libname"` // "python3.11", "python3.13t"
}

// probeMarker prefixes the one line of output we parse, so that anything a
// sitecustomize prints does not get in the way.
const probeMarker = "SNAKEBRIDGE-PYFACTS "

// probeScript must run on any Python 3; -I keeps PYTHONPATH, the user site
// and the cwd out of sys.path so the answer depends on the interpreter only.
const probeScript = `import json, site, sys, sysconfig
p = sysconfig.get_paths()
print("` + probeMarker + `" + json.dumps({
 "version": sys.version.split()[0],
 "version_info": list(sys.version_info[:3]),
 "executable": sys.executable,
 "prefix": sys.prefix,
 "base_prefix": getattr(sys, "base_prefix", sys.prefix),
 "real_prefix": getattr(sys, "real_prefix", None),
 "path": sys.path,
 "site": site.getsitepackages() if hasattr(site, "getsitepackages") else [],
 "purelib": p.get("purelib", ""),
 "platlib": p.get("platlib", ""),
 "platlibdir": getattr(sys, "platlibdir", "lib"),
 "libname": "python%d.%d%s" % (sys.version_info[0], sys.version_info[1], sysconfig.get_config_var("abi_thread") or ""),
}))
`

// defaultProbeTimeout applies when the caller's context has no deadline; a
// healthy interpreter answers in well under a second.
const defaultProbeTimeout = 30 * time.Second

// maxProbeOutput bounds what we keep of a misbehaving program's output.
const maxProbeOutput = 4 << 20

// runProbe starts the interpreter once and parses its answer.
func runProbe(ctx context.Context, exe string) (probe, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultProbeTimeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, exe, "-I", "-c", probeScript)
	cmd.Env = append(os.Environ(), "PYTHONNOUSERSITE=1", "PYTHONDONTWRITEBYTECODE=1")
	cmd.WaitDelay = 2 * time.Second
	var stdout, stderr limitedBuffer
	stdout.max, stderr.max = maxProbeOutput, 64<<10
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctxErr := ctx.Err(); ctxErr != nil {
		return probe{}, fmt.Errorf("running %s: %w", exe, ctxErr)
	}
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return probe{}, fmt.Errorf("%s is not a usable Python 3 interpreter: %v%s", exe, err, stderrNote(stderr.String()))
		}
		return probe{}, fmt.Errorf("%s is not a Python interpreter: running it failed: %w", exe, err)
	}
	return parseProbe(exe, stdout.String(), stderr.String())
}

func parseProbe(exe, stdout, stderr string) (probe, error) {
	for _, line := range strings.Split(stdout, "\n") {
		payload, ok := strings.CutPrefix(strings.TrimRight(line, "\r"), probeMarker)
		if !ok {
			continue
		}
		var p probe
		if err := json.Unmarshal([]byte(payload), &p); err != nil {
			return probe{}, fmt.Errorf("%s: cannot parse its sys facts: %w", exe, err)
		}
		if len(p.VersionInfo) != 3 || p.Version == "" || p.Prefix == "" {
			return probe{}, fmt.Errorf("%s: incomplete sys facts: %s", exe, clip(payload))
		}
		if p.Platlibdir == "" {
			p.Platlibdir = "lib"
		}
		return p, nil
	}
	return probe{}, fmt.Errorf("%s does not look like a Python interpreter: it exited successfully "+
		"but did not print the expected facts (output: %q)%s", exe, clip(strings.TrimSpace(stdout)), stderrNote(stderr))
}

func stderrNote(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	return "; stderr: " + clip(strings.TrimSpace(lines[len(lines)-1]))
}

// limitedBuffer keeps the first max bytes written and discards the rest, so
// a runaway program cannot exhaust memory.
type limitedBuffer struct {
	bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		if len(p) > room {
			b.Buffer.Write(p[:room])
		} else {
			b.Buffer.Write(p)
		}
	}
	return len(p), nil
}
