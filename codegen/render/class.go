package render

import (
	"fmt"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render/exfmt"
)

// classPlan is a class module to generate.
type classPlan struct {
	class  *model.Class
	module string
	path   string
}

func callClass(args, opts exfmt.Node) exfmt.Node {
	return remote("SnakeBridge.Runtime", "call_class", v("__MODULE__"), atom("__init__"), args, opts)
}

// classSkeleton plans a class module (compat §6.4). The members claim
// their names here, in order, so the module doc can list what lost.
func (r *renderer) classSkeleton(cp *classPlan) *skeleton {
	c := cp.class
	members := c.Members()
	cl := newClaims()
	cl.reserve("__snakebridge_python_name__", "the SnakeBridge metadata", 0)
	cl.reserve("__snakebridge_python_class__", "the SnakeBridge metadata", 0)
	cl.reserve("__snakebridge_library__", "the SnakeBridge metadata", 0)
	reserveClassHelpers(cl)

	var sections []*section
	var helpers classHelpers
	if sec, p := r.constructor(c, members.Init, cl); sec != nil {
		sections = append(sections, sec)
		helpers.newLast = p.variadic
	}
	for _, m := range members.Methods {
		if !validFunctionName(m.ElixirName) {
			cl.note("The method `%s` has no wrapper: `%s` is not a valid Elixir function name.", m.Name, m.ElixirName)
			continue
		}
		if sec, p := r.method(c, m, cl); sec != nil {
			sections = append(sections, sec)
			helpers.methodLast = helpers.methodLast || p.variadic
			helpers.methodArgs = helpers.methodArgs || packsArgs(p)
		}
	}
	var attrs [][]exfmt.Node
	for _, a := range members.Attributes {
		if model.IsReserved(a.Name) {
			// Upstream's attribute names miss the reserved-word rule
			// that function and method names have.
			a.Name = "py_" + a.Name
		}
		if g := r.attribute(c, a, cl); g != nil {
			attrs = append(attrs, g)
		}
	}
	if len(attrs) > 0 {
		sections = append(sections, &section{build: func() [][]exfmt.Node { return attrs }})
	}
	if helpers.any() {
		sections = append(sections, &section{build: helpers.groups})
	}

	head := []exfmt.Node{
		docAttr("moduledoc", classDoc(c, cl.notes)),
		defShort("__snakebridge_python_name__", str(c.PythonModule)),
		defShort("__snakebridge_python_class__", str(c.Class)),
		defShort("__snakebridge_library__", str(r.lib.PythonName)),
		attr("opaque", op("::", v("t"), refType())),
	}
	return &skeleton{
		path: cp.path, comments: r.header(c.PythonModule, c.Class), module: cp.module,
		head: [][]exfmt.Node{head}, sections: sections,
	}
}

// constructor renders new (from __init__; new(opts \\ []) without one).
func (r *renderer) constructor(c *model.Class, init *model.Method, cl *claims) (*section, plan) {
	sig := &model.Signature{SignatureAvailable: true}
	doc := ""
	if init != nil {
		sig = &init.Signature
		if init.Docstring != inheritedInit {
			doc = init.Docstring
		}
	}
	p := newPlan(sig)
	n := len(p.required)
	defs := arities{}
	switch {
	case p.variadic:
		defs.add("new", 0, r.maxArity+1)
	case p.hasArgs:
		defs.add("new", n, n+2)
	default:
		defs.add("new", n, n+1)
	}
	if !cl.claim("The constructor `new`", defs) {
		return nil, p
	}
	return &section{build: func() [][]exfmt.Node { return r.constructorGroups(c, doc, p) }}, p
}

func (r *renderer) constructorGroups(c *model.Class, doc string, p plan) [][]exfmt.Node {
	ret := okError(refType())
	docNode := r.docAttr("doc", r.callableDoc(doc, fmt.Sprintf("Constructs `%s`.", c.Class), p.params, nil))
	if p.variadic {
		return r.variadicCallable("new", docNode, nil, ret, func(args []exfmt.Node, opts exfmt.Node) exfmt.Node {
			return callClass(list(args...), opts)
		}, func(args []exfmt.Node, last exfmt.Node) exfmt.Node {
			return call(helperNew, list(args...), last)
		})
	}
	names := vars(p.required)
	specs := r.paramSpecs(p, p.required)
	return r.regularCallable("new", p, nil, specs, docNode, ret, func(args exfmt.Node) exfmt.Node {
		return callClass(args, v("opts"))
	}, func() exfmt.Node {
		return callClass(list(varNodes(names)...), list())
	}, nil)
}

// method renders a method wrapper; the first argument is the reference.
func (r *renderer) method(c *model.Class, m *model.Method, cl *claims) (*section, plan) {
	p := newPlan(&m.Signature)
	n := len(p.required) + 1
	defs := arities{}
	switch {
	case p.variadic:
		defs.add(m.ElixirName, 1, r.maxArity+2)
	case p.hasArgs:
		defs.add(m.ElixirName, n, n+2)
	default:
		defs.add(m.ElixirName, n, n+1)
	}
	if !cl.claim(fmt.Sprintf("The method `%s` (Python `%s`)", m.ElixirName, m.Name), defs) {
		return nil, p
	}
	return &section{key: r.methodKey(c, m), build: func() [][]exfmt.Node { return r.methodGroups(c, m, p) }}, p
}

// methodGroups renders a method's wrappers; what they depend on is what
// methodKey covers.
func (r *renderer) methodGroups(c *model.Class, m *model.Method, p plan) [][]exfmt.Node {
	ret := r.returnSpec(p, &m.ReturnType)
	fallback := fmt.Sprintf("Python method `%s.%s`.", c.Class, m.Name)
	ref := funRef(m.ElixirName, m.Name)
	callMethod := func(args, opts exfmt.Node) exfmt.Node {
		return remote("SnakeBridge.Runtime", "call_method", v("ref"), ref, args, opts)
	}
	if p.variadic {
		docNode := r.docAttr("doc", r.callableDoc(m.Docstring, fallback, nil, &m.ReturnType))
		return r.variadicCallable(m.ElixirName, docNode, []exfmt.Node{v("ref")}, ret, func(args []exfmt.Node, opts exfmt.Node) exfmt.Node {
			return callMethod(list(args...), opts)
		}, func(args []exfmt.Node, last exfmt.Node) exfmt.Node {
			return call(helperMethod, v("ref"), ref, list(args...), last)
		})
	}
	docNode := r.docAttr("doc", r.callableDoc(m.Docstring, fallback, p.params, &m.ReturnType))
	specs := append([]exfmt.Node{refType()}, r.paramSpecs(p, p.required)...)
	names := vars(p.required)
	var packed func() exfmt.Node
	if packsArgs(p) {
		packed = func() exfmt.Node {
			return call(helperMethod, v("ref"), ref, list(varNodes(names)...), v(p.argsName), v("opts"))
		}
	}
	return r.regularCallable(m.ElixirName, p, []exfmt.Node{v("ref")}, specs, docNode, ret, func(args exfmt.Node) exfmt.Node {
		return callMethod(args, v("opts"))
	}, func() exfmt.Node {
		return callMethod(list(varNodes(names)...), list())
	}, packed)
}

// packsArgs reports whether a method wrapper leaves normalising its
// extra-arguments list to helperMethod/5: a method taking one, without
// required keyword-only arguments (whose check comes between the two).
func packsArgs(p plan) bool {
	return !p.variadic && p.hasArgs && len(p.requiredKW) == 0
}

// variadicCallable renders name(lead..., arg1…argk[, opts]) for k = 0…max:
// name(lead...), then one clause per arity whose last argument the
// helper call made by merged tells apart (opts or argk+1), then the
// guarded clause taking max arguments and opts.
func (r *renderer) variadicCallable(name string, doc exfmt.Node, lead []exfmt.Node, ret exfmt.Node,
	body, merged func([]exfmt.Node, exfmt.Node) exfmt.Node) [][]exfmt.Node {
	leadSpecs := make([]exfmt.Node, len(lead))
	for i := range lead {
		leadSpecs[i] = refType()
	}
	head := []exfmt.Node{doc}
	for k := 0; k <= r.maxArity; k++ {
		head = append(head,
			spec(name, cat(leadSpecs, terms(k)), ret),
			spec(name, cat(leadSpecs, terms(k), []exfmt.Node{call("keyword")}), ret))
	}
	groups := [][]exfmt.Node{head, {def(call(name, lead...), body(nil, list()))}}
	for k := 0; k < r.maxArity; k++ {
		args := argNodes(k)
		groups = append(groups, []exfmt.Node{def(call(name, cat(lead, args, []exfmt.Node{v("opts")})...), merged(args, v("opts")))})
	}
	args := argNodes(r.maxArity)
	return append(groups, []exfmt.Node{def(op("when", call(name, cat(lead, args, []exfmt.Node{v("opts")})...), optsGuard()), body(args, v("opts")))})
}

// regularCallable renders name(lead..., required..., [args,] opts \\ [])
// and, when args exists (it has no default), name(lead..., required...).
//
// packed, when set, is the whole body of the first (a helper call).
func (r *renderer) regularCallable(name string, p plan, lead, specs []exfmt.Node, doc, ret exfmt.Node,
	full func(args exfmt.Node) exfmt.Node, short, packed func() exfmt.Node) [][]exfmt.Node {
	names := vars(p.required)
	args, fullSpecs, body := argumentsOf(p, names, specs)
	headArgs := cat(lead, args)
	if packed != nil {
		body = []exfmt.Node{packed()}
	} else {
		body = append(body, full(argsExpr(names, p.hasArgs, p.argsName)))
	}
	groups := [][]exfmt.Node{{
		doc,
		spec(name, append(fullSpecs, call("keyword")), ret),
		def(call(name, append(headArgs, withDefaultOpts())...), body...),
	}}
	if p.hasArgs {
		var extra exfmt.Node
		if len(p.requiredKW) > 0 {
			extra = selfCall(name, cat(lead, varNodes(names), []exfmt.Node{list(), list()})...)
		} else {
			extra = short()
		}
		fullArity := len(lead) + len(names) + 2
		groups = append(groups, []exfmt.Node{
			docAttr("doc", fmt.Sprintf("Same as `%s/%d` without extra positional arguments or options.", name, fullArity)),
			spec(name, specs, ret),
			def(call(name, cat(lead, varNodes(names))...), extra),
		})
	}
	return groups
}

// attribute renders name(ref) reading a Python attribute.
func (r *renderer) attribute(c *model.Class, a model.Attribute, cl *claims) []exfmt.Node {
	if !validFunctionName(a.Name) {
		cl.note("The attribute `%s` has no accessor: `%s` is not a valid Elixir function name.", a.PythonName, a.Name)
		return nil
	}
	if !plainPythonName(a.PythonName) {
		cl.note("The attribute `%s` has no accessor: its name is not an ASCII identifier.", a.PythonName)
		return nil
	}
	if !cl.claim(fmt.Sprintf("The attribute accessor `%s` (Python `%s`)", a.Name, a.PythonName), arities{a.Name: {1}}) {
		return nil
	}
	return []exfmt.Node{
		docAttr("doc", fmt.Sprintf("Reads the Python attribute `%s.%s`.", c.Class, a.PythonName)),
		spec(a.Name, []exfmt.Node{refType()}, okError(term())),
		def(call(a.Name, v("ref")), remote("SnakeBridge.Runtime", "get_attr", v("ref"), atom(a.PythonName))),
	}
}

// plainPythonName reports whether a Python name is an ASCII identifier,
// which Elixir writes as an unquoted atom.
func plainPythonName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
