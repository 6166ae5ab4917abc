// Package logging is the server's log: leveled lines, each written whole
// to one writer, in the format of commonlog's simple backend, which it
// replaces ("2006/01/02 15:04:05.000  ERROR [name] message").
package logging

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Logger is what the server logs through.
type Logger interface {
	Errorf(format string, args ...any)
	Warningf(format string, args ...any)
	Infof(format string, args ...any)
	Debugf(format string, args ...any)
}

// Level is a message's severity; a logger writes the messages up to its
// maximum level.
type Level int

const (
	Error Level = iota + 1
	Warning
	Info
	Debug
)

// labels are the levels' names, right-aligned as commonlog wrote them.
var labels = [...]string{Error: " ERROR", Warning: "  WARN", Info: "  INFO", Debug: " DEBUG"}

// Writer is a Logger writing to an io.Writer; its methods may be called
// concurrently.
type Writer struct {
	mu     sync.Mutex
	w      io.Writer
	max    Level
	prefix string
}

// New returns a Logger writing the messages up to level max to w, each
// line with the prefix [name].
func New(w io.Writer, max Level, name string) *Writer {
	return &Writer{w: w, max: max, prefix: " [" + name + "]"}
}

func (l *Writer) logf(level Level, format string, args []any) {
	if level > l.max {
		return
	}
	line := time.Now().Format("2006/01/02 15:04:05.000") + " " + labels[level] + l.prefix
	if msg := fmt.Sprintf(format, args...); msg != "" {
		line += " " + msg
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	io.WriteString(l.w, line+"\n")
}

func (l *Writer) Errorf(format string, args ...any)   { l.logf(Error, format, args) }
func (l *Writer) Warningf(format string, args ...any) { l.logf(Warning, format, args) }
func (l *Writer) Infof(format string, args ...any)    { l.logf(Info, format, args) }
func (l *Writer) Debugf(format string, args ...any)   { l.logf(Debug, format, args) }

// Discard is a Logger that writes nothing.
var Discard Logger = discard{}

type discard struct{}

func (discard) Errorf(string, ...any)   {}
func (discard) Warningf(string, ...any) {}
func (discard) Infof(string, ...any)    {}
func (discard) Debugf(string, ...any)   {}
