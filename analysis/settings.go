package analysis

import (
	"fmt"
	"path/filepath"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
)

// Settings are the `config :snakebridge` and `config :snakepit` values that
// matter before runtime (compat §1.4, §10.1), after environment overrides.
type Settings struct {
	GeneratedDir    string // project-relative, "/"-separated
	GeneratedLayout string // "split" or "single"
	MetadataDir     string
	RegistryPath    string
	ScanPaths       []string
	ScanExtensions  []string
	ScanExclude     []string
	Strict          bool
	Skip            bool
	Verbose         bool
	HelpersEnabled  bool // Helpers.enabled?/1: the compiler then needs <generated_dir>/helpers/*.ex
	// PythonExecutable is config :snakebridge, :python_executable.
	PythonExecutable string
	// Introspection holds the global signature and stub settings; a
	// library's own option wins over each of them.
	Introspection Introspection
	// VariadicMaxArity bounds the variadic fallback wrappers (default 8).
	VariadicMaxArity int
	// IntrospectorTimeoutMS is introspector[:timeout] or introspector_timeout,
	// 0 when the configuration sets neither. SnakeBridge's 30 000 ms
	// default bounds a batch and crashes the compile on a slow import; the
	// generator's own default (pyhelper.DefaultRequestTimeout) applies then.
	IntrospectorTimeoutMS int
	Snakepit              SnakepitSettings
	// Wheels are the wheel-selection settings.
	Wheels WheelSettings
	// Ranges locates each setting for diagnostics: key → file and range.
	Ranges map[string]SettingRef
}

// Introspection is the global part of introspect.py's --config (compat
// §7.1): the values of `config :snakebridge` for these keys.
type Introspection struct {
	SignatureSources []string
	StubSearchPaths  []string
	UseTypeshed      bool
	TypeshedPath     string
	StubgenEnabled   *bool
	ClassMethodScope string
	MaxClassMethods  *int
	StrictSignatures bool
	MinSignatureTier string
}

// SnakepitSettings are the interpreter-related `config :snakepit` keys.
type SnakepitSettings struct {
	PythonExecutable     string
	BootstrapProjectRoot string
	PackagesEnvDir       string
	PackagesEnvDisabled  bool
	RuntimeDir           string
	Managed              bool
}

// SettingRef is where a setting was written.
type SettingRef struct {
	File  string
	Range Range
}

// SettingError is a configuration value SnakeBridge would reject.
type SettingError struct {
	File  string
	Range Range
	Msg   string
}

func (e *SettingError) Error() string { return e.Msg }

func defaultSettings() Settings {
	return Settings{
		GeneratedDir:    "lib/snakebridge_generated",
		GeneratedLayout: "split",
		MetadataDir:     ".snakebridge",
		RegistryPath:    "priv/snakebridge/registry.json",
		ScanPaths:       []string{"lib"},
		ScanExtensions:  []string{".ex"},
		Ranges:          map[string]SettingRef{},

		VariadicMaxArity: 8,
		HelpersEnabled:   true,
	}
}

// truthy is SnakeBridge's parsing of boolean environment variables.
func truthy(v string) bool {
	switch v {
	case "1", "true", "TRUE", "yes", "YES":
		return true
	}
	return false
}

// resolveSettings applies config values and then environment overrides.
func resolveSettings(cfg *elixir.Config, getenv func(string) (string, bool)) (Settings, error) {
	s := defaultSettings()
	if cfg != nil {
		if err := s.applySnakebridge(cfg.Snakebridge); err != nil {
			return s, err
		}
		if err := s.applySnakepit(cfg.Snakepit); err != nil {
			return s, err
		}
	}
	if v, ok := getenv("SNAKEBRIDGE_STRICT"); ok {
		s.Strict = truthy(v)
	}
	if v, ok := getenv("SNAKEBRIDGE_VERBOSE"); ok {
		s.Verbose = truthy(v)
	}
	if v, ok := getenv("SNAKEBRIDGE_SKIP"); ok {
		s.Skip = truthy(v)
	}
	return s, nil
}

func (s *Settings) applySnakebridge(m map[string]elixir.Setting) error {
	for key, set := range m {
		s.Ranges[key] = SettingRef{File: set.File, Range: toRange(set.Node.Range)}
	}
	var err error
	str := func(key string, dst *string) {
		if err == nil {
			err = settingString(m, key, dst)
		}
	}
	strs := func(key string, dst *[]string) {
		if err == nil {
			err = settingStrings(m, key, dst)
		}
	}
	str("generated_dir", &s.GeneratedDir)
	str("metadata_dir", &s.MetadataDir)
	str("registry_path", &s.RegistryPath)
	str("python_executable", &s.PythonExecutable)
	strs("scan_paths", &s.ScanPaths)
	strs("scan_extensions", &s.ScanExtensions)
	strs("scan_exclude", &s.ScanExclude)
	if err != nil {
		return err
	}
	if set, ok := m["generated_layout"]; ok {
		a, isAtom := set.Node.Term.(term.Atom)
		if !isAtom || (a != "split" && a != "single") {
			return settingErr(set, "generated_layout must be :split or :single, got %s", term.Inspect(set.Node.Term))
		}
		s.GeneratedLayout = string(a)
	}
	if err := s.applyIntrospection(m); err != nil {
		return err
	}
	s.HelpersEnabled = helpersEnabled(m)
	s.Wheels.apply(m)
	if set, ok := m["strict"]; ok {
		s.Strict = term.Equal(set.Node.Term, term.True)
	}
	if set, ok := m["verbose"]; ok {
		s.Verbose = term.Equal(set.Node.Term, term.True)
	}
	s.GeneratedDir = filepath.ToSlash(filepath.Clean(s.GeneratedDir))
	return nil
}

func (s *Settings) applySnakepit(m map[string]elixir.Setting) error {
	sp := &s.Snakepit
	if err := settingString(m, "python_executable", &sp.PythonExecutable); err != nil {
		return err
	}
	if err := settingString(m, "bootstrap_project_root", &sp.BootstrapProjectRoot); err != nil {
		return err
	}
	if set, ok := m["python_packages"]; ok {
		if v := keywordTerm(set.Node.Term, "env_dir"); v != nil {
			switch x := v.(type) {
			case term.Binary:
				sp.PackagesEnvDir = string(x)
			case term.Atom:
				sp.PackagesEnvDisabled = x == term.False
			}
		}
	}
	if set, ok := m["python"]; ok {
		sp.Managed = term.Equal(keywordTerm(set.Node.Term, "managed"), term.True) ||
			term.Equal(keywordTerm(set.Node.Term, "strategy"), term.Atom("uv"))
		if v, ok := keywordTerm(set.Node.Term, "runtime_dir").(term.Binary); ok {
			sp.RuntimeDir = string(v)
		}
	}
	return nil
}

func keywordTerm(t term.Term, key string) term.Term {
	l, ok := t.(term.List)
	if !ok || !term.IsKeyword(l) {
		return nil
	}
	for _, e := range l {
		kv := e.(term.Tuple)
		if kv[0] == term.Atom(key) {
			return kv[1]
		}
	}
	return nil
}

func settingString(m map[string]elixir.Setting, key string, dst *string) error {
	set, ok := m[key]
	if !ok || isNilTerm(set.Node.Term) {
		return nil
	}
	b, isBin := set.Node.Term.(term.Binary)
	if !isBin {
		return settingErr(set, "%s must be a string, got %s", key, term.Inspect(set.Node.Term))
	}
	*dst = string(b)
	return nil
}

func settingStrings(m map[string]elixir.Setting, key string, dst *[]string) error {
	set, ok := m[key]
	if !ok || isNilTerm(set.Node.Term) {
		return nil
	}
	l, isList := set.Node.Term.(term.List)
	if !isList {
		return settingErr(set, "%s must be a list of strings, got %s", key, term.Inspect(set.Node.Term))
	}
	out := make([]string, 0, len(l))
	for _, e := range l {
		b, isBin := e.(term.Binary)
		if !isBin {
			return settingErr(set, "%s must be a list of strings, got element %s", key, term.Inspect(e))
		}
		out = append(out, string(b))
	}
	*dst = out
	return nil
}

func settingErr(set elixir.Setting, format string, args ...any) *SettingError {
	return &SettingError{File: set.File, Range: toRange(set.Node.Range), Msg: fmt.Sprintf(format, args...)}
}

func (s *Settings) applyIntrospection(m map[string]elixir.Setting) error {
	in := &s.Introspection
	for key, dst := range map[string]*[]string{"signature_sources": &in.SignatureSources, "stub_search_paths": &in.StubSearchPaths} {
		if set, ok := m[key]; ok {
			list, err := normalizeList(set.Node.Term)
			if err != nil {
				return settingErr(set, "%s: %v", key, err)
			}
			for _, e := range list.(term.List) {
				*dst = append(*dst, string(e.(term.Binary)))
			}
		}
	}
	if err := settingString(m, "typeshed_path", &in.TypeshedPath); err != nil {
		return err
	}
	if set, ok := m["use_typeshed"]; ok {
		in.UseTypeshed = term.Equal(set.Node.Term, term.True)
	}
	if set, ok := m["strict_signatures"]; ok {
		in.StrictSignatures = term.Equal(set.Node.Term, term.True)
	}
	if set, ok := m["min_signature_tier"]; ok {
		if t, err := elixirToString(set.Node.Term); err == nil {
			in.MinSignatureTier = t
		}
	}
	if set, ok := m["class_method_scope"]; ok {
		if a, ok := set.Node.Term.(term.Atom); ok {
			in.ClassMethodScope = classScopeAliases[string(a)]
		}
	}
	if set, ok := m["max_class_methods"]; ok {
		if n, ok := smallInt(set.Node.Term); ok {
			v := int(n)
			in.MaxClassMethods = &v
		}
	}
	if set, ok := m["stubgen"]; ok {
		if v, ok := keywordTerm(set.Node.Term, "enabled").(term.Atom); ok && (v == term.True || v == term.False) {
			b := v == term.True
			in.StubgenEnabled = &b
		}
	}
	if set, ok := m["variadic_max_arity"]; ok {
		n, isInt := smallInt(set.Node.Term)
		if !isInt || n < 0 || n > 32 {
			return settingErr(set, "variadic_max_arity must be an integer between 0 and 32, got %s", term.Inspect(set.Node.Term))
		}
		s.VariadicMaxArity = int(n)
	}
	if set, ok := m["introspector_timeout"]; ok {
		if n, ok := smallInt(set.Node.Term); ok && n > 0 {
			s.IntrospectorTimeoutMS = int(n)
		}
	}
	if set, ok := m["introspector"]; ok {
		if n, ok := smallInt(keywordTerm(set.Node.Term, "timeout")); ok && n > 0 {
			s.IntrospectorTimeoutMS = int(n)
		}
	}
	return nil
}

// helpersEnabled restates SnakeBridge's Helpers.enabled?/1 (compat §6.8):
// helper_allowlist is not empty (:none is empty; :all, nil and a single
// value are not) and the helper pack is enabled (exactly true, the
// default) or helper_paths (List.wrap'd; default ["priv/python/helpers"])
// is not empty.
func helpersEnabled(m map[string]elixir.Setting) bool {
	if set, ok := m["helper_allowlist"]; ok {
		switch v := set.Node.Term.(type) {
		case term.Atom:
			if v == "none" {
				return false
			}
		case term.List:
			if len(v) == 0 {
				return false
			}
		}
	}
	pack := true
	if set, ok := m["helper_pack_enabled"]; ok {
		pack = term.Equal(set.Node.Term, term.True)
	}
	paths := true
	if set, ok := m["helper_paths"]; ok {
		if l, isList := set.Node.Term.(term.List); (isList && len(l) == 0) || isNilTerm(set.Node.Term) {
			paths = false
		}
	}
	return pack || paths
}
