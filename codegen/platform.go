package codegen

import (
	"bufio"
	"context"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// Hardware is the lock's environment.hardware and platform (compat §2.2),
// from a minimal detection like Snakepit's.
type Hardware struct {
	OS           string
	Arch         string
	Accelerator  string
	CPUFeatures  []string
	GPUCount     int
	CUDAVersion  string // "" without CUDA
	CUDNNVersion string
}

// cpuFeatureNames maps /proc/cpuinfo flags to Snakepit's names; unknown
// flags are dropped, the order is cpuinfo's.
var cpuFeatureNames = map[string]string{
	"avx": "avx", "avx2": "avx2", "avx512f": "avx512", "sse4_1": "sse4_1", "sse4_2": "sse4_2",
	"sse3": "sse3", "ssse3": "ssse3", "fma": "fma", "f16c": "f16c", "aes": "aes",
	"pclmulqdq": "pclmul", "neon": "neon", "asimd": "asimd",
}

// DetectHardware inspects the machine. ctx bounds the nvidia-smi probe.
func DetectHardware(ctx context.Context) Hardware {
	h := Hardware{OS: platformOS(runtime.GOOS), Arch: platformArch(runtime.GOARCH), Accelerator: "cpu"}
	if data, err := safefile.ReadFile("/proc/cpuinfo", safefile.MaxSmall); err == nil {
		h.CPUFeatures = CPUFeatures(string(data))
	}
	if v := cudaVersion(ctx); v != "" {
		h.Accelerator, h.CUDAVersion, h.GPUCount = "cuda", v, 1
	}
	return h
}

// CPUFeatures maps the first "flags" (or "Features" on ARM) line.
func CPUFeatures(cpuinfo string) []string {
	out := []string{}
	sc := bufio.NewScanner(strings.NewReader(cpuinfo))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		key = strings.TrimSpace(key)
		if !ok || (key != "flags" && key != "Features") {
			continue
		}
		seen := map[string]bool{}
		for _, f := range strings.Fields(value) {
			if name, ok := cpuFeatureNames[f]; ok && !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
		break
	}
	return out
}

func cudaVersion(ctx context.Context) string {
	smi, err := exec.LookPath("nvidia-smi")
	if err != nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, smi, "--query-gpu=cuda_version", "--format=csv,noheader").Output()
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(line)
}

func platformOS(goos string) string {
	switch goos {
	case "linux", "windows":
		return goos
	case "darwin":
		return "macos"
	}
	return "unknown"
}

func platformArch(goarch string) string {
	switch goarch {
	case "amd64":
		return "x86_64"
	case "arm64":
		return "arm64"
	case "arm":
		return "arm"
	}
	return goarch
}

// ErlangFacts are the lock fields only the BEAM can tell.
type ErlangFacts struct {
	OTPVersion     string
	ElixirVersion  string
	PythonPlatform string // erlang:system_info(system_architecture)
}

// DetectErlang asks erl and elixir, when installed; missing tools leave
// fields empty for the caller to carry over from the previous lock.
func DetectErlang(ctx context.Context) ErlangFacts {
	var f ErlangFacts
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if erl, err := exec.LookPath("erl"); err == nil {
		out, err := exec.CommandContext(ctx, erl, "-noshell", "-eval",
			`io:format("~s~n~s~n", [erlang:system_info(otp_release), erlang:system_info(system_architecture)]), halt().`).Output()
		if err == nil {
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			if len(lines) == 2 {
				f.OTPVersion, f.PythonPlatform = strings.TrimSpace(lines[0]), strings.TrimSpace(lines[1])
			}
		}
	}
	if ex, err := exec.LookPath("elixir"); err == nil {
		out, err := exec.CommandContext(ctx, ex, "-e", "IO.puts(System.version())").Output()
		if err == nil {
			f.ElixirVersion = strings.TrimSpace(string(out))
		}
	}
	return f
}
