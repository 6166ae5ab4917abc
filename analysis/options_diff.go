package analysis

import (
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
)

// OptionsRecord renders a library's normalised options as the registry
// "options" object snakebridge-lsp writes, so a later check can name the
// options that changed: option name → Elixir rendering of the value.
func (l *Library) OptionsRecord() map[string]string {
	out := make(map[string]string, len(HashedOptions))
	for _, key := range HashedOptions {
		if key == "docs_manifest_hash" {
			continue
		}
		out[key] = optionText(l.Options[key])
	}
	return out
}

// previousOptions reads the options a library was last generated with from
// the registry's "options" extension, or nil when unknown.
func (p *Project) previousOptions(python string) map[string]string {
	if p.Registry == nil {
		return nil
	}
	e, ok := p.Registry.Libraries[python]
	if !ok || e.Options == nil || e.Options.Kind != lockfile.KindObject {
		return nil
	}
	out := map[string]string{}
	for _, m := range e.Options.Members {
		if m.Value != nil && m.Value.Kind == lockfile.KindString {
			out[m.Key] = m.Value.Str
		}
	}
	return out
}

// changedOptions names the options whose value differs from the previous
// generation, e.g. "include: [\"a\"] → [\"a\", \"b\"]".
func (c *checker) changedOptions(l *Library) string {
	prev := c.p.previousOptions(l.PythonName)
	if prev == nil {
		return ""
	}
	var diffs []string
	for key, now := range l.OptionsRecord() {
		if was, ok := prev[key]; ok && was != now {
			diffs = append(diffs, key+": "+was+" → "+now)
		}
	}
	sort.Strings(diffs)
	if len(diffs) == 0 {
		return ""
	}
	return "changed: " + strings.Join(diffs, "; ")
}
