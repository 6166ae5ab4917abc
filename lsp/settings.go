package lsp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Settings are the editor settings of the "snakebridge" section.
type Settings struct {
	// PythonPath is an explicit interpreter (reported as coming from
	// pythonPathSource); it wins over every other
	// source of the interpreter. Relative paths are taken from the project.
	PythonPath string
	// AutoRegenerate is "off" or "onSave".
	AutoRegenerate string
	// IntrospectionTimeout bounds one introspection request (0: the
	// generator's default).
	IntrospectionTimeout time.Duration
	// Telemetry sends telemetry events to the client as telemetry/event.
	Telemetry bool
}

// Auto-regeneration modes.
const (
	AutoOff    = "off"
	AutoOnSave = "onSave"
)

// settingsSection is the configuration section the server reads.
const settingsSection = "snakebridge"

// parseSettings reads a settings object, either the section itself or an
// object holding it under "snakebridge". Unknown keys are ignored; a value
// of the wrong type is an error naming the key, and the rest still applies.
func parseSettings(data json.RawMessage, base Settings) (Settings, []error) {
	out := base
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		return out, nil
	}
	var wrapper map[string]json.RawMessage
	if err := json.Unmarshal(data, &wrapper); err != nil {
		return out, []error{fmt.Errorf("settings must be an object: %v", err)}
	}
	if inner, ok := wrapper[settingsSection]; ok {
		return parseSettings(inner, base)
	}
	var errs []error
	field := func(key string, dst any) bool {
		raw, ok := wrapper[key]
		if !ok || string(bytes.TrimSpace(raw)) == "null" {
			return false
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			errs = append(errs, fmt.Errorf("setting snakebridge.%s: %v", key, err))
			return false
		}
		return true
	}
	var py string
	if field("pythonPath", &py) {
		out.PythonPath = strings.TrimSpace(py)
	}
	var auto string
	if field("autoRegenerate", &auto) {
		switch auto {
		case AutoOff, AutoOnSave:
			out.AutoRegenerate = auto
		default:
			errs = append(errs, fmt.Errorf("setting snakebridge.autoRegenerate: %q is not \"off\" or \"onSave\"", auto))
		}
	}
	if raw, ok := wrapper["introspectionTimeout"]; ok && string(bytes.TrimSpace(raw)) != "null" {
		d, err := parseTimeout(raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("setting snakebridge.introspectionTimeout: %v", err))
		} else {
			out.IntrospectionTimeout = d
		}
	}
	var tel bool
	if field("telemetry", &tel) {
		out.Telemetry = tel
	}
	return out, errs
}

// parseTimeout accepts seconds as a number or a Go duration string ("90s").
func parseTimeout(raw json.RawMessage) (time.Duration, error) {
	var secs float64
	if err := json.Unmarshal(raw, &secs); err == nil {
		if secs < 0 {
			return 0, fmt.Errorf("%v is negative", secs)
		}
		return time.Duration(secs * float64(time.Second)), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return 0, fmt.Errorf("expected seconds or a duration such as \"90s\", got %s", raw)
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("expected seconds or a duration such as \"90s\", got %q", s)
	}
	return d, nil
}

// defaultSettings are the settings before the client says anything.
func defaultSettings() Settings {
	return Settings{AutoRegenerate: AutoOff}
}

// pythonPathSource is how an interpreter from the pythonPath setting is
// named in diagnostics and the status.
const pythonPathSource = "the snakebridge.pythonPath setting"
