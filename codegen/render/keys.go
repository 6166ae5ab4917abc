package render

import (
	"strconv"
	"unsafe"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// sectionKey names a section's content. The docstring, the largest part,
// is kept as it is rather than copied into rest; the zero key means the
// section is printed every time.
type sectionKey struct {
	doc  string
	rest string
}

// methodKey covers everything methodGroups renders from: the method whole
// (every field, so that a field rendering comes to use later cannot make
// two different methods share a text; keys_test.go checks each one), and
// the class's name only when the docstring converts to nothing, as the
// fallback doc names the class.
func (r *renderer) methodKey(c *model.Class, m *model.Method) sectionKey {
	k := keyWriter{b: make([]byte, 0, 512)}
	if r.memo.get(&r.memo.markdown, m.Docstring, markdown) == "" {
		k.str(c.Class)
	} else {
		k.str("")
	}
	k.str(m.Name)
	k.str(m.ElixirName)
	k.signature(&m.Signature)
	// k.b is not used again: the key keeps it without a copy.
	return sectionKey{doc: m.Docstring, rest: unsafe.String(unsafe.SliceData(k.b), len(k.b))}
}

// keyWriter writes values unambiguously: strings length-prefixed, every
// optional value with a presence byte.
type keyWriter struct{ b []byte }

func (k *keyWriter) str(s string) {
	k.b = strconv.AppendInt(k.b, int64(len(s)), 10)
	k.b = append(k.b, ':')
	k.b = append(k.b, s...)
}

func (k *keyWriter) num(n int) {
	k.b = strconv.AppendInt(k.b, int64(n), 10)
	k.b = append(k.b, ';')
}

func (k *keyWriter) flag(f bool) {
	if f {
		k.b = append(k.b, 't')
	} else {
		k.b = append(k.b, 'f')
	}
}

func (k *keyWriter) optStr(s *string) {
	k.flag(s != nil)
	if s != nil {
		k.str(*s)
	}
}

func (k *keyWriter) strs(list []string) {
	k.num(len(list))
	for _, s := range list {
		k.str(s)
	}
}

// signature writes every field but the docstring, which the key holds.
func (k *keyWriter) signature(s *model.Signature) {
	k.num(len(s.Parameters))
	for i := range s.Parameters {
		k.param(&s.Parameters[i])
	}
	k.typ(&s.ReturnType)
	k.flag(s.SignatureAvailable)
	k.str(s.SignatureSource)
	k.str(s.SignatureDetail)
	k.strs(s.SignatureMissingReason)
	k.flag(s.MissingReasonScalar)
	k.flag(s.OverloadCount != nil)
	if s.OverloadCount != nil {
		k.num(*s.OverloadCount)
	}
	k.str(s.DocSource)
	k.str(s.DocMissingReason)
	k.num(s.RequiredArity)
	k.num(s.MinimumArity)
	k.num(s.MaximumArity.N)
	k.flag(s.MaximumArity.Unbounded)
	k.flag(s.HasVarPositional)
	k.flag(s.HasVarKeyword)
	k.strs(s.RequiredKeywordOnly)
	k.strs(s.OptionalKeywordOnly)
	k.str(s.SourceFile)
	k.num(s.SourceLine)
}

func (k *keyWriter) param(p *pyhelper.Param) {
	k.str(p.Name)
	k.str(p.Kind)
	k.optStr(p.Default)
	k.optStr(p.Annotation)
	k.typ(&p.Type)
}

func (k *keyWriter) typ(t *pyhelper.TypeDict) {
	k.str(t.Type)
	for _, sub := range []*pyhelper.TypeDict{t.ElementType, t.KeyType, t.ValueType, t.InnerType} {
		k.flag(sub != nil)
		if sub != nil {
			k.typ(sub)
		}
	}
	for _, list := range [][]pyhelper.TypeDict{t.ElementTypes, t.Types, t.Args} {
		k.num(len(list))
		for i := range list {
			k.typ(&list[i])
		}
	}
	k.str(t.Origin)
	k.str(t.Name)
	k.str(t.Module)
	k.str(t.Raw)
}
