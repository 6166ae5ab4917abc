package lsp

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/scan"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/symbols"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// Codes of the call diagnostics on Elixir sources. They are not check
// findings: they come from the open buffer and the symbol index.
const (
	codeUnknownFunction = "unknown_function"
	codeUnknownModule   = "unknown_module"
	codeArityMismatch   = "arity_mismatch"
	codeUnknownKeyword  = "unknown_keyword"
	codeNotGenerated    = "not_generated_yet"
)

// runtimeOptions are the opts keys SnakeBridge's runtime takes itself
// (Runtime.split_opts): never a Python keyword.
var runtimeOptions = map[string]bool{"__args__": true, "__runtime__": true, "idempotent": true}

// callsTouched schedules the call diagnostics of an Elixir source that was
// opened, edited, saved or closed.
func (s *Server) callsTouched(path string) {
	p := s.projectFor(path)
	if p == nil {
		return
	}
	p.mu.Lock()
	proj := p.loaded
	p.mu.Unlock()
	if proj != nil && !elixirSource(proj, path) {
		return
	}
	p.requestCallDiagnostics(path)
}

// requestCallDiagnostics marks files (every open Elixir source of the
// project when none is given) for new call diagnostics and runs the loop
// that computes them unless it runs already: edits arriving meanwhile
// collapse into its next round.
func (p *project) requestCallDiagnostics(paths ...string) {
	if len(paths) == 0 {
		paths = p.s.openUnder(p.root)
	}
	c := &p.calls
	c.mu.Lock()
	if c.dirty == nil {
		c.dirty = map[string]bool{}
	}
	for _, path := range paths {
		c.dirty[path] = true
	}
	if c.active || len(c.dirty) == 0 {
		c.mu.Unlock()
		return
	}
	c.active = true
	c.mu.Unlock()
	if !p.s.goBackground(p.callDiagnosticsLoop) {
		c.mu.Lock()
		c.active = false
		c.mu.Unlock()
	}
}

// openUnder lists the open documents under root.
func (s *Server) openUnder(root string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for path := range s.docs {
		if within(path, root) {
			out = append(out, path)
		}
	}
	return out
}

func (p *project) callDiagnosticsLoop(ctx context.Context) {
	c := &p.calls
	for {
		c.mu.Lock()
		if len(c.dirty) == 0 || ctx.Err() != nil {
			c.active = false
			c.mu.Unlock()
			return
		}
		dirty := c.dirty
		c.dirty = nil
		c.mu.Unlock()
		p.refreshCallDiagnostics(ctx, dirty)
	}
}

// refreshCallDiagnostics computes the call diagnostics of the open files
// among paths (a closed one loses them) and publishes when they changed.
func (p *project) refreshCallDiagnostics(ctx context.Context, paths map[string]bool) {
	p.mu.Lock()
	proj, gen := p.loaded, p.gen
	p.mu.Unlock()
	if proj == nil {
		return
	}
	ix := p.symbolIndex(ctx)
	next := map[string][]protocol.Diagnostic{}
	for path := range paths {
		p.s.mu.Lock()
		d, open := p.s.docs[path]
		p.s.mu.Unlock()
		if !open || ix == nil || !elixirSource(proj, path) {
			next[path] = nil
			continue
		}
		next[path] = callDiagnostics(proj, ix, p.uri, gen, path, d.text)
	}
	c := &p.calls
	c.mu.Lock()
	if c.diags == nil {
		c.diags = map[string][]protocol.Diagnostic{}
	}
	changed := false
	for path, diags := range next {
		if len(diags) == 0 && len(c.diags[path]) == 0 {
			continue
		}
		changed = true
		if len(diags) == 0 {
			delete(c.diags, path)
		} else {
			c.diags[path] = diags
		}
	}
	c.mu.Unlock()
	if changed {
		// Published with the check current now: one that ran meanwhile
		// published the report this merges with.
		p.mu.Lock()
		gen = p.gen
		p.mu.Unlock()
		p.publish(gen)
	}
}

// callDiagnosticsLocked adds the call diagnostics to a publication;
// p.mu must be held.
func (p *project) callDiagnosticsLocked(out map[string][]protocol.Diagnostic) {
	c := &p.calls
	c.mu.Lock()
	defer c.mu.Unlock()
	for path, diags := range c.diags {
		out[path] = append(out[path], diags...)
	}
}

// callDiagnostics checks every call into a library module in one Elixir
// source against the symbol index.
func callDiagnostics(proj *analysis.Project, ix *symbols.Index, projectURI string, gen uint64, path string, text []byte) []protocol.Diagnostic {
	sites, _ := scan.Sites(path, text, libraryModules(proj))
	var out []protocol.Diagnostic
	// A file repeats its mistakes: suggestions are computed once each.
	sg := &suggester{memo: map[string]string{}}
	for i := range sites {
		site := &sites[i]
		lib := proj.LibraryForModule(site.Module)
		if lib == nil || strings.HasPrefix(site.Function, "__") {
			continue
		}
		used := lib.Generate == "used"
		diag := func(r protocol.Range, sev protocol.DiagnosticSeverity, code, msg string) {
			name := lib.PythonName
			out = append(out, protocol.Diagnostic{
				Range: r, Severity: &sev, Code: &protocol.IntegerOrString{Value: code},
				Source: strPtr(diagnosticSource), Message: msg,
				Data: diagnosticData{Project: projectURI, Library: &name, Stale: code == codeNotGenerated, Generation: gen},
			})
		}
		at := elixirRange(site.Range)
		m := ix.Module(site.Module)
		if m == nil {
			if used {
				diag(at, protocol.DiagnosticSeverityInformation, codeNotGenerated, fmt.Sprintf("`%s.%s/%d` is not generated yet", site.Module, site.Function, site.Arity))
			} else if msg, ok := unknownModule(ix, site.Module, lib, sg); ok {
				diag(at, protocol.DiagnosticSeverityWarning, codeUnknownModule, msg)
			}
			continue
		}
		f := m.Function(site.Function)
		if f == nil {
			if base, ok := strings.CutSuffix(site.Function, "_stream"); ok && m.Function(base) != nil {
				continue // a streaming variant of a generated function
			}
			if used {
				diag(at, protocol.DiagnosticSeverityInformation, codeNotGenerated, fmt.Sprintf("`%s.%s/%d` is not generated yet", site.Module, site.Function, site.Arity))
				continue
			}
			msg := fmt.Sprintf("`%s.%s/%d` is not in the %s bindings", site.Module, site.Function, site.Arity, lib.PythonName)
			diag(at, protocol.DiagnosticSeverityWarning, codeUnknownFunction, msg+sg.suggest(site.Function, site.Module+".", func(yield func(string)) {
				for i := range m.Functions {
					yield(m.Functions[i].Name)
				}
			}))
			continue
		}
		if !f.Accepts(site.Arity) {
			if !f.Generated() {
				if used {
					diag(at, protocol.DiagnosticSeverityInformation, codeNotGenerated, fmt.Sprintf("`%s.%s/%d` is not generated yet", site.Module, site.Function, site.Arity))
				}
				continue
			}
			diag(at, protocol.DiagnosticSeverityWarning, codeArityMismatch, fmt.Sprintf("`%s.%s/%d` is undefined: the generated clauses of `%s.%s` take %s", site.Module, site.Function, site.Arity, site.Module, site.Function, arityWords(f.Arities())))
		}
		if !checksKeywords(f) {
			continue
		}
		for _, kw := range site.Keywords {
			if runtimeOptions[kw.Name] || hasKeyword(f, kw.Name) {
				continue
			}
			msg := fmt.Sprintf("`%s.%s` has no keyword argument `%s` (the Python function takes no **kwargs)", site.Module, site.Function, kw.Name)
			diag(elixirRange(kw.Range), protocol.DiagnosticSeverityWarning, codeUnknownKeyword, msg+sg.suggest(kw.Name, f.FullName()+":", func(yield func(string)) {
				for i := 0; i < f.NumParams(); i++ {
					if p := f.Param(i); p.Keyword() {
						yield(p.Name)
					}
				}
			}))
		}
	}
	return out
}

// checksKeywords reports whether f's keywords are known exactly: a
// signature was found and it has no **kwargs.
func checksKeywords(f *symbols.Function) bool {
	if f.VarKeyword() || f.SignatureSource() == "variadic" {
		return false
	}
	return f.NumParams() > 0 || f.SignatureSource() != ""
}

// unknownModule words a call into a module the bindings lack, when its
// parent is indexed (helper modules and hand-written ones are not).
func unknownModule(ix *symbols.Index, module string, lib *analysis.Library, sg *suggester) (string, bool) {
	dot := strings.LastIndexByte(module, '.')
	if dot < 0 {
		return "", false
	}
	parent, name := module[:dot], module[dot+1:]
	if ix.Module(parent) == nil || name == "Helpers" {
		return "", false
	}
	msg := fmt.Sprintf("`%s` is not a module of the %s bindings", module, lib.PythonName)
	return msg + sg.suggest(name, parent+".", func(yield func(string)) {
		for _, c := range ix.Children(parent) {
			yield(c.Name[dot+1:])
		}
	}), true
}

// arityWords lists arities as "1, 2 or 3".
func arityWords(ar []int) string {
	words := make([]string, len(ar))
	for i, a := range ar {
		words[i] = strconv.Itoa(a)
	}
	switch len(words) {
	case 0:
		return "no arguments"
	case 1:
		if ar[0] == 1 {
			return "1 argument"
		}
		return words[0] + " arguments"
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1] + " arguments"
}

// suggester words "did you mean" suggestions, remembering each per file
// and reusing its buffers.
type suggester struct {
	memo      map[string]string // scope + "\x00" + name → suggestion
	prev, cur []int
}

// suggest returns "; did you mean `q.a` or `q.b`?" with up to three of the
// names nearest to name (edit distance at most a third of its length, at
// least 1), "" when none is near. scope keys the memo (the qualifier for
// module members); the qualifier printed is scope up to its last '.'.
func (sg *suggester) suggest(name, scope string, names func(yield func(string))) string {
	key := scope + "\x00" + name
	if v, ok := sg.memo[key]; ok {
		return v
	}
	qualifier := ""
	if strings.HasSuffix(scope, ".") {
		qualifier = scope
	}
	limit := max(1, len(name)/3)
	type cand struct {
		name string
		d    int
	}
	var cands []cand
	names(func(n string) {
		if abs(len(n)-len(name)) > limit {
			return
		}
		if d := sg.distance(name, n, limit); d <= limit {
			cands = append(cands, cand{n, d})
		}
	})
	out := ""
	if len(cands) > 0 {
		sort.SliceStable(cands, func(i, j int) bool {
			if cands[i].d != cands[j].d {
				return cands[i].d < cands[j].d
			}
			return cands[i].name < cands[j].name
		})
		quoted := make([]string, 0, 3)
		for i := 0; i < len(cands) && i < 3; i++ {
			quoted = append(quoted, "`"+qualifier+cands[i].name+"`")
		}
		out = "; did you mean " + strings.Join(quoted, " or ") + "?"
	}
	sg.memo[key] = out
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// distance is the Levenshtein distance of a and b, or limit+1 as soon as
// it exceeds limit.
func (sg *suggester) distance(a, b string, limit int) int {
	if cap(sg.prev) < len(b)+1 {
		sg.prev, sg.cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur := sg.prev[:len(b)+1], sg.cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func hasKeyword(f *symbols.Function, name string) bool {
	_, ok := f.Keyword(name)
	return ok
}
