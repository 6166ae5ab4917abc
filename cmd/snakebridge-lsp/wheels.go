package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
)

// wheelsHardware is the "hardware" object of `wheels --json`.
type wheelsHardware struct {
	Accelerator string   `json:"accelerator"`
	CUDAVersion *string  `json:"cuda_version"`
	GPUCount    int      `json:"gpu_count"`
	CPUFeatures []string `json:"cpu_features"`
	Platform    string   `json:"platform"`
}

// wheelsPackage is one entry of "packages".
type wheelsPackage struct {
	Name     string  `json:"name"`
	Version  *string `json:"version"`
	Variant  *string `json:"variant"`
	Reason   string  `json:"reason"`
	IndexURL *string `json:"index_url"`
	Install  *string `json:"install"`
}

type wheelsOutput struct {
	Hardware wheelsHardware     `json:"hardware"`
	Packages []wheelsPackage    `json:"packages"`
	Problems []analysis.Finding `json:"problems"`
}

// runWheels prints, for every configured package the wheel configuration
// knows, the variant this machine needs. Exit 0; 1 when the configuration
// has problems (the built-in variants answered); 2 when the project cannot
// be read.
func runWheels(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("wheels", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	if err := parseArgs(fs, "wheels [--json] [DIR]", args); err != nil {
		return reportFlagError("wheels", err, stdout, stderr)
	}
	dir, err := dirArg(fs)
	if err != nil {
		return reportFlagError("wheels", err, stdout, stderr)
	}
	opts := analysis.Options{}
	proj := analysis.Load(ctx, dir, opts)
	if len(proj.Unreadable) > 0 {
		for _, f := range proj.Unreadable {
			fmt.Fprintf(stderr, "%s:%d:%d: %s: %s [%s]\n", displayPath(dir, f.File), f.Range.Start.Line+1, f.Range.Start.Character+1, f.Severity, f.Message, f.Code)
		}
		return analysis.ExitUnevaluable
	}
	hw := hardware.NewCache(hardware.System()).Identity(ctx)
	setup := proj.LoadWheels(opts)
	out := wheelsOutput{Hardware: hardwareJSON(hw), Packages: []wheelsPackage{}, Problems: setup.Problems}
	if out.Problems == nil {
		out.Problems = []analysis.Finding{}
	}
	for _, pv := range setup.Variants(proj.Libraries, hw) {
		out.Packages = append(out.Packages, wheelsPackage{
			Name: pv.Package, Version: optional(pv.Version), Variant: optional(pv.Selection.Variant),
			Reason: pv.Selection.Reason, IndexURL: optional(pv.IndexURL), Install: optional(pv.Install),
		})
	}
	code := 0
	if len(setup.Problems) > 0 {
		code = 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "snakebridge-lsp wheels: writing JSON: %v\n", err)
			return analysis.ExitUnevaluable
		}
		return code
	}
	for _, f := range setup.Problems {
		fmt.Fprintf(stderr, "%s:%d:%d: %s: %s [%s]\n", displayPath(dir, f.File), f.Range.Start.Line+1, f.Range.Start.Character+1, f.Severity, f.Message, f.Code)
	}
	writeWheels(stdout, hw, out.Packages, setup)
	return code
}

func writeWheels(w io.Writer, hw hardware.Identity, pkgs []wheelsPackage, setup analysis.WheelSetup) {
	fmt.Fprintf(w, "this machine: %s, %s", hw.Platform(), acceleratorText(hw))
	if len(hw.CPUFeatures) > 0 {
		fmt.Fprintf(w, "; CPU features %s", strings.Join(hw.CPUFeatures, " "))
	}
	fmt.Fprintln(w)
	if len(pkgs) == 0 {
		fmt.Fprintf(w, "no configured package has wheel variants in %s (it knows %s)\n", setup.Config.Source(), strings.Join(setup.Config.PackageNames(), ", "))
		return
	}
	for _, p := range pkgs {
		name := p.Name
		if p.Version != nil {
			name += " " + *p.Version
		}
		switch {
		case p.Variant != nil:
			fmt.Fprintf(w, "%s: %s — %s\n", name, *p.Variant, p.Reason)
		default:
			fmt.Fprintf(w, "%s: no variant — %s\n", name, p.Reason)
		}
		if p.Install != nil {
			fmt.Fprintf(w, "  %s\n", *p.Install)
		}
	}
}

func acceleratorText(hw hardware.Identity) string {
	switch hw.Accelerator {
	case hardware.CUDA:
		return fmt.Sprintf("CUDA %s (%d GPU%s, version from %s)", orDash(hw.CUDAVersion), hw.GPUCount, pluralS(hw.GPUCount), orDash(hw.CUDASource))
	case hardware.ROCm:
		return fmt.Sprintf("ROCm %s (%d GPU%s)", orDash(hw.ROCmVersion), hw.GPUCount, pluralS(hw.GPUCount))
	case hardware.MPS:
		return "Apple MPS"
	}
	return "CPU only (no CUDA, ROCm or MPS found)"
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func hardwareJSON(hw hardware.Identity) wheelsHardware {
	features := hw.CPUFeatures
	if features == nil {
		features = []string{}
	}
	return wheelsHardware{Accelerator: hw.Accelerator, CUDAVersion: optional(hw.CUDAVersion), GPUCount: hw.GPUCount,
		CPUFeatures: features, Platform: hw.Platform()}
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
