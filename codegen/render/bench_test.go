package render

import (
	"fmt"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// syntheticManifest has ~2,000 functions in 20 submodules and 200 classes
// with ten methods each, mixing every wrapper shape and docstring style.
func syntheticManifest() (model.Library, *model.Manifest) {
	lib := model.Library{PythonName: "big", Module: "Big", Version: "2.0.0", Streaming: []string{"f0", "f7"}}
	docs := []string{numpyDoc, googleDoc, restDoc, tableDoc, "Short summary only.", ""}
	var symbols []*model.Symbol
	var classes []*model.Class
	for sub := 0; sub < 20; sub++ {
		pyMod := fmt.Sprintf("big.sub%d", sub)
		elixirMod := fmt.Sprintf("Big.Sub%d", sub)
		for i := 0; i < 100; i++ {
			name := fmt.Sprintf("f%d", i)
			doc := docs[i%len(docs)]
			var s model.Signature
			switch i % 5 {
			case 0:
				s = noSig(doc)
			case 1:
				s = sig(doc, td("float"), pos("values", pyhelper.TypeDict{Type: "list", ElementType: &pyhelper.TypeDict{Type: "float"}}),
					opt("axis", "None", td("int")), opt("dtype", "None", td("any")))
			case 2:
				s = sig(doc, td("str"), varargs("values"), kwonly("sep", ptr("' '")))
			case 3:
				s = sig(doc, td("any"), pos("host", td("str")), kwonly("timeout", nil), varkw("kw"))
			default:
				s = sig(doc, pyhelper.TypeDict{Type: "union", Types: []pyhelper.TypeDict{td("int"), td("str"), td("none")}},
					pos("a_rather_long_parameter_name", td("int")), pos("another_long_parameter_name", td("str")),
					pos("third_long_parameter_name", td("bytes")))
			}
			symbols = append(symbols, fn(elixirMod, name, pyMod, s))
		}
		for c := 0; c < 10; c++ {
			cls := &model.Class{Module: fmt.Sprintf("%s.Class%d", elixirMod, c), Class: fmt.Sprintf("Class%d", c),
				PythonModule: pyMod, Docstring: docs[c%len(docs)], Attributes: []string{"size", "shape", "m1"}}
			cls.Methods = append(cls.Methods, method("__init__", sig("Init.", td("none"), pos("x", td("int")), opt("y", "0", td("int")))))
			for k := 0; k < 10; k++ {
				s := sig(docs[k%len(docs)], td("any"), pos("x", td("any")))
				if k%4 == 0 {
					s = noSig("")
				}
				cls.Methods = append(cls.Methods, method(fmt.Sprintf("m%d", k), s))
			}
			classes = append(classes, cls)
		}
	}
	return lib, manifestOf(symbols, classes, nil)
}

func BenchmarkRenderLibrary(b *testing.B) {
	lib, m := syntheticManifest()
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	var bytes int
	for i := 0; i < b.N; i++ {
		files, err := Library(lib, m, testOptions)
		if err != nil {
			b.Fatal(err)
		}
		bytes = 0
		for _, f := range files {
			bytes += len(f.Content)
		}
	}
	b.ReportMetric(float64(bytes), "output-bytes")
}
