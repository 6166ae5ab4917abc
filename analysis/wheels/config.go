// Package wheels chooses the wheel variant of a Python package (torch
// cpu, cu118, cu121, cu124, rocm5.7, …) that a machine needs, from
// SnakeBridge's config/wheel_variants.json (compat §8) through a pluggable
// Strategy. See docs/hardware.md.
package wheels

import (
	"fmt"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
)

// DefaultIndexBaseURL is config :snakebridge, :pytorch_index_base_url's
// default.
const DefaultIndexBaseURL = "https://download.pytorch.org/whl/"

// Threshold is one entry of config :snakebridge, :cuda_thresholds:
// {"cu121", 120} selects cu121 for CUDA 12.0 and newer (the number is the
// major version followed by the one-digit minor, as upstream writes it).
type Threshold struct {
	Variant string
	Min     int
}

// DefaultThresholds are upstream's cuda_thresholds.
func DefaultThresholds() []Threshold {
	return []Threshold{{"cu124", 124}, {"cu121", 120}, {"cu118", 117}}
}

// Config is a wheel_variants.json with the settings that go with it.
type Config struct {
	// Path is the file read, or "" for the built-in copy.
	Path string
	// Packages maps a package name to its variants, in the file's order.
	Packages map[string][]string
	// CUDAMappings maps a CUDA version ("12.1") to a variant.
	CUDAMappings map[string]string
	// ROCmVariant is the variant for ROCm machines.
	ROCmVariant string
	// IndexBaseURL and Thresholds come from config :snakebridge.
	IndexBaseURL string
	Thresholds   []Threshold
	// Ranges locates each package's entry for diagnostics (file ranges).
	Ranges map[string]lockfile.Range
}

// Source names where the configuration came from, for messages.
func (c *Config) Source() string {
	if c.Path == "" {
		return "the built-in wheel variants"
	}
	return c.Path
}

// Default is upstream's built-in copy of config/wheel_variants.json.
func Default() *Config {
	torch := []string{"cpu", "cu118", "cu121", "cu124", "rocm5.7"}
	return &Config{
		Packages: map[string][]string{"torch": torch, "torchvision": torch, "torchaudio": torch},
		CUDAMappings: map[string]string{
			"11.7": "cu118", "11.8": "cu118", "12.0": "cu121", "12.1": "cu121", "12.2": "cu121",
			"12.3": "cu124", "12.4": "cu124", "12.5": "cu124",
		},
		ROCmVariant:  "rocm5.7",
		IndexBaseURL: DefaultIndexBaseURL,
		Thresholds:   DefaultThresholds(),
		Ranges:       map[string]lockfile.Range{},
	}
}

// Parse reads a wheel_variants.json. Errors are *lockfile.Error, naming
// the file, line and column: malformed JSON, a value of the wrong type, an
// unknown field (a misspelt "cuda_mapping" must not silently mean "no
// mappings"), a CUDA version that is not "major.minor".
func Parse(path string, data []byte) (*Config, error) {
	root, err := lockfile.ParseJSON(path, data)
	if err != nil {
		return nil, err
	}
	p := parser{file: path}
	cfg := &Config{Path: path, Packages: map[string][]string{}, CUDAMappings: map[string]string{},
		IndexBaseURL: DefaultIndexBaseURL, Thresholds: DefaultThresholds(), Ranges: map[string]lockfile.Range{}}
	if !p.kind(root, lockfile.KindObject, "the top level") {
		return nil, p.err
	}
	for _, m := range root.Members {
		switch m.Key {
		case "packages":
			p.packages(m.Value, cfg)
		case "cuda_mappings":
			p.mappings(m.Value, cfg)
		case "rocm_variant":
			if p.kind(m.Value, lockfile.KindString, `"rocm_variant"`) {
				cfg.ROCmVariant = m.Value.Str
			}
		default:
			p.fail(m.KeyRange, fmt.Sprintf("unknown field %q (the fields are \"packages\", \"cuda_mappings\" and \"rocm_variant\")", m.Key))
		}
		if p.err != nil {
			return nil, p.err
		}
	}
	return cfg, nil
}

type parser struct {
	file string
	err  *lockfile.Error
}

func (p *parser) fail(r lockfile.Range, msg string) {
	if p.err == nil {
		p.err = &lockfile.Error{File: p.file, Range: r, Msg: msg}
	}
}

func (p *parser) kind(n *lockfile.Node, k lockfile.Kind, what string) bool {
	if n.Kind != k {
		p.fail(n.Range, fmt.Sprintf("%s must be %s", what, kindName(k)))
		return false
	}
	return true
}

func kindName(k lockfile.Kind) string {
	switch k {
	case lockfile.KindObject:
		return "an object"
	case lockfile.KindArray:
		return "an array"
	case lockfile.KindString:
		return "a string"
	}
	return "a value"
}

func (p *parser) packages(n *lockfile.Node, cfg *Config) {
	if !p.kind(n, lockfile.KindObject, `"packages"`) {
		return
	}
	for _, pkg := range n.Members {
		what := fmt.Sprintf("package %q", pkg.Key)
		if !p.kind(pkg.Value, lockfile.KindObject, what) {
			return
		}
		variants := []string{}
		for _, f := range pkg.Value.Members {
			if f.Key != "variants" {
				p.fail(f.KeyRange, fmt.Sprintf("unknown field %q in %s (the field is \"variants\")", f.Key, what))
				return
			}
			if !p.kind(f.Value, lockfile.KindArray, what+`'s "variants"`) {
				return
			}
			for _, v := range f.Value.Elems {
				if !p.kind(v, lockfile.KindString, "a variant of "+what) {
					return
				}
				variants = append(variants, v.Str)
			}
		}
		cfg.Packages[NormalizeName(pkg.Key)] = variants
		cfg.Ranges[NormalizeName(pkg.Key)] = pkg.KeyRange
	}
}

func (p *parser) mappings(n *lockfile.Node, cfg *Config) {
	if !p.kind(n, lockfile.KindObject, `"cuda_mappings"`) {
		return
	}
	for _, m := range n.Members {
		if _, _, ok := hardware.ParseMajorMinor(m.Key); !ok || hardware.MajorMinor(m.Key) != m.Key {
			p.fail(m.KeyRange, fmt.Sprintf("CUDA version %q in \"cuda_mappings\" must be \"major.minor\", e.g. \"12.1\"", m.Key))
			return
		}
		if !p.kind(m.Value, lockfile.KindString, fmt.Sprintf("the variant of CUDA %s", m.Key)) {
			return
		}
		cfg.CUDAMappings[m.Key] = m.Value.Str
	}
}

// NormalizeName is a package name as PEP 503 compares them.
func NormalizeName(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r == '-' || r == '_' || r == '.' {
			if !dash {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		dash = false
		b.WriteRune(r)
	}
	return b.String()
}

// PackageNames lists the configured packages, sorted.
func (c *Config) PackageNames() []string {
	out := make([]string, 0, len(c.Packages))
	for n := range c.Packages {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
