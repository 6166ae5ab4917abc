package model

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestInheritedMethodsShared: a class that inherits a method gets the very
// entry its base has, not a copy (sympy's 153,000 method entries are
// 10,000 distinct ones), and the manifest still lists it in both.
func TestInheritedMethodsShared(t *testing.T) {
	lib := Library{PythonName: "pathlib", Module: "Pathlib"}
	m, _ := build(t, lib, introspectModule(t, "pathlib", false), BuildOptions{})
	base, sub := class(t, m, "Pathlib.Path"), class(t, m, "Pathlib.PosixPath")
	for _, name := range []string{"exists", "with_name", "joinpath"} {
		require.Same(t, method(t, base, name), method(t, sub, name), name)
	}
	data, err := Encode(m)
	require.NoError(t, err)
	require.Equal(t, bytes.Count(data, []byte(`"python_name": "with_name"`)), countMethods(m, "with_name"))
}

func countMethods(m *Manifest, name string) int {
	n := 0
	for _, c := range m.Classes {
		for _, meth := range c.Methods {
			if meth.Name == name {
				n++
			}
		}
	}
	return n
}

// TestEncodeToStreams: EncodeTo writes what Encode returns, in several
// writes for a document larger than the encoder's buffer.
func TestEncodeToStreams(t *testing.T) {
	m, _ := build(t, fixtureLib, introspectModule(t, "sbfixture", true), BuildOptions{})
	m.Version = "0.16.0"
	for _, c := range m.Classes { // make the document larger than one chunk
		c.Docstring += string(bytes.Repeat([]byte("long docstring line\n"), 20000))
	}
	want, err := Encode(m)
	require.NoError(t, err)
	var w countingWriter
	n, err := EncodeTo(&w, m)
	require.NoError(t, err)
	require.Equal(t, int64(len(want)), n)
	require.Equal(t, string(want), w.buf.String())
	require.Greater(t, w.writes, 1, "the document comes in chunks")

	_, err = EncodeTo(&w, nil)
	require.Error(t, err)
}

type countingWriter struct {
	buf    bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.buf.Write(p)
}
