package pyhelper

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// skipPycache leaves out the bytecode a fixture's import may have left.
func skipPycache(_ string, d fs.DirEntry) bool { return d.IsDir() && d.Name() == "__pycache__" }

func TestCacheHitStartsNoPython(t *testing.T) {
	cacheDir := t.TempDir()
	interp := fixtureInterp(t)
	first := newTestClient(t, interp, Options{CacheDir: cacheDir})
	resp, err := first.Introspect(context.Background(), Request{Module: "fx_dist"})
	require.NoError(t, err)
	require.False(t, resp.FromCache)
	require.NoError(t, first.Close())
	requireNoChildren(t)

	second := newTestClient(t, interp, Options{CacheDir: cacheDir})
	hit, err := second.Introspect(context.Background(), Request{Module: "fx_dist"})
	require.NoError(t, err)
	require.True(t, hit.FromCache)
	require.Equal(t, 0, liveWorkers(second), "no worker was started")
	require.Empty(t, childPIDs(t))
	require.True(t, bytes.Equal(resp.Raw, hit.Raw))
	require.Equal(t, resp.Producer, hit.Producer)
	result, err := hit.Module()
	require.NoError(t, err)
	require.Equal(t, "fx_dist", result.Module)

	// Other options are another entry; NoCache bypasses the cache.
	other, err := second.Introspect(context.Background(), Request{Module: "fx_dist", Config: Config{ClassMethodScope: "defined"}})
	require.NoError(t, err)
	require.False(t, other.FromCache)
	bypass, err := second.Introspect(context.Background(), Request{Module: "fx_dist", NoCache: true})
	require.NoError(t, err)
	require.False(t, bypass.FromCache)
}

func TestCacheFollowsDistributionVersion(t *testing.T) {
	site := t.TempDir()
	testenv.CopyTree(t, testdataPath(t, "site"), site, skipPycache)
	interp := Interpreter{Path: fixtureInterp(t).Path, Env: []string{"PYTHONPATH=" + site, noBytecodeInTree(t)}, ProjectRoot: t.TempDir()}
	cacheDir := t.TempDir()
	introspect := func() *Response {
		c := newTestClient(t, interp, Options{CacheDir: cacheDir})
		resp, err := c.Introspect(context.Background(), Request{Module: "fx_dist"})
		require.NoError(t, err)
		require.NoError(t, c.Close())
		return resp
	}
	require.False(t, introspect().FromCache)
	require.True(t, introspect().FromCache)

	// Same metadata path, new version: a miss.
	metadata := filepath.Join(site, "fx_dist-2.5.0.dist-info", "METADATA")
	require.NoError(t, os.WriteFile(metadata, []byte("Metadata-Version: 2.1\nName: fx-dist\nVersion: 2.5.1\n\n"), 0o644))
	resp := introspect()
	require.False(t, resp.FromCache)
	result, err := resp.Module()
	require.NoError(t, err)
	require.Equal(t, &Distribution{Name: "fx-dist", Version: "2.5.1"}, result.Distribution)
	require.True(t, introspect().FromCache)

	// Upgraded (new dist-info directory): a miss again.
	require.NoError(t, os.Rename(filepath.Join(site, "fx_dist-2.5.0.dist-info"), filepath.Join(site, "fx_dist-3.0.0.dist-info")))
	require.NoError(t, os.WriteFile(filepath.Join(site, "fx_dist-3.0.0.dist-info", "METADATA"),
		[]byte("Metadata-Version: 2.1\nName: fx-dist\nVersion: 3.0.0\n\n"), 0o644))
	resp = introspect()
	require.False(t, resp.FromCache)
	result, err = resp.Module()
	require.NoError(t, err)
	require.Equal(t, "3.0.0", result.Distribution.Version)
}

// Modules not from a distribution are keyed by their source and stub files.
func TestCacheFollowsSourceAndStubs(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"fx_stubbed.py", "fx_stubbed.pyi"} {
		data, err := os.ReadFile(testdataPath(t, "py", name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	interp := Interpreter{Path: fixtureInterp(t).Path, Env: []string{"PYTHONPATH=" + dir}, ProjectRoot: t.TempDir()}
	c := newTestClient(t, interp, Options{})
	req := Request{Mode: ModeSymbols, Module: "fx_stubbed", Symbols: []string{"scale"}}
	returnType := func(resp *Response) string {
		doc, err := resp.Symbols()
		require.NoError(t, err)
		return doc.Symbols[0].Function.ReturnType.Type
	}
	resp, err := c.Introspect(context.Background(), req)
	require.NoError(t, err)
	require.Equal(t, "float", returnType(resp))
	require.Equal(t, []string{filepath.Join(dir, "fx_stubbed.py"), filepath.Join(dir, "fx_stubbed.pyi")}, resp.Provenance.Paths)
	resp, err = c.Introspect(context.Background(), req)
	require.NoError(t, err)
	require.True(t, resp.FromCache)

	stub := filepath.Join(dir, "fx_stubbed.pyi")
	data, err := os.ReadFile(stub)
	require.NoError(t, err)
	changed := strings.Replace(string(data), "def scale(value: float, factor: int = ...) -> float:",
		"def scale(value: float, factor: int = ...) -> int:", 1)
	require.NoError(t, os.WriteFile(stub, []byte(changed), 0o644))
	resp, err = c.Introspect(context.Background(), req)
	require.NoError(t, err)
	require.False(t, resp.FromCache)
	require.Equal(t, "int", returnType(resp), "the stale worker was replaced and the stub re-read")
}

func TestCacheSkipsIncompleteResults(t *testing.T) {
	c := newTestClient(t, fixtureInterp(t), Options{})
	req := Request{Mode: ModeModuleDocs, Module: "json", Modules: []string{"json", "fx_nope"}}
	for i := 0; i < 2; i++ {
		resp, err := c.Introspect(context.Background(), req)
		require.NoError(t, err)
		require.False(t, resp.FromCache, "a result with an import error is never served from the cache")
	}
}

func TestCacheIgnoresDamagedEntries(t *testing.T) {
	cacheDir := t.TempDir()
	interp := fixtureInterp(t)
	c := newTestClient(t, interp, Options{CacheDir: cacheDir})
	req := Request{Mode: ModeAttribute, Module: "json", Attribute: "dumps"}
	_, err := c.Introspect(context.Background(), req)
	require.NoError(t, err)
	key := cacheKey(c.currentIdentity(), mustNormalize(t, req))
	path := c.cache.path(key)
	for _, damage := range [][]byte{nil, []byte("garbage"), []byte("{\"format\":\"other\"}\n{}"), []byte("{\n")} {
		require.NoError(t, os.WriteFile(path, damage, 0o644))
		fresh := newTestClient(t, interp, Options{CacheDir: cacheDir}) // nothing in memory
		resp, err := fresh.Introspect(context.Background(), req)
		require.NoError(t, err)
		require.False(t, resp.FromCache)
		resp, err = newTestClient(t, interp, Options{CacheDir: cacheDir}).Introspect(context.Background(), req)
		require.NoError(t, err)
		require.True(t, resp.FromCache, "rewritten after the miss")
	}
}

func mustNormalize(t *testing.T, req Request) Request {
	t.Helper()
	req, err := req.normalized()
	require.NoError(t, err)
	return req
}

func TestFingerprintDetectsShadowing(t *testing.T) {
	site, early := t.TempDir(), t.TempDir()
	testenv.CopyTree(t, testdataPath(t, "site"), site, skipPycache)
	origin := filepath.Join(site, "fx_dist", "__init__.py")
	prov := Provenance{
		Distributions: []DistributionRecord{{Name: "fx-dist", Version: "2.5.0", Metadata: filepath.Join(site, "fx_dist-2.5.0.dist-info")}},
		Modules:       []ModuleOrigin{{Name: "fx_dist", Origin: origin}},
	}
	env := []string{"PYTHONPATH=" + early + string(os.PathListSeparator) + site}
	fh := &fileHashes{}
	before, err := fh.fingerprint(prov, env)
	require.NoError(t, err)
	again, err := fh.fingerprint(prov, env)
	require.NoError(t, err)
	require.Equal(t, before, again)
	require.NoError(t, os.WriteFile(filepath.Join(early, "fx_dist.py"), nil, 0o644))
	_, err = fh.fingerprint(prov, env)
	require.ErrorIs(t, err, errStale)
}

func TestParseMetadataHeaders(t *testing.T) {
	cases := []struct{ in, name, version string }{
		{"Metadata-Version: 2.1\nName: numpy\nVersion: 1.24.2\n\nName: body\n", "numpy", "1.24.2"},
		{"Name:sympy\r\nVersion:  1.11.1  \r\n", "sympy", "1.11.1"},
		{"Version: 1\n", "", "1"},
		{"\nName: x\n", "", ""},
		{"garbage", "", ""},
	}
	for _, tc := range cases {
		name, version := parseMetadataHeaders(strings.NewReader(tc.in))
		require.Equal(t, tc.name, name, tc.in)
		require.Equal(t, tc.version, version, tc.in)
	}
	require.Equal(t, normalizeDist("Types_FX.dist"), normalizeDist("types-fx-dist"))
}

// Copies of a project at other paths share the cache while the project's own
// Python files are not involved; a project's priv/python keeps its own entries.
func TestCacheSharedByProjectCopies(t *testing.T) {
	cacheDir, pycache := t.TempDir(), noBytecodeInTree(t)
	introspect := func(root string, req Request) *Response {
		interp := Interpreter{Path: testenv.SystemPython(t), Env: []string{pycache}, ProjectRoot: root}
		c := newTestClient(t, interp, Options{CacheDir: cacheDir})
		resp, err := c.Introspect(context.Background(), req)
		require.NoError(t, err)
		require.NoError(t, c.Close())
		return resp
	}
	first, second := t.TempDir(), t.TempDir()
	require.False(t, introspect(first, Request{Module: "json"}).FromCache)
	require.True(t, introspect(second, Request{Module: "json"}).FromCache, "a copy without priv/python shares the entry")

	functions := func(resp *Response) []string {
		result, err := resp.Module()
		require.NoError(t, err)
		var names []string
		for _, f := range result.Namespaces[""].Functions {
			names = append(names, f.Name)
		}
		return names
	}
	for root, body := range map[string]string{first: "def alpha(x):\n    return x\n", second: "def beta(x):\n    return x\n"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, "priv", "python"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, "priv", "python", "fx_local.py"), []byte(body), 0o644))
	}
	require.Equal(t, []string{"alpha"}, functions(introspect(first, Request{Module: "fx_local"})))
	resp := introspect(second, Request{Module: "fx_local"})
	require.False(t, resp.FromCache, "another copy's priv/python is another entry")
	require.Equal(t, []string{"beta"}, functions(resp))
	require.True(t, introspect(second, Request{Module: "fx_local"}).FromCache)
	require.False(t, introspect(second, Request{Module: "json"}).FromCache, "priv/python on the path: the project's own entries")
}
