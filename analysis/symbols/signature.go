package symbols

import "strings"

// Signature renders the Python signature as Python writes it, with the
// Python name: "dumps(obj, *, skipkeys=False, indent=None, **kw)",
// "pow(x, y, /)", annotations as "a: int = 1", a return annotation as
// " -> float".
func (f *Function) Signature() string {
	var b strings.Builder
	b.WriteString(f.PythonName())
	b.WriteByte('(')
	starDone := false
	n := f.NumParams()
	for i := 0; i < n; i++ {
		p := f.Param(i)
		if i > 0 {
			b.WriteString(", ")
		}
		switch p.Kind {
		case VarPositional:
			b.WriteByte('*')
			starDone = true
		case VarKeyword:
			b.WriteString("**")
		case KeywordOnly:
			if !starDone {
				b.WriteString("*, ")
				starDone = true
			}
		}
		writeParam(&b, p)
		if p.Kind == PositionalOnly && (i+1 == n || f.Param(i+1).Kind != PositionalOnly) {
			b.WriteString(", /")
		}
	}
	b.WriteByte(')')
	if ret := f.ReturnAnnotation(); ret != "" {
		b.WriteString(" -> ")
		b.WriteString(ret)
	}
	return b.String()
}

// Label renders one parameter as Signature does ("*, " excluded):
// "*args", "sort_keys=False", "x: int = 1".
func (p Param) Label() string {
	var b strings.Builder
	switch p.Kind {
	case VarPositional:
		b.WriteByte('*')
	case VarKeyword:
		b.WriteString("**")
	}
	writeParam(&b, p)
	return b.String()
}

func writeParam(b *strings.Builder, p Param) {
	b.WriteString(p.Name)
	if p.Annotation != "" {
		b.WriteString(": ")
		b.WriteString(p.Annotation)
	}
	if p.HasDefault {
		if p.Annotation != "" {
			b.WriteString(" = ")
		} else {
			b.WriteByte('=')
		}
		b.WriteString(p.Default)
	}
}

// Keyword returns the parameter that can be passed under the keyword name
// in an Elixir opts list, and whether there is one.
func (f *Function) Keyword(name string) (Param, bool) {
	for i := 0; i < f.NumParams(); i++ {
		if p := f.Param(i); p.Name == name && p.Keyword() {
			return p, true
		}
	}
	return Param{}, false
}
