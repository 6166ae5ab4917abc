package analysis

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

const torchMix = `defmodule Gpu.MixProject do
  use Mix.Project

  def project do
    [app: :gpu, version: "0.1.0", deps: [{:snakebridge, "~> 0.16"}], python_deps: python_deps()]
  end

  defp python_deps do
    [
      {:torch, "2.1.0", include: ["tensor"]},
      {:json, :stdlib}
    ]
  end
end
`

// hardwareLock is a lock whose platform and hardware are given as JSON
// members of environment.
func hardwareLock(platform, hw string) string {
	return fmt.Sprintf(`{
  "compatibility": {"compute_capability_min": null, "cuda_min": null},
  "environment": {
    "elixir_version": "1.18.4",
    "generator_hash": "%s",
    "hardware": %s,
    "otp_version": "28",
    "platform": %s,
    "python_packages_hash": "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "python_platform": "x86_64-pc-linux-gnu",
    "python_runtime_hash": "unknown",
    "python_version": "3.11.2",
    "snakebridge_version": "0.16.0"
  },
  "libraries": {},
  "python_packages": {},
  "version": "0.16.0"
}`, strings.Repeat("ab", 32), hw, platform)
}

// hardwareCodes checks a torch project whose lock records lockHW on a
// machine that is now, and returns the hardware and wheel findings.
func hardwareCodes(t *testing.T, files map[string]string, now hardware.Identity, strict bool) ([]Finding, *Report) {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(body), 0o644))
	}
	opts := Options{Python: testenv.SystemPython(t), Facts: pyenv.NewFactsCache(""), Hardware: hardware.Known(now), Strict: strict}
	r := Check(context.Background(), root, opts)
	var out []Finding
	for _, f := range r.Findings {
		if strings.HasPrefix(string(f.Code), "hardware_") || strings.HasPrefix(string(f.Code), "wheel_") {
			out = append(out, f)
		}
	}
	return out, r
}

func TestHardwareFindings(t *testing.T) {
	x86 := `{"arch": "x86_64", "os": "linux"}`
	cpuMachine := hardware.Identity{OS: "linux", Arch: "x86_64", Accelerator: hardware.CPU, CPUFeatures: []string{"sse4_2", "avx", "avx2"}}
	cuda := func(v string) hardware.Identity {
		id := cpuMachine
		id.Accelerator, id.CUDAVersion, id.GPUCount = hardware.CUDA, v, 1
		return id
	}
	cases := []struct {
		name     string
		platform string
		hw       string
		now      hardware.Identity
		want     []string // "code:severity", sorted
	}{
		{"same machine", x86, `{"accelerator": "cpu", "cpu_features": ["avx", "avx2"], "gpu_count": 0}`, cpuMachine, nil},
		{"no hardware recorded", `{}`, `{}`, cpuMachine, nil},
		{"other OS and arch", `{"arch": "arm64", "os": "macos"}`, `{"accelerator": "cpu", "cpu_features": [], "gpu_count": 0}`, cpuMachine,
			[]string{"hardware_arch_mismatch:error", "hardware_platform_mismatch:error"}},
		{"aarch64 is arm64", `{"arch": "aarch64", "os": "linux"}`, `{"accelerator": "cpu", "cpu_features": [], "gpu_count": 0}`,
			hardware.Identity{OS: "linux", Arch: "arm64", Accelerator: hardware.CPU}, nil},
		{"CUDA lock on a CPU machine", x86, `{"accelerator": "cuda", "cuda_version": "12.1", "cudnn_version": null, "cpu_features": [], "gpu_count": 1}`, cpuMachine,
			[]string{"hardware_cuda_unavailable:error", "hardware_variant_mismatch:warning"}},
		{"CUDA major drift", x86, `{"accelerator": "cuda", "cuda_version": "11.8", "cudnn_version": null, "cpu_features": [], "gpu_count": 1}`, cuda("12.4"),
			[]string{"hardware_cuda_version_mismatch:warning", "hardware_variant_mismatch:warning"}},
		{"CUDA minor drift, same variant", x86, `{"accelerator": "cuda", "cuda_version": "12.3", "cudnn_version": null, "cpu_features": [], "gpu_count": 1}`, cuda("12.4"),
			[]string{"hardware_cuda_version_differs:warning"}},
		{"CUDA patch level is no drift", x86, `{"accelerator": "cuda", "cuda_version": "12.1", "cudnn_version": null, "cpu_features": [], "gpu_count": 1}`, cuda("12.1.105"), nil},
		{"CUDA newer than known", x86, `{"accelerator": "cuda", "cuda_version": "12.4", "cudnn_version": null, "cpu_features": [], "gpu_count": 1}`, cuda("13.0"),
			[]string{"hardware_cuda_version_mismatch:warning", "hardware_variant_unknown:warning"}},
		{"MPS lock on Linux", x86, `{"accelerator": "mps", "cpu_features": [], "gpu_count": 1}`, cpuMachine,
			[]string{"hardware_mps_unavailable:error"}},
		{"ROCm lock on a CPU machine", x86, `{"accelerator": "rocm", "cpu_features": [], "gpu_count": 1}`, cpuMachine,
			[]string{"hardware_rocm_unavailable:error", "hardware_variant_mismatch:warning"}},
		{"AVX-512 as Snakepit records it", x86, `{"accelerator": "cpu", "cpu_features": ["avx", "avx512", "fma"], "gpu_count": 0}`, cpuMachine,
			[]string{"hardware_cpu_features_critical:error", "hardware_cpu_features_missing:warning"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"mix.exs": torchMix, "snakebridge.lock": hardwareLock(tc.platform, tc.hw)}
			got, _ := hardwareCodes(t, files, tc.now, false)
			var codes []string
			for _, f := range got {
				codes = append(codes, string(f.Code)+":"+string(f.Severity))
				require.Equal(t, f.Severity == SeverityWarning, f.Advisory, "warnings are advisory: %s", f)
				require.NotEmpty(t, f.Message)
			}
			sort.Strings(codes)
			require.Equal(t, tc.want, codes, "%v", got)
		})
	}
}

// TestHardwareWarningsFailOnlyWhenStrict: a CUDA minor drift leaves the
// project fresh, and stale with --strict, as mix snakebridge.verify does.
func TestHardwareWarningsFailOnlyWhenStrict(t *testing.T) {
	files := map[string]string{"mix.exs": torchMix, "snakebridge.lock": hardwareLock(`{"arch": "x86_64", "os": "linux"}`,
		`{"accelerator": "cuda", "cuda_version": "12.3", "cudnn_version": null, "cpu_features": [], "gpu_count": 1}`)}
	now := hardware.Identity{OS: "linux", Arch: "x86_64", Accelerator: hardware.CUDA, CUDAVersion: "12.4", GPUCount: 1}
	got, _ := hardwareCodes(t, files, now, false)
	require.Len(t, got, 1)
	require.False(t, got[0].Stale())
	got, _ = hardwareCodes(t, files, now, true)
	require.Len(t, got, 1)
	require.True(t, got[0].Stale())
	require.False(t, got[0].Advisory)
}

func TestVariantMismatchNamesTheInstall(t *testing.T) {
	files := map[string]string{"mix.exs": torchMix, "snakebridge.lock": hardwareLock(`{"arch": "x86_64", "os": "linux"}`,
		`{"accelerator": "cuda", "cuda_version": "12.1", "cudnn_version": null, "cpu_features": [], "gpu_count": 1}`)}
	got, _ := hardwareCodes(t, files, hardware.Identity{OS: "linux", Arch: "x86_64", Accelerator: hardware.CPU}, false)
	var f *Finding
	for i := range got {
		if got[i].Code == CodeHardwareVariantMismatch {
			f = &got[i]
		}
	}
	require.NotNil(t, f)
	require.Equal(t, "torch", f.LibraryName())
	require.Equal(t, "mix.exs", f.File)
	require.Equal(t, 9, f.Range.Start.Line, "on torch's python_deps entry")
	require.Contains(t, f.Message, "needs torch cu121")
	require.Contains(t, f.Message, "pip install torch==2.1.0 --index-url https://download.pytorch.org/whl/cpu")
}

func TestWheelConfigProblems(t *testing.T) {
	lock := hardwareLock(`{"arch": "x86_64", "os": "linux"}`, `{"accelerator": "cpu", "cpu_features": [], "gpu_count": 0}`)
	cpu := hardware.Identity{OS: "linux", Arch: "x86_64", Accelerator: hardware.CPU}
	cases := []struct {
		name   string
		files  map[string]string
		file   string
		line   int
		substr string
	}{
		{"unknown field", map[string]string{"config/wheel_variants.json": "{\n  \"packages\": {},\n  \"cuda_mapping\": {}\n}\n"},
			"config/wheel_variants.json", 2, `unknown field "cuda_mapping"`},
		{"malformed", map[string]string{"config/wheel_variants.json": "{\"packages\": {,}}"}, "config/wheel_variants.json", 0, "built-in wheel variants are used"},
		{"missing configured path", map[string]string{"config/config.exs": "import Config\n\nconfig :snakebridge,\n  wheel_config_path: \"gpu/variants.json\"\n"},
			"config/config.exs", 3, `wheel_config_path "gpu/variants.json" does not exist`},
		{"project strategy", map[string]string{"config/config.exs": "import Config\nconfig :snakebridge, wheel_strategy: Gpu.MyStrategy\n"},
			"config/config.exs", 1, "wheel strategy Gpu.MyStrategy is a module of the project"},
		{"bad thresholds", map[string]string{"config/config.exs": "import Config\nconfig :snakebridge, cuda_thresholds: [cu124: 124]\n"},
			"config/config.exs", 1, "cuda_thresholds must be a list of {variant, version} tuples"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"mix.exs": torchMix, "snakebridge.lock": lock}
			for k, v := range tc.files {
				files[k] = v
			}
			got, r := hardwareCodes(t, files, cpu, false)
			require.Len(t, got, 1, "%v", r.Findings)
			f := got[0]
			require.Equal(t, CodeWheelConfigInvalid, f.Code)
			require.Equal(t, tc.file, f.File)
			require.Equal(t, tc.line, f.Range.Start.Line, f.Message)
			require.Contains(t, f.Message, tc.substr)
			require.True(t, f.Advisory)
		})
	}
}
