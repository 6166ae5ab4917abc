package model

import (
	"github.com/stretchr/testify/require"
	"sync"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// numpyRoot introspects Debian's numpy once per test binary run: the
// benchmarks measure building and encoding, not Python.
var numpyRoot struct {
	once sync.Once
	res  *pyhelper.ModuleResult
}

var numpyLib = Library{PythonName: "numpy", Module: "Numpy", Version: "1.24.2"}

func numpyResult(b *testing.B) *pyhelper.ModuleResult {
	b.Helper()
	numpyRoot.once.Do(func() {
		resp := introspect(b, pyhelper.Request{Module: "numpy"}, "numpy")
		res, err := resp.Module()
		require.NoError(b, err)
		numpyRoot.res = res
	})
	if numpyRoot.res == nil {
		b.Fatal("numpy introspection failed in an earlier run of this benchmark")
	}
	return numpyRoot.res
}

func BenchmarkFromModuleNumpy(b *testing.B) {
	res := numpyResult(b)
	b.ReportAllocs()
	var m *Manifest
	for b.Loop() {
		var err error
		m, _, err = FromModule(numpyLib, res, BuildOptions{})
		if err != nil {
			b.Fatal(err)
		}
	}
	methods := 0
	for _, c := range m.Classes {
		methods += len(c.Methods)
	}
	b.ReportMetric(float64(len(m.Symbols)), "symbols")
	b.ReportMetric(float64(len(m.Classes)), "classes")
	b.ReportMetric(float64(methods), "methods")
}

func BenchmarkEncodeManifest(b *testing.B) {
	m, _, err := FromModule(numpyLib, numpyResult(b), BuildOptions{})
	require.NoError(b, err)
	m.Version = "0.16.0"
	data, err := Encode(m)
	require.NoError(b, err)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeManifest(b *testing.B) {
	m, _, err := FromModule(numpyLib, numpyResult(b), BuildOptions{})
	require.NoError(b, err)
	data, err := Encode(m)
	require.NoError(b, err)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode("manifest.json", data); err != nil {
			b.Fatal(err)
		}
	}
}
