package analysis

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// declaredCodes reads finding.go's source for every constant of type Code,
// so that a code added there without a meaning fails the test.
func declaredCodes(t *testing.T) []Code {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "finding.go", nil, 0)
	if err != nil {
		t.Fatalf("parsing finding.go: %v", err)
	}
	var codes []Code
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for _, v := range vs.Values {
				lit, ok := v.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Fatalf("a Code constant that is not a string literal: %#v", v)
				}
				codes = append(codes, Code(lit.Value[1:len(lit.Value)-1]))
			}
		}
	}
	return codes
}

func TestEveryCodeHasAMeaning(t *testing.T) {
	codes := declaredCodes(t)
	if len(codes) < 40 {
		t.Fatalf("found only %d codes in finding.go: the parse misses some", len(codes))
	}
	declared := map[Code]bool{}
	for _, c := range codes {
		declared[c] = true
		m, ok := c.Meaning()
		if !ok {
			t.Errorf("code %s has no Meaning in codemeaning.go", c)
			continue
		}
		if m.LibraryScoped && m.Remedy != RemedyRegenerate {
			t.Errorf("%s is library-scoped but a regeneration does not fix it", c)
		}
		if c.Unevaluable() && m.Remedy != RemedyEdit {
			t.Errorf("%s stops evaluation: only an edit can clear it", c)
		}
		if !c.AboutStaleness() && m.Remedy == RemedyRegenerate {
			t.Errorf("%s is not about staleness, yet a regeneration would fix it", c)
		}
	}
	for c := range meanings {
		if !declared[c] {
			t.Errorf("codemeaning.go gives %s a meaning, but finding.go does not declare it", c)
		}
	}
}

func TestCodeMeaningOfUnknownCode(t *testing.T) {
	if _, ok := Code("no_such_code").Meaning(); ok {
		t.Error("an unknown code has a meaning")
	}
	if Code("no_such_code").LibraryScoped() || Code("no_such_code").FixedByRegeneration() {
		t.Error("an unknown code claims to be fixed by a regeneration")
	}
}
