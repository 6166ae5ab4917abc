//go:build unix

package hardware

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// machine is a fake machine: tools are shell scripts in a directory that
// becomes the whole PATH, and system files come from testdata.
type machine struct {
	t     *testing.T
	bin   string
	log   string
	files map[string]string // system path → testdata file
}

func newMachine(t *testing.T) *machine {
	m := &machine{t: t, bin: t.TempDir(), files: map[string]string{}}
	m.log = filepath.Join(m.bin, "calls.log")
	t.Setenv("PATH", m.bin)
	return m
}

// tool installs a fake executable: for each argument string it prints a
// testdata file (or fails with status 9 when the file is ""), "*" being
// the fallback. Each run is logged.
func (m *machine) tool(name string, byArgs map[string]string) {
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/sh\necho %s \"$*\" >> %s\ncase \"$*\" in\n", name, m.log)
	for args, file := range byArgs {
		pattern := args
		if args != "*" {
			pattern = "'" + args + "'"
		}
		if file == "" {
			fmt.Fprintf(&b, "%s) exit 9;;\n", pattern)
			continue
		}
		abs, err := filepath.Abs(filepath.Join("testdata", file))
		require.NoError(m.t, err)
		fmt.Fprintf(&b, "%s) exec /bin/cat %s;;\n", pattern, abs)
	}
	b.WriteString("esac\nexit 2\n")
	require.NoError(m.t, os.WriteFile(filepath.Join(m.bin, name), []byte(b.String()), 0o755))
}

func (m *machine) env(goos, goarch string) Env {
	return Env{GOOS: goos, GOARCH: goarch, Timeout: 2 * time.Second, ReadFile: func(path string) ([]byte, error) {
		if f, ok := m.files[path]; ok {
			return os.ReadFile(filepath.Join("testdata", f))
		}
		return nil, fs.ErrNotExist
	}}
}

func (m *machine) calls() []string {
	data, err := os.ReadFile(m.log)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	require.NoError(m.t, err)
	return strings.Split(strings.TrimSpace(string(data)), "\n")
}

const smiQuery = "--query-gpu=index,name,driver_version --format=csv,noheader"

func TestDetect(t *testing.T) {
	x86 := []string{"pclmul", "ssse3", "fma", "sse4_1", "sse4_2", "aes", "avx", "f16c", "avx2", "avx512"}
	cases := []struct {
		name         string
		goos, goarch string
		tools        map[string]map[string]string
		files        map[string]string
		want         Identity
	}{
		{
			name: "CPU only", goos: "linux", goarch: "amd64",
			files: map[string]string{"/proc/cpuinfo": "cpuinfo-x86-avx512.txt"},
			want:  Identity{OS: "linux", Arch: "x86_64", Accelerator: CPU, CPUFeatures: x86},
		},
		{
			name: "two CUDA GPUs, version from the banner", goos: "linux", goarch: "amd64",
			tools: map[string]map[string]string{"nvidia-smi": {smiQuery: "nvidia-smi-550-query.csv", "": "nvidia-smi-550.txt"}},
			files: map[string]string{"/proc/cpuinfo": "cpuinfo-x86-avx512.txt", "/usr/include/cudnn_version.h": "cudnn_version.h"},
			want: Identity{OS: "linux", Arch: "x86_64", Accelerator: CUDA, CUDAVersion: "12.4", CUDASource: "nvidia-smi",
				CUDNNVersion: "8.9.2", GPUCount: 2, CPUFeatures: x86},
		},
		{
			name: "older driver banner", goos: "linux", goarch: "amd64",
			tools: map[string]map[string]string{"nvidia-smi": {smiQuery: "nvidia-smi-470-query.csv", "": "nvidia-smi-470.txt"}},
			want:  Identity{OS: "linux", Arch: "x86_64", Accelerator: CUDA, CUDAVersion: "11.4", CUDASource: "nvidia-smi", GPUCount: 1, CPUFeatures: []string{}},
		},
		{
			name: "banner without a version: nvcc", goos: "linux", goarch: "amd64",
			tools: map[string]map[string]string{
				"nvidia-smi": {smiQuery: "nvidia-smi-470-query.csv", "": "nvidia-smi-no-driver.txt"},
				"nvcc":       {"--version": "nvcc-12.1.txt"},
			},
			want: Identity{OS: "linux", Arch: "x86_64", Accelerator: CUDA, CUDAVersion: "12.1", CUDASource: "nvcc --version", GPUCount: 1, CPUFeatures: []string{}},
		},
		{
			name: "no nvcc: the toolkit's version.json", goos: "linux", goarch: "amd64",
			tools: map[string]map[string]string{"nvidia-smi": {smiQuery: "nvidia-smi-470-query.csv", "": ""}},
			files: map[string]string{"/usr/local/cuda/version.json": "cuda-version.json"},
			want:  Identity{OS: "linux", Arch: "x86_64", Accelerator: CUDA, CUDAVersion: "11.8", CUDASource: "/usr/local/cuda/version.json", GPUCount: 1, CPUFeatures: []string{}},
		},
		{
			name: "a driver without a GPU is no CUDA", goos: "linux", goarch: "amd64",
			tools: map[string]map[string]string{"nvidia-smi": {"*": ""}, "nvcc": {"--version": "nvcc-12.1.txt"}},
			want:  Identity{OS: "linux", Arch: "x86_64", Accelerator: CPU, CPUFeatures: []string{}},
		},
		{
			name: "ROCm", goos: "linux", goarch: "amd64",
			tools: map[string]map[string]string{"rocm-smi": {"--showid": "rocm-smi-showid.txt"}},
			files: map[string]string{"/opt/rocm/.info/version": "rocm-info-version"},
			want:  Identity{OS: "linux", Arch: "x86_64", Accelerator: ROCm, ROCmVersion: "5.7.1", GPUCount: 2, CPUFeatures: []string{}},
		},
		{
			name: "Linux on ARM", goos: "linux", goarch: "arm64",
			files: map[string]string{"/proc/cpuinfo": "cpuinfo-arm64.txt"},
			want:  Identity{OS: "linux", Arch: "arm64", Accelerator: CPU, CPUFeatures: []string{"asimd", "aes"}},
		},
		{
			name: "Apple silicon", goos: "darwin", goarch: "arm64",
			want: Identity{OS: "macos", Arch: "arm64", Accelerator: MPS, GPUCount: 1, CPUFeatures: []string{"neon"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newMachine(t)
			for name, byArgs := range tc.tools {
				m.tool(name, byArgs)
			}
			for path, file := range tc.files {
				m.files[path] = file
			}
			got := Detect(context.Background(), m.env(tc.goos, tc.goarch))
			require.Equal(t, tc.want, got)
		})
	}
}

// TestHangingToolIsAbsent runs an nvidia-smi that never answers: the
// probe gives up after its timeout and the machine is CPU-only.
func TestHangingToolIsAbsent(t *testing.T) {
	m := newMachine(t)
	require.NoError(t, os.WriteFile(filepath.Join(m.bin, "nvidia-smi"), []byte("#!/bin/sh\nexec /bin/sleep 60\n"), 0o755))
	env := m.env("linux", "amd64")
	env.Timeout = 200 * time.Millisecond
	start := time.Now()
	got := Detect(context.Background(), env)
	require.Equal(t, CPU, got.Accelerator)
	require.Less(t, time.Since(start), 30*time.Second, "the probe must not wait for the tool")
}

// TestCacheProbesOnce asks a Cache three times: each tool ran once.
func TestCacheProbesOnce(t *testing.T) {
	m := newMachine(t)
	m.tool("nvidia-smi", map[string]string{smiQuery: "nvidia-smi-550-query.csv", "": "nvidia-smi-550.txt"})
	c := NewCache(m.env("linux", "amd64"))
	for i := 0; i < 3; i++ {
		require.Equal(t, "12.4", c.Identity(context.Background()).CUDAVersion)
	}
	require.Equal(t, []string{"nvidia-smi " + smiQuery, "nvidia-smi"}, m.calls())
}

func TestCPUFeatures(t *testing.T) {
	cases := []struct{ cpuinfo, want string }{
		{"flags\t: avx512f pclmulqdq sse3 avx512f\n", "avx512 pclmul sse3"},
		{"processor: 0\nflags : avx2\nflags : avx\n", "avx2"},
		{"Features\t: fp asimd neon\n", "asimd neon"},
		{"model name: x\n", ""},
	}
	for _, tc := range cases {
		require.Equal(t, strings.Join(strings.Fields(tc.want), " "), strings.Join(CPUFeatures(tc.cpuinfo), " "), tc.cpuinfo)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{"amd64": "x86_64", "x86_64": "x86_64", "aarch64": "arm64", "arm64": "arm64", "armv7l": "arm", "riscv64": "riscv64"} {
		require.Equal(t, want, NormalizeArch(in), in)
	}
	for in, want := range map[string]string{"linux": "linux", "darwin": "macos", "windows": "windows", "freebsd": "unknown"} {
		require.Equal(t, want, NormalizeOS(in), in)
	}
	require.Equal(t, "12.1", MajorMinor("12.1.105"))
	require.Equal(t, "", MajorMinor("twelve"))
}
