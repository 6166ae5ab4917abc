package telemetry

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

type recorder struct {
	mu     sync.Mutex
	events []Event
}

func (r *recorder) Emit(e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func TestSpanEmitsValidStartAndStop(t *testing.T) {
	rec := &recorder{}
	s := Start(rec, AreaCompile, "introspect", "/p", "numpy", map[string]any{"modules": 1})
	s.End(nil, map[string]any{"symbols": 3})
	s.End(errors.New("again"), nil) // ignored: a span ends once
	if len(rec.events) != 2 {
		t.Fatalf("events = %v", rec.events)
	}
	if rec.events[0].Event != "snakebridge.compile.introspect.start" || rec.events[1].Event != "snakebridge.compile.introspect.stop" {
		t.Errorf("names = %s, %s", rec.events[0].Event, rec.events[1].Event)
	}
	for _, e := range rec.events {
		if err := Validate(e); err != nil {
			t.Error(err)
		}
	}
}

func TestErrorEventsCarryTheMessage(t *testing.T) {
	rec := &recorder{}
	Start(rec, AreaServer, "check", "/p", "", nil).End(errors.New("boom"), nil)
	e := rec.events[1]
	if e.Event != "snakebridge.server.check.error" || e.Details["error"] != "boom" || e.Library != nil {
		t.Errorf("error event = %+v", e)
	}
	if err := Validate(e); err != nil {
		t.Error(err)
	}
}

func TestValidateRejectsOffSchemaEvents(t *testing.T) {
	d := 1.0
	cases := map[string]Event{
		"not snakebridge": {Event: "compile.scan.stop", Project: "/p", Phase: "scan", DurationMS: &d, Details: map[string]any{}},
		"unknown phase":   {Event: "snakebridge.compile.link.stop", Project: "/p", Phase: "link", DurationMS: &d, Details: map[string]any{}},
		"phase mismatch":  {Event: "snakebridge.compile.scan.stop", Project: "/p", Phase: "commit", DurationMS: &d, Details: map[string]any{}},
		"no project":      {Event: "snakebridge.compile.scan.stop", Phase: "scan", DurationMS: &d, Details: map[string]any{}},
		"start duration":  {Event: "snakebridge.compile.scan.start", Project: "/p", Phase: "scan", DurationMS: &d, Details: map[string]any{}},
		"no details":      {Event: "snakebridge.compile.scan.stop", Project: "/p", Phase: "scan", DurationMS: &d},
		"error w/o error": {Event: "snakebridge.server.check.error", Project: "/p", Phase: "check", DurationMS: &d, Details: map[string]any{}},
	}
	for name, e := range cases {
		if err := Validate(e); err == nil || !strings.Contains(err.Error(), "event") {
			t.Errorf("%s: Validate = %v", name, err)
		}
	}
}
