package analysis

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/wheels"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// DefaultWheelFile is where upstream looks for wheel variants.
const DefaultWheelFile = "config/wheel_variants.json"

// WheelSetup is a project's wheel configuration and strategy.
type WheelSetup struct {
	Config *wheels.Config
	// File is the project-relative file read, "" for the built-in copy.
	File string
	// Strategy is nil when the project names a strategy this tool cannot
	// run (an Elixir module of its own).
	Strategy wheels.Strategy
	// Problems are what was wrong with the file or the settings, as
	// advisory warnings (strict: warnings).
	Problems []Finding
}

// PackageVariant is the variant of one configured package on a machine.
type PackageVariant struct {
	Library   *Library
	Package   string
	Version   string // an exact requested version, or ""
	Selection wheels.Selection
	IndexURL  string // "" without a variant
	Install   string // the pip command for the variant (or the suggestion)
}

// LoadWheels reads the project's wheel configuration: wheel_config_path,
// else config/wheel_variants.json, else the built-in copy.
func (p *Project) LoadWheels(opts Options) WheelSetup {
	ws := p.Settings.Wheels
	var w WheelSetup
	problem := func(file string, r Range, msg string) {
		w.Problems = append(w.Problems, Finding{Code: CodeWheelConfigInvalid, Severity: SeverityWarning,
			File: file, Range: r, Message: msg, Advisory: !opts.Strict})
	}
	if ws.Err != nil {
		problem(p.rel(ws.Err.File, "config/config.exs"), ws.Err.Range, ws.Err.Msg+"; the defaults are used")
	}
	rel := DefaultWheelFile
	if ws.ConfigPath != "" {
		rel = ws.ConfigPath
	}
	w.Config = wheels.Default()
	data, err := opts.readFile(p.abs(rel), safefile.MaxSmall)
	switch {
	case err == nil:
		cfg, perr := wheels.Parse(rel, data)
		var le *lockfile.Error
		if errors.As(perr, &le) {
			problem(rel, lockRange(le.Range), le.Msg+"; the built-in wheel variants are used")
		} else if perr == nil {
			w.Config, w.File = cfg, rel
		}
	case errors.Is(err, fs.ErrNotExist):
		if ws.ConfigPath != "" {
			ref := p.Settings.Ranges["wheel_config_path"]
			problem(p.rel(ref.File, "config/config.exs"), ref.Range, fmt.Sprintf("wheel_config_path %q does not exist; the built-in wheel variants are used", ws.ConfigPath))
		}
	default:
		problem(rel, Range{}, fmt.Sprintf("cannot read %s: %v; the built-in wheel variants are used", rel, describeIOError(err)))
	}
	if ws.IndexBaseURL != "" {
		w.Config.IndexBaseURL = ws.IndexBaseURL
	}
	if ws.Thresholds != nil {
		w.Config.Thresholds = ws.Thresholds
	}
	s, err := wheels.Builtin().Select(ws.Strategy, w.Config)
	if err != nil {
		ref := p.Settings.Ranges["wheel_strategy"]
		problem(p.rel(ref.File, "config/config.exs"), ref.Range, err.Error()+"; wheel variants are not checked")
	}
	w.Strategy = s
	return w
}

// Variants lists the configured libraries the strategy has variants for,
// with the variant hw needs.
func (w WheelSetup) Variants(libs []*Library, hw hardware.Identity) []PackageVariant {
	if w.Strategy == nil {
		return nil
	}
	var out []PackageVariant
	for _, l := range libs {
		pkg := l.PypiPackage
		if pkg == "" {
			pkg = l.PythonName
		}
		if l.Version.Kind == VersionStdlib || !w.Strategy.Knows(pkg) {
			continue
		}
		pv := PackageVariant{Library: l, Package: pkg, Selection: w.Strategy.Variant(pkg, hw)}
		if l.Version.Kind == VersionString && exactVersion.MatchString(strings.TrimPrefix(strings.TrimSpace(l.Version.Text), "==")) {
			pv.Version = strings.TrimPrefix(strings.TrimSpace(l.Version.Text), "==")
		}
		variant := pv.Selection.Variant
		if variant == "" {
			variant = pv.Selection.Suggestion
		}
		if variant != "" {
			pv.IndexURL = w.Strategy.IndexURL(variant)
			pv.Install = wheels.InstallCommand(w.Strategy, pkg, pv.Version, variant)
		}
		out = append(out, pv)
	}
	return out
}

// exactVersion is a version pip can pin with ==.
var exactVersion = regexp.MustCompile(`^[0-9][0-9A-Za-z.+!_-]*$`)
