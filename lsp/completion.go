package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"weak"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/jsonrpc"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// completionTriggers are the characters after which the client asks for
// completion by itself: a module's members, a call's first and next
// argument.
var completionTriggers = []string{".", "(", ","}

// inlineDocs is the number of items up to which documentation is sent with
// the list; longer lists leave it to completionItem/resolve, which reads
// one docstring.
const inlineDocs = 20

type completionOptions struct {
	TriggerCharacters []string `json:"triggerCharacters"`
	ResolveProvider   bool     `json:"resolveProvider"`
}

type completionParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Position     protocol.Position               `json:"position"`
}

type completionList struct {
	IsIncomplete bool             `json:"isIncomplete"`
	Items        []completionItem `json:"items"`
}

type completionItem struct {
	Label         string                      `json:"label"`
	Kind          protocol.CompletionItemKind `json:"kind"`
	Detail        string                      `json:"detail,omitempty"`
	Documentation *protocol.MarkupContent     `json:"documentation,omitempty"`
	SortText      string                      `json:"sortText,omitempty"`
	FilterText    string                      `json:"filterText,omitempty"`
	// InsertTextFormat is set for snippets only (plain text is the
	// default); member lists are long, each byte counts 900 times.
	InsertTextFormat protocol.InsertTextFormat `json:"insertTextFormat,omitempty"`
	// TextEdit replaces the typed prefix of a keyword; member items use
	// InsertText (the client replaces the name at the cursor), so that a
	// module's list does not depend on the cursor and is encoded once.
	TextEdit   *protocol.TextEdit `json:"textEdit,omitempty"`
	InsertText string             `json:"insertText,omitempty"`
	Data       *completionData    `json:"data,omitempty"`
}

// completionData brings an item back in completionItem/resolve.
type completionData struct {
	Project  string `json:"p"`
	Module   string `json:"m"`
	Function string `json:"f,omitempty"`
}

// completion answers after `Module.` (functions, classes, submodules) and
// at the start of an argument in a call's keyword list (the Python keyword
// parameters not given yet). It reads the symbol index only.
func (s *Server) completion(ctx context.Context, raw json.RawMessage) (any, error) {
	var params completionParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	empty := completionList{Items: []completionItem{}}
	cur, ok := s.cursorAt(ctx, params.TextDocument.URI, params.Position)
	if !ok {
		return empty, nil
	}
	snippets := s.snippetSupport()
	switch cur.ctx.Kind {
	case scan.MemberContext:
		list, ok, err := cur.p.memberList(cur, snippets)
		if err != nil || !ok {
			return empty, err
		}
		return list, nil
	case scan.CallContext:
		if items := keywordItems(cur, snippets); items != nil {
			withDocs(cur, items)
			return completionList{Items: items}, nil
		}
	}
	return empty, nil
}

// withDocs adds the documentation to short lists.
func withDocs(cur cursor, items []completionItem) {
	if len(items) <= inlineDocs {
		for i := range items {
			items[i].Documentation = cur.p.itemDoc(cur.ix, items[i].Data)
		}
	}
}

// memberKey names one encoded member list: a module of one index version,
// with or without snippets. The index is held weakly: a cached list must
// not keep a replaced index (megabytes) alive.
type memberKey struct {
	ix       weak.Pointer[symbols.Index]
	module   string
	snippets bool
}

// maxMemberLists bounds the encoded member lists a project keeps (sympy's
// root is about 300 KB).
const maxMemberLists = 8

// memberList is the completion list after `Module.`, encoded once per
// index version: the answer for `Sympy.` is then copied into the response
// frame as is (jsonrpc.Raw), not 900 items rendered, nor 150 KB of JSON
// validated, again per request.
func (p *project) memberList(cur cursor, snippets bool) (jsonrpc.Raw, bool, error) {
	key := memberKey{ix: weak.Make(cur.ix), module: cur.ctx.Module, snippets: snippets}
	c := &p.calls
	c.mu.Lock()
	list, ok := c.members[key]
	c.mu.Unlock()
	if ok {
		return list, true, nil
	}
	items := memberItems(cur, snippets)
	if items == nil {
		return jsonrpc.Raw{}, false, nil
	}
	withDocs(cur, items)
	list, err := jsonrpc.Encode(completionList{Items: items})
	if err != nil {
		return jsonrpc.Raw{}, false, fmt.Errorf("encoding the completion of %s: %w", cur.ctx.Module, err)
	}
	c.mu.Lock()
	for k := range c.members {
		if k.ix != key.ix || len(c.members) >= maxMemberLists {
			delete(c.members, k) // another index version, or too many
		}
	}
	if c.members == nil {
		c.members = map[memberKey]jsonrpc.Raw{}
	}
	c.members[key] = list
	c.mu.Unlock()
	return list, true, nil
}

func (s *Server) snippetSupport() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.caps.TextDocument.Completion.CompletionItem.SnippetSupport
}

// memberItems lists a module's functions and the modules below it.
func memberItems(cur cursor, snippets bool) []completionItem {
	c := cur.ctx
	m := cur.ix.Module(c.Module)
	children := cur.ix.Children(c.Module)
	if m == nil && len(children) == 0 {
		return nil
	}
	var items []completionItem
	if m != nil {
		for i := range m.Functions {
			f := &m.Functions[i]
			if !f.Generated() && m.Library != nil && m.Library.Generate != ":used" {
				continue // no wrapper: calling it would not compile
			}
			items = append(items, functionItem(cur.p.uri, f, snippets))
		}
	}
	for _, sub := range children {
		name := sub.Name[strings.LastIndexByte(sub.Name, '.')+1:]
		kind := protocol.CompletionItemKindModule
		detail := "module " + sub.PythonModule
		if sub.Class {
			kind = protocol.CompletionItemKindClass
			detail = "class " + sub.PythonModule + "." + sub.PythonClass
		}
		items = append(items, completionItem{
			// After the functions, which sort by their label.
			Label: name, Kind: kind, Detail: detail, SortText: "~" + name,
			Data: &completionData{Project: cur.p.uri, Module: sub.Name},
		})
	}
	return items
}

// functionItem is a function's completion: its Python signature as the
// detail, its call with the required arguments as a snippet.
func functionItem(project string, f *symbols.Function, snippets bool) completionItem {
	it := completionItem{
		Label: f.Name, Kind: protocol.CompletionItemKindFunction,
		Detail: f.Signature() + arityNote(f),
		Data:   &completionData{Project: project, Module: f.Module.Name, Function: f.Name},
	}
	if f.Module.Class && f.Name != "new" {
		it.Kind = protocol.CompletionItemKindMethod
	}
	if snippets && !f.Attribute() {
		it.InsertTextFormat = protocol.InsertTextFormatSnippet
		it.InsertText = f.Name + "(" + requiredSnippet(f) + ")$0"
	}
	return it
}

// arityNote names the generated Elixir arities after the signature.
func arityNote(f *symbols.Function) string {
	ar := f.Arities()
	if len(ar) == 0 {
		return "  · not generated yet"
	}
	parts := make([]string, len(ar))
	for i, a := range ar {
		parts[i] = fmt.Sprintf("/%d", a)
	}
	return "  · " + f.Name + strings.Join(parts, " ")
}

// requiredSnippet holds a placeholder for each required positional
// argument (the ref of a method first).
func requiredSnippet(f *symbols.Function) string {
	var names []string
	if isMethod(f) {
		names = append(names, "ref")
	}
	for _, p := range f.Params() {
		if (p.Kind == symbols.PositionalOnly || p.Kind == symbols.PositionalOrKeyword) && !p.HasDefault {
			names = append(names, p.Name)
		}
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("${%d:%s}", i+1, snippetEscape(n))
	}
	return strings.Join(parts, ", ")
}

func snippetEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `$`, `\$`, `}`, `\}`).Replace(s)
}

// isMethod reports whether the Elixir function takes a leading ref that
// the Python parameters do not list.
func isMethod(f *symbols.Function) bool { return f.Module.Class && f.Name != "new" }

// requiredPositional counts the Elixir arguments that come before any
// keyword: the ref of a method and the Python positionals without default.
func requiredPositional(f *symbols.Function) int {
	n := 0
	if isMethod(f) {
		n++
	}
	for _, p := range f.Params() {
		if (p.Kind == symbols.PositionalOnly || p.Kind == symbols.PositionalOrKeyword) && !p.HasDefault {
			n++
		}
	}
	return n
}

// keywordItems lists the keyword parameters of the called function not
// given yet, where a keyword key can be typed.
func keywordItems(cur cursor, snippets bool) []completionItem {
	call := cur.ctx.Call
	if !call.AtArgStart {
		return nil
	}
	f := calledFunction(cur)
	if f == nil || (!call.InKeywords && call.Arg < requiredPositional(f)) {
		return nil
	}
	given := map[string]bool{}
	for _, g := range call.Given {
		given[g] = true
	}
	// Positional arguments written before fill the first parameters.
	filled := call.Positional
	if isMethod(f) {
		filled--
	}
	edit := elixirRange(cur.ctx.PrefixRange)
	items := []completionItem{}
	for i, p := range f.Params() {
		if p.Kind == symbols.PositionalOnly || p.Kind == symbols.PositionalOrKeyword {
			if filled--; filled >= 0 {
				continue
			}
		}
		if !p.Keyword() || given[p.Name] {
			continue
		}
		it := completionItem{
			Label: p.Name + ":", Kind: protocol.CompletionItemKindProperty, Detail: p.Label() + "  · " + p.Kind.String(),
			SortText: fmt.Sprintf("%03d", i), FilterText: p.Name,
			TextEdit: &protocol.TextEdit{Range: edit, NewText: p.Name + ": "},
		}
		switch {
		case call.KeyWritten: // the value is written already: replace the key only
			it.TextEdit.NewText = p.Name + ":"
		case snippets:
			it.InsertTextFormat = protocol.InsertTextFormatSnippet
			it.TextEdit.NewText = p.Name + ": ${1:" + snippetEscape(elixirDefault(p)) + "}"
		}
		items = append(items, it)
	}
	return items
}

// elixirDefault words a Python default as the Elixir value to start from.
func elixirDefault(p symbols.Param) string {
	switch p.Default {
	case "None":
		return "nil"
	case "True":
		return "true"
	case "False":
		return "false"
	case "", "...", "<no value>":
		return "value"
	}
	return p.Default
}

// calledFunction is the indexed function of a call context, or nil.
func calledFunction(cur cursor) *symbols.Function {
	if cur.ctx.Call == nil || cur.ctx.Module == "" {
		return nil
	}
	m := cur.ix.Module(cur.ctx.Module)
	if m == nil {
		return nil
	}
	return m.Function(cur.ctx.Call.Function)
}

// completionResolve adds the documentation of one item.
func (s *Server) completionResolve(ctx context.Context, raw json.RawMessage) (any, error) {
	var item completionItem
	if err := decodeParams(raw, &item); err != nil {
		return nil, err
	}
	if item.Data == nil || item.Documentation != nil {
		return item, nil
	}
	if err := s.awaitDiscovery(ctx); err != nil {
		return item, nil
	}
	path, err := uriToPath(item.Data.Project)
	if err != nil {
		return item, nil
	}
	p := s.projectFor(path)
	if p == nil {
		return item, nil
	}
	item.Documentation = p.itemDoc(p.symbolIndex(ctx), item.Data)
	return item, nil
}

// itemDoc is the Markdown documentation of a completion item's function
// or module: where it comes from and its docstring.
func (p *project) itemDoc(ix *symbols.Index, d *completionData) *protocol.MarkupContent {
	if ix == nil || d == nil {
		return nil
	}
	m := ix.Module(d.Module)
	if m == nil {
		return nil
	}
	var b strings.Builder
	if d.Function == "" {
		if m.Class {
			fmt.Fprintf(&b, "Python class `%s.%s`", m.PythonModule, m.PythonClass)
		} else {
			fmt.Fprintf(&b, "Python module `%s`", m.PythonModule)
		}
		writeDoc(&b, m.Doc())
	} else {
		f := m.Function(d.Function)
		if f == nil {
			return nil
		}
		fmt.Fprintf(&b, "```python\n%s\n```\n", f.Signature())
		writeDoc(&b, f.Doc())
	}
	return &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: b.String()}
}

func writeDoc(b *strings.Builder, doc string) {
	if doc = strings.TrimSpace(doc); doc != "" {
		b.WriteString("\n\n")
		b.WriteString(doc)
	}
}
