package render

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/model"
	"github.com/snakebridge-lsp/snakebridge-lsp/codegen/render/exfmt"
)

// renderWhole renders a library's files the slow way: each file's whole
// tree formatted at once, with no sections and no memo.
func renderWhole(t *testing.T, lib model.Library, m *model.Manifest) map[string]string {
	t.Helper()
	r, err := newRenderer(lib, m, testOptions)
	require.NoError(t, err)
	out := map[string]string{}
	var p exfmt.Printer
	for _, plan := range r.plans() {
		s := plan()
		groups := append([][]exfmt.Node{}, s.head...)
		for _, sec := range s.sections {
			groups = append(groups, sec.build()...)
		}
		out[s.path] = string(p.Source(s.comments, defmodule(s.module, moduleBlock(groups))))
	}
	return out
}

// spliceTest checks that splicing sections prints, byte for byte, what
// formatting each file's whole tree prints.
func spliceTest(t *testing.T, lib model.Library, m *model.Manifest) {
	t.Helper()
	files, err := Library(lib, m, testOptions)
	require.NoError(t, err)
	whole := renderWhole(t, lib, m)
	require.Len(t, files, len(whole))
	for _, f := range files {
		require.Equal(t, whole[f.Path], string(f.Content), "%s: spliced sections differ from the whole tree", f.Path)
	}
}

// withAliases adds, for every class, an alias class with the same methods
// (numpy's float64 and double), some of them without docstrings, so that
// sections are shared and fallback docs name each class.
func withAliases(r *rand.Rand, lib model.Library, m *model.Manifest) {
	var aliases []*model.Class
	for _, c := range m.Classes {
		for _, meth := range c.Methods {
			if r.IntN(3) == 0 {
				meth.Docstring = ""
			}
		}
		alias := *c
		alias.Class = c.Class + "Alias"
		alias.Module = model.ClassModuleFor(lib, c.PythonModule, alias.Class)
		alias.Methods = nil
		for _, meth := range c.Methods {
			copied := *meth
			alias.Methods = append(alias.Methods, &copied)
		}
		aliases = append(aliases, &alias)
	}
	for _, a := range aliases {
		m.Classes[a.Module] = a
	}
}

func TestSplicedSectionsPrintTheWholeTree(t *testing.T) {
	t.Run("demo", func(t *testing.T) { spliceTest(t, demoLibrary, demoManifest()) })
	g := randomGen{rand.New(rand.NewPCG(3, 5))}
	for i := 0; i < 40; i++ {
		t.Run(fmt.Sprintf("random%d", i), func(t *testing.T) {
			lib, m := g.library(i)
			withAliases(g.r, lib, m)
			spliceTest(t, lib, m)
		})
	}
	for _, l := range []struct {
		lib      model.Library
		discover bool
	}{
		{stdlib("json", "Json", "loads"), true},
		{stdlib("pathlib", "Pathlib"), false},
		{stdlib("collections", "Collections"), true},
	} {
		t.Run(l.lib.PythonName, func(t *testing.T) { spliceTest(t, l.lib, realManifest(t, l.lib, l.discover)) })
	}
}

func TestSharedMethodsKeepTheirClassInFallbackDocs(t *testing.T) {
	lib := model.Library{PythonName: "alias", Module: "Alias", Version: "1.0"}
	undocumented := method("grow", sig("", td("int"), pos("by", td("int"))))
	documented := method("shrink", sig("Shrinks the value.", td("int")))
	var classes []*model.Class
	for _, name := range []string{"Float64", "Double"} {
		u, d := *undocumented, *documented
		classes = append(classes, &model.Class{Module: "Alias." + name, Class: name, PythonModule: "alias",
			Methods: []*model.Method{&u, &d}})
	}
	files := fileMap(mustRender(t, lib, manifestOf(nil, classes, nil)))
	for _, name := range []string{"Float64", "Double"} {
		src := files["alias/"+strings.ToLower(name)+".ex"]
		require.Contains(t, src, "Python method `"+name+".grow`.")
		require.Contains(t, src, "Shrinks the value.")
	}
}

func mustRender(t *testing.T, lib model.Library, m *model.Manifest) []File {
	t.Helper()
	files, err := Library(lib, m, testOptions)
	require.NoError(t, err)
	return files
}

// TestMethodKeyCoversEveryField changes every field a method has, one at
// a time, and requires the key to change: a field the key missed could
// make two different methods share one printed text.
func TestMethodKeyCoversEveryField(t *testing.T) {
	r := &renderer{}
	c := &model.Class{Class: "Cls"}
	base := &model.Method{}
	fill(reflect.ValueOf(base).Elem(), 0)
	require.NotEmpty(t, base.Parameters)
	want := r.methodKey(c, base)
	fields := 0
	eachLeaf(reflect.ValueOf(base).Elem(), "Method", func(path string, mutate func() (restore func())) {
		fields++
		restore := mutate()
		got := r.methodKey(c, base)
		restore()
		require.NotEqual(t, want, got, "the key does not change with %s", path)
		require.Equal(t, want, r.methodKey(c, base), "restoring %s", path)
	})
	require.Greater(t, fields, 40)

	// The class counts only where the fallback doc names it.
	other := &model.Class{Class: "Other"}
	require.Equal(t, r.methodKey(c, base), r.methodKey(other, base))
	base.Docstring = ""
	require.NotEqual(t, r.methodKey(c, base), r.methodKey(other, base))
}

// fill sets every field of v to a non-zero value: strings name their
// depth, pointers and slices get one filled element down to a depth.
func fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", depth))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int:
		v.SetInt(int64(depth + 1))
	case reflect.Pointer:
		if depth < 3 {
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem(), depth+1)
		}
	case reflect.Slice:
		if depth < 3 {
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			fill(v.Index(0), depth+1)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			fill(v.Field(i), depth)
		}
	default:
		panic("fill: unhandled kind " + v.Kind().String())
	}
}

// eachLeaf calls visit with a mutation of every value reachable from v:
// each string, bool and int changed, each pointer set or cleared, each
// slice grown.
func eachLeaf(v reflect.Value, path string, visit func(path string, mutate func() (restore func()))) {
	switch v.Kind() {
	case reflect.String, reflect.Bool, reflect.Int:
		visit(path, func() func() {
			old := reflect.ValueOf(v.Interface())
			switch v.Kind() {
			case reflect.String:
				v.SetString(v.String() + "x")
			case reflect.Bool:
				v.SetBool(!v.Bool())
			default:
				v.SetInt(v.Int() + 1)
			}
			return func() { v.Set(old) }
		})
	case reflect.Pointer:
		visit(path+"(nil)", func() func() {
			old := reflect.ValueOf(v.Interface())
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			} else {
				v.Set(reflect.Zero(v.Type()))
			}
			return func() { v.Set(old) }
		})
		if !v.IsNil() {
			eachLeaf(v.Elem(), path, visit)
		}
	case reflect.Slice:
		visit(path+"(len)", func() func() {
			old := reflect.ValueOf(v.Interface())
			v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
			return func() { v.Set(old) }
		})
		for i := 0; i < v.Len(); i++ {
			eachLeaf(v.Index(i), fmt.Sprintf("%s[%d]", path, i), visit)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			eachLeaf(v.Field(i), path+"."+v.Type().Field(i).Name, visit)
		}
	default:
		panic("eachLeaf: unhandled kind " + v.Kind().String())
	}
}
