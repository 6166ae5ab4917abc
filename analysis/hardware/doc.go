// Package hardware detects what a machine offers Python's accelerated
// libraries — accelerator, CUDA or ROCm version, GPU count, Apple MPS, CPU
// features, platform — in Snakepit's vocabulary (compat §2.2), so that a
// lock written on one machine can be verified on another and the right
// wheel variant chosen.
//
// Detection order (docs/hardware.md):
//   - CUDA: nvidia-smi must list at least one GPU (--query-gpu CSV); its
//     version comes from the nvidia-smi banner ("CUDA Version: 12.2"), else
//     `nvcc --version`, else /usr/local/cuda/version.json.
//   - ROCm, when there is no CUDA: rocm-smi must list a GPU; the version comes
//     from /opt/rocm/.info/version.
//   - MPS: macOS on Apple silicon.
//   - CPU features: the first flags line of /proc/cpuinfo (sysctl on macOS),
//     mapped to Snakepit's names.
//
// Every probe has a short timeout, and a missing or failing tool means "not
// present", never an error. A Cache runs the detection at most once.
package hardware
