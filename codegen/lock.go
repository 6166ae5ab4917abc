package codegen

import (
	"fmt"
	"strconv"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
)

// lockInputs is everything a snakebridge.lock records (compat §2.2).
type lockInputs struct {
	project *analysis.Project
	// selected are the libraries generated in this run; the others keep
	// their previous entries (or stay absent).
	selected map[string]bool
	// snakebridgeVersion is written as version and snakebridge_version.
	snakebridgeVersion string
	generatorHash      string
	generatorVersion   string
	pythonVersion      string
	runtimeHash        string
	packages           analysis.PackageVersions
	// resolved are the installed versions introspection saw, by library
	// (analysis.Project.ResolvedVersions).
	resolved map[string]string
	erlang   ErlangFacts
	hardware Hardware
}

// buildLock renders the new lock. Fields we do not model survive from the
// previous lock, and every object is written with sorted keys, as Jason
// writes Elixir maps. The config_hash atom encoding follows the otp_version
// written, so check agrees with its own lock.
func buildLock(in lockInputs) (lockfile.Value, error) {
	prev := previousLock(in.project)
	// Read before env.Set below, which may write into prev's environment.
	prevOTP := stringAt(objectAt(prev, "environment"), "otp_version")
	erl := carryErlang(in.erlang, prev)
	env := objectAt(prev, "environment")
	env.Set("elixir_version", lockfile.String(erl.ElixirVersion))
	env.Set("generator_hash", lockfile.String(in.generatorHash))
	env.Set("hardware", hardwareValue(in.hardware))
	env.Set("otp_version", lockfile.String(erl.OTPVersion))
	env.Set("platform", lockfile.SortedObject(map[string]lockfile.Value{
		"arch": lockfile.String(in.hardware.Arch), "os": lockfile.String(in.hardware.OS),
	}))
	env.Set("python_packages_hash", lockfile.String(in.packages.Hash()))
	env.Set("python_platform", lockfile.String(erl.PythonPlatform))
	env.Set("python_runtime_hash", lockfile.String(orUnknown(in.runtimeHash)))
	env.Set("python_version", lockfile.String(orUnknown(in.pythonVersion)))
	env.Set("snakebridge_version", lockfile.String(in.snakebridgeVersion))

	libs, err := libraryEntries(in, prev, prevOTP, erl.OTPVersion)
	if err != nil {
		return nil, err
	}
	top := prev
	top.Set("compatibility", lockfile.SortedObject(map[string]lockfile.Value{
		"compute_capability_min": nil, "cuda_min": nullableString(in.hardware.CUDAVersion),
	}))
	top.Set("environment", env)
	top.Set("generator", lockfile.SortedObject(map[string]lockfile.Value{
		"hash": lockfile.String(in.generatorHash), "name": lockfile.String(GeneratorName),
		"version": lockfile.String(in.generatorVersion),
	}))
	top.Set("libraries", libs)
	top.Set("python_packages", packagesValue(in.packages))
	top.Set("version", lockfile.String(in.snakebridgeVersion))
	return lockfile.SortAll(top), nil
}

func previousLock(p *analysis.Project) lockfile.Object {
	if p.Lock == nil || p.Lock.Raw == nil {
		return lockfile.Object{}
	}
	if o, ok := p.Lock.Raw.Value().(lockfile.Object); ok {
		return o
	}
	return lockfile.Object{}
}

func objectAt(o lockfile.Object, key string) lockfile.Object {
	if v, ok := o.Get(key); ok {
		if obj, ok := v.(lockfile.Object); ok {
			return obj
		}
	}
	return lockfile.Object{}
}

// carryErlang fills what erl/elixir could not tell from the previous lock,
// else "unknown".
func carryErlang(now ErlangFacts, prev lockfile.Object) ErlangFacts {
	env := objectAt(prev, "environment")
	pick := func(cur, key string) string {
		if cur != "" {
			return cur
		}
		if v, ok := env.Get(key); ok {
			if s, ok := v.(lockfile.String); ok && s != "" {
				return string(s)
			}
		}
		return "unknown"
	}
	return ErlangFacts{
		OTPVersion:     pick(now.OTPVersion, "otp_version"),
		ElixirVersion:  pick(now.ElixirVersion, "elixir_version"),
		PythonPlatform: pick(now.PythonPlatform, "python_platform"),
	}
}

// libraryEntries records every configured library; with a library
// selection, unselected libraries keep their previous entries.
func libraryEntries(in lockInputs, prev lockfile.Object, prevOTP, otp string) (lockfile.Object, error) {
	old := objectAt(prev, "libraries")
	enc := analysis.AtomEncodingsFor(otp)[0]
	prevEncs := analysis.AtomEncodingsFor(prevOTP)
	out := map[string]lockfile.Value{}
	for _, l := range in.project.Libraries {
		if !in.selected[l.PythonName] {
			// Not generated in this run (not selected, or failed): the lock
			// keeps describing whatever bindings it described before.
			if v, ok := old.Get(l.PythonName); ok {
				out[l.PythonName] = keptEntry(in.project.Root, l, v, prevEncs, enc)
			}
			continue
		}
		entry, err := libraryEntry(in.project.Root, l, enc, in.resolved)
		if err != nil {
			return lockfile.Object{}, err
		}
		out[l.PythonName] = entry
	}
	return lockfile.SortedObject(out), nil
}

// keptEntry carries a previous lock entry into a lock whose otp_version
// may differ. config_hash depends on the atom encoding of the OTP release
// that wrote the lock (compat §2.4), and the lock states one otp_version
// for all its entries, so a kept hash must be re-encoded for the release
// written, or an untouched library would look changed. Only a hash that
// still matches the current options in the previous encoding is re-encoded:
// it then stands for exactly these options. A hash that does not match (the
// options changed since) is kept as it was, so it still reports the change.
func keptEntry(root string, l *analysis.Library, entry lockfile.Value, prevEncs []term.AtomEncoding, enc term.AtomEncoding) lockfile.Value {
	obj, ok := entry.(lockfile.Object)
	if !ok {
		return entry
	}
	locked := stringAt(obj, "config_hash")
	if locked == "" {
		return entry
	}
	for _, pe := range prevEncs {
		h, err := l.ConfigHash(root, pe)
		if err != nil || h != locked {
			continue
		}
		now, err := l.ConfigHash(root, enc)
		if err != nil {
			return entry
		}
		// A copy: obj may belong to a parse shared with later runs.
		out := lockfile.Object{Keys: append([]string{}, obj.Keys...), Values: append([]lockfile.Value{}, obj.Values...)}
		out.Set("config_hash", lockfile.String(now))
		return out
	}
	return entry
}

// stringAt is the string value of key in o, "" when absent or not a string.
func stringAt(o lockfile.Object, key string) string {
	if v, ok := o.Get(key); ok {
		if s, ok := v.(lockfile.String); ok {
			return string(s)
		}
	}
	return ""
}

// libraryEntry is a library's lock entry. Its resolved is the version of
// the package introspection actually saw (upstream copies requested, so a
// lock said "1.26.4" over bindings made from 1.24.2); "stdlib" for stdlib
// libraries, null when the package is not installed.
func libraryEntry(root string, l *analysis.Library, enc term.AtomEncoding, resolved map[string]string) (lockfile.Value, error) {
	h, err := l.ConfigHash(root, enc)
	if err != nil {
		return nil, fmt.Errorf("library %s: %w", l.PythonName, err)
	}
	requested := nullableStringPtr(l.Version.Requested())
	var res lockfile.Value = requested
	if l.Version.Kind != analysis.VersionStdlib {
		res = nullableString(resolved[l.PythonName])
	}
	return lockfile.SortedObject(map[string]lockfile.Value{
		"config_hash": lockfile.String(h), "hash": nil, "requested": requested, "resolved": res,
	}), nil
}

func packagesValue(p analysis.PackageVersions) lockfile.Object {
	out := map[string]lockfile.Value{}
	for name, v := range p {
		out[name] = lockfile.SortedObject(map[string]lockfile.Value{"hash": nil, "version": nullableString(v)})
	}
	return lockfile.SortedObject(out)
}

func hardwareValue(h Hardware) lockfile.Object {
	features := lockfile.Array{}
	for _, f := range h.CPUFeatures {
		features = append(features, lockfile.String(f))
	}
	m := map[string]lockfile.Value{
		"accelerator":  lockfile.String(h.Accelerator),
		"cpu_features": features,
		"gpu_count":    lockfile.Number(strconv.Itoa(h.GPUCount)),
	}
	if h.CUDAVersion != "" {
		m["cuda_version"] = lockfile.String(h.CUDAVersion)
		m["cudnn_version"] = nullableString(h.CUDNNVersion)
	}
	return lockfile.SortedObject(m)
}

func nullableString(s string) lockfile.Value {
	if s == "" {
		return nil
	}
	return lockfile.String(s)
}

func nullableStringPtr(s *string) lockfile.Value {
	if s == nil {
		return nil
	}
	return lockfile.String(*s)
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
