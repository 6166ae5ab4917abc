// Package docstring converts Python docstrings (plain text, reStructuredText,
// NumPy and Google styles) to the Markdown ExDoc renders in @doc and
// @moduledoc.
//
// The conversion aims at readable documentation, not at a full reST
// implementation: section headers become "## Title", parameter, return
// and exception lists become bullet lists, doctest examples, literal
// blocks, code-block directives and tables become fenced code blocks, and
// inline markup (“literal“, :role:`target`, `text <url>`_) becomes
// Markdown. Examples are never rendered as "iex>" lines, so ExDoc doctests
// do not pick them up.
package docstring

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// ToMarkdown converts a docstring. The result has no leading or trailing
// blank lines and no trailing spaces; it is "" for an empty docstring.
func ToMarkdown(doc string) string {
	lines := Clean(doc)
	if len(lines) == 0 {
		return ""
	}
	c := &converter{}
	c.block(lines)
	return c.result()
}

// HasSection reports whether Markdown produced by ToMarkdown has a
// "## title" heading (case-insensitive).
func HasSection(md, title string) bool {
	for _, l := range strings.Split(md, "\n") {
		if h, ok := strings.CutPrefix(l, "## "); ok && strings.EqualFold(strings.TrimSpace(h), title) {
			return true
		}
	}
	return false
}

// Summary returns the first non-blank line of a docstring, trimmed.
func Summary(doc string) string {
	for _, l := range strings.Split(normalizeNewlines(doc), "\n") {
		if t := strings.TrimSpace(l); t != "" {
			return t
		}
	}
	return ""
}

// Clean normalises newlines, expands tabs, removes the common indentation
// of the lines after the first (as inspect.cleandoc does), strips trailing
// spaces and drops leading and trailing blank lines.
func Clean(doc string) []string {
	raw := strings.Split(normalizeNewlines(doc), "\n")
	for i, l := range raw {
		raw[i] = strings.TrimRightFunc(expandTabs(l), unicode.IsSpace)
	}
	if len(raw) > 0 {
		raw[0] = strings.TrimLeftFunc(raw[0], unicode.IsSpace)
	}
	if len(raw) > 1 {
		raw = append(raw[:1], dedent(raw[1:])...)
	}
	for len(raw) > 0 && raw[0] == "" {
		raw = raw[1:]
	}
	for len(raw) > 0 && raw[len(raw)-1] == "" {
		raw = raw[:len(raw)-1]
	}
	return raw
}

func normalizeNewlines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func expandTabs(l string) string {
	if !strings.Contains(l, "\t") {
		return l
	}
	var b strings.Builder
	col := 0
	for _, r := range l {
		if r == '\t' {
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// indentOf is the number of leading spaces.
func indentOf(l string) int {
	return len(l) - len(strings.TrimLeft(l, " "))
}

func blank(l string) bool { return strings.TrimSpace(l) == "" }

// dedent removes the smallest indentation of the non-blank lines.
func dedent(lines []string) []string {
	min := -1
	for _, l := range lines {
		if blank(l) {
			continue
		}
		if n := indentOf(l); min < 0 || n < min {
			min = n
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if blank(l) {
			out[i] = ""
		} else if min > 0 {
			out[i] = l[min:]
		} else {
			out[i] = l
		}
	}
	return out
}

type converter struct {
	out []string
	// depth counts the block quotes around this converter; deeper
	// indentation is kept as a code block, bounding the work.
	depth int
}

// maxQuoteDepth is how many indentation levels become nested quotes.
const maxQuoteDepth = 3

func (c *converter) emit(lines ...string) { c.out = append(c.out, lines...) }

func (c *converter) blankLine() {
	if len(c.out) > 0 && c.out[len(c.out)-1] != "" {
		c.out = append(c.out, "")
	}
}

func (c *converter) result() string {
	var kept []string
	for _, l := range c.out {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if l == "" && (len(kept) == 0 || kept[len(kept)-1] == "") {
			continue
		}
		kept = append(kept, l)
	}
	for len(kept) > 0 && kept[len(kept)-1] == "" {
		kept = kept[:len(kept)-1]
	}
	return strings.Join(kept, "\n")
}

func (c *converter) fence(lang string, lines []string) {
	lines = dedent(lines)
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return
	}
	marker := "```"
	for _, l := range lines {
		for strings.Contains(l, marker) {
			marker += "`"
		}
	}
	c.blankLine()
	c.emit(marker + lang)
	c.emit(lines...)
	c.emit(marker)
	c.blankLine()
}

func (c *converter) heading(title string) {
	c.blankLine()
	c.emit("## " + inline(title))
	c.blankLine()
}

// block converts lines whose smallest indentation is zero.
func (c *converter) block(lines []string) {
	for i := 0; i < len(lines); {
		if blank(lines[i]) {
			c.blankLine()
			i++
			continue
		}
		i = c.construct(lines, i)
	}
}

// construct converts the construct starting at the non-blank lines[i]
// and returns the index after it.
func (c *converter) construct(lines []string, i int) int {
	l := lines[i]
	ind := indentOf(l)
	t := strings.TrimSpace(l)
	switch {
	case strings.HasPrefix(t, ">>>"):
		j := i
		for j < len(lines) && !blank(lines[j]) {
			j++
		}
		c.fence("python", lines[i:j])
		return j
	case strings.HasPrefix(t, ".. ") || t == "..":
		return c.directive(lines, i)
	case isGridBorder(t):
		j := i
		for j < len(lines) && (isGridBorder(strings.TrimSpace(lines[j])) || isGridRow(strings.TrimSpace(lines[j]))) {
			j++
		}
		c.fence("", lines[i:j])
		return j
	case isSimpleTableBorder(t):
		j := simpleTableEnd(lines, i)
		c.fence("", lines[i:j])
		return j
	}
	if ind == 0 {
		if j, ok := c.sectionAt(lines, i); ok {
			return j
		}
		if fieldStart(t) {
			return c.fieldList(lines, i)
		}
	}
	if ind > 0 {
		return c.indented(lines, i)
	}
	return c.paragraph(lines, i)
}

// sectionAt recognises a NumPy/reST underlined title (with an optional
// overline) or a Google "Title:" header with an indented body.
func (c *converter) sectionAt(lines []string, i int) (int, bool) {
	t := strings.TrimSpace(lines[i])
	if isUnderline(t) && i+2 < len(lines) && !blank(lines[i+1]) && isUnderline(strings.TrimSpace(lines[i+2])) {
		title := strings.TrimSpace(lines[i+1])
		end := sectionEnd(lines, i+3)
		c.section(title, lines[i+3:end])
		return end, true
	}
	if i+1 < len(lines) && isUnderline(strings.TrimSpace(lines[i+1])) && !isUnderline(t) &&
		indentOf(lines[i+1]) == 0 && len([]rune(t)) <= len(strings.TrimSpace(lines[i+1]))+4 {
		end := sectionEnd(lines, i+2)
		c.section(strings.TrimSuffix(t, ":"), lines[i+2:end])
		return end, true
	}
	if title, ok := googleHeader(t); ok {
		j := i + 1
		for j < len(lines) && blank(lines[j]) {
			j++
		}
		if j < len(lines) && indentOf(lines[j]) > 0 {
			end := j
			for end < len(lines) && (blank(lines[end]) || indentOf(lines[end]) > 0) {
				end++
			}
			c.section(title, lines[i+1:end])
			return end, true
		}
	}
	return 0, false
}

// sectionEnd finds where an underlined section's body ends: at the next
// underlined title or Google header at indentation zero.
func sectionEnd(lines []string, from int) int {
	for j := from; j < len(lines); j++ {
		if indentOf(lines[j]) != 0 || blank(lines[j]) {
			continue
		}
		t := strings.TrimSpace(lines[j])
		if j+1 < len(lines) && isUnderline(strings.TrimSpace(lines[j+1])) && indentOf(lines[j+1]) == 0 && !isUnderline(t) {
			return j
		}
		if isUnderline(t) && j+2 < len(lines) && isUnderline(strings.TrimSpace(lines[j+2])) {
			return j
		}
		if _, ok := googleHeader(t); ok && j+1 < len(lines) && indentOf(lines[j+1]) > 0 {
			return j
		}
	}
	return len(lines)
}

var sectionNames = map[string]string{
	"args": "Parameters", "arguments": "Parameters", "params": "Parameters",
	"parameters": "Parameters", "parameter": "Parameters",
	"other parameters": "Other Parameters", "keyword args": "Keyword Arguments",
	"keyword arguments": "Keyword Arguments", "kwargs": "Keyword Arguments",
	"returns": "Returns", "return": "Returns", "yields": "Yields", "yield": "Yields",
	"receives": "Receives", "raises": "Raises", "raise": "Raises",
	"exceptions": "Raises", "except": "Raises", "warns": "Warns",
	"attributes": "Attributes", "methods": "Methods", "examples": "Examples",
	"example": "Examples", "note": "Notes", "notes": "Notes", "warning": "Warnings",
	"warnings": "Warnings", "see also": "See Also", "references": "References",
	"todo": "Todo",
}

func googleHeader(t string) (string, bool) {
	name, ok := strings.CutSuffix(t, ":")
	if !ok {
		return "", false
	}
	canonical, known := sectionNames[strings.ToLower(strings.TrimSpace(name))]
	return canonical, known
}

func canonicalTitle(title string) string {
	if canonical, ok := sectionNames[strings.ToLower(strings.TrimSpace(title))]; ok {
		return canonical
	}
	return strings.TrimSpace(title)
}

var listSections = map[string]bool{
	"Parameters": true, "Other Parameters": true, "Keyword Arguments": true,
	"Returns": true, "Yields": true, "Receives": true, "Raises": true, "Warns": true,
	"Attributes": true, "Methods": true,
}

func (c *converter) section(title string, body []string) {
	title = canonicalTitle(title)
	c.heading(title)
	body = dedent(body)
	switch {
	case listSections[title]:
		c.entries(title, body)
	case title == "See Also":
		c.seeAlso(body)
	default:
		c.block(body)
	}
}

// entries renders a parameter-like section: each entry starts at
// indentation zero, its description is indented below it.
func (c *converter) entries(title string, body []string) {
	for i := 0; i < len(body); {
		if blank(body[i]) {
			i++
			continue
		}
		if indentOf(body[i]) > 0 || strings.HasPrefix(strings.TrimSpace(body[i]), ">>>") {
			i = c.construct(body, i)
			continue
		}
		head := strings.TrimSpace(body[i])
		j := i + 1
		for j < len(body) && (indentOf(body[j]) > 0 || blank(body[j]) && j+1 < len(body) && indentOf(body[j+1]) > 0) {
			j++
		}
		c.entry(title, head, dedent(body[i+1:j]))
		i = j
	}
	c.blankLine()
}

func (c *converter) entry(title, head string, desc []string) {
	name, typ, first := splitEntry(title, head)
	var b strings.Builder
	b.WriteString("- ")
	b.WriteString(code(name))
	if typ != "" {
		b.WriteString(" (" + code(typ) + ")")
	}
	rest := desc
	if first == "" && len(rest) > 0 && !blank(rest[0]) {
		first, rest = strings.TrimSpace(rest[0]), rest[1:]
	}
	if first != "" {
		b.WriteString(" - " + inline(first))
	}
	c.emit(escapeLineStart(b.String()))
	for _, l := range rest {
		if blank(l) {
			c.emit("")
			continue
		}
		c.emit("  " + escapeLineStart(inline(strings.TrimSpace(l))))
	}
}

// splitEntry parses "name : type" (NumPy), "name (type): text" or
// "name: text" (Google) and a bare name or type.
func splitEntry(title, head string) (name, typ, desc string) {
	if k := strings.Index(head, " : "); k > 0 {
		return strings.TrimSpace(head[:k]), strings.TrimSpace(head[k+3:]), ""
	}
	if h, ok := strings.CutSuffix(head, " :"); ok {
		return strings.TrimSpace(h), "", ""
	}
	if k := colonOutsideBrackets(head); k > 0 {
		left, right := strings.TrimSpace(head[:k]), strings.TrimSpace(head[k+1:])
		if m := googleName().FindStringSubmatch(left); m != nil {
			if title == "Returns" || title == "Yields" || title == "Raises" || title == "Warns" {
				if m[2] == "" {
					return m[1], "", right
				}
			}
			return m[1], m[2], right
		}
	}
	return head, "", ""
}

var googleName = lazyRegexp(`^(\*{0,2}[\w.\[\]]+(?:\s*,\s*\*{0,2}[\w.]+)*)(?:\s*\((.*)\))?$`)

// colonOutsideBrackets finds the first ':' followed by a space or the end
// of the line that is not inside brackets.
func colonOutsideBrackets(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
		case ':':
			if depth == 0 && (i+1 == len(s) || s[i+1] == ' ') {
				return i
			}
		}
	}
	return -1
}

func (c *converter) seeAlso(body []string) {
	for i := 0; i < len(body); i++ {
		l := body[i]
		if blank(l) {
			continue
		}
		if indentOf(l) > 0 {
			c.emit("  " + escapeLineStart(inline(strings.TrimSpace(l))))
			continue
		}
		t := strings.TrimSpace(l)
		names, desc := t, ""
		if k := strings.Index(t, " : "); k > 0 {
			names, desc = t[:k], t[k+3:]
		}
		var parts []string
		for _, n := range strings.Split(names, ",") {
			if n = strings.TrimSpace(n); n != "" {
				parts = append(parts, codeOrInline(n))
			}
		}
		line := "- " + strings.Join(parts, ", ")
		if desc != "" {
			line += " - " + inline(desc)
		}
		c.emit(line)
	}
	c.blankLine()
}

// codeOrInline formats a name: inline markup (a role) is converted,
// anything else is put in a code span.
func codeOrInline(s string) string {
	if strings.Contains(s, "`") {
		return inline(s)
	}
	return code(s)
}

var fieldRe = lazyRegexp(`^:(param|parameter|arg|argument|key|keyword|type|returns|return|rtype|raises|raise|except|exception|yields|yield|ytype|var|ivar|cvar|vartype)\b([^:]*):(.*)$`)

func fieldStart(t string) bool { return fieldRe().MatchString(t) }

type field struct {
	kind, arg, text string
	more            []string
}

// fieldList converts a reST field list (:param x: ..., :returns: ...).
func (c *converter) fieldList(lines []string, i int) int {
	var fields []field
	j := i
	for j < len(lines) {
		t := strings.TrimSpace(lines[j])
		m := fieldRe().FindStringSubmatch(t)
		if m == nil || indentOf(lines[j]) != 0 {
			break
		}
		f := field{kind: m[1], arg: strings.TrimSpace(m[2]), text: strings.TrimSpace(m[3])}
		j++
		for j < len(lines) && (indentOf(lines[j]) > 0 || blank(lines[j]) && j+1 < len(lines) && indentOf(lines[j+1]) > 0) {
			f.more = append(f.more, lines[j])
			j++
		}
		fields = append(fields, f)
		for j < len(lines) && blank(lines[j]) && j+1 < len(lines) && fieldStart(strings.TrimSpace(lines[j+1])) {
			j++
		}
	}
	c.emitFields(fields)
	return j
}

func (c *converter) emitFields(fields []field) {
	types := map[string]string{}
	var rtype string
	for _, f := range fields {
		switch f.kind {
		case "type", "vartype":
			types[f.arg] = f.text
		case "rtype", "ytype":
			rtype = f.text
		}
	}
	groups := []struct {
		title string
		kinds map[string]bool
	}{
		{"Parameters", map[string]bool{"param": true, "parameter": true, "arg": true, "argument": true, "key": true, "keyword": true}},
		{"Attributes", map[string]bool{"var": true, "ivar": true, "cvar": true}},
		{"Returns", map[string]bool{"returns": true, "return": true}},
		{"Yields", map[string]bool{"yields": true, "yield": true}},
		{"Raises", map[string]bool{"raises": true, "raise": true, "except": true, "exception": true}},
	}
	for _, g := range groups {
		var items []field
		for _, f := range fields {
			if g.kinds[f.kind] {
				items = append(items, f)
			}
		}
		if len(items) == 0 && g.title == "Returns" && rtype != "" {
			items = []field{{kind: "returns"}}
		}
		if len(items) == 0 {
			continue
		}
		c.heading(g.title)
		for _, f := range items {
			c.fieldItem(g.title, f, types, rtype)
		}
		c.blankLine()
	}
}

func (c *converter) fieldItem(title string, f field, types map[string]string, rtype string) {
	name, typ := f.arg, ""
	if parts := strings.Fields(f.arg); len(parts) >= 2 && title != "Raises" {
		// ":param int x:" carries the type before the name.
		typ, name = strings.Join(parts[:len(parts)-1], " "), parts[len(parts)-1]
	}
	if t, ok := types[name]; ok && typ == "" {
		typ = t
	}
	var b strings.Builder
	b.WriteString("- ")
	switch {
	case title == "Returns" || title == "Yields":
		if rtype != "" {
			b.WriteString(code(rtype))
			if f.text != "" {
				b.WriteString(" - ")
			}
		}
	case name != "":
		b.WriteString(code(name))
		if typ != "" {
			b.WriteString(" (" + code(typ) + ")")
		}
		if f.text != "" {
			b.WriteString(" - ")
		}
	}
	b.WriteString(inline(f.text))
	c.emit(escapeLineStart(b.String()))
	for _, l := range dedent(f.more) {
		if blank(l) {
			c.emit("")
			continue
		}
		c.emit("  " + escapeLineStart(inline(strings.TrimSpace(l))))
	}
}

var directiveRe = lazyRegexp(`^\.\.\s+([\w:.\-]+)::\s*(.*)$`)

var admonitions = map[string]string{
	"note": "Note", "warning": "Warning", "tip": "Tip", "important": "Important",
	"hint": "Hint", "caution": "Caution", "attention": "Attention", "danger": "Danger",
	"error": "Error", "seealso": "See also", "todo": "Todo", "admonition": "",
}

var codeDirectives = map[string]bool{
	"code-block": true, "code": true, "sourcecode": true, "doctest": true,
	"testcode": true, "testoutput": true, "ipython": true, "literalinclude": false,
	"math": true, "parsed-literal": true, "highlight": false,
}

var tableDirectives = map[string]bool{"table": true, "list-table": true, "csv-table": true}

var versionDirectives = map[string]string{
	"versionadded": "New in version", "versionchanged": "Changed in version",
	"deprecated": "Deprecated since version", "versionremoved": "Removed in version",
}

// directive converts ".. name:: args" with its indented body, comments
// and link targets (which are dropped).
func (c *converter) directive(lines []string, i int) int {
	ind := indentOf(lines[i])
	t := strings.TrimSpace(lines[i])
	j := i + 1
	for j < len(lines) && (blank(lines[j]) || indentOf(lines[j]) > ind) {
		j++
	}
	for j > i+1 && blank(lines[j-1]) {
		j--
	}
	body := dedent(lines[i+1 : j])
	m := directiveRe().FindStringSubmatch(t)
	if m == nil {
		return j // a comment or a link target
	}
	name := strings.ToLower(m[1])
	if k := strings.LastIndex(name, ":"); k >= 0 {
		name = name[k+1:]
	}
	args := strings.TrimSpace(m[2])
	body = dropOptions(body)
	switch {
	case codeDirectives[name]:
		lang := ""
		if name == "code-block" || name == "code" || name == "sourcecode" {
			lang = args
		} else if name == "doctest" || name == "ipython" {
			lang = "python"
		} else if name == "math" && args != "" {
			body = append([]string{args}, body...)
		}
		c.fenceLang(lang, body)
	case tableDirectives[name]:
		if args != "" {
			c.blankLine()
			c.emit("**" + inline(args) + "**")
		}
		c.fence("", body)
	case versionDirectives[name] != "":
		c.blankLine()
		c.emit(versionNote(versionDirectives[name], args))
		c.block(body)
		c.blankLine()
	case name == "rubric":
		c.heading(args)
	default:
		label, known := admonitions[name]
		c.blankLine()
		switch {
		case known && label != "":
			lead := "**" + label + ":**"
			if args != "" {
				lead += " " + inline(args)
			}
			c.emit(lead)
		case args != "":
			c.emit(escapeLineStart(inline(args)))
		}
		c.block(body)
		c.blankLine()
	}
	return j
}

// versionNote renders "versionadded:: 3.2 text" as "*New in version
// 3.2.* text".
func versionNote(label, args string) string {
	version, rest, _ := strings.Cut(args, " ")
	if version == "" {
		return "*" + strings.TrimSuffix(label, " version") + ".*"
	}
	note := "*" + label + " " + version + ".*"
	if rest = strings.TrimSpace(rest); rest != "" {
		note += " " + inline(rest)
	}
	return note
}

// dropOptions removes a directive's leading ":option: value" lines.
func dropOptions(body []string) []string {
	k := 0
	for k < len(body) && strings.HasPrefix(strings.TrimSpace(body[k]), ":") && !blank(body[k]) {
		t := strings.TrimSpace(body[k])
		if end := strings.Index(t[1:], ":"); end < 0 {
			break
		}
		k++
	}
	return body[k:]
}

// indented converts a block indented relative to its context: an RST
// block quote (or definition body), rendered as a Markdown quote so that
// it never turns into an indented code block.
func (c *converter) indented(lines []string, i int) int {
	ind := indentOf(lines[i])
	j := i
	for j < len(lines) && (blank(lines[j]) || indentOf(lines[j]) >= ind) {
		j++
	}
	for j > i && blank(lines[j-1]) {
		j--
	}
	if c.depth >= maxQuoteDepth {
		c.fence("", lines[i:j])
		return j
	}
	sub := &converter{depth: c.depth + 1}
	sub.block(dedent(lines[i:j]))
	md := sub.result()
	if md == "" {
		return j
	}
	for _, l := range strings.Split(md, "\n") {
		if l == "" {
			c.emit(">")
		} else {
			c.emit("> " + l)
		}
	}
	c.blankLine()
	return j
}

// paragraph converts lines up to a blank line or another construct; a
// paragraph ending in "::" introduces a literal block.
func (c *converter) paragraph(lines []string, i int) int {
	j := i
	for j < len(lines) && !blank(lines[j]) {
		t := strings.TrimSpace(lines[j])
		if j > i && (indentOf(lines[j]) > 0 && !listContinuation(lines, i, j) ||
			strings.HasPrefix(t, ">>>") || strings.HasPrefix(t, ".. ") || isGridBorder(t) ||
			isSimpleTableBorder(t) || fieldStart(t)) {
			break
		}
		if j > i && indentOf(lines[j]) == 0 {
			if _, ok := c.peekSection(lines, j); ok {
				break
			}
		}
		j++
	}
	para := lines[i:j]
	last := strings.TrimRight(para[len(para)-1], " ")
	literal := strings.HasSuffix(last, "::")
	k := j
	for k < len(lines) && blank(lines[k]) {
		k++
	}
	if literal && k < len(lines) && indentOf(lines[k]) > 0 {
		switch trimmed := strings.TrimSpace(last); {
		case trimmed == "::":
			para = para[:len(para)-1]
		case strings.HasSuffix(trimmed, " ::"):
			para = append(append([]string{}, para[:len(para)-1]...), strings.TrimSuffix(last, " ::"))
		default:
			para = append(append([]string{}, para[:len(para)-1]...), strings.TrimSuffix(last, ":"))
		}
		c.emitParagraph(para)
		end := k
		for end < len(lines) && (blank(lines[end]) || indentOf(lines[end]) > 0) {
			end++
		}
		c.fence("", lines[k:end])
		return end
	}
	c.emitParagraph(para)
	return j
}

// peekSection reports whether a section header starts at lines[j].
func (c *converter) peekSection(lines []string, j int) (int, bool) {
	t := strings.TrimSpace(lines[j])
	if j+1 < len(lines) && isUnderline(strings.TrimSpace(lines[j+1])) && !isUnderline(t) {
		return j, true
	}
	if _, ok := googleHeader(t); ok && j+1 < len(lines) && indentOf(lines[j+1]) > 0 {
		return j, true
	}
	return 0, false
}

var listItem = lazyRegexp(`^\s*([-*+]|\d+[.)]|#\.|\(?[a-zA-Z0-9]\))\s`)

// listContinuation reports whether the indented lines[j] continues a list
// item of the paragraph lines[i:j].
func listContinuation(lines []string, i, j int) bool {
	for k := j - 1; k >= i; k-- {
		if listItem().MatchString(lines[k]) {
			return indentOf(lines[j]) > indentOf(lines[k])
		}
	}
	return false
}

func (c *converter) emitParagraph(para []string) {
	for _, l := range para {
		ind := min(indentOf(l), 3)
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#. ") {
			t = "1. " + t[3:]
		}
		c.emit(strings.Repeat(" ", ind) + escapeLineStart(inline(t)))
	}
}

func (c *converter) fenceLang(lang string, body []string) {
	fields := strings.Fields(lang)
	l := ""
	if len(fields) > 0 {
		l = fields[0]
	}
	c.fence(l, body)
}

func isUnderline(t string) bool {
	if len(t) < 3 {
		return false
	}
	ch := t[0]
	if !strings.ContainsRune("-=~^\"'`#*+_.:", rune(ch)) {
		return false
	}
	for i := 1; i < len(t); i++ {
		if t[i] != ch {
			return false
		}
	}
	return true
}

func isGridBorder(t string) bool {
	if len(t) < 3 || t[0] != '+' || t[len(t)-1] != '+' {
		return false
	}
	return strings.Trim(t, "+-=: ") == ""
}

func isGridRow(t string) bool {
	return len(t) >= 2 && t[0] == '|' && t[len(t)-1] == '|'
}

// isSimpleTableBorder matches "=====  =====": two or more runs of '='.
func isSimpleTableBorder(t string) bool {
	runs := strings.Fields(t)
	if len(runs) < 2 {
		return false
	}
	for _, r := range runs {
		if len(r) < 2 || strings.Trim(r, "=") != "" {
			return false
		}
	}
	return true
}

// simpleTableEnd returns the index after a simple table: its third border
// or, failing that, the first blank line after its second border.
func simpleTableEnd(lines []string, i int) int {
	borders := 1
	j := i + 1
	for ; j < len(lines); j++ {
		t := strings.TrimSpace(lines[j])
		if isSimpleTableBorder(t) {
			borders++
			if borders == 3 {
				return j + 1
			}
			continue
		}
		if blank(lines[j]) && borders >= 2 {
			return j
		}
	}
	return j
}

// escapeLineStart keeps text from turning into Markdown headings,
// thematic breaks or setext underlines.
func escapeLineStart(l string) string {
	t := strings.TrimLeft(l, " ")
	pad := l[:len(l)-len(t)]
	switch {
	case strings.HasPrefix(t, "#"):
		return pad + `\` + t
	case len(t) >= 3 && strings.Trim(t, "-= *_") == "":
		return pad + `\` + t
	}
	return l
}

func code(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

var roleRe = lazyRegexp("^:(?:[A-Za-z][\\w\\-]*:)?[A-Za-z][\\w\\-]*:`([^`]+)`")

// inlineMarkup are the bytes where inline markup can start.
const inlineMarkup = ":`<"

// inline converts reST inline markup in one line.
func inline(s string) string {
	next := strings.IndexAny(s, inlineMarkup)
	if next < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:next])
	for i := next; i < len(s); {
		if j := strings.IndexAny(s[i:], inlineMarkup); j != 0 {
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			i += j
			continue
		}
		rest := s[i:]
		switch s[i] {
		case ':':
			if m := roleRe().FindStringSubmatch(rest); m != nil {
				b.WriteString(code(roleTarget(m[1])))
				i += len(m[0])
				continue
			}
		case '`':
			if strings.HasPrefix(rest, "``") {
				if end := strings.Index(rest[2:], "``"); end > 0 {
					b.WriteString(code(rest[2 : 2+end]))
					i += end + 4
					continue
				}
			}
			if end := strings.IndexByte(rest[1:], '`'); end > 0 {
				inner := rest[1 : 1+end]
				n := 2 + end
				if strings.HasPrefix(rest[n:], "__") {
					n += 2
					b.WriteString(link(inner))
				} else if strings.HasPrefix(rest[n:], "_") {
					n++
					b.WriteString(link(inner))
				} else {
					b.WriteString(code(inner))
				}
				i += n
				continue
			}
		case '<':
			if end := strings.IndexByte(rest, '>'); end > 0 && autolink(rest[1:end]) {
				b.WriteString(rest[:end+1])
				i += end + 1
				continue
			}
			if len(rest) > 1 && (isLetter(rest[1]) || strings.ContainsRune("/!?", rune(rest[1]))) {
				b.WriteString(`\<`)
				i++
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func autolink(s string) bool {
	if strings.ContainsAny(s, " <") {
		return false
	}
	for _, scheme := range []string{"http://", "https://", "ftp://", "mailto:"} {
		if strings.HasPrefix(s, scheme) {
			return true
		}
	}
	return false
}

// roleTarget is the text shown for :role:`target`: "title <target>" shows
// the title, "~a.b.c" shows "c", a leading "!" is dropped.
func roleTarget(t string) string {
	t = strings.TrimSpace(t)
	if k := strings.LastIndex(t, "<"); k > 0 && strings.HasSuffix(t, ">") {
		return strings.TrimSpace(t[:k])
	}
	t = strings.TrimPrefix(t, "!")
	if rest, ok := strings.CutPrefix(t, "~"); ok {
		if k := strings.LastIndex(rest, "."); k >= 0 {
			return rest[k+1:]
		}
		return rest
	}
	return t
}

// link converts `text <url>`_ to [text](url) and `text`_ to text.
func link(inner string) string {
	if k := strings.LastIndex(inner, "<"); k >= 0 && strings.HasSuffix(inner, ">") {
		text := strings.TrimSpace(inner[:k])
		url := inner[k+1 : len(inner)-1]
		if text == "" {
			return "<" + url + ">"
		}
		return "[" + text + "](" + url + ")"
	}
	return inner
}

// lazyRegexp compiles a pattern on first use: every process links this
// package, few render docstrings, and compiling these patterns was most of
// the start-up time the check command spent in package initialisation.
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
