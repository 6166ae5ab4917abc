package analysis

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// The SnakeBridge releases whose project formats snakebridge-lsp reads:
// python_deps in mix.exs appeared in 0.7.8 (before it, libraries were an
// option of the :snakebridge dependency), and 0.16 is the release whose
// lock, manifest and generated layout we implement (compat §0).
var (
	minSupported = semver{0, 7, 8}
	maxSupported = semver{0, 16, -1} // any 0.16.x
)

// SupportedFormats names the releases whose formats are read, for messages.
const SupportedFormats = "SnakeBridge 0.7.8 to 0.16.x, configured with python_deps in mix.exs"

// semver is a release's major, minor and patch; patch -1 matches any.
type semver [3]int

// parseSemver reads "0.6.2" (a pre-release or build suffix is ignored).
func parseSemver(v string) (semver, bool) {
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	if i := strings.IndexAny(v, "-+"); i >= 0 {
		v = v[:i]
	}
	parts := strings.Split(v, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return semver{}, false
	}
	var out semver
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return semver{}, false
		}
		out[i] = n
	}
	return out, true
}

// less orders releases; a patch of -1 sorts after every patch.
func (a semver) less(b semver) bool {
	for i := range a {
		x, y := a[i], b[i]
		if x == -1 {
			x = int(^uint(0) >> 1)
		}
		if y == -1 {
			y = int(^uint(0) >> 1)
		}
		if x != y {
			return x < y
		}
	}
	return false
}

// lockedRelease is the SnakeBridge release that wrote a lock: its top-level
// version, else environment.snakebridge_version, read leniently so that a
// lock of another format is recognised before its fields are type-checked.
// The JSON path of the field is returned for the finding's range.
func lockedRelease(raw *lockfile.Node) (string, []string) {
	for _, path := range [][]string{{"version"}, {"environment", "snakebridge_version"}} {
		if n, ok := raw.Lookup(path...); ok && n.Kind == lockfile.KindString && n.Str != "" {
			return n.Str, path
		}
	}
	return "", nil
}

// checkFormat refuses a project that another SnakeBridge release's formats
// describe: generate would otherwise read "no python_deps" as "no libraries"
// and remove every committed binding. It reports true (and an
// Unreadable finding) when the project is not in a supported format.
func (p *Project) checkFormat() bool {
	if p.oldStyleDependency() {
		return true
	}
	raw, err := p.readLockLeniently()
	if err != nil {
		return false // absent, or reported when the lock is read and parsed
	}
	release, path := lockedRelease(raw)
	v, ok := parseSemver(release)
	if !ok {
		return false
	}
	r, _ := raw.PathRange(path...)
	switch {
	case v.less(minSupported):
		p.unsupported(LockFile, lockRange(r), release, fmt.Sprintf(
			"snakebridge.lock was written by SnakeBridge %s, whose formats snakebridge-lsp does not read (it reads %s); "+
				"upgrade the project to SnakeBridge 0.16 (declare the libraries in python_deps, then run mix compile, which rewrites the lock); "+
				"until then generate changes nothing", release, SupportedFormats))
		return true
	case maxSupported.less(v):
		p.unsupported(LockFile, lockRange(r), release, fmt.Sprintf(
			"snakebridge.lock was written by SnakeBridge %s, newer than the formats snakebridge-lsp reads (%s); "+
				"upgrade snakebridge-lsp, and use mix compile meanwhile; until then generate changes nothing", release, SupportedFormats))
		return true
	}
	return false
}

// unsupported records a snakebridge_format_unsupported finding: expected
// is what is read, actual what was found.
func (p *Project) unsupported(file string, r Range, found, msg string) {
	p.Unreadable = append(p.Unreadable, Finding{Code: CodeFormatUnsupported, Severity: SeverityError, File: file, Range: r,
		Message: msg, Expected: SupportedFormats, Actual: found})
}

// UnsupportedInstall returns a finding when the project's installed
// SnakeBridge is a release whose formats snakebridge-lsp does not write:
// generate would write a lock naming that release in 0.16's formats, which
// the release's own compiler and the next check would both misread. nil when
// SnakeBridge is not installed, its version is unknown, or it is supported.
func (p *Project) UnsupportedInstall() *Finding {
	inst := p.Snakebridge
	if inst == nil {
		return nil
	}
	v, ok := parseSemver(inst.Version)
	if !ok || (!v.less(minSupported) && !maxSupported.less(v)) {
		return nil
	}
	r := Range{}
	if p.Mix != nil && p.Mix.SnakebridgeDep != nil {
		r = toRange(p.Mix.SnakebridgeDep.Range)
	}
	return &Finding{Code: CodeFormatUnsupported, Severity: SeverityError, File: MixExsFile, Range: r,
		Message: fmt.Sprintf("the project uses SnakeBridge %s (%s), whose formats snakebridge-lsp does not write (it supports %s); "+
			"regenerate with mix compile, or use SnakeBridge 0.16", inst.Version, inst.Source, SupportedFormats),
		Expected: SupportedFormats, Actual: inst.Version}
}

// oldStyleDependency recognises SnakeBridge before 0.7.8: no python_deps,
// and the libraries given as an option of the :snakebridge dependency.
func (p *Project) oldStyleDependency() bool {
	dep := p.Mix.SnakebridgeDep
	if p.Mix.PythonDeps != nil || dep == nil || dep.Libraries == nil {
		return false
	}
	p.unsupported(MixExsFile, toRange(*dep.Libraries), "libraries: in the :snakebridge dependency", fmt.Sprintf(
		"this project is configured for %s: libraries: in the :snakebridge dependency and no python_deps, the format before SnakeBridge 0.7.8, "+
			"which snakebridge-lsp does not read (it reads %s); upgrade the project to SnakeBridge 0.16: move the libraries into "+
			"python_deps: [...] in project/0 and run mix compile; until then generate changes nothing", p.oldRelease(), SupportedFormats))
	return true
}

// oldConfigLibraries recognises libraries configured in config files, as
// SnakeBridge releases before python_deps allowed (config :snakebridge,
// libraries: ... or adapters: ...), in a project without python_deps.
func (p *Project) oldConfigLibraries() bool {
	if p.Mix.PythonDeps != nil || p.Config == nil {
		return false
	}
	for _, key := range []string{"libraries", "adapters"} {
		file, r, ok := p.configKeyAt(key)
		if !ok {
			continue
		}
		p.unsupported(file, r, "config :snakebridge, "+key+":", fmt.Sprintf(
			"this project is configured for %s: config :snakebridge, %s: and no python_deps, a format before SnakeBridge 0.7.8, "+
				"which snakebridge-lsp does not read (it reads %s); upgrade the project to SnakeBridge 0.16: move the libraries into "+
				"python_deps: [...] in project/0 of mix.exs and run mix compile; until then generate changes nothing", p.oldRelease(), key, SupportedFormats))
		return true
	}
	return false
}

// configKeyAt locates a `config :snakebridge` key, evaluated or not (a
// value that could not be evaluated is an unknown part naming the key).
func (p *Project) configKeyAt(key string) (string, Range, bool) {
	if set, ok := p.Config.Snakebridge[key]; ok {
		return p.rel(set.File, "config/config.exs"), toRange(set.Node.Range), true
	}
	for _, u := range p.Config.Unknown {
		if u.App == "snakebridge" && slices.Contains(u.Keys, key) {
			return p.rel(u.File, "config/config.exs"), toRange(u.Range), true
		}
	}
	return "", Range{}, false
}

// oldRelease names the SnakeBridge of an old-format project as precisely
// as the project says: the lock's version, mix.lock, the requirement.
func (p *Project) oldRelease() string {
	if data, err := p.readLockLeniently(); err == nil {
		if v, _ := lockedRelease(data); v != "" {
			return "SnakeBridge " + v
		}
	}
	if v := lockedVersion(p.Root); v != "" {
		return "SnakeBridge " + v
	}
	if dep := p.Mix.SnakebridgeDep; dep != nil && dep.Requirement != "" {
		return "SnakeBridge " + dep.Requirement
	}
	return "an older SnakeBridge"
}

// readLockLeniently parses the lock as JSON only, without type-checking
// its fields against the 0.16 schema.
func (p *Project) readLockLeniently() (*lockfile.Node, error) {
	path := p.abs(LockFile)
	data, ok := p.overlay[path]
	if !ok {
		var err error
		if data, err = safefile.ReadFile(path, lockfile.MaxSize); err != nil {
			return nil, err
		}
	}
	return lockfile.ParseJSON(LockFile, data)
}
