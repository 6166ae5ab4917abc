package model

import (
	"fmt"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// On-not-found modes (upstream's on_not_found option).
const (
	OnNotFoundError = "error"
	OnNotFoundStub  = "stub"
)

// SymbolsOptions tune FromSymbolsWith.
type SymbolsOptions struct {
	// BuildOptions.Exclude is not used here (see BuildOptions).
	BuildOptions
	// OnNotFound is "error" (missing names are returned as NotFound) or
	// "stub" (they become synthesized stub entries).
	OnNotFound string
	// Kinds are the requested kinds by name ("class", "function", "data" or
	// "unknown"). A name listed here becomes a class stub only for "class"; a
	// name not listed is a class when it starts with A–Z (upstream's
	// heuristic_kind).
	Kinds map[string]string
}

// NotFound is a requested name introspection did not deliver.
type NotFound struct {
	Name         string
	PythonModule string
	// Error is "not_found", or "introspection_failed" (with Reason) for a
	// name whose introspection raised. Upstream drops the latter silently in
	// both modes; we return them so that they can be reported.
	Error  string
	Reason string
}

// FromSymbols builds the entries for one generate: :used batch (a --symbols
// introspection of pythonModule): one entry per requested name found. With
// onNotFound "stub" missing names become stub entries (compat §4.2), kinds
// by the capitalised-name heuristic; with "error" they are returned for the
// caller to report (upstream raises "SnakeBridge could not find …").
func FromSymbols(lib Library, pythonModule string, res *pyhelper.SymbolsResult, onNotFound string) (*Manifest, []NotFound, error) {
	return FromSymbolsWith(lib, pythonModule, res, SymbolsOptions{OnNotFound: onNotFound})
}

// FromSymbolsWith is FromSymbols with requested kinds, the variadic arity
// and the manifest the entries will join (for class-module naming).
func FromSymbolsWith(lib Library, pythonModule string, res *pyhelper.SymbolsResult, opts SymbolsOptions) (*Manifest, []NotFound, error) {
	if res == nil {
		return nil, nil, fmt.Errorf("building %s: no introspection result", pythonModule)
	}
	if opts.OnNotFound != OnNotFoundError && opts.OnNotFound != OnNotFoundStub {
		return nil, nil, fmt.Errorf("building %s: on_not_found must be %q or %q, not %q",
			pythonModule, OnNotFoundError, OnNotFoundStub, opts.OnNotFound)
	}
	opts.Exclude = nil
	b, err := newBuilder(lib, opts.BuildOptions)
	if err != nil {
		return nil, nil, err
	}
	b.seed(opts.Existing, func(string) bool { return false })

	var found, stubs []batchItem
	var missing []NotFound
	for _, sym := range res.Symbols {
		switch {
		case sym.Error == notFoundError && opts.OnNotFound == OnNotFoundStub:
			stubs = append(stubs, batchItem{sym: sym, stub: true, class: isClassRequest(sym.Name, opts.Kinds)})
		case sym.Error != "":
			missing = append(missing, NotFound{Name: sym.Name, PythonModule: pythonModule, Error: sym.Error, Reason: sym.Reason})
		default:
			found = append(found, batchItem{sym: sym, class: sym.Class != nil})
		}
	}
	out, err := b.symbolsBatch(pythonModule, append(found, stubs...), res)
	if err != nil {
		return nil, nil, fmt.Errorf("building %s: %w", pythonModule, err)
	}
	return out, missing, nil
}

// batchItem is one name of a batch: an introspected symbol, or a stub for a
// name that was not found.
type batchItem struct {
	sym   pyhelper.Symbol
	stub  bool
	class bool
}

// symbolsBatch is upstream's build_manifest_entries: symbols first (the
// last of two with the same key wins), their modules reserved, then classes.
func (b *builder) symbolsBatch(pythonModule string, items []batchItem, res *pyhelper.SymbolsResult) (*Manifest, error) {
	out := New("")
	for _, it := range items {
		var s *Symbol
		switch {
		case it.class:
			continue
		case it.stub:
			s = b.stubFunction(pythonModule, it.sym.Name)
		case it.sym.Function != nil:
			s = b.function(pythonModule, it.sym.Function, res.ModuleDocstring)
		case it.sym.Attribute != nil:
			s = b.attribute(pythonModule, it.sym.Attribute)
		default:
			continue
		}
		out.Symbols[s.Key()] = s
		b.classMods.reserved[s.Module] = true
	}
	for _, it := range items {
		switch {
		case !it.class:
		case it.stub:
			out.putClass(b.stubClass(pythonModule, it.sym.Name))
		default:
			pyModule := it.sym.Class.PythonModule
			if pyModule == "" {
				pyModule = pythonModule
			}
			cls, err := b.class(pyModule, it.sym.Class, res.Methods, res.ModuleDocstring)
			if err != nil {
				return nil, err
			}
			out.putClass(cls)
		}
	}
	return out, nil
}

// isClassRequest is upstream's kind choice for a missing name: the requested
// kind when there is one (only "class" gives a class), else a class when the
// name starts with an ASCII capital.
func isClassRequest(name string, kinds map[string]string) bool {
	if kind, ok := kinds[name]; ok && kind != "" {
		return kind == "class"
	}
	return name != "" && name[0] >= 'A' && name[0] <= 'Z'
}

// stubSignature is the signature of upstream's not-found stubs: no
// parameters, no signature (variadic wrappers), source "stub".
func stubSignature(variadicMax int) Signature {
	sig := Signature{
		Parameters:             []pyhelper.Param{},
		ReturnType:             pyhelper.TypeDict{Type: "any"},
		SignatureSource:        signatureSourceStub,
		SignatureDetail:        signatureDetailVariadic,
		SignatureMissingReason: []string{symbolNotFound},
		MissingReasonScalar:    true,
		DocSource:              signatureSourceStub,
		DocMissingReason:       symbolNotFound,
	}
	setArity(&sig, variadicMax)
	return sig
}

func (b *builder) stubFunction(pythonModule, name string) *Symbol {
	return &Symbol{Module: ModuleFor(b.lib, pythonModule), Function: name, Name: FunctionName(name),
		PythonModule: pythonModule, Streaming: b.streaming[name], Signature: stubSignature(b.variadicMax)}
}

func (b *builder) stubClass(pythonModule, name string) *Class {
	return &Class{
		Module:           b.classModule(pythonModule, name),
		Class:            name,
		PythonModule:     pythonModule,
		DocSource:        signatureSourceStub,
		DocMissingReason: symbolNotFound,
		Methods:          []*Method{{Name: "__init__", ElixirName: "new", Signature: stubSignature(b.variadicMax)}},
		Attributes:       []string{},
	}
}

// NotFoundMessage is upstream's compile error for names missing in one
// Python module with on_not_found :error (compat §3.6); entries whose Error
// is not "not_found" are left out. It ends with a newline, as upstream's
// heredoc does.
func NotFoundMessage(pythonModule string, missing []NotFound) string {
	var names []string
	for _, nf := range missing {
		if nf.Error == notFoundError {
			names = append(names, nf.Name)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "SnakeBridge could not find %d symbol(s) in Python module %s.\n\nMissing:\n", len(names), pythonModule)
	for i, name := range names {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "  - %s.%s", pythonModule, name)
	}
	b.WriteString("\n\nFix by:\n" +
		"  - upgrading/downgrading the Python dependency version, or\n" +
		"  - removing/renaming the call in Elixir, or\n" +
		"  - setting `on_not_found: :stub` for this library to generate stubs.\n")
	return b.String()
}
