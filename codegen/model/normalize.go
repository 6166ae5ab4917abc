package model

import (
	"regexp"

	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// memoryAddress matches the " at 0x7f…" of default object reprs
// ("<built-in method match of re.Pattern object at 0x7f…>"). The address
// changes on every run, so keeping it would rewrite the manifest and the
// wrappers each time; we delete it (" at 0x…" → ""), which leaves a repr
// that still names the object: "<built-in method match of re.Pattern
// object>". Upstream keeps the address (compat §6.2).
var memoryAddress = regexp.MustCompile(` at 0x[0-9a-fA-F]+`)

// StripAddresses removes memory addresses from a repr or docstring.
func StripAddresses(s string) string {
	if len(s) < 6 || !containsHexMarker(s) {
		return s
	}
	return memoryAddress.ReplaceAllString(s, "")
}

func containsHexMarker(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') {
			return true
		}
	}
	return false
}

// normalizeParams returns a copy of params with addresses removed from
// defaults (the input, shared with the introspection result, is not changed).
func normalizeParams(params []pyhelper.Param) []pyhelper.Param {
	out := make([]pyhelper.Param, len(params))
	copy(out, params)
	for i := range out {
		if d := out[i].Default; d != nil {
			if clean := StripAddresses(*d); clean != *d {
				out[i].Default = &clean
			}
		}
	}
	return out
}
