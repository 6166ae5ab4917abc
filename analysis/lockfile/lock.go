package lockfile

// Lock is a parsed snakebridge.lock (compat §2.2) plus our "generator"
// extension.
type Lock struct {
	// Path is the file name given to ParseLock.
	Path          string
	Version       Opt[string]
	Environment   Environment
	Compatibility Compatibility
	// Libraries is keyed by Python name.
	Libraries      map[string]LockLibrary
	PythonPackages map[string]PythonPackage
	// Generator is written by snakebridge-lsp only; upstream ignores it.
	Generator Generator
	// Raw is the whole document, so that fields we do not model survive a
	// rewrite (Raw.Value()) and any field can be located (Range).
	Raw *Node
}

// Environment is the lock's "environment" object.
type Environment struct {
	Present            bool
	SnakebridgeVersion Opt[string]
	GeneratorHash      Opt[string]
	PythonVersion      Opt[string]
	PythonPlatform     Opt[string]
	PythonRuntimeHash  Opt[string]
	PythonPackagesHash Opt[string]
	OTPVersion         Opt[string]
	ElixirVersion      Opt[string]
	Platform           Platform
	Hardware           Hardware
}

// Platform is environment.platform.
type Platform struct {
	Present bool
	OS      Opt[string]
	Arch    Opt[string]
}

// Hardware is environment.hardware; cuda_version and cudnn_version only
// exist when CUDA was available.
type Hardware struct {
	Present      bool
	Accelerator  Opt[string]
	CPUFeatures  Opt[[]string]
	GPUCount     Opt[int]
	CUDAVersion  Opt[string]
	CUDNNVersion Opt[string]
}

// Compatibility is the lock's "compatibility" object.
type Compatibility struct {
	Present bool
	CUDAMin Opt[string]
	// ComputeCapabilityMin is always null upstream and used by nothing, so it
	// is kept untyped (nil when absent).
	ComputeCapabilityMin *Node
}

// LockLibrary is one entry of "libraries".
type LockLibrary struct {
	ConfigHash Opt[string]
	Hash       Opt[string]
	Requested  Opt[string]
	Resolved   Opt[string]
}

// PythonPackage is one entry of "python_packages".
type PythonPackage struct {
	Version Opt[string]
	Hash    Opt[string]
}

// Generator is our optional {"name","version","hash"} extension.
type Generator struct {
	Present bool
	Name    Opt[string]
	Version Opt[string]
	Hash    Opt[string]
}

// ParseLock parses a snakebridge.lock. Keys may come in any order and any
// field may be missing; a field of the wrong JSON type is an *Error naming
// its path, e.g. "libraries.numpy.config_hash: expected a string or null,
// got a number".
func ParseLock(path string, data []byte) (*Lock, error) {
	root, err := ParseJSON(path, data)
	if err != nil {
		return nil, err
	}
	r := &fieldReader{file: path}
	if !r.root(root, "a lock file") {
		return nil, r.err
	}
	l := &Lock{
		Path:          path,
		Raw:           root,
		Version:       r.str(root, "version", pathOf("version")),
		Environment:   r.environment(root),
		Compatibility: r.compatibility(root),
		Generator:     r.generator(root),
	}
	l.Libraries = r.lockLibraries(root)
	l.PythonPackages = r.pythonPackages(root)
	if err := r.errOrNil(); err != nil {
		return nil, err
	}
	return l, nil
}

// Range returns the range of the value at path and true, e.g.
// l.Range("libraries", "numpy", "config_hash"). When the field is absent it
// returns false and the range of the nearest present ancestor's key (or the
// lock's opening brace when even the first key is missing); see
// Node.PathRange.
func (l *Lock) Range(path ...string) (Range, bool) { return l.Raw.PathRange(path...) }

func (r *fieldReader) environment(root *Node) Environment {
	const p = "environment"
	n := r.object(root, "environment", pathOf(p))
	if n == nil {
		return Environment{}
	}
	e := Environment{
		Present:            true,
		SnakebridgeVersion: r.str(n, "snakebridge_version", pathOf(p+".snakebridge_version")),
		GeneratorHash:      r.str(n, "generator_hash", pathOf(p+".generator_hash")),
		PythonVersion:      r.str(n, "python_version", pathOf(p+".python_version")),
		PythonPlatform:     r.str(n, "python_platform", pathOf(p+".python_platform")),
		PythonRuntimeHash:  r.str(n, "python_runtime_hash", pathOf(p+".python_runtime_hash")),
		PythonPackagesHash: r.str(n, "python_packages_hash", pathOf(p+".python_packages_hash")),
		OTPVersion:         r.str(n, "otp_version", pathOf(p+".otp_version")),
		ElixirVersion:      r.str(n, "elixir_version", pathOf(p+".elixir_version")),
	}
	if pl := r.object(n, "platform", pathOf(p+".platform")); pl != nil {
		e.Platform = Platform{
			Present: true,
			OS:      r.str(pl, "os", pathOf(p+".platform.os")),
			Arch:    r.str(pl, "arch", pathOf(p+".platform.arch")),
		}
	}
	if hw := r.object(n, "hardware", pathOf(p+".hardware")); hw != nil {
		const h = p + ".hardware"
		e.Hardware = Hardware{
			Present:      true,
			Accelerator:  r.str(hw, "accelerator", pathOf(h+".accelerator")),
			CPUFeatures:  r.strings(hw, "cpu_features", pathOf(h+".cpu_features")),
			GPUCount:     r.integer(hw, "gpu_count", pathOf(h+".gpu_count")),
			CUDAVersion:  r.str(hw, "cuda_version", pathOf(h+".cuda_version")),
			CUDNNVersion: r.str(hw, "cudnn_version", pathOf(h+".cudnn_version")),
		}
	}
	return e
}

func (r *fieldReader) compatibility(root *Node) Compatibility {
	n := r.object(root, "compatibility", pathOf("compatibility"))
	if n == nil {
		return Compatibility{}
	}
	return Compatibility{
		Present:              true,
		CUDAMin:              r.str(n, "cuda_min", pathOf("compatibility.cuda_min")),
		ComputeCapabilityMin: n.Get("compute_capability_min"),
	}
}

func (r *fieldReader) generator(root *Node) Generator {
	n := r.object(root, "generator", pathOf("generator"))
	if n == nil {
		return Generator{}
	}
	return Generator{
		Present: true,
		Name:    r.str(n, "name", pathOf("generator.name")),
		Version: r.str(n, "version", pathOf("generator.version")),
		Hash:    r.str(n, "hash", pathOf("generator.hash")),
	}
}

func (r *fieldReader) lockLibraries(root *Node) map[string]LockLibrary {
	libs := r.object(root, "libraries", pathOf("libraries"))
	if libs == nil {
		return map[string]LockLibrary{}
	}
	out := make(map[string]LockLibrary, len(libs.Members))
	for _, m := range libs.Members {
		p := fieldPath("libraries", m.Key)
		n := r.asObject(m.Value, pathOf(p))
		if n == nil {
			continue
		}
		out[m.Key] = LockLibrary{
			ConfigHash: r.str(n, "config_hash", field(p, "config_hash")),
			Hash:       r.str(n, "hash", field(p, "hash")),
			Requested:  r.str(n, "requested", field(p, "requested")),
			Resolved:   r.str(n, "resolved", field(p, "resolved")),
		}
	}
	return out
}

func (r *fieldReader) pythonPackages(root *Node) map[string]PythonPackage {
	pkgs := r.object(root, "python_packages", pathOf("python_packages"))
	if pkgs == nil {
		return map[string]PythonPackage{}
	}
	out := make(map[string]PythonPackage, len(pkgs.Members))
	for _, m := range pkgs.Members {
		p := fieldPath("python_packages", m.Key)
		n := r.asObject(m.Value, pathOf(p))
		if n == nil {
			continue
		}
		out[m.Key] = PythonPackage{
			Version: r.str(n, "version", field(p, "version")),
			Hash:    r.str(n, "hash", field(p, "hash")),
		}
	}
	return out
}
