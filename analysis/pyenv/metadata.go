package pyenv

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// header is one header of a core-metadata file (METADATA, PKG-INFO).
type header struct {
	name, value string
	line        int // 1-based line of the header's first line
}

// headerSection is the header block of a core-metadata file, read the way
// Python's email parser (policy compat32, as importlib.metadata uses it)
// reads it.
type headerSection struct {
	headers []header
	// stopLine/stopText name a line that is neither a header nor blank:
	// Python ends the headers there (MissingHeaderBodySeparatorDefect), so
	// anything after it is body. stopLine is 0 when a blank line or the end
	// of the file ended the section.
	stopLine int
	stopText string
}

// maxHeaderBytes bounds how much of a file is read looking for the end of
// the header section; real headers are a few KiB.
const maxHeaderBytes = 1 << 20

var errHeaderTooLarge = errors.New("header section is larger than 1 MiB")

// get returns the first header called name (case-insensitively), as
// email.message.Message.get does.
func (s headerSection) get(name string) (header, bool) {
	for _, h := range s.headers {
		if strings.EqualFold(h.name, name) {
			return h, true
		}
	}
	return header{}, false
}

// parseHeaders reads RFC 822-style headers up to the first blank line.
// Lines end at \n, \r\n or \r (Python reads text with universal newlines).
// It fails only on read errors and oversized input; malformed lines are
// handled as Python handles them.
func parseHeaders(r io.Reader) (headerSection, error) {
	p := headerParser{cur: -1}
	lines := newLineReader(r)
	for {
		line, n, err := lines.next()
		if err == io.EOF {
			return p.result(), nil
		}
		if err != nil {
			return p.result(), err
		}
		if p.done(line, n) {
			return p.result(), nil
		}
	}
}

// headerParser follows Python's email.feedparser header loop.
type headerParser struct {
	s     headerSection
	folds [][]string // continuation lines per header, joined by result
	cur   int        // header that continuation lines attach to, or -1
}

// done consumes line n and reports whether the header section is over.
func (p *headerParser) done(line string, n int) bool {
	switch {
	case line == "":
		return true
	case line[0] == ' ' || line[0] == '\t':
		// A continuation before any header is a defect Python ignores.
		if p.cur >= 0 {
			p.folds[p.cur] = append(p.folds[p.cur], line)
		}
	case strings.HasPrefix(line, "From "):
		p.cur = -1 // an mbox "From " line: not a header, skipped
	default:
		colon := headerNameEnd(line)
		if colon < 0 {
			p.s.stopLine, p.s.stopText = n, line
			return true
		}
		if colon == 0 {
			p.cur = -1 // "Missing header name" defect: line dropped
			return false
		}
		p.s.headers = append(p.s.headers, header{name: line[:colon], value: strings.TrimLeft(line[colon+1:], " \t"), line: n})
		p.folds = append(p.folds, nil)
		p.cur = len(p.s.headers) - 1
	}
	return false
}

func (p *headerParser) result() headerSection {
	for i, f := range p.folds {
		if len(f) > 0 {
			p.s.headers[i].value += "\n" + strings.Join(f, "\n")
		}
	}
	p.folds = nil
	return p.s
}

// headerNameEnd returns the index of the colon ending a header name made of
// printable ASCII other than ':' (Python's headerRE), or -1.
func headerNameEnd(line string) int {
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == ':' {
			return i
		}
		if c < 0x21 || c > 0x7e {
			return -1
		}
	}
	return -1
}

// lineReader splits input into lines at \n, \r\n and \r, counting them and
// refusing to read more than maxHeaderBytes.
type lineReader struct {
	br      *bufio.Reader
	pending []string // lines split off a chunk that held lone \r
	n       int
	total   int
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 4<<10)}
}

func (l *lineReader) next() (string, int, error) {
	if len(l.pending) == 0 {
		chunk, err := l.readChunk()
		if err != nil {
			return "", 0, err
		}
		chunk = strings.TrimSuffix(strings.TrimSuffix(chunk, "\n"), "\r")
		l.pending = strings.Split(chunk, "\r")
	}
	line := l.pending[0]
	l.pending = l.pending[1:]
	l.n++
	return line, l.n, nil
}

// readChunk reads up to and including the next \n (or to EOF).
func (l *lineReader) readChunk() (string, error) {
	var buf []byte
	for {
		part, err := l.br.ReadSlice('\n')
		l.total += len(part)
		if l.total > maxHeaderBytes {
			return "", errHeaderTooLarge
		}
		buf = append(buf, part...)
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && len(buf) > 0:
			return string(buf), nil
		case err != nil:
			return "", err
		}
		return string(buf), nil
	}
}

// coreMetadata is what Installed needs from a METADATA/PKG-INFO file.
type coreMetadata struct {
	name, version string
}

// readCoreMetadataFile parses the Name and Version headers of path.
func readCoreMetadataFile(path string) (coreMetadata, error) {
	f, _, err := safefile.Open(path)
	if err != nil {
		return coreMetadata{}, fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	return parseCoreMetadata(path, io.LimitReader(f, safefile.MaxSmall))
}

// parseCoreMetadata extracts Name and Version; path only labels errors.
func parseCoreMetadata(path string, r io.Reader) (coreMetadata, error) {
	s, err := parseHeaders(r)
	if err != nil {
		return coreMetadata{}, fmt.Errorf("reading %s: %w", path, err)
	}
	name, err := requiredHeader(path, s, "Name")
	if err != nil {
		return coreMetadata{}, err
	}
	version, err := requiredHeader(path, s, "Version")
	if err != nil {
		return coreMetadata{}, err
	}
	return coreMetadata{name: name, version: version}, nil
}

func requiredHeader(path string, s headerSection, name string) (string, error) {
	h, ok := s.get(name)
	if !ok {
		msg := fmt.Sprintf("%s: no %s: header", path, name)
		if s.stopLine > 0 {
			msg += fmt.Sprintf(" (the headers end at line %d, which is not a header: %q)", s.stopLine, clip(s.stopText))
		}
		return "", errors.New(msg)
	}
	v := strings.TrimSpace(h.value)
	switch {
	case !utf8.ValidString(v):
		return "", fmt.Errorf("%s:%d: %s header is not valid UTF-8: %q", path, h.line, name, clip(v))
	case v == "":
		return "", fmt.Errorf("%s:%d: empty %s header", path, h.line, name)
	case strings.ContainsAny(v, "\r\n"):
		return "", fmt.Errorf("%s:%d: %s header spans several lines: %q", path, h.line, name, clip(v))
	}
	return v, nil
}

// clip shortens text quoted in error messages.
func clip(s string) string {
	const limit = 80
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
