package analysis

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
)

// PythonInfo says which interpreter a check used and where it came from.
type PythonInfo struct {
	Executable string `json:"executable"`
	Source     string `json:"source"`
	Version    string `json:"version"`
	// NotRun is set when the project chose the interpreter and is not
	// trusted: nothing was run, and the facts come from its files.
	NotRun bool `json:"not_run,omitempty"`
	// Skipped names the lock facts that needed the interpreter and were
	// not checked ("python_version", "python_packages").
	Skipped []string `json:"skipped,omitempty"`
}

// LibraryReport is one configured library's hash comparison.
type LibraryReport struct {
	Name           string  `json:"name"`
	Module         string  `json:"module"`
	ConfigHash     string  `json:"config_hash"`
	LockConfigHash *string `json:"lock_config_hash"`
}

// Report is the result of checking one project.
type Report struct {
	Project   string          `json:"project"`
	Fresh     bool            `json:"fresh"`
	Python    *PythonInfo     `json:"python"`
	Libraries []LibraryReport `json:"libraries"`
	Findings  []Finding       `json:"findings"`
}

// Exit statuses of `snakebridge-lsp check`.
const (
	ExitFresh       = 0
	ExitStale       = 1
	ExitUnevaluable = 2
)

// ExitCode is 2 when the project cannot be evaluated, 1 when it is stale
// and 0 when it is fresh.
func (r *Report) ExitCode() int {
	code := ExitFresh
	for _, f := range r.Findings {
		if f.Code.Unevaluable() {
			return ExitUnevaluable
		}
		if f.Stale() {
			code = ExitStale
		}
	}
	return code
}

// Check reads the project in dir and reports what is stale and why.
func Check(ctx context.Context, dir string, opts Options) *Report {
	return CheckProject(ctx, Load(ctx, dir, opts), opts)
}

// CheckProject checks an already loaded project.
func CheckProject(ctx context.Context, p *Project, opts Options) *Report {
	r := &Report{Project: p.Root, Libraries: []LibraryReport{}, Findings: []Finding{}}
	if len(p.Unreadable) > 0 {
		r.Findings = append(r.Findings, p.Unreadable...)
		sortFindings(r.Findings)
		return r
	}
	c := &checker{p: p, opts: opts, report: r}
	r.Findings = append(r.Findings, p.Warnings...)
	c.modes()
	c.lock()
	// The interpreter's checks (hashing its binary, reading the installed
	// distributions) and the sources' scan each mostly wait on the file
	// system: they run side by side, the interpreter's into findings of
	// their own, appended where they ran before so the report is the same.
	py := &checker{p: p, opts: opts, report: &Report{}}
	wait := goCheck(func() { py.python(ctx) })
	c.generatedFiles()
	c.usedSymbols(ctx)
	wait()
	r.Python = py.report.Python
	r.Findings = append(r.Findings, py.report.Findings...)
	c.hardware(ctx)
	sortFindings(r.Findings)
	r.Fresh = r.ExitCode() == ExitFresh
	return r
}

// goCheck runs f on a goroutine of its own. The returned wait, called
// once, waits for it and raises a panic of f again on the caller's
// goroutine, where the command's or the request's recovery reports it.
func goCheck(f func()) (wait func()) {
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	return func() {
		if r := <-done; r != nil {
			panic(r)
		}
	}
}

type checker struct {
	p      *Project
	opts   Options
	report *Report
}

func (c *checker) add(f Finding) { c.report.Findings = append(c.report.Findings, f) }

// mixRange is where a finding about python_deps as a whole goes.
func (c *checker) mixRange() Range {
	if c.p.Mix != nil {
		return toRange(c.p.Mix.PythonDepsRange)
	}
	return Range{}
}

func (c *checker) modes() {
	s := c.p.Settings
	if s.Strict {
		c.add(Finding{Code: CodeStrictMode, Severity: SeverityInfo, File: MixExsFile, Range: c.mixRange(),
			Message: "strict mode is on (SNAKEBRIDGE_STRICT or config :snakebridge, strict: true): mix compile only verifies bindings and never regenerates them"})
	}
	if s.Skip {
		c.add(Finding{Code: CodeSkipMode, Severity: SeverityInfo, File: MixExsFile, Range: c.mixRange(),
			Message: "SNAKEBRIDGE_SKIP is set: mix compile skips SnakeBridge entirely, so stale bindings are not regenerated"})
	}
}

// lockFieldRange locates a lock field, falling back to its nearest ancestor.
func (c *checker) lockFieldRange(path ...string) Range {
	if c.p.Lock == nil || c.p.Lock.Raw == nil {
		return Range{}
	}
	r, _ := c.p.Lock.Range(path...)
	return lockRange(r)
}

func (c *checker) related(file string, r Range, msg string) []Related {
	return []Related{{File: file, Range: r, Message: msg}}
}

func (c *checker) lock() {
	p := c.p
	if p.Lock == nil {
		for _, l := range p.Libraries {
			c.report.Libraries = append(c.report.Libraries, c.libraryReport(l, nil))
		}
		if len(p.Libraries) > 0 {
			c.add(Finding{Code: CodeLockMissing, Severity: SeverityError, File: MixExsFile, Range: c.mixRange(),
				Message:  "snakebridge.lock is missing: the bindings have never been generated here; regenerate bindings",
				Expected: LockFile, Actual: nil})
		}
		return
	}
	c.snakebridgeVersion()
	c.generatorHash()
	c.libraries()
	c.unconfigured()
}

func (c *checker) snakebridgeVersion() {
	inst := c.p.Snakebridge
	if inst == nil || inst.Version == "" {
		return
	}
	env := c.p.Lock.Environment
	locked, path := env.SnakebridgeVersion.Value, []string{"environment", "snakebridge_version"}
	if !env.SnakebridgeVersion.Valid() {
		locked, path = c.p.Lock.Version.Value, []string{"version"}
	}
	if locked == inst.Version {
		return
	}
	c.add(Finding{Code: CodeSnakebridgeVersionMismatch, Severity: SeverityWarning, File: LockFile, Range: c.lockFieldRange(path...),
		Message:  fmt.Sprintf("the lock was generated by SnakeBridge %s but the project now uses %s (%s); regenerate bindings", orUnknown(locked), inst.Version, inst.Source),
		Expected: inst.Version, Actual: nullable(locked)})
}

// AcceptedGenerators lists the generator hashes a lock may carry: the
// project's SnakeBridge (when installed) and every extra fingerprint.
func (c *checker) acceptedGenerators() []Fingerprint {
	var out []Fingerprint
	if c.p.Snakebridge != nil {
		// A package whose version cannot be read is still named.
		name := strings.TrimSpace("SnakeBridge " + c.p.Snakebridge.Version)
		out = append(out, Fingerprint{Name: name, Hash: UpstreamGeneratorHash(c.p.Root, c.p.MixEnv, c.p.Snakebridge)})
	}
	return append(out, c.opts.Generators...)
}

func (c *checker) generatorHash() {
	accepted := c.acceptedGenerators()
	if c.p.Snakebridge == nil {
		c.add(Finding{Code: CodeSnakebridgeNotInstalled, Severity: SeverityInfo, File: MixExsFile, Range: c.snakebridgeDepRange(),
			Message: "SnakeBridge is not installed (" + SnakebridgeAbsence(c.p.Root, c.p.Mix) + "): the lock's generator_hash cannot be verified, so that check is skipped; " + snakebridgeRemedy(c.p.Mix)})
		// Without SnakeBridge only a lock that names one of the extra
		// generators can be verified; a lock SnakeBridge wrote carries no
		// "generator" object (it drops ours when it rewrites the lock).
		if !c.p.Lock.Generator.Present {
			return
		}
	}
	if len(accepted) == 0 {
		return
	}
	got := c.p.Lock.Environment.GeneratorHash
	for _, f := range accepted {
		if got.Valid() && got.Value == f.Hash {
			return
		}
	}
	names := make([]string, len(accepted))
	hashes := make([]string, len(accepted))
	for i, f := range accepted {
		names[i] = f.Name
		hashes[i] = f.Hash
	}
	c.add(Finding{Code: CodeGeneratorHashMismatch, Severity: SeverityWarning, File: LockFile,
		Range:    c.lockFieldRange("environment", "generator_hash"),
		Message:  fmt.Sprintf("the bindings were generated by a different generator than %s; regenerate bindings", strings.Join(names, " or ")),
		Expected: hashes, Actual: nullable(got.Value)})
}

func (c *checker) snakebridgeDepRange() Range {
	if c.p.Mix != nil && c.p.Mix.SnakebridgeDep != nil {
		return toRange(c.p.Mix.SnakebridgeDep.Range)
	}
	return c.mixRange()
}

func (c *checker) libraryReport(l *Library, lockHash *string) LibraryReport {
	h, err := l.ConfigHash(c.p.Root, c.encodingsForLock()[0])
	if err != nil {
		h = ""
	}
	return LibraryReport{Name: l.PythonName, Module: l.Module, ConfigHash: h, LockConfigHash: lockHash}
}

func (c *checker) encodingsForLock() []term.AtomEncoding {
	if c.p.Lock == nil {
		return []term.AtomEncoding{term.AtomsUTF8}
	}
	return AtomEncodingsFor(c.p.Lock.Environment.OTPVersion.Value)
}

func (c *checker) libraries() {
	for _, l := range c.p.Libraries {
		entry, ok := c.p.Lock.Libraries[l.PythonName]
		var lockHash *string
		if ok && entry.ConfigHash.Valid() {
			lockHash = strPtr(entry.ConfigHash.Value)
		}
		c.report.Libraries = append(c.report.Libraries, c.libraryReport(l, lockHash))
		name := strPtr(l.PythonName)
		if !ok {
			c.add(Finding{Code: CodeLibraryNotInLock, Severity: SeverityError, Library: name, File: MixExsFile, Range: l.Range,
				Message:  fmt.Sprintf("library %s is configured but not in snakebridge.lock: its bindings were never generated; regenerate bindings", l.PythonName),
				Expected: l.PythonName, Actual: nil,
				Related: c.related(LockFile, c.lockFieldRange("libraries"), "libraries in the lock")})
			continue
		}
		c.requested(l, entry.Requested.Value, entry.Requested.Valid())
		c.configHash(l, lockHash)
	}
}

func (c *checker) requested(l *Library, locked string, present bool) {
	want := l.Version.Requested()
	if (want == nil && !present) || (want != nil && present && *want == locked) {
		return
	}
	path := []string{"libraries", l.PythonName, "requested"}
	c.add(Finding{Code: CodeRequestedVersionMismatch, Severity: SeverityError, Library: strPtr(l.PythonName), File: MixExsFile, Range: l.Range,
		Message:  fmt.Sprintf("library %s now requests %s but its bindings were generated for %s; regenerate bindings", l.PythonName, describeRequested(want), describeRequestedLocked(locked, present)),
		Expected: want, Actual: nullableIf(locked, present),
		Related: c.related(LockFile, c.lockFieldRange(path...), "requested version in the lock")})
}

func describeRequested(v *string) string {
	if v == nil {
		return "no version"
	}
	return fmt.Sprintf("%q", *v)
}

func describeRequestedLocked(v string, present bool) string {
	if !present {
		return "no version"
	}
	return fmt.Sprintf("%q", v)
}

func (c *checker) configHash(l *Library, lockHash *string) {
	var computed []string
	for _, enc := range c.encodingsForLock() {
		h, err := l.ConfigHash(c.p.Root, enc)
		if err != nil {
			c.add(Finding{Code: CodeConfigHashMismatch, Severity: SeverityError, Library: strPtr(l.PythonName), File: MixExsFile, Range: l.Range,
				Message: fmt.Sprintf("the options of library %s cannot be hashed as SnakeBridge would: %v", l.PythonName, err)})
			return
		}
		if lockHash != nil && *lockHash == h {
			return
		}
		computed = append(computed, h)
	}
	msg := fmt.Sprintf("the options of library %s changed since its bindings were generated", l.PythonName)
	if diff := c.changedOptions(l); diff != "" {
		msg += " (" + diff + ")"
	}
	var expected any = computed[0]
	if len(computed) > 1 {
		expected = computed
	}
	c.add(Finding{Code: CodeConfigHashMismatch, Severity: SeverityError, Library: strPtr(l.PythonName), File: MixExsFile, Range: l.Range,
		Message: msg + "; regenerate bindings", Expected: expected, Actual: lockHash,
		Related: c.related(LockFile, c.lockFieldRange("libraries", l.PythonName, "config_hash"), "config_hash in the lock")})
}

func (c *checker) unconfigured() {
	configured := map[string]bool{}
	for _, l := range c.p.Libraries {
		configured[l.PythonName] = true
	}
	names := make([]string, 0, len(c.p.Lock.Libraries))
	for name := range c.p.Lock.Libraries {
		if !configured[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		c.add(Finding{Code: CodeLibraryNotConfigured, Severity: SeverityWarning, Library: strPtr(name), File: LockFile,
			Range:    c.lockFieldRange("libraries", name),
			Message:  fmt.Sprintf("library %s is in snakebridge.lock but no longer in python_deps: its bindings are left over; regenerate bindings to remove them", name),
			Expected: nil, Actual: name,
			Related: c.related(MixExsFile, c.mixRange(), "python_deps")})
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "an unknown version"
	}
	return s
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullableIf(s string, present bool) any {
	if !present {
		return nil
	}
	return s
}

// sortFindings orders findings by file, position and code, so output is
// stable and diffs are meaningful.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Range.Start.Line != b.Range.Start.Line {
			return a.Range.Start.Line < b.Range.Start.Line
		}
		if a.Range.Start.Character != b.Range.Start.Character {
			return a.Range.Start.Character < b.Range.Start.Character
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.LibraryName() < b.LibraryName()
	})
}
