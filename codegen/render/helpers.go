package render

import (
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render/exfmt"
)

// A wrapper with optional positionals (or a variadic one) defines two
// clauses at most arities: one whose last argument is one more positional
// and one whose last argument is the options, told apart by upstream's
// keyword-list guard. Compiling those guards, repeated in every clause of
// every wrapper, was most of the Elixir compiler's work on numpy's
// bindings (docs/generated-code.md). So each arity is one clause calling a
// private helper of its module, which makes the same choice once: the
// same functions, arities, docs and specs, and the same call reaching the
// runtime for every argument list.

// Names of the private helpers; claimed so that no wrapper takes them.
const (
	helperCall   = "__snakebridge_call__"   // (function, args, last) in module wrappers
	helperMethod = "__snakebridge_method__" // (ref, method, args, last) and (ref, method, positional, args, opts)
	helperNew    = "__snakebridge_new__"    // (args, last) in class modules
)

func reserveModuleHelpers(cl *claims) {
	cl.reserve(helperCall, "a private helper of the generated code", 3)
}

func reserveClassHelpers(cl *claims) {
	cl.reserve(helperMethod, "a private helper of the generated code", 4, 5)
	cl.reserve(helperNew, "a private helper of the generated code", 2)
}

// defp is `defp head do body end`.
func defp(head exfmt.Node, body ...exfmt.Node) exfmt.Node {
	d := def(head, body...).(*exfmt.Call)
	d.Name = "defp"
	return d
}

// lastArgHelper renders a helper name(lead..., args, opts) that calls
// target with opts when opts is a keyword list, else with opts appended
// to the positional arguments and no options.
func lastArgHelper(name string, lead []exfmt.Node, target func(args, opts exfmt.Node) exfmt.Node) [][]exfmt.Node {
	withOpts := defp(op("when", call(name, cat(lead, []exfmt.Node{v("args"), v("opts")})...), optsGuard()),
		target(v("args"), v("opts")))
	positional := defp(call(name, cat(lead, []exfmt.Node{v("args"), v("arg")})...),
		target(op("++", v("args"), list(v("arg"))), list()))
	return [][]exfmt.Node{{withOpts}, {positional}}
}

// moduleHelpers are the helpers of a module wrapper.
func moduleHelpers() [][]exfmt.Node {
	return lastArgHelper(helperCall, []exfmt.Node{v("function")}, func(args, opts exfmt.Node) exfmt.Node {
		return remote("SnakeBridge.Runtime", "call", v("__MODULE__"), v("function"), args, opts)
	})
}

// classHelpers are the helpers a class module uses.
type classHelpers struct {
	methodLast bool // __snakebridge_method__/4
	methodArgs bool // __snakebridge_method__/5
	newLast    bool // __snakebridge_new__/2
}

func (h classHelpers) groups() [][]exfmt.Node {
	var groups [][]exfmt.Node
	if h.methodLast {
		groups = append(groups, lastArgHelper(helperMethod, []exfmt.Node{v("ref"), v("method")}, func(args, opts exfmt.Node) exfmt.Node {
			return remote("SnakeBridge.Runtime", "call_method", v("ref"), v("method"), args, opts)
		})...)
	}
	if h.methodArgs {
		// What a method wrapper taking an extra-arguments list does
		// (compat §6.4), once.
		groups = append(groups, []exfmt.Node{defp(call(helperMethod, v("ref"), v("method"), v("positional"), v("args"), v("opts")),
			normalizeArgs("args"),
			remote("SnakeBridge.Runtime", "call_method", v("ref"), v("method"),
				op("++", v("positional"), remote("List", "wrap", v("args"))), v("opts")))})
	}
	if h.newLast {
		groups = append(groups, lastArgHelper(helperNew, nil, callClass)...)
	}
	return groups
}

func (h classHelpers) any() bool { return h.methodLast || h.methodArgs || h.newLast }
