package pyhelper

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Response is a successful introspection. The document is kept as raw JSON
// and decoded on first use by Module, Symbols, ModuleDocs or Attribute.
// Responses served from the cache share Raw and the decoded values with
// earlier responses: treat both as read-only.
type Response struct {
	Request Request
	// Raw is the result document in Request.Format.
	Raw json.RawMessage
	// Warnings carry output that imported code printed while the request ran
	// (capped), and other non-fatal notes.
	Warnings []string
	// Producer names the interpreter and package versions behind Raw.
	Producer Producer
	// Provenance lists what the result depends on (cache validation).
	Provenance Provenance
	// FromCache reports a cache hit (no Python was asked).
	FromCache bool

	doc *lazyDocument
}

// lazyDocument decodes Raw once for every response sharing it.
type lazyDocument struct {
	once    sync.Once
	decoded any
	err     error

	digestMu sync.Mutex
	digests  map[string][32]byte // StableDigest by project directory
}

// shared returns a copy of r for another caller, sharing the document.
func (r *Response) shared(fromCache bool) *Response {
	if r.doc == nil {
		r.doc = &lazyDocument{}
	}
	return &Response{Request: r.Request, Raw: r.Raw, Warnings: r.Warnings, Producer: r.Producer,
		Provenance: r.Provenance, FromCache: fromCache, doc: r.doc}
}

// Producer names the interpreter and the package versions that produced a
// response.
type Producer struct {
	Python   PythonInfo        `json:"python"`
	Packages map[string]string `json:"packages"`
}

// PythonInfo identifies an interpreter as seen from inside it.
type PythonInfo struct {
	Executable     string `json:"executable"`
	Version        string `json:"version"`
	Implementation string `json:"implementation"`
	Platform       string `json:"platform"`
}

// Provenance is what a result depends on: distributions (name, version and
// metadata location), source/stub paths of modules not from a distribution,
// and where each top-level module was imported from.
type Provenance struct {
	Distributions []DistributionRecord `json:"distributions"`
	Paths         []string             `json:"paths"`
	Modules       []ModuleOrigin       `json:"modules"`
	// Incomplete is set when part of the request failed to import.
	Incomplete bool `json:"incomplete"`
}

// DistributionRecord is a distribution with its metadata location.
type DistributionRecord struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Metadata string `json:"metadata"`
	Editable bool   `json:"editable"`
}

// ModuleOrigin records where a top-level module was imported from ("" for
// built-in modules).
type ModuleOrigin struct {
	Name   string `json:"name"`
	Origin string `json:"origin"`
	// BuiltIn marks a module compiled into the interpreter (in
	// sys.builtin_module_names): it changes only with the interpreter,
	// which the cache key identifies, so its results are cached.
	BuiltIn bool `json:"builtin,omitempty"`
}

// Module decodes a schema 3 module document (ModeModule, FormatSchema3).
func (r *Response) Module() (*ModuleResult, error) {
	v, err := r.decode(ModeModule)
	if err != nil {
		return nil, err
	}
	return v.(*ModuleResult), nil
}

// Symbols decodes a schema 3 symbols document (ModeSymbols).
func (r *Response) Symbols() (*SymbolsResult, error) {
	v, err := r.decode(ModeSymbols)
	if err != nil {
		return nil, err
	}
	return v.(*SymbolsResult), nil
}

// ModuleDocs decodes a module-docs result (ModeModuleDocs).
func (r *Response) ModuleDocs() ([]ModuleDoc, error) {
	v, err := r.decode(ModeModuleDocs)
	if err != nil {
		return nil, err
	}
	return v.([]ModuleDoc), nil
}

// Attribute decodes an attribute probe (ModeAttribute).
func (r *Response) Attribute() (*AttributeProbe, error) {
	v, err := r.decode(ModeAttribute)
	if err != nil {
		return nil, err
	}
	return v.(*AttributeProbe), nil
}

func (r *Response) decode(want Mode) (any, error) {
	if r.Request.Mode != want {
		return nil, fmt.Errorf("response is for mode %q, not %q", r.Request.Mode, want)
	}
	if r.Request.Format != FormatSchema3 && r.Request.Mode != ModeAttribute {
		return nil, fmt.Errorf("response is in format %q; only %q decodes into typed results", r.Request.Format, FormatSchema3)
	}
	if r.doc == nil {
		r.doc = &lazyDocument{}
	}
	r.doc.once.Do(func() { r.doc.decoded, r.doc.err = decodeDocument(want, r.Raw) })
	return r.doc.decoded, r.doc.err
}

func decodeDocument(mode Mode, raw []byte) (any, error) {
	switch mode {
	case ModeModule:
		return decodeModule(raw)
	case ModeSymbols:
		return decodeSymbols(raw)
	case ModeModuleDocs:
		var doc struct {
			Modules []ModuleDoc `json:"modules"`
		}
		if err := decodeStrict(raw, &doc); err != nil {
			return nil, fmt.Errorf("decoding module docs: %w", err)
		}
		return doc.Modules, nil
	default:
		var probe AttributeProbe
		if err := decodeStrict(raw, &probe); err != nil {
			return nil, fmt.Errorf("decoding attribute probe: %w", err)
		}
		return &probe, nil
	}
}

// cacheable reports whether a result may be reused: only when its
// provenance proves what it depends on. Results that record an import
// failure would hide a later fix (installing a missing dependency changes no
// provenance); a result whose provenance does not name the requested
// module's file, or does not cover that file with a hashed path or a
// distribution beside it, would be served however the module changed (a
// forged response, a built-in module).
func (r *Response) cacheable() bool {
	p := r.Provenance
	if p.Incomplete {
		return false
	}
	top := r.Request.topLevel()
	for _, m := range p.Modules {
		if m.Name == top {
			return m.BuiltIn || p.covers(m.Origin)
		}
	}
	return false
}

// covers reports whether origin is an existing file or directory whose
// changes the fingerprint notices: it lies in one of the hashed paths, or in
// the site directory of a recorded distribution (whose version is checked).
func (p Provenance) covers(origin string) bool {
	if origin == "" || !filepath.IsAbs(origin) {
		return false
	}
	if _, err := os.Stat(origin); err != nil {
		return false
	}
	within := func(dir string) bool {
		return dir != "" && filepath.IsAbs(dir) &&
			(origin == dir || strings.HasPrefix(origin, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator)))
	}
	for _, path := range p.Paths {
		if within(path) {
			return true
		}
	}
	for _, d := range p.Distributions {
		if d.Metadata != "" && within(filepath.Dir(d.Metadata)) {
			return true
		}
	}
	return false
}
