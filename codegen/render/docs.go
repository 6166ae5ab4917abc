package render

import (
	"fmt"
	"strings"
	"sync"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render/docstring"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render/exfmt"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// markdown converts a docstring, without memory addresses.
func markdown(doc string) string {
	return docstring.ToMarkdown(normalizeText(doc))
}

// docAttr is docAttr for a wrapper's documentation, which libraries
// repeat (see textMemo).
func (r *renderer) docAttr(name, markdown string) exfmt.Node {
	return attr(name, &exfmt.Heredoc{Text: r.memo.get(&r.memo.heredoc, markdown, escapeHeredoc)})
}

// textMemo remembers, for one Library call, what docstrings convert to:
// libraries repeat them (numpy's aliased scalar types share all their
// methods' docs), so each distinct text is converted once per call. It is
// safe for the rendering goroutines.
type textMemo struct {
	mu       sync.Mutex
	markdown map[string]string
	heredoc  map[string]string
}

// get returns convert(in), converting in at most once per table.
func (m *textMemo) get(table *map[string]string, in string, convert func(string) string) string {
	m.mu.Lock()
	out, ok := (*table)[in]
	m.mu.Unlock()
	if ok {
		return out
	}
	out = convert(in)
	m.mu.Lock()
	if *table == nil {
		*table = map[string]string{}
	}
	(*table)[in] = out
	m.mu.Unlock()
	return out
}

// inheritedInit is the docstring classes inherit from object.__init__,
// which says nothing about the class.
const inheritedInit = "Initialize self.  See help(type(self)) for accurate signature."

// callableDoc is a wrapper's @doc: the converted docstring or the
// fallback, then "## Parameters" and "## Returns" sections derived from
// the signature unless the docstring has them (ret nil: no Returns).
func (r *renderer) callableDoc(doc, fallback string, params []pyhelper.Param, ret *pyhelper.TypeDict) string {
	md := r.memo.get(&r.memo.markdown, doc, markdown)
	if md == "" {
		md = fallback
	}
	sections := []string{md}
	if len(params) > 0 && !docstring.HasSection(md, "Parameters") {
		lines := make([]string, len(params))
		for i, p := range params {
			lines[i] = r.paramLine(p)
		}
		sections = append(sections, "## Parameters\n\n"+strings.Join(lines, "\n"))
	}
	if ret != nil && !docstring.HasSection(md, "Returns") {
		sections = append(sections, "## Returns\n\n- `"+r.types.specText(r.types.typeSpec(ret))+"`")
	}
	return strings.Join(sections, "\n\n")
}

// paramLine is "- `name` (`type`, keyword-only, required, default: `repr`)".
func (r *renderer) paramLine(p pyhelper.Param) string {
	name := p.Name
	kind := model.ParamKind(p)
	switch kind {
	case model.KindVarPositional:
		name = "*" + name
	case model.KindVarKeyword:
		name = "**" + name
	}
	var b strings.Builder
	b.WriteString("- ")
	b.WriteString(codeSpan(name))
	b.WriteString(" (`")
	b.WriteString(r.types.specText(r.types.typeSpec(&p.Type)))
	b.WriteByte('`')
	if kind == model.KindKeywordOnly {
		b.WriteString(", keyword-only")
		if p.Default == nil {
			b.WriteString(", required")
		}
	}
	if p.Default != nil {
		b.WriteString(", default: ")
		b.WriteString(codeSpan(normalizeText(*p.Default)))
	}
	b.WriteByte(')')
	return b.String()
}

// plainSpan reports whether s is non-empty ASCII without spaces or
// backticks: codeSpan only puts it between backticks.
func plainSpan(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80, c == '`', c == ' ', c >= '\t' && c <= '\r':
			return false
		}
	}
	return true
}

// codeSpan puts text in a Markdown code span, on one line.
func codeSpan(s string) string {
	if plainSpan(s) {
		return "`" + s + "`"
	}
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "``"
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if fence != "`" || strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

const runtimeOptions = `## Runtime Options

All functions accept a ` + "`__runtime__`" + ` option for controlling execution behavior:

    %[1]s.some_function(args, __runtime__: [timeout: 120_000])

### Supported runtime options

- ` + "`:timeout`" + ` - Call timeout in milliseconds (default: 120,000ms / 2 minutes)
- ` + "`:timeout_profile`" + ` - Use a named profile (` + "`:default`, `:ml_inference`, `:batch_job`, `:streaming`" + `)
- ` + "`:stream_timeout`" + ` - Timeout for streaming operations (default: 1,800,000ms / 30 minutes)
- ` + "`:session_id`" + ` - Override the session ID for this call
- ` + "`:pool_name`" + ` - Target a specific Snakepit pool (multi-pool setups)
- ` + "`:affinity`" + ` - Override session affinity (` + "`:hint`, `:strict_queue`, `:strict_fail_fast`" + `)

### Timeout Profiles

- ` + "`:default`" + ` - 2 minute timeout for regular calls
- ` + "`:ml_inference`" + ` - 10 minute timeout for ML/LLM workloads
- ` + "`:batch_job`" + ` - Unlimited timeout for long-running jobs
- ` + "`:streaming`" + ` - 2 minute timeout, 30 minute stream_timeout

### Example with timeout override

    # For a long-running ML inference call
    %[1]s.predict(data, __runtime__: [timeout_profile: :ml_inference])

    # Or explicit timeout
    %[1]s.predict(data, __runtime__: [timeout: 600_000])

    # Route to a pool and enforce strict affinity
    %[1]s.predict(data, __runtime__: [pool_name: :strict_pool, affinity: :strict_queue])

See ` + "`SnakeBridge.Defaults`" + ` for global timeout configuration.`

// moduleDoc is a module wrapper's @moduledoc (compat §6.2).
func (r *renderer) moduleDoc(mp *modulePlan, notes []string) string {
	var sections []string
	doc := ""
	if mp.entry != nil {
		doc = markdown(mp.entry.Docstring)
	}
	switch {
	case doc != "":
		sections = append(sections, doc)
	case mp.root:
		sections = append(sections, fmt.Sprintf("SnakeBridge bindings for `%s`.", r.lib.PythonName))
	default:
		sections = append(sections, fmt.Sprintf("Submodule bindings for `%s`.", mp.python))
	}
	var all []string
	if mp.entry != nil && mp.entry.DocSource == "error" {
		reason := normalizeText(strings.Join(strings.Fields(mp.entry.DocMissingReason), " "))
		all = append(all, "Module failed to import during generation: "+reason)
	}
	all = append(all, notes...)
	if len(all) > 0 {
		sections = append(sections, "## Notes\n\n"+notesMarkdown(all))
	}
	if url := r.docsURL(); url != "" {
		sections = append(sections, "## Python Docs\n\n- [Python docs]("+url+")")
	}
	sections = append(sections, "## Version\n\n"+r.versionLines(mp))
	sections = append(sections, fmt.Sprintf(runtimeOptions, mp.module))
	return strings.Join(sections, "\n\n")
}

func (r *renderer) docsURL() string {
	if r.lib.Stdlib {
		return "https://docs.python.org/3/library/" + r.lib.PythonName + ".html"
	}
	return strings.TrimSpace(r.lib.DocsURL)
}

func (r *renderer) versionLines(mp *modulePlan) string {
	if r.lib.Stdlib || r.lib.Version == "stdlib" {
		if r.lib.PythonVersion == "" {
			return "- Python stdlib"
		}
		return "- Python stdlib (Python " + r.lib.PythonVersion + ")"
	}
	observed := r.lib.ObservedVersion
	if observed == "" && mp.entry != nil {
		observed = mp.entry.ModuleVersion
	}
	var lines []string
	if r.lib.Version == "" || r.lib.Version == "unknown" {
		lines = append(lines, "- Version unspecified (not pinned)")
	} else {
		lines = append(lines, "- Requested: "+r.lib.Version)
	}
	if observed != "" {
		lines = append(lines, "- Observed at generation: "+observed)
	}
	return strings.Join(lines, "\n")
}

// classDoc is a class module's @moduledoc (compat §6.4).
func classDoc(c *model.Class, notes []string) string {
	doc := markdown(c.Docstring)
	if doc == "" {
		doc = "Wrapper for Python class " + c.Class + "."
	}
	if c.MethodsTruncated {
		notes = append([]string{"Introspection listed only some of the class's methods (methods truncated)."}, notes...)
	}
	if len(notes) > 0 {
		doc += "\n\n## Notes\n\n" + notesMarkdown(notes)
	}
	return doc
}
