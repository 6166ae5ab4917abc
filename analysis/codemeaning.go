package analysis

// Remedy says what clears a finding.
type Remedy int

// Remedies of finding codes.
const (
	// RemedyEdit: the file the finding names must be fixed by hand; the
	// project cannot be evaluated (or a setting is ignored) until then.
	RemedyEdit Remedy = iota + 1
	// RemedyRegenerate: a regeneration clears the finding.
	RemedyRegenerate
	// RemedyOutside: something a regeneration does not do clears it:
	// installing a package or an interpreter, running mix compile,
	// another machine.
	RemedyOutside
	// RemedyNone: nothing is wrong; the finding informs.
	RemedyNone
)

// Meaning is what a finding code says beyond its message: what clears it,
// and whether it concerns one library.
type Meaning struct {
	Remedy Remedy
	// LibraryScoped: a regeneration of the finding's library alone clears
	// it (the finding names its library).
	LibraryScoped bool
}

// meanings declares every code's Meaning; TestEveryCodeHasAMeaning fails
// when a code is added to finding.go without one.
var meanings = map[Code]Meaning{
	CodeMixExsUnreadable:   {Remedy: RemedyEdit},
	CodeConfigUnreadable:   {Remedy: RemedyEdit},
	CodeLockUnreadable:     {Remedy: RemedyEdit},
	CodeManifestUnreadable: {Remedy: RemedyEdit},
	CodeUnsafePath:         {Remedy: RemedyEdit},
	CodeFormatUnsupported:  {Remedy: RemedyEdit},

	CodeLockMissing:                {Remedy: RemedyRegenerate},
	CodeSnakebridgeVersionMismatch: {Remedy: RemedyRegenerate},
	CodeGeneratorHashMismatch:      {Remedy: RemedyRegenerate},
	CodeConfigHashMismatch:         {Remedy: RemedyRegenerate, LibraryScoped: true},
	CodeRequestedVersionMismatch:   {Remedy: RemedyRegenerate, LibraryScoped: true},
	CodeLibraryNotInLock:           {Remedy: RemedyRegenerate, LibraryScoped: true},
	// The library is gone from mix.exs: only a regeneration of the whole
	// project drops it from the lock.
	CodeLibraryNotConfigured:   {Remedy: RemedyRegenerate},
	CodeGeneratedFilesMissing:  {Remedy: RemedyRegenerate, LibraryScoped: true},
	CodeGeneratedFilesModified: {Remedy: RemedyRegenerate, LibraryScoped: true},
	CodeGeneratedFilesOrphaned: {Remedy: RemedyRegenerate},
	CodeRegistryMissing:        {Remedy: RemedyRegenerate},
	// Reported only where SnakeBridge's compiler runs, whose projects
	// regenerate through mix, which writes the helpers (docs/check.md).
	CodeHelpersMissing:               {Remedy: RemedyRegenerate},
	CodeUsedSymbolsMissing:           {Remedy: RemedyRegenerate, LibraryScoped: true},
	CodePythonPackagesDrift:          {Remedy: RemedyRegenerate},
	CodePythonRuntimeDrift:           {Remedy: RemedyRegenerate},
	CodePythonVersionDrift:           {Remedy: RemedyRegenerate},
	CodeInterpreterNotFound:          {Remedy: RemedyOutside},
	CodePythonPackageMissing:         {Remedy: RemedyOutside},
	CodePythonRequirementUnsatisfied: {Remedy: RemedyOutside},

	CodeConfigPartiallyUnreadable: {Remedy: RemedyNone},

	// A regeneration here records this machine in the lock.
	CodeHardwarePlatformMismatch:    {Remedy: RemedyRegenerate},
	CodeHardwareArchMismatch:        {Remedy: RemedyRegenerate},
	CodeHardwareCUDAUnavailable:     {Remedy: RemedyRegenerate},
	CodeHardwareMPSUnavailable:      {Remedy: RemedyRegenerate},
	CodeHardwareROCmUnavailable:     {Remedy: RemedyRegenerate},
	CodeHardwareCUDAVersionMismatch: {Remedy: RemedyRegenerate},
	CodeHardwareCUDAVersionDiffers:  {Remedy: RemedyRegenerate},
	CodeHardwareCPUFeaturesCritical: {Remedy: RemedyRegenerate},
	CodeHardwareCPUFeaturesMissing:  {Remedy: RemedyRegenerate},
	// The installed wheel is the wrong one: pip install fixes it.
	CodeHardwareVariantMismatch: {Remedy: RemedyOutside},
	CodeHardwareVariantUnknown:  {Remedy: RemedyOutside},
	CodeWheelConfigInvalid:      {Remedy: RemedyEdit},

	CodeSnakebridgeNotInstalled: {Remedy: RemedyNone},
	CodeStrictMode:              {Remedy: RemedyNone},
	CodeSkipMode:                {Remedy: RemedyNone},
	CodeInterpreterNotRun:       {Remedy: RemedyNone},
}

// Meaning returns what the code means; ok is false for a code this
// version does not know (one a client sent back, for instance).
func (c Code) Meaning() (m Meaning, ok bool) {
	m, ok = meanings[c]
	return m, ok
}

// LibraryScoped reports whether a regeneration of the finding's library
// alone clears findings with this code.
func (c Code) LibraryScoped() bool { return meanings[c].LibraryScoped }

// FixedByRegeneration reports whether a regeneration clears findings with
// this code.
func (c Code) FixedByRegeneration() bool { return meanings[c].Remedy == RemedyRegenerate }
