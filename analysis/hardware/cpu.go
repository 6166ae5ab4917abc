package hardware

import (
	"bufio"
	"context"
	"strings"
)

// snakepitFeature maps a /proc/cpuinfo flag to Snakepit's name; "" for the
// flags Snakepit drops. AVX-512 is recorded as "avx512", never "avx512f".
func snakepitFeature(flag string) string {
	switch flag {
	case "avx", "avx2", "sse4_1", "sse4_2", "sse3", "ssse3", "fma", "f16c", "aes", "neon", "asimd":
		return flag
	case "avx512f":
		return "avx512"
	case "pclmulqdq":
		return "pclmul"
	}
	return ""
}

// macFeature maps a macOS sysctl machdep.cpu feature to Snakepit's name.
func macFeature(flag string) string {
	switch strings.ToUpper(flag) {
	case "AVX1.0":
		return "avx"
	case "AVX2":
		return "avx2"
	case "AVX512F":
		return "avx512"
	case "SSE4.1":
		return "sse4_1"
	case "SSE4.2":
		return "sse4_2"
	case "SSE3":
		return "sse3"
	case "SSSE3":
		return "ssse3"
	case "FMA":
		return "fma"
	case "F16C":
		return "f16c"
	case "AES":
		return "aes"
	case "PCLMULQDQ":
		return "pclmul"
	}
	return ""
}

func cpuFeatures(ctx context.Context, env Env) []string {
	if env.GOOS == "darwin" {
		out, ok := env.run(ctx, "sysctl", "-n", "machdep.cpu.features", "machdep.cpu.leaf7_features")
		if !ok {
			if NormalizeArch(env.GOARCH) == "arm64" {
				return []string{"neon"} // every Apple silicon core has it
			}
			return []string{}
		}
		return mapFeatures(strings.Fields(out), macFeature)
	}
	data, err := env.ReadFile("/proc/cpuinfo")
	if err != nil {
		return []string{}
	}
	return CPUFeatures(string(data))
}

// CPUFeatures maps the first "flags" (x86) or "Features" (ARM) line of
// /proc/cpuinfo to Snakepit's names, in cpuinfo order, without repeats.
func CPUFeatures(cpuinfo string) []string {
	sc := bufio.NewScanner(strings.NewReader(cpuinfo))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		key = strings.TrimSpace(key)
		if ok && (key == "flags" || key == "Features") {
			return mapFeatures(strings.Fields(value), snakepitFeature)
		}
	}
	return []string{}
}

func mapFeatures(flags []string, name func(string) string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, f := range flags {
		if n := name(f); n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
