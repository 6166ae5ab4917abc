package model

import (
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// DefaultVariadicMaxArity is upstream's variadic_max_arity default: a
// function without a signature gets wrappers of arity 0…8 (plus opts).
const DefaultVariadicMaxArity = 8

// Parameter kinds (upper-cased as upstream compares them).
const (
	KindPositionalOnly      = "POSITIONAL_ONLY"
	KindPositionalOrKeyword = "POSITIONAL_OR_KEYWORD"
	KindVarPositional       = "VAR_POSITIONAL"
	KindKeywordOnly         = "KEYWORD_ONLY"
	KindVarKeyword          = "VAR_KEYWORD"
)

// Values upstream writes into entries.
const (
	callTypeModuleAttr      = "module_attr"
	signatureSourceStub     = "stub"
	signatureDetailVariadic = "variadic"
	symbolNotFound          = "symbol not found"
	notFoundError           = "not_found"
)

// ParamKind returns the upper-cased kind of p.
func ParamKind(p pyhelper.Param) string { return strings.ToUpper(p.Kind) }

// IsPositional reports whether p can be passed positionally (not *args).
func IsPositional(p pyhelper.Param) bool {
	k := ParamKind(p)
	return k == KindPositionalOnly || k == KindPositionalOrKeyword
}

// setArity fills the arity fields of sig from its parameters, as upstream's
// compute_arity_info (compat §4.2): required = minimum = positional
// parameters without default; maximum = variadicMax+1 for a function with
// neither parameters nor signature, "unbounded" with *args, required+2 with
// at least one optional positional, else required+1 (the trailing opts).
func setArity(sig *Signature, variadicMax int) {
	required, optional := 0, 0
	sig.HasVarPositional, sig.HasVarKeyword = false, false
	sig.RequiredKeywordOnly, sig.OptionalKeywordOnly = []string{}, []string{}
	for _, p := range sig.Parameters {
		switch ParamKind(p) {
		case KindPositionalOnly, KindPositionalOrKeyword:
			if p.Default == nil {
				required++
			} else {
				optional++
			}
		case KindVarPositional:
			sig.HasVarPositional = true
		case KindVarKeyword:
			sig.HasVarKeyword = true
		case KindKeywordOnly:
			if p.Default == nil {
				sig.RequiredKeywordOnly = append(sig.RequiredKeywordOnly, p.Name)
			} else {
				sig.OptionalKeywordOnly = append(sig.OptionalKeywordOnly, p.Name)
			}
		}
	}
	sig.RequiredArity, sig.MinimumArity = required, required
	switch {
	case len(sig.Parameters) == 0 && !sig.SignatureAvailable:
		sig.MaximumArity = Arity{N: variadicMax + 1}
	case sig.HasVarPositional:
		sig.MaximumArity = Arity{Unbounded: true}
	case optional > 0:
		sig.MaximumArity = Arity{N: required + 2}
	default:
		sig.MaximumArity = Arity{N: required + 1}
	}
}

// addRef counts the ref argument of an instance method (upstream's
// add_ref_arity_info); an unbounded maximum stays unbounded.
func addRef(sig *Signature) {
	sig.RequiredArity++
	sig.MinimumArity++
	if !sig.MaximumArity.Unbounded {
		sig.MaximumArity.N++
	}
}

// setAttributeArity gives a module attribute upstream's module_attr_arity_info:
// every arity 0, no varargs, empty keyword lists.
func setAttributeArity(sig *Signature) {
	sig.RequiredArity, sig.MinimumArity, sig.MaximumArity = 0, 0, Arity{}
	sig.HasVarPositional, sig.HasVarKeyword = false, false
	sig.RequiredKeywordOnly, sig.OptionalKeywordOnly = []string{}, []string{}
}
