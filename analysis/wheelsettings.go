package analysis

import (
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/wheels"
)

// WheelSettings are the `config :snakebridge` keys of wheel selection
// (compat §1.4, §8). They feed no hash and choose no interpreter, so a
// value of the wrong type is a finding on that setting, not a project that
// cannot be evaluated.
type WheelSettings struct {
	// ConfigPath is wheel_config_path ("" for config/wheel_variants.json).
	ConfigPath string
	// Strategy is wheel_strategy, a module name without "Elixir." ("" for
	// the default).
	Strategy string
	// IndexBaseURL is pytorch_index_base_url.
	IndexBaseURL string
	// Thresholds is cuda_thresholds (nil for the default).
	Thresholds []wheels.Threshold
	// Err is the first value of the wrong type, if any.
	Err *SettingError
}

func (w *WheelSettings) apply(m map[string]elixir.Setting) {
	fail := func(set elixir.Setting, format string, args ...any) {
		if w.Err == nil {
			w.Err = settingErr(set, format, args...)
		}
	}
	for _, key := range []string{"wheel_config_path", "pytorch_index_base_url"} {
		var dst string
		if err := settingString(m, key, &dst); err != nil {
			if w.Err == nil {
				w.Err = err.(*SettingError)
			}
			continue
		}
		if key == "wheel_config_path" {
			w.ConfigPath = dst
		} else {
			w.IndexBaseURL = dst
		}
	}
	if set, ok := m["wheel_strategy"]; ok && !isNilTerm(set.Node.Term) {
		if a, isAtom := set.Node.Term.(term.Atom); isAtom && strings.HasPrefix(string(a), "Elixir.") {
			w.Strategy = strings.TrimPrefix(string(a), "Elixir.")
		} else {
			fail(set, "wheel_strategy must be a module, got %s", term.Inspect(set.Node.Term))
		}
	}
	if set, ok := m["cuda_thresholds"]; ok && !isNilTerm(set.Node.Term) {
		w.Thresholds = thresholds(set, fail)
	}
}

// thresholds reads [{"cu124", 124}, …].
func thresholds(set elixir.Setting, fail func(elixir.Setting, string, ...any)) []wheels.Threshold {
	l, ok := set.Node.Term.(term.List)
	if !ok {
		fail(set, "cuda_thresholds must be a list of {variant, version} tuples such as {\"cu121\", 120}, got %s", term.Inspect(set.Node.Term))
		return nil
	}
	out := []wheels.Threshold{}
	for _, e := range l {
		t, isTuple := e.(term.Tuple)
		if isTuple && len(t) == 2 {
			v, isBin := t[0].(term.Binary)
			n, isInt := t[1].(term.Integer)
			if isBin && isInt && n.V.IsInt64() && n.V.Int64() >= 0 && n.V.Int64() < 10000 {
				out = append(out, wheels.Threshold{Variant: string(v), Min: int(n.V.Int64())})
				continue
			}
		}
		fail(set, "cuda_thresholds must be a list of {variant, version} tuples such as {\"cu121\", 120}, got element %s", term.Inspect(e))
		return nil
	}
	return out
}
