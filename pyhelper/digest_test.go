package pyhelper

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestStripAddresses(t *testing.T) {
	cases := map[string]string{
		`"<built-in method match of re.Pattern object at 0x7fe8e0db42b0>"`: `"<built-in method match of re.Pattern object>"`,
		`no address here`:                  `no address here`,
		`a at 0x1 b at 0xfF c at 0x`:       `a b c at 0x`,
		`<f at 0xdead> and <g at 0xbeef>.`: `<f> and <g>.`,
	}
	for in, want := range cases {
		require.Equal(t, want, string(stripAddresses([]byte(in))), "stripAddresses(%q)", in)
	}
}

func TestStableDigest(t *testing.T) {
	first := &Response{Raw: []byte(`{"repr": "<f at 0x7f01>", "file": "/home/a/proj/priv/python/m.py"}`)}
	again := &Response{Raw: []byte(`{"repr": "<f at 0x55aa>", "file": "/srv/copy/priv/python/m.py"}`)}
	require.Equal(t, first.StableDigest("/home/a/proj"), again.StableDigest("/srv/copy"),
		"addresses and the project directory are left out")
	require.NotEqual(t, first.StableDigest("/home/a/proj"), first.StableDigest("/elsewhere"))
	changed := &Response{Raw: []byte(`{"repr": "<g at 0x7f01>", "file": "/home/a/proj/priv/python/m.py"}`)}
	require.NotEqual(t, first.StableDigest("/home/a/proj"), changed.StableDigest("/home/a/proj"))

	// Copies handed out by the cache share the document and its digests.
	shared := first.shared(true)
	want := first.StableDigest("/home/a/proj")
	require.Equal(t, want, shared.StableDigest("/home/a/proj"))
	require.Contains(t, first.doc.digests, "/home/a/proj")
}
