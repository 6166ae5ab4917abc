package render

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// randomGen builds random manifest entries: odd Python names (reserved
// words, dunders, capitals, digits, non-ASCII), every parameter kind,
// nested types, docstring fragments with markup and characters that need
// escaping.
type randomGen struct{ r *rand.Rand }

var nameParts = []string{"get", "Set", "value", "x", "HTTP", "do", "end", "class", "fn", "when", "opts", "ref",
	"callback", "args", "kw_keys", "to_string", "length", "hd", "new", "__init__", "__str__", "__len__", "__eq__",
	"_private", "data2", "résumé", "Z", "module_info", "is_list", "doc", "a", "loooooooooooooooooooooooooooong"}

func (g randomGen) name() string {
	var parts []string
	for n := 1 + g.r.IntN(3); n > 0; n-- {
		parts = append(parts, nameParts[g.r.IntN(len(nameParts))])
	}
	if g.r.IntN(4) == 0 {
		return parts[0]
	}
	return strings.Join(parts, "_")
}

func (g randomGen) typ(depth int) pyhelper.TypeDict {
	simple := []string{"int", "float", "str", "bool", "bytes", "none", "any", "", "generic", "demo.x.Y", "rnd.sub.Cls0"}
	if depth > 2 || g.r.IntN(2) == 0 {
		return td(simple[g.r.IntN(len(simple))])
	}
	inner := func() *pyhelper.TypeDict { t := g.typ(depth + 1); return &t }
	switch g.r.IntN(7) {
	case 0:
		return pyhelper.TypeDict{Type: "list", ElementType: inner()}
	case 1:
		return pyhelper.TypeDict{Type: "dict", KeyType: inner(), ValueType: inner()}
	case 2:
		n := g.r.IntN(4)
		elems := make([]pyhelper.TypeDict, n)
		for i := range elems {
			elems[i] = g.typ(depth + 1)
		}
		return pyhelper.TypeDict{Type: "tuple", ElementTypes: elems}
	case 3:
		return pyhelper.TypeDict{Type: "set", ElementType: inner()}
	case 4:
		return pyhelper.TypeDict{Type: "optional", InnerType: inner()}
	case 5:
		return pyhelper.TypeDict{Type: "class", Module: "rnd.sub", Name: fmt.Sprintf("Cls%d", g.r.IntN(4))}
	default:
		n := 1 + g.r.IntN(5)
		types := make([]pyhelper.TypeDict, n)
		for i := range types {
			types[i] = g.typ(depth + 1)
		}
		return pyhelper.TypeDict{Type: "union", Types: types}
	}
}

var docParts = []string{numpyDoc, googleDoc, restDoc, tableDoc, "", "Plain.", "Quote \"\"\" and #{x} and \\d and \x07.",
	"Bidi \u202e and ☕ e\u0301.", "Returns <object at 0xdeadbeef>.", ".. code-block:: python\n\n    x = '\"\"\"'\n", "::\n\n    literal"}

func (g randomGen) doc() string {
	var parts []string
	for n := g.r.IntN(3); n > 0; n-- {
		parts = append(parts, docParts[g.r.IntN(len(docParts))])
	}
	return strings.Join(parts, "\n\n")
}

func (g randomGen) signature() model.Signature {
	if g.r.IntN(6) == 0 {
		return noSig(g.doc())
	}
	var params []pyhelper.Param
	seenOptional := false
	for n := g.r.IntN(8); n > 0; n-- {
		name := g.name()
		t := g.typ(0)
		defaults := []string{"None", "0", "'\"\"\"'", "<function f at 0x7f>", "b'\\x00'", "`tick`"}
		switch k := g.r.IntN(6); {
		case k < 2 && !seenOptional:
			params = append(params, pyhelper.Param{Name: name, Kind: model.KindPositionalOnly, Type: t})
		case k < 3:
			seenOptional = true
			params = append(params, pyhelper.Param{Name: name, Kind: model.KindPositionalOrKeyword, Type: t, Default: ptr(defaults[g.r.IntN(len(defaults))])})
		case k < 4:
			params = append(params, varargs(name))
		default:
			var d *string
			if g.r.IntN(2) == 0 {
				d = ptr(defaults[g.r.IntN(len(defaults))])
			}
			params = append(params, pyhelper.Param{Name: name, Kind: model.KindKeywordOnly, Type: t, Default: d})
		}
	}
	return sig(g.doc(), g.typ(0), params...)
}

func (g randomGen) library(i int) (model.Library, *model.Manifest) {
	py := fmt.Sprintf("rnd%d", i)
	lib := model.Library{PythonName: py, Module: fmt.Sprintf("Rnd%d", i), Version: "unknown"}
	var symbols []*model.Symbol
	var classes []*model.Class
	subs := []string{py, py + ".sub", py + "._sub", py + ".other.deep"}
	for n := 0; n < 40; n++ {
		pyMod := subs[g.r.IntN(len(subs))]
		s := fn(model.ModuleFor(lib, pyMod), g.name(), pyMod, g.signature())
		if g.r.IntN(8) == 0 {
			s.CallType = "module_attr"
			s.Parameters = nil
		}
		s.Streaming = g.r.IntN(5) == 0
		symbols = append(symbols, s)
	}
	for n := 0; n < 6; n++ {
		pyMod := subs[g.r.IntN(len(subs))]
		name := fmt.Sprintf("Cls%d", n)
		c := &model.Class{Module: model.ClassModuleFor(lib, pyMod, name), Class: name, PythonModule: pyMod, Docstring: g.doc(),
			MethodsTruncated: g.r.IntN(4) == 0}
		for m := g.r.IntN(8); m > 0; m-- {
			c.Methods = append(c.Methods, method(g.name(), g.signature()))
		}
		for a := g.r.IntN(5); a > 0; a-- {
			c.Attributes = append(c.Attributes, g.name())
		}
		classes = append(classes, c)
	}
	m := &model.Manifest{Symbols: map[string]*model.Symbol{}, Classes: map[string]*model.Class{}, Modules: map[string]*model.Module{}}
	for _, s := range symbols {
		m.Symbols[s.Key()] = s // later duplicates replace earlier ones, as in a manifest
	}
	for _, c := range classes {
		if _, taken := m.Classes[c.Module]; !taken {
			m.Classes[c.Module] = c
		}
	}
	m.Modules[py] = &model.Module{PythonModule: py, Docstring: g.doc()}
	return lib, m
}

// TestRandomLibraries renders random manifests and compiles everything
// with warnings as errors, checking the formatting.
func TestRandomLibraries(t *testing.T) {
	g := randomGen{rand.New(rand.NewPCG(7, 11))}
	var all []File
	for i := 0; i < 12; i++ {
		lib, m := g.library(i)
		files, err := Library(lib, m, testOptions)
		if err != nil {
			t.Fatalf("library %d: %v", i, err)
		}
		again, _ := Library(lib, m, testOptions)
		for j := range files {
			if string(files[j].Content) != string(again[j].Content) {
				t.Fatalf("library %d: %s is not deterministic", i, files[j].Path)
			}
		}
		all = append(all, files...)
	}
	res := compileAndCheck(t, all)
	if len(res.Exports) < len(all) {
		t.Errorf("compiled %d modules for %d files", len(res.Exports), len(all))
	}
}
