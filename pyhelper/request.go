package pyhelper

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Mode selects what a request introspects.
type Mode string

// Modes, mirroring the script's command-line modes.
const (
	// ModeModule describes a module and (optionally) its submodules.
	ModeModule Mode = "module"
	// ModeSymbols describes named members of one module (--symbols).
	ModeSymbols Mode = "symbols"
	// ModeModuleDocs fetches module docstrings (--module-docs).
	ModeModuleDocs Mode = "module_docs"
	// ModeAttribute probes one attribute (--attribute).
	ModeAttribute Mode = "attribute"
)

// Format selects the output document shape.
type Format string

// Output formats. Only FormatSchema3 decodes into the typed results; the
// upstream shapes are available as Response.Raw.
const (
	// FormatSchema3 is this package's document (docs/introspection.md §3).
	FormatSchema3 Format = "schema3"
	// FormatV21 is upstream SnakeBridge's v2.1 document (--v21).
	FormatV21 Format = "v21"
	// FormatV20 is upstream's flat v2.0 document (--flat).
	FormatV20 Format = "v20"
)

// Request is one introspection request.
type Request struct {
	Mode Mode
	// Module is the Python module (required in every mode, as upstream).
	Module string
	// Symbols lists member names for ModeSymbols.
	Symbols []string
	// Modules lists module names for ModeModuleDocs.
	Modules []string
	// Attribute names the attribute for ModeAttribute.
	Attribute string
	// Options are the module-mode flags.
	Options ModuleOptions
	// Config is the --config document (signature sources, stubs, classes).
	Config Config
	// Format defaults to FormatSchema3.
	Format Format
	// Timeout overrides Options.RequestTimeout for this request.
	Timeout time.Duration
	// NoCache bypasses the disk cache and the worker's result cache.
	NoCache bool
}

// ModuleOptions mirror the module-mode command-line flags (compat §7.1/§7.5).
type ModuleOptions struct {
	// Submodules are introspected in addition to the root (--submodules).
	Submodules []string `json:"submodules,omitempty"`
	// DiscoverSubmodules walks the package (--discover-submodules).
	DiscoverSubmodules bool `json:"discover_submodules,omitempty"`
	// PublicAPI keeps only submodules with a public API (--public-api).
	PublicAPI bool `json:"public_api,omitempty"`
	// PublicAPIMode is "heuristic" (default) or "explicit_all".
	PublicAPIMode string `json:"public_api_mode,omitempty"`
	// ExportsMode takes submodules from the root's __all__ (--exports-mode).
	ExportsMode bool `json:"exports_mode,omitempty"`
	// Include and Exclude are submodule names or fnmatch patterns.
	Include []string `json:"module_include,omitempty"`
	Exclude []string `json:"module_exclude,omitempty"`
	// Depth limits discovered submodules (1 = direct children; 0 = no limit).
	Depth int `json:"module_depth,omitempty"`
}

// Config is the --config document (compat §7.1). Zero values mean the
// script's defaults: every signature source, no typeshed, stubgen enabled,
// method scope "all", at most 1000 methods per class.
type Config struct {
	// SignatureSources orders the tiers: runtime, text_signature,
	// runtime_hints, stub, stubgen, variadic.
	SignatureSources []string `json:"signature_sources,omitempty"`
	// StubSearchPaths are extra roots holding <module/path>.pyi files.
	StubSearchPaths []string `json:"stub_search_paths,omitempty"`
	UseTypeshed     bool     `json:"use_typeshed,omitempty"`
	TypeshedPath    string   `json:"typeshed_path,omitempty"`
	// Stubgen is upstream's stubgen map; only "enabled": false is honoured
	// (the stubgen tier reads the module's own source, it never runs mypy).
	Stubgen map[string]any `json:"stubgen,omitempty"`
	// ClassMethodScope is "all" or "defined".
	ClassMethodScope string `json:"class_method_scope,omitempty"`
	// MaxClassMethods caps methods per class in scope "all" (<= 0 disables).
	MaxClassMethods *int `json:"max_class_methods,omitempty"`
}

// wireParams is the "params" object of an introspect call.
type wireParams struct {
	Mode      Mode          `json:"mode"`
	Module    string        `json:"module"`
	Format    Format        `json:"format"`
	Symbols   []string      `json:"symbols,omitempty"`
	Modules   []string      `json:"modules,omitempty"`
	Attribute string        `json:"attribute,omitempty"`
	Options   ModuleOptions `json:"options"`
	Config    Config        `json:"config"`
	NoCache   bool          `json:"no_cache,omitempty"`
}

// normalized fills defaults and validates the request.
func (r Request) normalized() (Request, error) {
	if r.Mode == "" {
		r.Mode = ModeModule
	}
	if r.Format == "" {
		r.Format = FormatSchema3
	}
	bad := func(format string, args ...any) (Request, error) {
		return r, &Error{Kind: KindProtocol, Module: r.Module, Message: fmt.Sprintf(format, args...)}
	}
	switch r.Mode {
	case ModeModule, ModeSymbols, ModeModuleDocs, ModeAttribute:
	default:
		return bad("unknown mode %q", r.Mode)
	}
	switch r.Format {
	case FormatSchema3, FormatV21, FormatV20:
	default:
		return bad("unknown format %q", r.Format)
	}
	if strings.TrimSpace(r.Module) == "" {
		return bad("a module name is required")
	}
	if r.Mode == ModeAttribute && r.Attribute == "" {
		return bad("attribute mode needs an attribute name")
	}
	return r, nil
}

func (r Request) params() wireParams {
	return wireParams{Mode: r.Mode, Module: r.Module, Format: r.Format, Symbols: r.Symbols, Modules: r.Modules,
		Attribute: r.Attribute, Options: r.Options, Config: r.Config, NoCache: r.NoCache}
}

// topLevel is the top-level package the request is about (routing, staleness).
func (r Request) topLevel() string {
	name, _, _ := strings.Cut(r.Module, ".")
	return name
}

// args renders the request as introspect.py command-line arguments.
func (r Request) args() ([]string, error) {
	list := func(items []string) string {
		data, _ := json.Marshal(items)
		return string(data)
	}
	args := []string{"--module", r.Module}
	switch r.Mode {
	case ModeSymbols:
		args = append(args, "--symbols", list(r.Symbols))
	case ModeModuleDocs:
		args = append(args, "--module-docs", list(r.Modules))
	case ModeAttribute:
		args = append(args, "--attribute", r.Attribute)
	case ModeModule:
		args = append(args, r.Options.args()...)
	}
	config, err := json.Marshal(r.Config)
	if err != nil {
		return nil, fmt.Errorf("encoding introspection config: %w", err)
	}
	args = append(args, "--config", string(config))
	switch r.Format {
	case FormatV21:
		args = append(args, "--v21")
	case FormatV20:
		args = append(args, "--flat")
	}
	return args, nil
}

func (o ModuleOptions) args() []string {
	var args []string
	jsonList := func(flag string, items []string) {
		if len(items) > 0 {
			data, _ := json.Marshal(items)
			args = append(args, flag, string(data))
		}
	}
	jsonList("--submodules", o.Submodules)
	if o.DiscoverSubmodules {
		args = append(args, "--discover-submodules")
	}
	if o.PublicAPI {
		args = append(args, "--public-api")
	}
	if o.PublicAPIMode != "" {
		args = append(args, "--public-api-mode", o.PublicAPIMode)
	}
	if o.ExportsMode {
		args = append(args, "--exports-mode")
	}
	jsonList("--module-include", o.Include)
	jsonList("--module-exclude", o.Exclude)
	if o.Depth > 0 {
		args = append(args, "--module-depth", strconv.Itoa(o.Depth))
	}
	return args
}
