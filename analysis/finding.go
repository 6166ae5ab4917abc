package analysis

import "fmt"

// Code names what a finding is about. The codes are a contract shared by the
// CLI's JSON output, the language server's diagnostics and the docs.
type Code string

// Codes that mean the project cannot be evaluated (exit status 2).
const (
	CodeMixExsUnreadable   Code = "mixexs_unreadable"
	CodeConfigUnreadable   Code = "config_unreadable"
	CodeLockUnreadable     Code = "lock_unreadable"
	CodeManifestUnreadable Code = "manifest_unreadable"
	CodeUnsafePath         Code = "unsafe_path"
	// CodeFormatUnsupported: the project is in the format of a SnakeBridge
	// release snakebridge-lsp does not read (before python_deps, or newer
	// than 0.16); generate refuses it rather than misread it.
	CodeFormatUnsupported Code = "snakebridge_format_unsupported"
)

// Codes that mean the bindings are stale (exit status 1).
const (
	CodeLockMissing                Code = "lock_missing"
	CodeSnakebridgeVersionMismatch Code = "snakebridge_version_mismatch"
	CodeGeneratorHashMismatch      Code = "generator_hash_mismatch"
	CodeConfigHashMismatch         Code = "config_hash_mismatch"
	CodeRequestedVersionMismatch   Code = "requested_version_mismatch"
	CodeLibraryNotInLock           Code = "library_not_in_lock"
	CodeLibraryNotConfigured       Code = "library_not_configured"
	CodeGeneratedFilesMissing      Code = "generated_files_missing"
	CodeGeneratedFilesModified     Code = "generated_files_modified"
	CodeGeneratedFilesOrphaned     Code = "generated_files_orphaned"
	CodeRegistryMissing            Code = "registry_missing"
	CodeHelpersMissing             Code = "helpers_missing"
	CodeUsedSymbolsMissing         Code = "used_symbols_missing"
	CodePythonPackagesDrift        Code = "python_packages_drift"
	CodePythonRuntimeDrift         Code = "python_runtime_drift"
	CodePythonVersionDrift         Code = "python_version_drift"
	CodeInterpreterNotFound        Code = "interpreter_not_found"
	// The interpreter cannot serve python_deps: a package is not
	// installed, or its version does not satisfy the requirement.
	CodePythonPackageMissing         Code = "python_package_missing"
	CodePythonRequirementUnsatisfied Code = "python_requirement_unsatisfied"
)

// CodeConfigPartiallyUnreadable is a warning about the check itself: a part
// of the configuration could not be evaluated, but it decides nothing check
// needs. It is not staleness (regenerating cannot clear it), so it does not
// change the exit status or freshness.
const CodeConfigPartiallyUnreadable Code = "config_partially_unreadable"

// AboutStaleness reports whether findings with this code can make a project
// stale.
func (c Code) AboutStaleness() bool { return c != CodeConfigPartiallyUnreadable }

// Codes about the machine and its wheel variants (docs/hardware.md): the
// lock's hardware verified as `mix snakebridge.verify` does, with its dead
// branches fixed. Errors make the project stale; warnings are advisory
// unless `check --strict`.
const (
	CodeHardwarePlatformMismatch    Code = "hardware_platform_mismatch"
	CodeHardwareArchMismatch        Code = "hardware_arch_mismatch"
	CodeHardwareCUDAUnavailable     Code = "hardware_cuda_unavailable"
	CodeHardwareMPSUnavailable      Code = "hardware_mps_unavailable"
	CodeHardwareROCmUnavailable     Code = "hardware_rocm_unavailable"
	CodeHardwareCUDAVersionMismatch Code = "hardware_cuda_version_mismatch"
	CodeHardwareCUDAVersionDiffers  Code = "hardware_cuda_version_differs"
	CodeHardwareCPUFeaturesCritical Code = "hardware_cpu_features_critical"
	CodeHardwareCPUFeaturesMissing  Code = "hardware_cpu_features_missing"
	CodeHardwareVariantMismatch     Code = "hardware_variant_mismatch"
	CodeHardwareVariantUnknown      Code = "hardware_variant_unknown"
	CodeWheelConfigInvalid          Code = "wheel_config_invalid"
)

// Informational codes; they never change the exit status.
const (
	CodeSnakebridgeNotInstalled Code = "snakebridge_not_installed"
	CodeStrictMode              Code = "strict_mode"
	CodeSkipMode                Code = "skip_mode"
	CodeInterpreterNotRun       Code = "interpreter_not_run"
)

// Unevaluable reports whether a finding with this code means the project
// could not be evaluated at all.
func (c Code) Unevaluable() bool {
	switch c {
	case CodeMixExsUnreadable, CodeConfigUnreadable, CodeLockUnreadable, CodeManifestUnreadable, CodeUnsafePath, CodeFormatUnsupported:
		return true
	}
	return false
}

// Severity is how much a finding matters.
type Severity string

// Severities, as LSP clients show them.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Related points at another place that explains a finding, e.g. the call in
// lib/ behind a used_symbols_missing finding on mix.exs.
type Related struct {
	File    string `json:"file"`
	Range   Range  `json:"range"`
	Message string `json:"message"`
}

// Finding is one thing check has to say about a project.
type Finding struct {
	Code     Code      `json:"code"`
	Severity Severity  `json:"severity"`
	Library  *string   `json:"library"`
	File     string    `json:"file"`
	Range    Range     `json:"range"`
	Message  string    `json:"message"`
	Expected any       `json:"expected"`
	Actual   any       `json:"actual"`
	Related  []Related `json:"related,omitempty"`
	// Advisory marks a warning that does not make the project stale
	// unless the check is strict (the hardware warnings, as
	// `mix snakebridge.verify` treats them).
	Advisory bool `json:"advisory,omitempty"`
}

// LibraryName returns the finding's library or "".
func (f Finding) LibraryName() string {
	if f.Library == nil {
		return ""
	}
	return *f.Library
}

// String renders the finding as file:line:col: severity: message [code],
// with 1-based line and column as terminals and editors expect.
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", f.File, f.Range.Start.Line+1, f.Range.Start.Character+1, f.Severity, f.Message, f.Code)
}

// Stale reports whether the finding means the bindings need regenerating.
func (f Finding) Stale() bool {
	return !f.Code.Unevaluable() && f.Severity != SeverityInfo && f.Code.AboutStaleness() && !f.Advisory
}

func strPtr(s string) *string { return &s }
