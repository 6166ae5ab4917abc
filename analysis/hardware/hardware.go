package hardware

import (
	"context"
	"encoding/json"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// Accelerators, as the lock's environment.hardware.accelerator names them.
const (
	CUDA = "cuda"
	ROCm = "rocm"
	MPS  = "mps"
	CPU  = "cpu"
)

// Identity is what the machine offers. The zero value is a CPU-only
// machine of unknown platform.
type Identity struct {
	// OS and Arch are the platform as upstream normalises it: os in
	// linux|macos|windows|unknown, arch x86_64|arm64|arm|<GOARCH>.
	OS   string
	Arch string
	// Accelerator is cuda, rocm, mps or cpu.
	Accelerator string
	// CUDAVersion is "major.minor" ("" without CUDA); CUDASource says
	// which probe gave it.
	CUDAVersion  string
	CUDASource   string
	CUDNNVersion string
	// ROCmVersion is "major.minor.patch" ("" without ROCm).
	ROCmVersion string
	// GPUCount counts CUDA devices, else ROCm devices, else 1 for MPS.
	GPUCount int
	// CPUFeatures are Snakepit's names, in cpuinfo order.
	CPUFeatures []string
}

// Platform is "<os>-<arch>", Snakepit's identity["platform"].
func (id Identity) Platform() string { return id.OS + "-" + id.Arch }

// HasFeature reports whether the CPU offers a feature (Snakepit's name).
func (id Identity) HasFeature(name string) bool {
	for _, f := range id.CPUFeatures {
		if f == name {
			return true
		}
	}
	return false
}

// Env is how detection reaches the machine; tests replace each part.
type Env struct {
	GOOS, GOARCH string
	// LookPath finds a tool (nil: exec.LookPath).
	LookPath func(name string) (string, error)
	// Run runs a tool and returns its standard output (nil: exec).
	Run func(ctx context.Context, path string, args ...string) ([]byte, error)
	// ReadFile reads a system file (nil: os.ReadFile).
	ReadFile func(path string) ([]byte, error)
	// Timeout bounds each probe (0: 3 s).
	Timeout time.Duration
}

// System is the real machine.
func System() Env { return Env{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH} }

func (e Env) withDefaults() Env {
	if e.LookPath == nil {
		e.LookPath = exec.LookPath
	}
	if e.Run == nil {
		e.Run = func(ctx context.Context, path string, args ...string) ([]byte, error) {
			return exec.CommandContext(ctx, path, args...).Output()
		}
	}
	if e.ReadFile == nil {
		e.ReadFile = readSmallFile
	}
	if e.Timeout <= 0 {
		e.Timeout = 3 * time.Second
	}
	return e
}

// readSmallFile reads a system file as every other read of the tool does
// (regular files only, without blocking, bounded): /proc/cpuinfo, version
// files and headers are small.
func readSmallFile(path string) ([]byte, error) {
	return safefile.ReadFile(path, safefile.MaxSmall)
}

// run runs a tool found on the PATH with the probe timeout; a missing or
// failing tool gives ok=false.
func (e Env) run(ctx context.Context, tool string, args ...string) (out string, ok bool) {
	path, err := e.LookPath(tool)
	if err != nil {
		return "", false
	}
	ctx, cancel := context.WithTimeout(ctx, e.Timeout)
	defer cancel()
	b, err := e.Run(ctx, path, args...)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// Detect inspects the machine. It never fails: what cannot be probed is
// absent.
func Detect(ctx context.Context, env Env) Identity {
	env = env.withDefaults()
	id := Identity{OS: NormalizeOS(env.GOOS), Arch: NormalizeArch(env.GOARCH), Accelerator: CPU}
	id.CPUFeatures = cpuFeatures(ctx, env)
	if n := cudaDevices(ctx, env); n > 0 {
		id.Accelerator, id.GPUCount = CUDA, n
		id.CUDAVersion, id.CUDASource = cudaVersion(ctx, env)
		id.CUDNNVersion = cudnnVersion(env)
		return id
	}
	if n := rocmDevices(ctx, env); n > 0 {
		id.Accelerator, id.GPUCount = ROCm, n
		id.ROCmVersion = rocmVersion(env)
		return id
	}
	if id.OS == "macos" && id.Arch == "arm64" {
		id.Accelerator, id.GPUCount = MPS, 1
	}
	return id
}

// Cache detects once and remembers: a process holds one and every check,
// generation and hover reads the same answer.
type Cache struct {
	env  Env
	once sync.Once
	id   Identity
}

// NewCache detects with env on first use.
func NewCache(env Env) *Cache { return &Cache{env: env} }

// Identity detects on the first call and returns the same value after.
// The first caller's ctx bounds the probes.
func (c *Cache) Identity(ctx context.Context) Identity {
	c.once.Do(func() { c.id = Detect(ctx, c.env) })
	return c.id
}

// NormalizeOS names a GOOS as Snakepit's platform does.
func NormalizeOS(goos string) string {
	switch goos {
	case "linux", "windows":
		return goos
	case "darwin":
		return "macos"
	}
	return "unknown"
}

// NormalizeArch names a GOARCH (or uname machine) as Snakepit does.
func NormalizeArch(arch string) string {
	switch arch {
	case "amd64", "x86_64":
		return "x86_64"
	case "arm64", "aarch64":
		return "arm64"
	}
	if strings.HasPrefix(arch, "arm") {
		return "arm"
	}
	return arch
}

// cudaDevices counts the GPUs nvidia-smi lists (one CSV line each); 0 when
// nvidia-smi is missing or fails (driver without a GPU, for one).
func cudaDevices(ctx context.Context, env Env) int {
	out, ok := env.run(ctx, "nvidia-smi", "--query-gpu=index,name,driver_version", "--format=csv,noheader")
	if !ok {
		return 0
	}
	n := 0
	for _, line := range strings.Split(out, "\n") {
		if fields := strings.Split(line, ","); len(fields) >= 2 && isDigits(strings.TrimSpace(fields[0])) {
			n++
		}
	}
	return n
}

var (
	smiBanner  = regexp.MustCompile(`CUDA Version:\s*([0-9]+\.[0-9]+)`)
	nvccBanner = regexp.MustCompile(`release ([0-9]+\.[0-9]+)`)
)

// cudaVersion is the CUDA version the driver supports, from the first
// probe that answers.
func cudaVersion(ctx context.Context, env Env) (version, source string) {
	if out, ok := env.run(ctx, "nvidia-smi"); ok {
		if m := smiBanner.FindStringSubmatch(out); m != nil {
			return m[1], "nvidia-smi"
		}
	}
	if out, ok := env.run(ctx, "nvcc", "--version"); ok {
		if m := nvccBanner.FindStringSubmatch(out); m != nil {
			return m[1], "nvcc --version"
		}
	}
	const versionJSON = "/usr/local/cuda/version.json"
	if data, err := env.ReadFile(versionJSON); err == nil {
		var doc struct {
			CUDA struct {
				Version string `json:"version"`
			} `json:"cuda"`
		}
		if json.Unmarshal(data, &doc) == nil {
			if v := MajorMinor(doc.CUDA.Version); v != "" {
				return v, versionJSON
			}
		}
	}
	return "", ""
}

// cudnnVersion reads cuDNN's version header, when installed.
func cudnnVersion(env Env) string {
	for _, path := range []string{"/usr/include/cudnn_version.h", "/usr/include/x86_64-linux-gnu/cudnn_version_v9.h", "/usr/include/x86_64-linux-gnu/cudnn_version_v8.h", "/usr/local/cuda/include/cudnn_version.h"} {
		data, err := env.ReadFile(path)
		if err != nil {
			continue
		}
		parts := map[string]string{}
		for _, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if len(f) == 3 && f[0] == "#define" && isDigits(f[2]) {
				parts[f[1]] = f[2]
			}
		}
		if parts["CUDNN_MAJOR"] != "" && parts["CUDNN_MINOR"] != "" && parts["CUDNN_PATCHLEVEL"] != "" {
			return parts["CUDNN_MAJOR"] + "." + parts["CUDNN_MINOR"] + "." + parts["CUDNN_PATCHLEVEL"]
		}
	}
	return ""
}

var rocmGPU = regexp.MustCompile(`(?m)^GPU\[(\d+)\]`)

// rocmDevices counts the distinct GPU[n] that rocm-smi lists.
func rocmDevices(ctx context.Context, env Env) int {
	out, ok := env.run(ctx, "rocm-smi", "--showid")
	if !ok {
		return 0
	}
	seen := map[string]bool{}
	for _, m := range rocmGPU.FindAllStringSubmatch(out, -1) {
		seen[m[1]] = true
	}
	return len(seen)
}

// rocmVersion reads /opt/rocm/.info/version ("5.7.1-98" → "5.7.1").
func rocmVersion(env Env) string {
	data, err := env.ReadFile("/opt/rocm/.info/version")
	if err != nil {
		return ""
	}
	v, _, _ := strings.Cut(strings.TrimSpace(string(data)), "-")
	return v
}

// MajorMinor shortens a version to "major.minor" ("12.1.1" → "12.1"); ""
// when it does not start with two numbers.
func MajorMinor(v string) string {
	parts := strings.Split(strings.TrimSpace(v), ".")
	if len(parts) < 2 || !isDigits(parts[0]) || !isDigits(parts[1]) {
		return ""
	}
	return parts[0] + "." + parts[1]
}

// ParseMajorMinor splits "12.4" into 12 and 4.
func ParseMajorMinor(v string) (major, minor int, ok bool) {
	mm := MajorMinor(v)
	if mm == "" {
		return 0, 0, false
	}
	a, b, _ := strings.Cut(mm, ".")
	major, err1 := strconv.Atoi(a)
	minor, err2 := strconv.Atoi(b)
	return major, minor, err1 == nil && err2 == nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Known is a Cache that answers id without probing: for a machine
// described elsewhere (tests, a lock's recorded hardware).
func Known(id Identity) *Cache {
	c := &Cache{id: id}
	c.once.Do(func() {})
	return c
}
