package wheels

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
)

func load(t *testing.T, name string) *Config {
	t.Helper()
	path := filepath.Join("testdata", name)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	cfg, err := Parse(path, data)
	require.NoError(t, err)
	return cfg
}

func cuda(v string) hardware.Identity {
	return hardware.Identity{Accelerator: hardware.CUDA, CUDAVersion: v, GPUCount: 1}
}

func TestConfigStrategyVariant(t *testing.T) {
	cfg := load(t, "wheel_variants.json")
	s, err := Builtin().Select("", cfg)
	require.NoError(t, err)
	cases := []struct {
		name, pkg  string
		hw         hardware.Identity
		variant    string
		suggestion string
		reason     string
	}{
		{"CPU machine", "torch", hardware.Identity{Accelerator: hardware.CPU}, "cpu", "", "no GPU"},
		{"exact mapping", "torch", cuda("12.1"), "cu121", "", "maps to cu121"},
		{"major.minor of a patch version", "torch", cuda("11.8.89"), "cu118", "", "(11.8) maps to cu118"},
		{"between mappings: thresholds", "torch", cuda("11.9"), "cu118", "", "threshold of cu118"},
		{"newer minor: thresholds", "torch", cuda("12.6"), "cu124", "", "threshold of cu124"},
		{"newer major: no answer, a suggestion", "torch", cuda("13.0"), "", "cu124", "newer than any CUDA version"},
		{"older than every variant", "torch", cuda("10.2"), "cpu", "", "older than every CUDA variant"},
		{"CUDA without a version", "torch", cuda(""), "cpu", "", "could not be read"},
		{"ROCm", "torchaudio", hardware.Identity{Accelerator: hardware.ROCm}, "rocm5.7", "", "rocm_variant"},
		{"MPS", "torch", hardware.Identity{Accelerator: hardware.MPS}, "cpu", "", "Apple silicon"},
		{"package without the CUDA variant", "jaxlib", cuda("12.1"), "cpu", "", "lists no cu121 wheels"},
		{"unknown package", "numpy", cuda("12.1"), "", "", "no wheel variants"},
		{"PEP 503 name", "TorchVision", cuda("12.4"), "cu124", "", "maps to cu124"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := s.Variant(tc.pkg, tc.hw)
			require.Equal(t, tc.variant, got.Variant, got.Reason)
			require.Equal(t, tc.suggestion, got.Suggestion, got.Reason)
			require.Contains(t, got.Reason, tc.reason)
		})
	}
}

// TestUpstreamDeadEnds covers upstream's two dead ends: the digits-only
// mapping fallback that could never match, and a future CUDA silently
// mapped to cu124.
func TestUpstreamDeadEnds(t *testing.T) {
	s := ConfigStrategy{Default()}
	require.Equal(t, "cu121", s.Variant("torch", cuda("12.1.105")).Variant)
	sel := s.Variant("torch", cuda("13.1"))
	require.Empty(t, sel.Variant)
	require.Equal(t, "cu124", sel.Suggestion)
}

func TestThresholdsFromConfiguration(t *testing.T) {
	cfg := Default()
	cfg.CUDAMappings = map[string]string{}
	cfg.Thresholds = []Threshold{{"cu126", 126}, {"cu118", 118}}
	cfg.Packages["torch"] = append(cfg.Packages["torch"], "cu126")
	s := ConfigStrategy{cfg}
	require.Equal(t, "cu126", s.Variant("torch", cuda("12.8")).Variant)
	require.Equal(t, "cu118", s.Variant("torch", cuda("12.5")).Variant)
	require.Equal(t, "cpu", s.Variant("torch", cuda("11.7")).Variant)
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ name, json, want string }{
		{"misspelt field", `{"packages": {}, "cuda_mapping": {}}`, `x.json:1:18: unknown field "cuda_mapping"`},
		{"variants not a list", "{\n  \"packages\": {\"torch\": {\"variants\": \"cpu\"}}\n}", `x.json:2:38: package "torch"'s "variants" must be an array`},
		{"unknown package field", `{"packages": {"torch": {"variant": []}}}`, `x.json:1:25: unknown field "variant" in package "torch"`},
		{"digits-only CUDA key", `{"cuda_mappings": {"121": "cu121"}}`, `x.json:1:20: CUDA version "121" in "cuda_mappings" must be "major.minor"`},
		{"malformed JSON", `{"packages": }`, `x.json:1:14:`},
		{"not an object", `[]`, `x.json:1:1: the top level must be an object`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("x.json", []byte(tc.json))
			require.Error(t, err)
			var le *lockfile.Error
			require.ErrorAs(t, err, &le)
			require.True(t, strings.HasPrefix(err.Error(), tc.want), "got %q, want prefix %q", err.Error(), tc.want)
		})
	}
	data, err := os.ReadFile(filepath.Join("testdata", "misspelt.json"))
	require.NoError(t, err)
	_, err = Parse("config/wheel_variants.json", data)
	require.EqualError(t, err, `config/wheel_variants.json:5:3: unknown field "cuda_mapping" (the fields are "packages", "cuda_mappings" and "rocm_variant")`)
}

func TestSelectUnknownStrategy(t *testing.T) {
	_, err := Builtin().Select("MyApp.GPUStrategy", Default())
	require.ErrorContains(t, err, "MyApp.GPUStrategy is a module of the project")
	s, err := Builtin().Select("Elixir.SnakeBridge.WheelSelector.ConfigStrategy", Default())
	require.NoError(t, err)
	require.Equal(t, ConfigStrategyName, s.Name())
}

func TestInstallCommand(t *testing.T) {
	cfg := Default()
	cfg.IndexBaseURL = "https://mirror.example/whl"
	s := ConfigStrategy{cfg}
	require.Equal(t, "pip install torch==2.1.0 --index-url https://mirror.example/whl/cu121", InstallCommand(s, "torch", "2.1.0", "cu121"))
	require.Equal(t, "pip install torch --index-url "+strings.TrimSuffix(DefaultIndexBaseURL, "/")+"/cpu", InstallCommand(ConfigStrategy{Default()}, "torch", "", "cpu"))
}
