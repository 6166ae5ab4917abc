// Package telemetry is the one event schema of snakebridge-lsp: the
// generator's compile phases and the server's work emit the same record,
// unlike upstream's two shapes in two namespaces.
package telemetry

import (
	"fmt"
	"regexp"
	"sync"
	"time"
)

// Areas and their phases.
const (
	AreaCompile = "compile"
	AreaServer  = "server"
)

// Phases lists the phases of each area; an event outside them is invalid.
var Phases = map[string][]string{
	AreaCompile: {"scan", "introspect", "generate", "commit"},
	AreaServer:  {"request", "watch_batch", "check", "symbols"},
}

// Event is one telemetry record:
// {event: "snakebridge.<area>.<phase>.<start|stop|error>", project, library,
// phase, duration_ms, details}.
type Event struct {
	Event   string `json:"event"`
	Project string `json:"project"`
	// Library is the python_name the event concerns, or nil.
	Library *string `json:"library"`
	Phase   string  `json:"phase"`
	// DurationMS is nil on start events.
	DurationMS *float64       `json:"duration_ms"`
	Details    map[string]any `json:"details"`
}

// Sink receives events; it must be safe for concurrent use.
type Sink interface {
	Emit(Event)
}

// SinkFunc adapts a function to a Sink.
type SinkFunc func(Event)

// Emit calls f.
func (f SinkFunc) Emit(e Event) { f(e) }

// Discard is a Sink that drops everything.
var Discard Sink = SinkFunc(func(Event) {})

// Span times one phase: Start emits .start, End emits .stop or .error.
type Span struct {
	sink    Sink
	area    string
	phase   string
	project string
	library *string
	start   time.Time
	once    sync.Once
}

// Start emits the start event of a phase and returns its span. library may
// be "" for project-wide phases.
func Start(sink Sink, area, phase, project, library string, details map[string]any) *Span {
	if sink == nil {
		sink = Discard
	}
	s := &Span{sink: sink, area: area, phase: phase, project: project, start: time.Now()}
	if library != "" {
		s.library = &library
	}
	sink.Emit(s.event("start", nil, details))
	return s
}

// End emits the stop event, or the error event when err is not nil (its
// message goes into details["error"]). Only the first call emits.
func (s *Span) End(err error, details map[string]any) {
	s.once.Do(func() {
		d := float64(time.Since(s.start).Microseconds()) / 1000
		if details == nil {
			details = map[string]any{}
		}
		kind := "stop"
		if err != nil {
			kind = "error"
			details["error"] = err.Error()
		}
		s.sink.Emit(s.event(kind, &d, details))
	})
}

func (s *Span) event(kind string, d *float64, details map[string]any) Event {
	if details == nil {
		details = map[string]any{}
	}
	return Event{
		Event: "snakebridge." + s.area + "." + s.phase + "." + kind, Project: s.project,
		Library: s.library, Phase: s.phase, DurationMS: d, Details: details,
	}
}

var eventName = regexp.MustCompile(`^snakebridge\.([a-z_]+)\.([a-z_]+)\.(start|stop|error)$`)

// Validate reports how an event departs from the schema, or nil.
func Validate(e Event) error {
	m := eventName.FindStringSubmatch(e.Event)
	if m == nil {
		return fmt.Errorf("event name %q is not snakebridge.<area>.<phase>.<start|stop|error>", e.Event)
	}
	area, phase, kind := m[1], m[2], m[3]
	if !contains(Phases[area], phase) {
		return fmt.Errorf("event %q: unknown phase %q of area %q", e.Event, phase, area)
	}
	if e.Phase != phase {
		return fmt.Errorf("event %q: phase field %q differs from the name", e.Event, e.Phase)
	}
	if e.Project == "" {
		return fmt.Errorf("event %q: project is empty", e.Event)
	}
	if (kind == "start") != (e.DurationMS == nil) {
		return fmt.Errorf("event %q: duration_ms must be null exactly on start events", e.Event)
	}
	if e.DurationMS != nil && *e.DurationMS < 0 {
		return fmt.Errorf("event %q: negative duration", e.Event)
	}
	if e.Details == nil {
		return fmt.Errorf("event %q: details must be an object", e.Event)
	}
	if kind == "error" {
		if _, ok := e.Details["error"].(string); !ok {
			return fmt.Errorf("event %q: error events carry details.error", e.Event)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
