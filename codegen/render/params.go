package render

import (
	"strconv"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render/exfmt"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// param is a positional parameter of a wrapper head.
type param struct {
	python string
	name   string // Elixir variable
	typ    *pyhelper.TypeDict
	// noneDefault: Python's default is None, so the wrapper may be given
	// nil for it.
	noneDefault bool
}

// plan is upstream's build_params: how a signature maps onto wrapper
// heads.
type plan struct {
	// variadic: no parameters and no signature; wrappers of every arity.
	variadic   bool
	required   []param
	optional   []param
	hasVarargs bool
	// hasArgs: optional positionals or *args exist (constructors, methods
	// and streaming variants take an extra-arguments list).
	hasArgs  bool
	argsName string
	// extra are the positional slots arg1…argN a function with *args gets
	// when the library allows variadic signatures (addExtras).
	extra      []param
	requiredKW []string // Python names of required keyword-only parameters
	// overloaded: the types are those of one overload of several
	// (typing.overload in a stub), so they do not bound what the function
	// accepts or returns.
	overloaded bool
	// params are all parameters (self/cls dropped), for the docs.
	params []pyhelper.Param
}

// reservedVars are the variables the generated bodies use besides the
// parameters.
var reservedVars = []string{"opts", "callback", "ref", "kw_keys", "missing_kw"}

func newPlan(sig *model.Signature) plan {
	var p plan
	p.overloaded = sig.OverloadCount != nil && *sig.OverloadCount > 1
	p.params = sig.Parameters // read only; copied when self/cls go
	for i, prm := range sig.Parameters {
		if prm.Name == "self" || prm.Name == "cls" {
			p.params = append([]pyhelper.Param(nil), sig.Parameters[:i]...)
			for _, prm := range sig.Parameters[i+1:] {
				if prm.Name != "self" && prm.Name != "cls" {
					p.params = append(p.params, prm)
				}
			}
			break
		}
	}
	if len(p.params) == 0 {
		p.params = nil
	}
	if len(p.params) == 0 && !sig.SignatureAvailable {
		p.variadic = true
		p.hasArgs = true
		p.argsName = "args"
		return p
	}
	for i := range p.params {
		prm := &p.params[i]
		t := &prm.Type
		switch model.ParamKind(*prm) {
		case model.KindPositionalOnly, model.KindPositionalOrKeyword:
			if prm.Default == nil {
				p.required = append(p.required, param{python: prm.Name, typ: t})
			} else {
				p.optional = append(p.optional, param{python: prm.Name, typ: t, noneDefault: *prm.Default == "None"})
			}
		case model.KindVarPositional:
			p.hasVarargs = true
		case model.KindKeywordOnly:
			if prm.Default == nil {
				p.requiredKW = append(p.requiredKW, prm.Name)
			}
		}
	}
	p.hasArgs = len(p.optional) > 0 || p.hasVarargs
	names := make([]string, len(p.required))
	for i, r := range p.required {
		names[i] = model.ParamName(r.python)
	}
	p.argsName = model.ExtraArgsName(names)
	taken := make(nameSet, 0, len(reservedVars)+1+len(p.required)+len(p.optional))
	taken.add(p.argsName)
	for _, r := range reservedVars {
		taken.add(r)
	}
	for i := range p.required {
		p.required[i].name = uniqueVar(model.ParamName(p.required[i].python), &taken)
	}
	for i := range p.optional {
		p.optional[i].name = uniqueVar(model.ParamName(p.optional[i].python), &taken)
	}
	return p
}

// addExtras gives a function with *args upstream's variadic fallback
// shape for its extra positionals: n more slots arg1…argN after its named
// ones, so that Mod.f(1, 2, three: 3) is a call the bindings define (the
// simple shape takes extra positionals only through __args__:).
func (p *plan) addExtras(n int) {
	taken := make(nameSet, 0, len(reservedVars)+1+len(p.required)+len(p.optional)+n)
	taken.add(p.argsName)
	for _, r := range reservedVars {
		taken.add(r)
	}
	for _, prm := range append(append([]param{}, p.required...), p.optional...) {
		taken.add(prm.name)
	}
	anyType := &pyhelper.TypeDict{Type: "any"}
	for _, name := range variadicVars(n) {
		p.extra = append(p.extra, param{name: uniqueVar(name, &taken), typ: anyType})
	}
}

// slots are the positional parameters after the required ones that a
// caller may give one by one: the optionals and, with addExtras, the extra
// slots. A function with *args and no extras has none (its optionals are
// passed with __args__: as upstream does).
func (p plan) slots() []param {
	switch {
	case len(p.extra) > 0:
		return append(append([]param{}, p.optional...), p.extra...)
	case !p.hasVarargs:
		return p.optional
	}
	return nil
}

// uniqueVar renames a parameter whose variable would clash with another
// parameter or a variable of the generated body ("opts" becomes
// "opts_arg", then "opts_arg2", …).
func uniqueVar(name string, taken *nameSet) string {
	if !taken.has(name) {
		taken.add(name)
		return name
	}
	for n := 1; ; n++ {
		candidate := name + "_arg"
		if n > 1 {
			candidate += strconv.Itoa(n)
		}
		if !taken.has(candidate) {
			taken.add(candidate)
			return candidate
		}
	}
}

// nameSet is a set of a few names (a map costs more at this size).
type nameSet []string

func (s nameSet) has(name string) bool {
	for _, n := range s {
		if n == name {
			return true
		}
	}
	return false
}

func (s *nameSet) add(name string) { *s = append(*s, name) }

func vars(ps []param) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.name
	}
	return out
}

// paramSpec is the typespec of a wrapper parameter. It must admit every
// value the wrapper accepts and passes on to Python, or the spec would
// contradict valid calls: where the types are one overload's of several,
// any term (Python accepts the others'); where the default is None, nil
// too (upstream's TypeMapper gives `nil` for numpy's `axis: None = ...`
// overload, rejecting `mean(a, 1)`).
func (r *renderer) paramSpec(p plan, prm param) exfmt.Node {
	if p.overloaded {
		return term()
	}
	n := r.types.typeSpec(prm.typ)
	if prm.noneDefault && !admitsNil(prm.typ) && r.types.specText(n) != "term()" {
		return union(n, atom("nil"))
	}
	return n
}

// paramSpecs are the specs of ps.
func (r *renderer) paramSpecs(p plan, ps []param) []exfmt.Node {
	var out []exfmt.Node
	for _, prm := range ps {
		out = append(out, r.paramSpec(p, prm))
	}
	return out
}

// returnSpec is {:ok, T} | {:error, Snakepit.Error.t()} for the declared
// return type, or for any term when it is one overload's of several.
func (r *renderer) returnSpec(p plan, t *pyhelper.TypeDict) exfmt.Node {
	if p.overloaded {
		return okError(term())
	}
	return okError(r.types.typeSpec(t))
}

// admitsNil reports whether a TypeDict's spec includes nil.
func admitsNil(t *pyhelper.TypeDict) bool {
	if t == nil {
		return true
	}
	switch t.Type {
	case "none", "optional":
		return true
	case "union":
		for i := range t.Types {
			if admitsNil(&t.Types[i]) {
				return true
			}
		}
	}
	return false
}
