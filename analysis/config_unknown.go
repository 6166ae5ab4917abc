package analysis

import (
	"fmt"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
)

// checkKeys are the `config :snakebridge` keys whose values check needs:
// where the bindings, the manifest and the registry are, which sources are
// scanned for calls, and which helpers are expected. No global key feeds
// config_hash (compat §2.4).
var checkKeys = map[string]string{
	"generated_dir":       "where the bindings are",
	"generated_layout":    "which files the bindings are",
	"metadata_dir":        "where the manifest is",
	"registry_path":       "where the registry is",
	"scan_paths":          "which sources are scanned for calls",
	"scan_extensions":     "which sources are scanned for calls",
	"scan_exclude":        "which sources are scanned for calls",
	"helper_paths":        "which helpers are generated",
	"helper_pack_enabled": "which helpers are generated",
	"helper_allowlist":    "which helpers are generated",
}

// generateKeys are the further `config :snakebridge` keys that shape what
// generate writes (or whether it may write: strict).
var generateKeys = map[string]string{
	"strict":             "whether bindings may be regenerated",
	"signature_sources":  "how signatures are introspected",
	"stub_search_paths":  "how signatures are introspected",
	"use_typeshed":       "how signatures are introspected",
	"typeshed_path":      "how signatures are introspected",
	"stubgen":            "how signatures are introspected",
	"strict_signatures":  "how signatures are introspected",
	"min_signature_tier": "how signatures are introspected",
	"class_method_scope": "which class methods are generated",
	"max_class_methods":  "which class methods are generated",
	"variadic_max_arity": "which arities are generated",
}

// interpreterKeys are the keys that choose the Python interpreter (compat
// §10.1), by application; an explicit interpreter overrides them all.
var interpreterKeys = map[string]map[string]bool{
	"snakebridge": {"python_executable": true},
	"snakepit":    {"python_executable": true, "python_packages": true, "python": true, "bootstrap_project_root": true},
}

// unknownPurpose returns what an unknown part of the configuration may
// decide among the keys that matter for the use ("" when nothing that
// matters): the key and its purpose. explicitPython is an interpreter given
// by --python or the editor, which no configuration overrides.
func unknownPurpose(u elixir.UnknownPart, explicitPython, generating bool) (string, string) {
	if u.App == "" || u.AnyKey() {
		return "any key", "anything, the bindings' location and the interpreter included"
	}
	for _, k := range u.Keys {
		if interpreterKeys[u.App][k] && !explicitPython {
			return k, "which Python interpreter is used (--python names one explicitly)"
		}
		if u.App != "snakebridge" {
			continue
		}
		if why, ok := checkKeys[k]; ok {
			return k, why
		}
		if why, ok := generateKeys[k]; ok && generating {
			return k, why
		}
	}
	return "", ""
}

// unknownConfig turns the parts of the configuration that could not be
// evaluated into findings: config_unreadable (the first one that decides
// something check needs) or config_partially_unreadable warnings. It
// reports false when the project cannot be evaluated.
func (p *Project) unknownConfig(cfg *elixir.Config, opts Options) bool {
	for _, u := range cfg.Unknown {
		if key, why := unknownPurpose(u, opts.Python != "", false); key != "" {
			p.unreadable(CodeConfigUnreadable, p.rel(u.File, "config/config.exs"), toRange(u.Range),
				fmt.Sprintf("%s: it may set %s, which decides %s, so the project cannot be checked without running Elixir; write that value as a literal",
					u.Reason, describeKeys(u, key), why))
			return false
		}
	}
	for _, u := range cfg.Unknown {
		p.Warnings = append(p.Warnings, Finding{Code: CodeConfigPartiallyUnreadable, Severity: SeverityWarning,
			File: p.rel(u.File, "config/config.exs"), Range: toRange(u.Range),
			Message: fmt.Sprintf("%s: it may set %s, which %s, so the rest of the configuration was read and checked; this does not make the bindings stale",
				u.Reason, describeKeys(u, ""), irrelevance(u, opts.Python != "")),
			Expected: nil, Actual: u.Keys})
	}
	return true
}

// UnknownForGeneration returns a finding when a part of the configuration
// that could not be evaluated may decide what generate writes (check has
// already refused what it needs itself), nil otherwise.
func (p *Project) UnknownForGeneration(explicitPython bool) *Finding {
	if p.Config == nil {
		return nil
	}
	for _, u := range p.Config.Unknown {
		if key, why := unknownPurpose(u, explicitPython, true); key != "" {
			return &Finding{Code: CodeConfigUnreadable, Severity: SeverityError, File: p.rel(u.File, "config/config.exs"), Range: toRange(u.Range),
				Message: fmt.Sprintf("%s: it may set %s, which decides %s, so the bindings cannot be generated without running Elixir; write that value as a literal",
					u.Reason, describeKeys(u, key), why)}
		}
	}
	return nil
}

func describeKeys(u elixir.UnknownPart, key string) string {
	switch {
	case u.App == "":
		return "the configuration of any application"
	case u.AnyKey():
		return "any key of config :" + u.App
	case key != "":
		return "config :" + u.App + ", " + key
	}
	return "config :" + u.App + ", " + strings.Join(u.Keys, ", ")
}

// irrelevance says why the keys of a part do not matter to check.
func irrelevance(u elixir.UnknownPart, explicitPython bool) string {
	for _, k := range u.Keys {
		if interpreterKeys[u.App][k] && explicitPython {
			return "the interpreter given explicitly overrides"
		}
	}
	for _, k := range u.Keys {
		if _, ok := generateKeys[k]; ok && u.App == "snakebridge" {
			return "check does not need (generate refuses the project while it is unknown)"
		}
	}
	return "neither check nor generate needs"
}
