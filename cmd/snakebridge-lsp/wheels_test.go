//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const gpuMix = `defmodule Gpu.MixProject do
  use Mix.Project

  def project do
    [app: :gpu, version: "0.1.0", deps: [{:snakebridge, "~> 0.16"}], python_deps: python_deps()]
  end

  defp python_deps do
    [
      {:torch, "2.1.0", include: ["tensor"]},
      {:numpy, "1.26.4"}
    ]
  end
end
`

// fakeNvidiaSMI puts an nvidia-smi on PATH that prints the recorded
// banner of a driver supporting cudaVersion and lists one GPU.
func fakeNvidiaSMI(t *testing.T, cudaVersion string) string {
	t.Helper()
	bin := t.TempDir()
	banner, err := os.ReadFile("../../analysis/hardware/testdata/nvidia-smi-550.txt")
	require.NoError(t, err)
	out := strings.Replace(string(banner), "CUDA Version: 12.4", "CUDA Version: "+cudaVersion, 1)
	require.NoError(t, os.WriteFile(filepath.Join(bin, "banner.txt"), []byte(out), 0o644))
	script := "#!/bin/sh\ncase \"$1\" in\n--query-gpu=*) echo '0, NVIDIA A40, 550.127.05';;\n*) exec /bin/cat " + filepath.Join(bin, "banner.txt") + ";;\nesac\n"
	require.NoError(t, os.WriteFile(filepath.Join(bin, "nvidia-smi"), []byte(script), 0o755))
	return bin
}

func runWithPath(t *testing.T, dir, pathPrefix string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+t.TempDir(), "PATH="+pathPrefix+string(os.PathListSeparator)+os.Getenv("PATH"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	code := 0
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

type wheelsJSON struct {
	Hardware struct {
		Accelerator string   `json:"accelerator"`
		CUDAVersion *string  `json:"cuda_version"`
		GPUCount    int      `json:"gpu_count"`
		CPUFeatures []string `json:"cpu_features"`
		Platform    string   `json:"platform"`
	} `json:"hardware"`
	Packages []struct {
		Name     string  `json:"name"`
		Version  *string `json:"version"`
		Variant  *string `json:"variant"`
		Reason   string  `json:"reason"`
		IndexURL *string `json:"index_url"`
		Install  *string `json:"install"`
	} `json:"packages"`
}

func TestWheelsCommand(t *testing.T) {
	cases := []struct {
		name, cuda, variant, install, reason string
	}{
		{"CUDA 12.2", "12.2", "cu121", "pip install torch==2.1.0 --index-url https://download.pytorch.org/whl/cu121", "maps to cu121"},
		{"CUDA 13.0 is newer than known", "13.0", "", "pip install torch==2.1.0 --index-url https://download.pytorch.org/whl/cu124", "newer than any CUDA version"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			proj := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(proj, "mix.exs"), []byte(gpuMix), 0o644))
			out, stderr, code := runWithPath(t, proj, fakeNvidiaSMI(t, tc.cuda), "wheels", "--json")
			require.Equal(t, 0, code, stderr)
			var got wheelsJSON
			require.NoError(t, json.Unmarshal([]byte(out), &got), out)
			require.Equal(t, "cuda", got.Hardware.Accelerator)
			require.Equal(t, tc.cuda, *got.Hardware.CUDAVersion)
			require.Equal(t, 1, got.Hardware.GPUCount)
			require.Len(t, got.Packages, 1, "numpy has no variants")
			p := got.Packages[0]
			require.Equal(t, "torch", p.Name)
			require.Equal(t, "2.1.0", *p.Version)
			if tc.variant == "" {
				require.Nil(t, p.Variant)
			} else {
				require.Equal(t, tc.variant, *p.Variant)
			}
			require.Equal(t, tc.install, *p.Install)
			require.Contains(t, p.Reason, tc.reason)

			human, _, code := runWithPath(t, proj, fakeNvidiaSMI(t, tc.cuda), "wheels")
			require.Equal(t, 0, code)
			require.Contains(t, human, "CUDA "+tc.cuda+" (1 GPU, version from nvidia-smi)")
			require.Contains(t, human, tc.install)
		})
	}
}

func TestWheelsCommandBadConfig(t *testing.T) {
	proj := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(proj, "mix.exs"), []byte(gpuMix), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(proj, "config"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(proj, "config", "wheel_variants.json"), []byte("{\n  \"packages\": {\"torch\": {\"variants\": [\"cpu\"]}},\n  \"rocm\": \"rocm5.7\"\n}\n"), 0o644))
	out, stderr, code := runWithPath(t, proj, t.TempDir(), "wheels")
	require.Equal(t, 1, code, "a configuration with problems exits 1")
	require.Contains(t, stderr, `config/wheel_variants.json:3:3: warning: unknown field "rocm"`)
	require.Contains(t, out, "torch 2.1.0: cpu")
}
