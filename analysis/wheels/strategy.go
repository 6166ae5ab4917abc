package wheels

import (
	"fmt"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
)

// Selection is a strategy's answer for one package on one machine.
type Selection struct {
	// Variant is the variant to install; "" when there is no answer (the
	// package has no variants, or the CUDA version is newer than anything
	// the configuration knows).
	Variant string
	// Reason says why, in a sentence a user can act on.
	Reason string
	// Suggestion is the closest known variant when Variant is "" because the
	// machine is newer than the configuration (the newest CUDA variant).
	Suggestion string
}

// Strategy chooses a package's wheel variant for a machine. It is the
// contract upstream's :wheel_strategy modules never had: it must be a pure
// function of its inputs, and say why.
type Strategy interface {
	// Name is the name configuration selects it by.
	Name() string
	// Knows reports whether the strategy has variants for a package; other
	// packages install from the default index.
	Knows(pkg string) bool
	// Variant chooses the variant of a package this machine needs.
	Variant(pkg string, hw hardware.Identity) Selection
	// IndexURL is where a variant's wheels are.
	IndexURL(variant string) string
}

// ConfigStrategyName is upstream's default :wheel_strategy.
const ConfigStrategyName = "SnakeBridge.WheelSelector.ConfigStrategy"

// Constructors are the strategies configuration can name.
type Constructors map[string]func(*Config) Strategy

// Builtin are the strategies this tool implements. A project that names
// another (an Elixir module of its own) cannot be evaluated without running
// Elixir; Select says so.
func Builtin() Constructors {
	return Constructors{
		ConfigStrategyName: func(c *Config) Strategy { return ConfigStrategy{c} },
	}
}

// Select builds the strategy a project names ("" for the default).
func (cs Constructors) Select(name string, cfg *Config) (Strategy, error) {
	if name == "" {
		name = ConfigStrategyName
	}
	name = strings.TrimPrefix(name, "Elixir.")
	if mk, ok := cs[name]; ok {
		return mk(cfg), nil
	}
	known := make([]string, 0, len(cs))
	for n := range cs {
		known = append(known, n)
	}
	sort.Strings(known)
	return nil, fmt.Errorf("wheel strategy %s is a module of the project, which snakebridge-lsp does not run; it knows %s", name, strings.Join(known, ", "))
}

// ConfigStrategy is upstream's ConfigStrategy (compat §8) with its dead
// ends fixed: a CUDA version is mapped exactly, then by major.minor, then
// by the thresholds, and a version newer than every known one is reported
// as such instead of silently taking the newest variant.
type ConfigStrategy struct{ Config *Config }

// Name implements Strategy.
func (s ConfigStrategy) Name() string { return ConfigStrategyName }

// Knows implements Strategy.
func (s ConfigStrategy) Knows(pkg string) bool {
	_, ok := s.Config.Packages[NormalizeName(pkg)]
	return ok
}

// IndexURL implements Strategy.
func (s ConfigStrategy) IndexURL(variant string) string {
	base := s.Config.IndexBaseURL
	if base == "" {
		base = DefaultIndexBaseURL
	}
	return strings.TrimRight(base, "/") + "/" + variant
}

// Variant implements Strategy.
func (s ConfigStrategy) Variant(pkg string, hw hardware.Identity) Selection {
	variants, ok := s.Config.Packages[NormalizeName(pkg)]
	if !ok {
		return Selection{Reason: fmt.Sprintf("%s has no wheel variants in %s", pkg, s.Config.Source())}
	}
	want := s.preferred(hw)
	if want.Variant == "" {
		return want
	}
	switch {
	case contains(variants, want.Variant):
		return want
	case contains(variants, "cpu"):
		return Selection{Variant: "cpu", Reason: fmt.Sprintf("%s; %s lists no %s wheels (%s), so cpu", want.Reason, pkg, want.Variant, strings.Join(variants, ", "))}
	case len(variants) == 0:
		return Selection{Reason: fmt.Sprintf("%s lists no variants in %s", pkg, s.Config.Source())}
	}
	return Selection{Variant: variants[0], Reason: fmt.Sprintf("%s; %s lists neither %s nor cpu wheels, so its first variant", want.Reason, pkg, want.Variant)}
}

// preferred is the variant the machine calls for, before looking at what
// the package offers.
func (s ConfigStrategy) preferred(hw hardware.Identity) Selection {
	switch hw.Accelerator {
	case hardware.CUDA:
		if hw.CUDAVersion == "" {
			return Selection{Variant: "cpu", Reason: "a CUDA GPU whose CUDA version could not be read"}
		}
		return s.cudaVariant(hw.CUDAVersion)
	case hardware.ROCm:
		if s.Config.ROCmVariant == "" {
			return Selection{Variant: "cpu", Reason: fmt.Sprintf("a ROCm GPU, but %s names no rocm_variant", s.Config.Source())}
		}
		return Selection{Variant: s.Config.ROCmVariant, Reason: fmt.Sprintf("a ROCm GPU: rocm_variant of %s", s.Config.Source())}
	case hardware.MPS:
		return Selection{Variant: "cpu", Reason: "Apple silicon: the cpu wheels include MPS support"}
	}
	return Selection{Variant: "cpu", Reason: "no GPU accelerator"}
}

// cudaVariant maps a CUDA version: exactly, then by major.minor, then by
// thresholds; a major version newer than anything known is its own answer.
func (s ConfigStrategy) cudaVariant(version string) Selection {
	if v, ok := s.Config.CUDAMappings[version]; ok {
		return Selection{Variant: v, Reason: fmt.Sprintf("CUDA %s maps to %s in cuda_mappings of %s", version, v, s.Config.Source())}
	}
	mm := hardware.MajorMinor(version)
	if v, ok := s.Config.CUDAMappings[mm]; ok {
		return Selection{Variant: v, Reason: fmt.Sprintf("CUDA %s (%s) maps to %s in cuda_mappings of %s", version, mm, v, s.Config.Source())}
	}
	major, minor, ok := hardware.ParseMajorMinor(version)
	if !ok {
		return Selection{Variant: "cpu", Reason: fmt.Sprintf("CUDA version %q is not a version", version)}
	}
	// Within a major version CUDA is minor-version compatible (a 12.6
	// driver runs cu124 wheels), so only a newer major is unknown ground.
	if newest, variant := s.newestKnown(); newest != "" {
		if nmaj, _, _ := hardware.ParseMajorMinor(newest); major > nmaj {
			return Selection{Suggestion: variant, Reason: fmt.Sprintf(
				"CUDA %s is newer than any CUDA version %s knows (the newest is %s → %s): add it to cuda_mappings, or try %s, whose wheels newer drivers usually run",
				version, s.Config.Source(), newest, variant, variant)}
		}
	}
	for _, t := range s.Config.Thresholds {
		tmaj, tmin := t.Min/10, t.Min%10
		if major > tmaj || (major == tmaj && minor >= tmin) {
			return Selection{Variant: t.Variant, Reason: fmt.Sprintf("CUDA %s is at least %d.%d, the threshold of %s in cuda_thresholds", version, tmaj, tmin, t.Variant)}
		}
	}
	return Selection{Variant: "cpu", Reason: fmt.Sprintf("CUDA %s is older than every CUDA variant in cuda_mappings and cuda_thresholds", version)}
}

// newestKnown is the highest CUDA version the configuration names: a
// mapping key, or a threshold.
func (s ConfigStrategy) newestKnown() (version, variant string) {
	bestMaj, bestMin := -1, -1
	consider := func(maj, min int, v string) {
		if maj > bestMaj || (maj == bestMaj && min > bestMin) {
			bestMaj, bestMin, variant = maj, min, v
		}
	}
	for k, v := range s.Config.CUDAMappings {
		if maj, min, ok := hardware.ParseMajorMinor(k); ok {
			consider(maj, min, v)
		}
	}
	for _, t := range s.Config.Thresholds {
		consider(t.Min/10, t.Min%10, t.Variant)
	}
	if bestMaj < 0 {
		return "", ""
	}
	return fmt.Sprintf("%d.%d", bestMaj, bestMin), variant
}

// InstallCommand is the pip command that installs a package's variant;
// version "" installs the newest.
func InstallCommand(s Strategy, pkg, version, variant string) string {
	spec := pkg
	if version != "" {
		spec += "==" + version
	}
	if variant == "" {
		return "pip install " + spec
	}
	return "pip install " + spec + " --index-url " + s.IndexURL(variant)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
