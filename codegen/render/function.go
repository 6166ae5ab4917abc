package render

import (
	"fmt"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render/exfmt"
)

// funRef is how a wrapper names its Python callable: the atom when the
// Elixir name is the Python name, else the Python name as a string.
func funRef(name, python string) exfmt.Node {
	if name == python {
		return atom(name)
	}
	return str(python)
}

func varNodes(names []string) []exfmt.Node {
	out := make([]exfmt.Node, len(names))
	for i, n := range names {
		out[i] = v(n)
	}
	return out
}

// variadicVars are the names arg1…argk.
func variadicVars(k int) []string {
	if k <= sharedArity {
		return argNames[:k:k]
	}
	out := make([]string, k)
	for i := range out {
		out[i] = fmt.Sprintf("arg%d", i+1)
	}
	return out
}

// argNodes are the variables arg1…argk.
func argNodes(k int) []exfmt.Node {
	if k <= sharedArity {
		return argVars[:k:k]
	}
	return varNodes(variadicVars(k))
}

// terms are k term() specs.
func terms(k int) []exfmt.Node {
	if k <= sharedArity {
		return termSpecs[:k:k]
	}
	out := make([]exfmt.Node, k)
	for i := range out {
		out[i] = term()
	}
	return out
}

// The variadic wrappers' leaves up to sharedArity arguments are built once
// (see the shared subtrees in syntax.go). The slices end at their length,
// so that appending to them copies.
const sharedArity = 32

var (
	argNames = func() []string {
		out := make([]string, sharedArity)
		for i := range out {
			out[i] = fmt.Sprintf("arg%d", i+1)
		}
		return out
	}()
	argVars = func() []exfmt.Node {
		out := make([]exfmt.Node, sharedArity)
		for i, n := range argNames {
			out[i] = &exfmt.Var{Name: n}
		}
		return out
	}()
	termSpecs = func() []exfmt.Node {
		out := make([]exfmt.Node, sharedArity)
		for i := range out {
			out[i] = termType
		}
		return out
	}()
)

func cat(parts ...[]exfmt.Node) []exfmt.Node {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if n == 0 {
		return nil
	}
	out := make([]exfmt.Node, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func withDefaultOpts() exfmt.Node { return op(`\\`, v("opts"), list()) }

// argsExpr is [p1, p2] or [p1, p2] ++ List.wrap(args).
func argsExpr(names []string, hasArgs bool, argsName string) exfmt.Node {
	l := list(varNodes(names)...)
	if !hasArgs {
		return l
	}
	return op("++", l, remote("List", "wrap", v(argsName)))
}

func normalizeArgs(argsName string) exfmt.Node {
	return op("=", tuple(v(argsName), v("opts")),
		remote("SnakeBridge.Runtime", "normalize_args_opts", v(argsName), v("opts")))
}

// argumentsOf is what a wrapper taking the plan's required arguments
// (named names, typed specs) and, when the plan has them, extra positional
// ones declares and does before its call: its head arguments (without opts),
// their specs, and the statements that normalise args and check required
// keyword-only arguments.
func argumentsOf(p plan, names []string, specs []exfmt.Node) (headArgs, fullSpecs, body []exfmt.Node) {
	headArgs = varNodes(names)
	fullSpecs = append([]exfmt.Node{}, specs...)
	if p.hasArgs {
		// Any term: the wrapper List.wrap/1s it (a single value is one
		// extra positional argument, nil none), so list(term()) would
		// reject valid calls.
		headArgs = append(headArgs, v(p.argsName))
		fullSpecs = append(fullSpecs, term())
		body = append(body, normalizeArgs(p.argsName))
	}
	body = append(body, keywordCheck(p.requiredKW)...)
	return headArgs, fullSpecs, body
}

// keywordCheck raises ArgumentError when required keyword-only arguments
// are missing from opts.
func keywordCheck(names []string) []exfmt.Node {
	if len(names) == 0 {
		return nil
	}
	quoted := make([]exfmt.Node, len(names))
	for i, n := range names {
		quoted[i] = str(n)
	}
	missing := remote("Enum", "reject", &exfmt.Capture{Arg: op("in", &exfmt.Capture{Arg: &exfmt.Int{Text: "1"}}, v("kw_keys"))})
	return []exfmt.Node{
		op("=", v("kw_keys"), op("|>", op("|>", v("opts"), remote("Keyword", "keys")),
			remote("Enum", "map", &exfmt.CaptureFun{Target: alias("Kernel"), Name: "to_string", Arity: 1}))),
		op("=", v("missing_kw"), op("|>", list(quoted...), missing)),
		&exfmt.Call{Name: "if", Args: []exfmt.Node{op("!=", v("missing_kw"), list())}, Do: &exfmt.Block{Stmts: []exfmt.Stmt{{
			Node: &exfmt.Call{Name: "raise", Args: []exfmt.Node{
				alias("ArgumentError"),
				op("<>", str("Missing required keyword-only arguments: "), remote("Enum", "join", v("missing_kw"), str(", "))),
			}},
		}}}},
	}
}

func runtimeCall(name, python string, args, opts exfmt.Node) exfmt.Node {
	return remote("SnakeBridge.Runtime", "call", v("__MODULE__"), funRef(name, python), args, opts)
}

// symbolArities lists what a function symbol's wrappers define.
func (r *renderer) symbolArities(s *model.Symbol, p plan, streaming bool) arities {
	a := arities{}
	switch {
	case s.CallType == "module_attr":
		a.add(s.Name, 0, 0)
		return a
	case p.variadic:
		a.add(s.Name, 0, r.maxArity+1)
	case len(p.slots()) > 0:
		n := len(p.required)
		a.add(s.Name, n, n+len(p.slots())+1)
	default:
		n := len(p.required)
		a.add(s.Name, n, n+1)
	}
	if streaming {
		stream := s.Name + "_stream"
		n := len(p.required)
		switch {
		case p.variadic:
			a.add(stream, 1, r.maxArity+2)
		case p.hasArgs:
			a.add(stream, n+1, n+3)
		default:
			a.add(stream, n+1, n+2)
		}
	}
	return a
}

// functionGroups renders a module-level function or attribute (compat
// §6.3) as groups of statements separated by empty lines.
func (r *renderer) functionGroups(mp *modulePlan, s *model.Symbol, p plan, streaming bool) [][]exfmt.Node {
	if s.CallType == "module_attr" {
		return [][]exfmt.Node{r.moduleAttribute(mp, s)}
	}
	doc := r.docAttr("doc", r.callableDoc(s.Docstring,
		fmt.Sprintf("Python binding for `%s.%s`.", mp.python, s.Function), p.params, &s.ReturnType))
	ret := r.returnSpec(p, &s.ReturnType)
	var groups [][]exfmt.Node
	switch {
	case p.variadic:
		groups = r.variadicFunction(s, doc, ret)
	case len(p.slots()) > 0:
		groups = r.optionalFunction(s, p, doc, ret)
	default:
		groups = [][]exfmt.Node{r.simpleFunction(s, p, doc, ret)}
	}
	if streaming {
		groups = append(groups, r.streamFunction(s, p)...)
	}
	return groups
}

func (r *renderer) moduleAttribute(mp *modulePlan, s *model.Symbol) []exfmt.Node {
	doc := r.callableDoc(s.Docstring, fmt.Sprintf("Python module attribute `%s.%s`.", mp.python, s.Function), nil, &s.ReturnType)
	return []exfmt.Node{
		r.docAttr("doc", doc),
		spec(s.Name, nil, okError(r.types.typeSpec(&s.ReturnType))),
		def(call(s.Name), remote("SnakeBridge.Runtime", "get_module_attr", v("__MODULE__"), funRef(s.Name, s.Function))),
	}
}

// variadicFunction: a function without signature gets f/0…f/max, each with
// and without a trailing guarded opts.
func (r *renderer) variadicFunction(s *model.Symbol, doc, ret exfmt.Node) [][]exfmt.Node {
	head := []exfmt.Node{doc}
	for k := 0; k <= r.maxArity; k++ {
		head = append(head, spec(s.Name, terms(k), ret), spec(s.Name, append(terms(k), call("keyword")), ret))
	}
	groups := [][]exfmt.Node{head, {def(call(s.Name), runtimeCall(s.Name, s.Function, list(), list()))}}
	ref := funRef(s.Name, s.Function)
	for k := 0; k < r.maxArity; k++ {
		args := argNodes(k)
		groups = append(groups, []exfmt.Node{def(call(s.Name, append(args, v("opts"))...),
			call(helperCall, ref, list(args...), v("opts")))})
	}
	args := argNodes(r.maxArity)
	return append(groups, []exfmt.Node{def(op("when", call(s.Name, append(args, v("opts"))...), optsGuard()),
		runtimeCall(s.Name, s.Function, list(args...), v("opts")))})
}

// usesCallHelper reports whether a function's wrappers call helperCall.
func usesCallHelper(s *model.Symbol, p plan) bool {
	return s.CallType != "module_attr" && (p.variadic || len(p.slots()) > 0 && len(p.requiredKW) == 0)
}

// optionalFunction: one clause per number of optional positionals (and
// extra slots) given, with and without a trailing guarded opts.
func (r *renderer) optionalFunction(s *model.Symbol, p plan, doc, ret exfmt.Node) [][]exfmt.Node {
	slots := p.slots()
	head := []exfmt.Node{doc}
	for k := 0; k <= len(slots); k++ {
		specs := r.paramSpecs(p, append(append([]param{}, p.required...), slots[:k]...))
		head = append(head, spec(s.Name, specs, ret), spec(s.Name, append(specs, call("keyword")), ret))
	}
	if len(p.requiredKW) == 0 {
		return r.mergedOptionalFunction(s, p, head)
	}
	groups := [][]exfmt.Node{head}
	for k := 0; k <= len(slots); k++ {
		names := append(vars(p.required), vars(slots[:k])...)
		var plain exfmt.Node
		if len(p.requiredKW) > 0 {
			// Without opts the keyword-only arguments are missing: the
			// opts clause raises the ArgumentError.
			plain = def(call(s.Name, varNodes(names)...), selfCall(s.Name, append(varNodes(names), list())...))
		} else {
			plain = def(call(s.Name, varNodes(names)...), runtimeCall(s.Name, s.Function, list(varNodes(names)...), list()))
		}
		body := append(keywordCheck(p.requiredKW), runtimeCall(s.Name, s.Function, list(varNodes(names)...), v("opts")))
		withOpts := def(op("when", call(s.Name, append(varNodes(names), v("opts"))...), optsGuard()), body...)
		groups = append(groups, []exfmt.Node{plain}, []exfmt.Node{withOpts})
	}
	return groups
}

// mergedOptionalFunction renders the clauses of optionalFunction without
// required keyword-only arguments, one per arity: f(required...), then
// f(required..., first k optionals, opts) deciding through helperCall
// whether opts is the options or the next optional, then the guarded
// clause taking every optional and the options.
func (r *renderer) mergedOptionalFunction(s *model.Symbol, p plan, head []exfmt.Node) [][]exfmt.Node {
	slots := p.slots()
	ref := funRef(s.Name, s.Function)
	required := varNodes(vars(p.required))
	groups := [][]exfmt.Node{head, {def(call(s.Name, required...), runtimeCall(s.Name, s.Function, list(required...), list()))}}
	for k := 0; k < len(slots); k++ {
		args := cat(required, varNodes(vars(slots[:k])))
		groups = append(groups, []exfmt.Node{def(call(s.Name, append(args, v("opts"))...),
			call(helperCall, ref, list(args...), v("opts")))})
	}
	args := cat(required, varNodes(vars(slots)))
	return append(groups, []exfmt.Node{def(op("when", call(s.Name, append(args, v("opts"))...), optsGuard()),
		runtimeCall(s.Name, s.Function, list(args...), v("opts")))})
}

// simpleFunction: f(required..., opts \\ []); *args are passed with
// __args__: in opts.
func (r *renderer) simpleFunction(s *model.Symbol, p plan, doc, ret exfmt.Node) []exfmt.Node {
	specs := r.paramSpecs(p, p.required)
	names := vars(p.required)
	body := append(keywordCheck(p.requiredKW), runtimeCall(s.Name, s.Function, list(varNodes(names)...), v("opts")))
	return []exfmt.Node{
		doc,
		spec(s.Name, append(specs, call("keyword")), ret),
		def(call(s.Name, append(varNodes(names), withDefaultOpts())...), body...),
	}
}

func streamSpecRet() exfmt.Node { return union(atom("ok"), errorType()) }

func callbackType() exfmt.Node {
	return &exfmt.TypeFun{Args: []exfmt.Node{term()}, Body: call("any")}
}

// streamFunction renders <name>_stream (compat §6.3).
func (r *renderer) streamFunction(s *model.Symbol, p plan) [][]exfmt.Node {
	name := s.Name + "_stream"
	streamCall := func(args, opts exfmt.Node) exfmt.Node {
		return remote("SnakeBridge.Runtime", "stream", v("__MODULE__"), funRef(s.Name, s.Function), args, opts, v("callback"))
	}
	if p.variadic {
		head := []exfmt.Node{docAttr("doc", fmt.Sprintf("Streaming variant of `%s`.\n\nThe callback receives chunks as they arrive.", s.Name))}
		for k := 0; k <= r.maxArity; k++ {
			head = append(head,
				spec(name, append(terms(k), callbackType()), streamSpecRet()),
				spec(name, append(terms(k), call("keyword"), callbackType()), streamSpecRet()))
		}
		groups := [][]exfmt.Node{head}
		for k := 0; k <= r.maxArity; k++ {
			args := argNodes(k)
			groups = append(groups,
				[]exfmt.Node{def(op("when", call(name, append(args, v("callback"))...), callbackGuard()),
					streamCall(list(args...), list()))},
				[]exfmt.Node{def(op("when", call(name, append(args, v("opts"), v("callback"))...), op("and", optsGuard(), callbackGuard())),
					streamCall(list(args...), v("opts")))})
		}
		return groups
	}
	names := vars(p.required)
	specs := r.paramSpecs(p, p.required)
	headArgs, fullSpecs, body := argumentsOf(p, names, specs)
	body = append(body, streamCall(argsExpr(names, p.hasArgs, p.argsName), v("opts")))
	main := len(names) + 1
	if len(p.optional) > 0 && !p.hasVarargs {
		main += len(p.optional)
	}
	group := []exfmt.Node{
		docAttr("doc", fmt.Sprintf("Streaming variant of `%s/%d`.\n\nThe callback receives chunks as they arrive.", s.Name, main)),
		spec(name, append(fullSpecs, call("keyword"), callbackType()), streamSpecRet()),
		def(op("when", call(name, append(headArgs, withDefaultOpts(), v("callback"))...), callbackGuard()), body...),
	}
	groups := [][]exfmt.Node{group}
	if p.hasArgs {
		// Upstream's args parameter has no default, so the
		// required-only arity would be missing; add it.
		var extra exfmt.Node
		if len(p.requiredKW) > 0 {
			extra = selfCall(name, append(varNodes(names), list(), list(), v("callback"))...)
		} else {
			extra = streamCall(list(varNodes(names)...), list())
		}
		groups = append(groups, []exfmt.Node{
			docAttr("doc", fmt.Sprintf("Same as `%s/%d` without extra positional arguments or options.", name, len(names)+3)),
			spec(name, append(specs, callbackType()), streamSpecRet()),
			def(op("when", call(name, append(varNodes(names), v("callback"))...), callbackGuard()), extra),
		})
	}
	return groups
}
