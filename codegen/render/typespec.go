package render

import (
	"strings"
	"sync"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render/exfmt"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// classIndex finds the generated class module of a Python class of the
// library, for `Module.t()` in specs (compat §6.6).
type classIndex struct {
	byKey  map[[2]string]string // {python module, class name} → module
	byName map[string][]string  // class name → modules
	// printers print specs on one line; the rendering goroutines share
	// the index.
	printers sync.Pool
}

func newClassIndex(classes []*classPlan) *classIndex {
	idx := &classIndex{byKey: map[[2]string]string{}, byName: map[string][]string{}}
	for _, c := range classes {
		idx.byKey[[2]string{c.class.PythonModule, c.class.Class}] = c.module
		idx.byName[c.class.Class] = append(idx.byName[c.class.Class], c.module)
	}
	return idx
}

func (idx *classIndex) lookup(module, name string) (string, bool) {
	if m, ok := idx.byKey[[2]string{module, name}]; ok {
		return m, true
	}
	if ms := idx.byName[name]; len(ms) == 1 {
		return ms[0], true
	}
	return "", false
}

// typeSpec maps a TypeDict to a typespec as upstream's TypeMapper does.
func (idx *classIndex) typeSpec(t *pyhelper.TypeDict) exfmt.Node {
	if t == nil {
		return term()
	}
	switch t.Type {
	case "int", "integer":
		return call("integer")
	case "float":
		return call("float")
	case "str", "string":
		return remote("String", "t")
	case "bool", "boolean":
		return call("boolean")
	case "bytes", "bytearray":
		return call("binary")
	case "none":
		return atom("nil")
	case "list":
		return call("list", idx.typeSpec(t.ElementType))
	case "dict":
		return &exfmt.Map{Pairs: []exfmt.Pair{{Key: call("optional", idx.typeSpec(t.KeyType)), Value: idx.typeSpec(t.ValueType)}}}
	case "tuple":
		if t.ElementTypes == nil {
			return call("tuple")
		}
		elems := make([]exfmt.Node, len(t.ElementTypes))
		for i := range t.ElementTypes {
			elems[i] = idx.typeSpec(&t.ElementTypes[i])
		}
		return tuple(elems...)
	case "set", "frozenset":
		return remote("MapSet", "t", idx.typeSpec(t.ElementType))
	case "optional", "union":
		return idx.unionSpec(t)
	case "class":
		return idx.classSpec(t.Module, t.Name)
	}
	if dot := strings.LastIndexByte(t.Type, '.'); dot > 0 && dot < len(t.Type)-1 {
		return idx.classSpec(t.Type[:dot], t.Type[dot+1:])
	}
	return term()
}

// unionSpec flattens nested unions and optionals into one right-nested
// union without repeated members (a parenthesised left operand would
// otherwise appear).
func (idx *classIndex) unionSpec(t *pyhelper.TypeDict) exfmt.Node {
	var members []exfmt.Node
	seen := map[string]bool{}
	var add func(t *pyhelper.TypeDict)
	add = func(t *pyhelper.TypeDict) {
		switch {
		case t != nil && t.Type == "optional":
			add(t.InnerType)
			add(&pyhelper.TypeDict{Type: "none"})
			return
		case t != nil && t.Type == "union":
			for i := range t.Types {
				add(&t.Types[i])
			}
			return
		}
		n := idx.typeSpec(t)
		key := idx.specText(n)
		if !seen[key] {
			seen[key] = true
			members = append(members, n)
		}
	}
	add(t)
	if len(members) == 0 {
		return term()
	}
	return union(members...)
}

func (idx *classIndex) classSpec(module, name string) exfmt.Node {
	m, ok := idx.lookup(module, name)
	if !ok || !validAlias(m) {
		return term()
	}
	return remote(m, "t")
}

func term() exfmt.Node { return termType }

// validAlias reports whether every segment of an alias starts with A–Z
// and continues with ASCII letters, digits or '_'.
func validAlias(s string) bool {
	if s == "" {
		return false
	}
	for _, seg := range strings.Split(s, ".") {
		if seg == "" || seg[0] < 'A' || seg[0] > 'Z' {
			return false
		}
		for i := 1; i < len(seg); i++ {
			c := seg[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
				return false
			}
		}
	}
	return true
}

// specText renders a typespec on one line, for documentation.
func (idx *classIndex) specText(n exfmt.Node) string {
	// Most specs are calls without arguments, which print as written.
	if c, ok := n.(*exfmt.Call); ok && len(c.Args) == 0 && c.Do == nil && c.Parens {
		switch t := c.Target.(type) {
		case nil:
			return c.Name + "()"
		case *exfmt.Alias:
			return t.Name + "." + c.Name + "()"
		}
	}
	p, _ := idx.printers.Get().(*exfmt.Printer)
	if p == nil {
		p = new(exfmt.Printer)
	}
	s := p.Flat(n)
	idx.printers.Put(p)
	return s
}
