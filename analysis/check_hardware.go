package analysis

import (
	"context"
	"fmt"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
)

// hardware verifies the lock's environment.platform and hardware against
// this machine (compat §3.1, with upstream's dead branches made reachable
// and ROCm checked), then the wheel variants.
func (c *checker) hardware(ctx context.Context) {
	if c.opts.Hardware == nil {
		return
	}
	w := c.p.LoadWheels(c.opts)
	c.report.Findings = append(c.report.Findings, w.Problems...)
	if c.p.Lock == nil {
		return
	}
	now := c.opts.Hardware.Identity(ctx)
	env := c.p.Lock.Environment
	c.platform(env.Platform, now)
	c.accelerator(env.Hardware, now)
	c.cpuFeatures(env.Hardware, now)
	c.variants(w, env.Hardware, now)
}

// hwFinding adds a finding on a lock field; warnings are advisory unless
// the check is strict.
func (c *checker) hwFinding(code Code, sev Severity, field []string, msg string, expected, actual any) {
	c.add(Finding{Code: code, Severity: sev, File: LockFile, Range: c.lockFieldRange(field...),
		Message: msg, Expected: expected, Actual: actual, Advisory: sev == SeverityWarning && !c.opts.Strict})
}

func (c *checker) platform(p lockfile.Platform, now hardware.Identity) {
	if !p.Present {
		return
	}
	if p.OS.Valid() && p.OS.Value != "" && p.OS.Value != now.OS {
		c.hwFinding(CodeHardwarePlatformMismatch, SeverityError, []string{"environment", "platform", "os"},
			fmt.Sprintf("platform mismatch: the lock was made on %s, this machine runs %s; the Python packages it describes may not exist here — regenerate bindings on this platform", p.OS.Value, now.OS),
			now.OS, p.OS.Value)
	}
	if p.Arch.Valid() && p.Arch.Value != "" && hardware.NormalizeArch(p.Arch.Value) != now.Arch {
		c.hwFinding(CodeHardwareArchMismatch, SeverityError, []string{"environment", "platform", "arch"},
			fmt.Sprintf("architecture mismatch: the lock was made on %s, this machine is %s; regenerate bindings on this architecture", p.Arch.Value, now.Arch),
			now.Arch, p.Arch.Value)
	}
}

func (c *checker) accelerator(h lockfile.Hardware, now hardware.Identity) {
	if !h.Present || !h.Accelerator.Valid() {
		return
	}
	field := []string{"environment", "hardware", "accelerator"}
	switch locked := h.Accelerator.Value; {
	case locked == hardware.CUDA && now.Accelerator != hardware.CUDA:
		c.hwFinding(CodeHardwareCUDAUnavailable, SeverityError, field,
			fmt.Sprintf("the lock was made with CUDA%s, but this machine has no CUDA GPU%s: the CUDA build of its packages would fall back to the CPU or fail", versionSuffix(h.CUDAVersion), otherAccelerator(now)),
			now.Accelerator, locked)
	case locked == hardware.CUDA:
		c.cudaVersion(h, now)
	case locked == hardware.MPS && now.Accelerator != hardware.MPS:
		c.hwFinding(CodeHardwareMPSUnavailable, SeverityError, field,
			fmt.Sprintf("the lock was made with Apple MPS, which needs macOS on Apple silicon; this machine has %s", describeAccelerator(now)),
			now.Accelerator, locked)
	case locked == hardware.ROCm && now.Accelerator != hardware.ROCm:
		c.hwFinding(CodeHardwareROCmUnavailable, SeverityError, field,
			fmt.Sprintf("the lock was made with ROCm, but this machine has no ROCm GPU%s: the ROCm build of its packages would not run here", otherAccelerator(now)),
			now.Accelerator, locked)
	}
}

// cudaVersion compares CUDA versions as numbers: a different major is
// "mismatch", a different minor "differs" ("12.1" and "12.1.1" agree).
func (c *checker) cudaVersion(h lockfile.Hardware, now hardware.Identity) {
	if !h.CUDAVersion.Valid() || now.CUDAVersion == "" {
		return
	}
	lmaj, lmin, ok1 := hardware.ParseMajorMinor(h.CUDAVersion.Value)
	nmaj, nmin, ok2 := hardware.ParseMajorMinor(now.CUDAVersion)
	if !ok1 || !ok2 || (lmaj == nmaj && lmin == nmin) {
		return
	}
	field := []string{"environment", "hardware", "cuda_version"}
	if lmaj != nmaj {
		c.hwFinding(CodeHardwareCUDAVersionMismatch, SeverityWarning, field,
			fmt.Sprintf("CUDA version mismatch: the lock has %s, this machine has %s (a different major version needs a different build of CUDA packages)", h.CUDAVersion.Value, now.CUDAVersion),
			now.CUDAVersion, h.CUDAVersion.Value)
		return
	}
	c.hwFinding(CodeHardwareCUDAVersionDiffers, SeverityWarning, field,
		fmt.Sprintf("CUDA version differs: the lock has %s, this machine has %s", h.CUDAVersion.Value, now.CUDAVersion),
		now.CUDAVersion, h.CUDAVersion.Value)
}

// criticalFeatures are the CPU features whose absence is an error,
// under the name Snakepit records (upstream looked for "avx512f", which
// Snakepit never records, so its critical branch could not fire).
var criticalFeatures = map[string]bool{"avx512": true}

func (c *checker) cpuFeatures(h lockfile.Hardware, now hardware.Identity) {
	if !h.Present || !h.CPUFeatures.Valid() {
		return
	}
	var critical, optional []string
	for _, f := range h.CPUFeatures.Value {
		name := f
		if name == "avx512f" {
			name = "avx512"
		}
		if now.HasFeature(name) {
			continue
		}
		if criticalFeatures[name] {
			critical = append(critical, f)
		} else {
			optional = append(optional, f)
		}
	}
	field := []string{"environment", "hardware", "cpu_features"}
	if len(critical) > 0 {
		c.hwFinding(CodeHardwareCPUFeaturesCritical, SeverityError, field,
			fmt.Sprintf("missing critical CPU features: %s — packages built for the lock's machine may crash with an illegal instruction here", strings.Join(critical, ", ")),
			now.CPUFeatures, h.CPUFeatures.Value)
	}
	if len(optional) > 0 {
		c.hwFinding(CodeHardwareCPUFeaturesMissing, SeverityWarning, field,
			fmt.Sprintf("missing optional CPU features: %s", strings.Join(optional, ", ")),
			now.CPUFeatures, h.CPUFeatures.Value)
	}
}

// variants reports a package whose wheel variant this machine needs
// differs from the one the lock's machine needed.
func (c *checker) variants(w WheelSetup, h lockfile.Hardware, now hardware.Identity) {
	if !h.Present || !h.Accelerator.Valid() {
		return
	}
	then := hardware.Identity{Accelerator: h.Accelerator.Value}
	if h.CUDAVersion.Valid() {
		then.CUDAVersion = h.CUDAVersion.Value
	}
	before := map[string]string{}
	for _, pv := range w.Variants(c.p.Libraries, then) {
		before[pv.Package] = pv.Selection.Variant
	}
	for _, pv := range w.Variants(c.p.Libraries, now) {
		lib := strPtr(pv.Library.PythonName)
		advisory := !c.opts.Strict
		sel := pv.Selection
		related := c.related(LockFile, c.lockFieldRange("environment", "hardware"), "the hardware the lock was made with")
		if sel.Variant == "" {
			msg := fmt.Sprintf("no %s wheel variant is known for this machine: %s", pv.Package, sel.Reason)
			if pv.Install != "" {
				msg += fmt.Sprintf(" (`%s`)", pv.Install)
			}
			c.add(Finding{Code: CodeHardwareVariantUnknown, Severity: SeverityWarning, Library: lib, File: MixExsFile, Range: pv.Library.Range,
				Message: msg, Expected: nil, Actual: nullable(before[pv.Package]), Related: related, Advisory: advisory})
			continue
		}
		if old := before[pv.Package]; old != "" && old != sel.Variant {
			c.add(Finding{Code: CodeHardwareVariantMismatch, Severity: SeverityWarning, Library: lib, File: MixExsFile, Range: pv.Library.Range,
				Message:  fmt.Sprintf("the lock was made on a machine that needs %s %s; this machine needs %s (%s): install it with `%s`", pv.Package, old, sel.Variant, sel.Reason, pv.Install),
				Expected: sel.Variant, Actual: old, Related: related, Advisory: advisory})
		}
	}
}

func versionSuffix(v lockfile.Opt[string]) string {
	if v.Valid() && v.Value != "" {
		return " " + v.Value
	}
	return ""
}

// otherAccelerator names what the machine has instead, when anything.
func otherAccelerator(id hardware.Identity) string {
	if id.Accelerator == hardware.CPU || id.Accelerator == "" {
		return ""
	}
	return " (it has " + describeAccelerator(id) + ")"
}

func describeAccelerator(id hardware.Identity) string {
	switch id.Accelerator {
	case hardware.CUDA:
		return "a CUDA " + id.CUDAVersion + " GPU"
	case hardware.ROCm:
		return "a ROCm GPU"
	case hardware.MPS:
		return "Apple MPS"
	}
	return "no GPU accelerator"
}
