package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

// codeActionKindRegenerate is the kind of the source actions on mix.exs.
const codeActionKindRegenerate = "source.snakebridge.regenerate"

// codeActionParams reads the diagnostics' code and data itself: the
// protocol package's IntegerOrString (glsp's) cannot decode.
type codeActionParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
	Context      struct {
		Diagnostics []clientDiagnostic `json:"diagnostics"`
		Only        []string           `json:"only"`
	} `json:"context"`
}

type clientDiagnostic struct {
	Range   protocol.Range  `json:"range"`
	Code    json.RawMessage `json:"code"`
	Source  string          `json:"source"`
	Message string          `json:"message"`
	Data    *diagnosticData `json:"data"`
}

// toProtocol echoes a client diagnostic back in a code action.
func (d clientDiagnostic) toProtocol() protocol.Diagnostic {
	var code string
	_ = json.Unmarshal(d.Code, &code)
	out := protocol.Diagnostic{Range: d.Range, Source: strPtr(d.Source), Message: d.Message}
	if code != "" {
		out.Code = &protocol.IntegerOrString{Value: code}
	}
	if d.Data != nil {
		out.Data = d.Data
	}
	return out
}

func (s *Server) codeAction(ctx context.Context, raw json.RawMessage) (any, error) {
	var params codeActionParams
	if err := decodeParams(raw, &params); err != nil {
		return nil, err
	}
	if err := s.awaitDiscovery(ctx); err != nil {
		return nil, err
	}
	actions := []protocol.CodeAction{}
	path, err := uriToPath(params.TextDocument.URI)
	if err != nil {
		return actions, nil
	}
	p := s.projectFor(path)
	if p == nil || !s.isTrusted() {
		return actions, nil // untrusted: nothing here may run the project's Python
	}
	if wants(params.Context.Only, string(protocol.CodeActionKindQuickFix)) {
		actions = append(actions, p.quickFixes(params.Context.Diagnostics)...)
	}
	if filepath.Base(path) == analysis.MixExsFile && filepath.Dir(path) == p.root && wants(params.Context.Only, codeActionKindRegenerate) {
		actions = append(actions, p.sourceActions()...)
	}
	return actions, nil
}

// wants reports whether a code action of kind is requested by only.
func wants(only []string, kind string) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if kind == o || strings.HasPrefix(kind, o+".") {
			return true
		}
	}
	return false
}

// quickFixes offers regeneration for the stale diagnostics in the request.
func (p *project) quickFixes(diags []clientDiagnostic) []protocol.CodeAction {
	var fixed []protocol.Diagnostic
	var libs []string
	perLib := map[string][]protocol.Diagnostic{}
	for _, d := range diags {
		// Clients may drop the source (Neovim 0.7 keeps only code and
		// data of the original); our data names the project.
		if (d.Source != diagnosticSource && d.Source != "") || d.Data == nil || !d.Data.Stale || d.Data.Project != p.uri {
			continue
		}
		pd := d.toProtocol()
		fixed = append(fixed, pd)
		if lib := d.Data.Library; lib != nil && p.libraryScopedCode(d) {
			if _, ok := perLib[*lib]; !ok {
				libs = append(libs, *lib)
			}
			perLib[*lib] = append(perLib[*lib], pd)
		}
	}
	if len(fixed) == 0 {
		return nil
	}
	kind := protocol.CodeActionKindQuickFix
	preferred := true
	out := []protocol.CodeAction{{
		Title: "Regenerate bindings", Kind: &kind, Diagnostics: fixed, IsPreferred: &preferred,
		Command: p.regenerateCommand("Regenerate bindings", nil),
	}}
	for _, lib := range libs {
		title := fmt.Sprintf("Regenerate bindings for `%s`", lib)
		out = append(out, protocol.CodeAction{
			Title: title, Kind: &kind, Diagnostics: perLib[lib],
			Command: p.regenerateCommand(title, []string{lib}),
		})
	}
	return out
}

// libraryScopedCode reports whether regenerating the diagnostic's library
// alone can fix it.
func (p *project) libraryScopedCode(d clientDiagnostic) bool {
	var code string
	if json.Unmarshal(d.Code, &code) != nil {
		return false
	}
	return code == codeRegenerationFailed || code == codeNotGenerated || analysis.Code(code).LibraryScoped()
}

// sourceActions are offered on mix.exs whatever the cursor: regenerate all,
// and each configured library. Their titles differ from the quick fixes'
// (a client lists both in one menu) and say whose action they are, since
// a source action is shown without the diagnostic that explains it.
func (p *project) sourceActions() []protocol.CodeAction {
	kind := protocol.CodeActionKind(codeActionKindRegenerate)
	const all = "SnakeBridge: regenerate all bindings"
	out := []protocol.CodeAction{{Title: all, Kind: &kind, Command: p.regenerateCommand(all, nil)}}
	p.mu.Lock()
	var libs []string
	if p.loaded != nil {
		for _, l := range p.loaded.Libraries {
			libs = append(libs, l.PythonName)
		}
	}
	p.mu.Unlock()
	for _, lib := range libs {
		title := fmt.Sprintf("SnakeBridge: regenerate the bindings of `%s`", lib)
		out = append(out, protocol.CodeAction{Title: title, Kind: &kind, Command: p.regenerateCommand(title, []string{lib})})
	}
	return out
}

func (p *project) regenerateCommand(title string, libs []string) *protocol.Command {
	args := []any{p.uri}
	if len(libs) > 0 {
		args = append(args, libs)
	}
	return &protocol.Command{Title: title, Command: CommandRegenerate, Arguments: args}
}
