package analysis

import (
	"fmt"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/pyenv"
)

// RequirementStatus is how an interpreter serves one requirement derived
// from python_deps: whether the package is installed where the interpreter
// imports from, and whether its version satisfies the requirement.
type RequirementStatus struct {
	Requirement
	// Parsed is the requirement as pip reads it; Invalid says why pip would
	// reject it (upstream turns "<2.0" into "==<2.0").
	Parsed  pyenv.PipRequirement
	Invalid error
	// Installed is the distribution found, by PEP 503 name, on the
	// interpreter's sys.path; nil when the package is not installed.
	Installed *pyenv.Distribution
}

// Satisfied reports whether the installed version meets the requirement's
// version specifiers. Requirements with an environment marker or a URL are
// satisfied by any installed version: we do not evaluate markers, and a
// URL names no version.
func (s RequirementStatus) Satisfied() bool {
	if s.Installed == nil || s.Invalid != nil {
		return false
	}
	if s.Parsed.Marker != "" || s.Parsed.URL != "" {
		return true
	}
	return s.Parsed.Specifiers.Contains(s.Installed.Version)
}

// RequirementStatuses judges each requirement of the project's libraries
// against the distributions an interpreter can import (pyenv.Installed of
// its sys.path).
func (p *Project) RequirementStatuses(visible []pyenv.Distribution) []RequirementStatus {
	var out []RequirementStatus
	for _, r := range Requirements(p.Libraries) {
		s := RequirementStatus{Requirement: r}
		s.Parsed, s.Invalid = pyenv.ParsePipRequirement(r.Spec)
		name := r.Name
		if s.Invalid == nil {
			name = s.Parsed.Name
		}
		if d, ok := pyenv.FindDistribution(visible, name); ok {
			s.Installed = &d
		}
		out = append(out, s)
	}
	return out
}

// ResolvedVersions maps each library with a requirement to the version of
// its package installed for the interpreter (canonical PEP 440 form, as pip
// shows it): what introspection actually saw, which the lock records as
// `resolved`. Libraries whose package is not installed are absent.
func (p *Project) ResolvedVersions(visible []pyenv.Distribution) map[string]string {
	out := map[string]string{}
	for _, s := range p.RequirementStatuses(visible) {
		if s.Installed == nil {
			continue
		}
		v, ok := pyenv.CanonicalVersion(s.Installed.Version)
		if !ok {
			v = s.Installed.Version
		}
		out[s.Library] = v
	}
	return out
}

// requirements reports configured packages the interpreter cannot serve:
// not installed (python_package_missing), or installed in a version the
// requirement excludes, or a requirement pip would reject
// (python_requirement_unsatisfied). Without these, introspection fails or
// describes another version than the one configured while check says
// fresh.
func (c *checker) requirements(interp pyenv.Interpreter, visible []pyenv.Distribution) {
	for _, s := range c.p.RequirementStatuses(visible) {
		l := c.p.libraryByPythonName(s.Library)
		if l == nil {
			continue
		}
		install := fmt.Sprintf("install it with mix snakebridge.setup, or: uv pip install --python %s '%s'", interp.Path, s.Spec)
		switch {
		case s.Invalid != nil:
			c.add(Finding{Code: CodePythonRequirementUnsatisfied, Severity: SeverityError, Library: strPtr(l.PythonName), File: MixExsFile, Range: l.Range,
				Message: fmt.Sprintf("library %s becomes the pip requirement %q, which pip rejects (%v); write the version as pip understands it (e.g. \">= 1.0\", \"~> 1.2\" or \"1.2.3\")",
					l.PythonName, s.Spec, s.Invalid),
				Expected: s.Spec, Actual: installedVersion(s)})
		case s.Installed == nil:
			c.add(Finding{Code: CodePythonPackageMissing, Severity: SeverityError, Library: strPtr(l.PythonName), File: MixExsFile, Range: l.Range,
				Message: fmt.Sprintf("package %s (required by library %s as %s) is not installed for %s (from %s); %s",
					s.Name, l.PythonName, s.Spec, interp.Path, interp.Source, install),
				Expected: s.Spec, Actual: nil})
		case !s.Satisfied():
			c.add(Finding{Code: CodePythonRequirementUnsatisfied, Severity: SeverityError, Library: strPtr(l.PythonName), File: MixExsFile, Range: l.Range,
				Message: fmt.Sprintf("library %s requires %s but %s (from %s) has %s %s installed; install the requested version (uv pip install --python %s '%s') or change the version in mix.exs",
					l.PythonName, s.Spec, interp.Path, interp.Source, s.Installed.Name, s.Installed.Version, interp.Path, s.Spec),
				Expected: s.Spec, Actual: installedVersion(s)})
		}
	}
}

func installedVersion(s RequirementStatus) any {
	if s.Installed == nil {
		return nil
	}
	return s.Installed.Version
}

func (p *Project) libraryByPythonName(name string) *Library {
	for _, l := range p.Libraries {
		if l.PythonName == name {
			return l
		}
	}
	return nil
}
