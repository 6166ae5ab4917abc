package model

import (
	"sort"
	"strconv"
)

// Members is what a class module exposes, as upstream's class generator
// derives it from a class entry (generator/class.ex).
type Members struct {
	// Init is the __init__ entry behind new/N, or nil (new then takes no
	// positional arguments).
	Init *Method
	// Methods are the method wrappers other than the constructor, one per
	// Elixir name, sorted by it.
	Methods []*Method
	// Attributes are the attribute accessors name(ref), in entry order.
	Attributes []Attribute
}

// Attribute is a class attribute accessor.
type Attribute struct {
	Name       string // Elixir function name
	PythonName string
}

// Members resolves the class's wrapper names as upstream's class generator
// does: __init__ becomes the constructor; a method named "new" is
// python_new when __init__ exists; methods sharing an Elixir name are
// deduplicated, keeping the one with most parameters and, on a tie, a
// non-dunder one, else the first; attribute names (AttributeName) that
// collide with a method name or "new" get "_attr", then "_attr2",
// "_attr3"…. The returned methods are the entry's own (not copies) unless a
// decoded upstream entry still calls the "new" method "new".
func (c *Class) Members() Members {
	var out Members
	for _, m := range c.Methods {
		if m != nil && m.Name == "__init__" {
			out.Init = m
			break
		}
	}
	groups := map[string]*Method{}
	var names []string
	for _, m := range c.Methods {
		if m == nil || m.Name == "__init__" || m.ElixirName == "" {
			continue
		}
		if m.Name == "new" && out.Init != nil && m.ElixirName != "python_new" {
			renamed := *m
			renamed.ElixirName = "python_new"
			m = &renamed
		}
		best, seen := groups[m.ElixirName]
		if !seen {
			names = append(names, m.ElixirName)
		}
		if !seen || outranks(m, best) {
			groups[m.ElixirName] = m
		}
	}
	sort.Strings(names)
	taken := map[string]bool{"new": true}
	for _, name := range names {
		out.Methods = append(out.Methods, groups[name])
		taken[name] = true
	}
	for _, attr := range c.Attributes {
		out.Attributes = append(out.Attributes, Attribute{Name: uniqueAttr(AttributeName(attr), taken), PythonName: attr})
	}
	return out
}

// outranks is upstream's method_rank comparison: more parameters win, then
// a non-dunder name; Enum.max_by keeps the first of equals.
func outranks(m, best *Method) bool {
	if len(m.Parameters) != len(best.Parameters) {
		return len(m.Parameters) > len(best.Parameters)
	}
	return isDunder(best.Name) && !isDunder(m.Name)
}

// uniqueAttr is upstream's ensure_unique_attr_name: "<name>_attr", then
// "<name>_attr2", "<name>_attr23"… — each retry appends the counter to the
// previous candidate, as upstream does.
func uniqueAttr(name string, taken map[string]bool) string {
	if !taken[name] {
		taken[name] = true
		return name
	}
	candidate := name + "_attr"
	for n := 2; taken[candidate]; n++ {
		candidate += strconv.Itoa(n)
	}
	taken[candidate] = true
	return candidate
}
