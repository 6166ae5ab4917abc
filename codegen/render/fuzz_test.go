package render

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// FuzzLibrary renders entries built from arbitrary names, docstrings,
// reprs and type strings: rendering must not panic, and every file must
// keep the invariants the formatter check relies on.
func FuzzLibrary(f *testing.F) {
	f.Add("mean", "values", "Doc.\n\nParameters\n----------\nx : int\n", "None", "Widget", "size", "demo.widget.Widget", "demo.sub")
	f.Add("class", "opts", "\"\"\" #{x} \\", "<f at 0x1>", "JSONDecoder", "new", "int", "demo._x")
	f.Add("", "", "", "", "", "", "", "")
	f.Add("é\u202e", "1x", ".. code-block::\n\n  `", "`", "X", "Ünï", "a.b.", "demo..x")
	f.Fuzz(func(t *testing.T, fun, param, doc, repr, class, attr, typ, pyMod string) {
		lib := model.Library{PythonName: "demo", Module: "Demo", Version: "1.0", Streaming: []string{fun}}
		if !strings.HasPrefix(pyMod, "demo") {
			pyMod = "demo"
		}
		ty := pyhelper.TypeDict{Type: typ}
		s := model.Signature{Docstring: doc, ReturnType: ty, SignatureAvailable: len(doc)%2 == 0, Parameters: []pyhelper.Param{
			{Name: param, Kind: model.KindPositionalOrKeyword, Type: ty},
			{Name: param + "2", Kind: model.KindPositionalOrKeyword, Default: &repr, Type: ty},
			{Name: param, Kind: model.KindKeywordOnly, Type: ty},
		}}
		if len(doc)%3 == 0 {
			s.Parameters = nil
		}
		sym := &model.Symbol{Signature: s, Module: model.ModuleFor(lib, pyMod), Function: fun, Name: model.FunctionName(fun), PythonModule: pyMod}
		var classes []*model.Class
		if class != "" && class[0] >= 'A' && class[0] <= 'Z' && validAlias("Demo."+class) {
			mname, _ := model.MethodName(fun)
			classes = append(classes, &model.Class{Module: "Demo." + class, Class: class, PythonModule: pyMod, Docstring: doc,
				Attributes: []string{attr}, Methods: []*model.Method{{Signature: s, Name: fun, ElixirName: mname}}})
		}
		m := manifestOf([]*model.Symbol{sym}, classes, []*model.Module{{PythonModule: pyMod, Docstring: doc, DocSource: "error", DocMissingReason: repr}})
		files, err := Library(lib, m, testOptions)
		if err != nil {
			return
		}
		for _, file := range files {
			if !bytes.HasSuffix(file.Content, []byte("end\n")) {
				t.Fatalf("%s does not end with end and a newline", file.Path)
			}
			if utf8.ValidString(doc+repr+fun+param+attr) && !utf8.Valid(file.Content) {
				t.Fatalf("%s is not valid UTF-8", file.Path)
			}
			for _, r := range string(file.Content) {
				if r != '\n' && mustEscape(r) {
					t.Fatalf("%s contains the raw character %U", file.Path, r)
				}
			}
		}
	})
}
