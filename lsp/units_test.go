//go:build unix

package lsp

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/lsp/protocol"
)

func TestParseSettings(t *testing.T) {
	base := defaultSettings()
	tests := []struct {
		name    string
		in      string
		want    Settings
		nErrors int
	}{
		{"null", `null`, base, 0},
		{"section", `{"pythonPath":"/v/bin/python","autoRegenerate":"onSave","introspectionTimeout":90,"telemetry":true}`,
			Settings{PythonPath: "/v/bin/python", AutoRegenerate: AutoOnSave, IntrospectionTimeout: 90 * time.Second, Telemetry: true}, 0},
		{"wrapped", `{"snakebridge":{"pythonPath":" py "}}`, Settings{PythonPath: "py", AutoRegenerate: AutoOff}, 0},
		{"duration string", `{"introspectionTimeout":"1m30s"}`, Settings{AutoRegenerate: AutoOff, IntrospectionTimeout: 90 * time.Second}, 0},
		{"bad mode keeps the rest", `{"autoRegenerate":"always","telemetry":true}`, Settings{AutoRegenerate: AutoOff, Telemetry: true}, 1},
		{"wrong types", `{"pythonPath":3,"telemetry":"yes","introspectionTimeout":-1}`, base, 3},
		{"not an object", `[1]`, base, 1},
		{"unknown keys", `{"other":1}`, base, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := parseSettings(json.RawMessage(tt.in), base)
			if got != tt.want || len(errs) != tt.nErrors {
				t.Fatalf("got %+v with %v, want %+v with %d errors", got, errs, tt.want, tt.nErrors)
			}
		})
	}
}

func TestApplyChangeUTF16(t *testing.T) {
	pos := func(l, c uint32) protocol.Position { return protocol.Position{Line: l, Character: c} }
	tests := []struct {
		name       string
		text       string
		start, end protocol.Position
		insert     string
		want       string
	}{
		{"insert at start", "abc\n", pos(0, 0), pos(0, 0), "x", "xabc\n"},
		{"replace across lines", "ab\ncd\n", pos(0, 1), pos(1, 1), "Z", "aZd\n"},
		{"after an astral character", "a😀b\n", pos(0, 3), pos(0, 4), "X", "a😀X\n"},
		{"after a 2-byte character", "éb\n", pos(0, 1), pos(0, 2), "X", "éX\n"},
		{"past the end of a line", "ab\ncd", pos(0, 99), pos(0, 99), "!", "ab!\ncd"},
		{"past the end of the text", "ab", pos(5, 0), pos(9, 9), "!", "ab!"},
		{"reversed range", "abcd", pos(0, 3), pos(0, 1), "", "ad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(applyChange([]byte(tt.text), protocol.Range{Start: tt.start, End: tt.end}, tt.insert))
			if got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzApplyChange(f *testing.F) {
	f.Add("ab\ncd", uint32(0), uint32(1), uint32(1), uint32(1), "x")
	f.Add("a😀b", uint32(0), uint32(2), uint32(0), uint32(3), "")
	f.Fuzz(func(t *testing.T, text string, l1, c1, l2, c2 uint32, insert string) {
		out := applyChange([]byte(text), protocol.Range{Start: protocol.Position{Line: l1, Character: c1}, End: protocol.Position{Line: l2, Character: c2}}, insert)
		if len(out) < len(insert) || len(out) > len(text)+len(insert) {
			t.Fatalf("length %d out of bounds for %d+%d", len(out), len(text), len(insert))
		}
	})
}

func TestURIRoundTrip(t *testing.T) {
	for _, p := range []string{"/tmp/a b/ç#x?.ex", "/", "/x/%41"} {
		got, err := uriToPath(pathToURI(p))
		if err != nil || got != filepath.Clean(p) {
			t.Errorf("%q → %q → %q, %v", p, pathToURI(p), got, err)
		}
	}
	// Neovim leaves more characters unescaped than Go; both must work.
	if got, err := uriToPath("file:///tmp/a%20b/x.ex"); err != nil || got != "/tmp/a b/x.ex" {
		t.Errorf("escaped space: %q %v", got, err)
	}
	for _, bad := range []string{"http://x/y", "file://", "::", "file:relative"} {
		if _, err := uriToPath(bad); err == nil {
			t.Errorf("uriToPath(%q) should fail", bad)
		}
	}
}

func TestWatchRootRelevance(t *testing.T) {
	root := "/p"
	tests := []struct {
		r                 watchRoot
		path              string
		isDir             bool
		relevant, changes bool
	}{
		{watchRoot{Dir: root, Kind: kindRoot, Names: []string{"mix.exs", ".venv"}}, "/p/mix.exs", false, true, false},
		{watchRoot{Dir: root, Kind: kindRoot, Names: []string{"mix.exs"}}, "/p/README.md", false, false, false},
		{watchRoot{Dir: root, Kind: kindRoot, Names: []string{"mix.exs", ".venv"}}, "/p/.venv", true, true, true},
		{watchRoot{Dir: root, Kind: kindRoot, Names: []string{"mix.exs"}}, "/p/.mix.exs.swp", false, false, false},
		{watchRoot{Dir: root, Kind: kindRoot, Names: []string{"mix.exs"}}, "/p/mix.exs~", false, false, false},
		{watchRoot{Dir: root, Kind: kindRoot, Names: []string{"snakebridge.lock"}}, "/p/.snakebridge-lsp-tmp-0123", false, false, false},
		{watchRoot{Dir: "/p/lib", Kind: kindFiles, Recursive: true, Exts: []string{".ex"}}, "/p/lib/a/b.ex", false, true, false},
		{watchRoot{Dir: "/p/lib", Kind: kindFiles, Recursive: true, Exts: []string{".ex"}}, "/p/lib/a/b.exs", false, false, false},
		{watchRoot{Dir: "/p/lib", Kind: kindFiles, Recursive: true, Exts: []string{".ex"}}, "/p/lib/new", true, true, true},
		{watchRoot{Dir: "/p/lib", Kind: kindFiles, Recursive: true, Exts: []string{".ex"}}, "/p/other/b.ex", false, false, false},
		{watchRoot{Dir: "/v/site", Kind: kindDist}, "/v/site/numpy-2.0.dist-info", true, true, false},
		{watchRoot{Dir: "/v/site", Kind: kindDist}, "/v/site/numpy", true, false, false},
		{watchRoot{Dir: "/v/site", Kind: kindDist}, "/v/site/numpy-2.0.dist-info/RECORD", false, false, false},
		{watchRoot{Dir: "/p", Kind: kindAncestor, Names: []string{"/p/priv/python"}}, "/p/priv", true, true, true},
		{watchRoot{Dir: "/p/config", Kind: kindFiles, Exts: []string{".exs"}}, "/p/config", true, true, true},
	}
	for _, tt := range tests {
		rel, str := tt.r.relevant(tt.path, tt.isDir)
		if rel != tt.relevant || str != tt.changes {
			t.Errorf("%+v %s: relevant %v structural %v, want %v %v", tt.r, tt.path, rel, str, tt.relevant, tt.changes)
		}
	}
}

func TestGlobsMatchWhatTheServerWatches(t *testing.T) {
	tests := []struct {
		r     watchRoot
		match []string
		miss  []string
	}{
		{watchRoot{Dir: "/p", Kind: kindRoot, Names: []string{"mix.exs", "snakebridge.lock"}}, []string{"mix.exs", "snakebridge.lock"}, []string{"lib/mix.exs", "x.lock"}},
		{watchRoot{Dir: "/p/lib", Kind: kindFiles, Recursive: true, Exts: []string{".ex", ".exs"}}, []string{"a.ex", "d/e/f.exs"}, []string{"a.py"}},
		{watchRoot{Dir: "/s", Kind: kindDist}, []string{"numpy-1.dist-info", "x.egg-info", "a.pth"}, []string{"numpy/__init__.py"}},
		{watchRoot{Dir: "/p/priv/python", Kind: kindFiles, Recursive: true, Exts: []string{".py", ".pyi"}}, []string{"m.py", "pkg/m.pyi"}, []string{"m.pyc"}},
		{watchRoot{Dir: "/p", Kind: kindAncestor, Names: []string{"/p/.snakebridge", "/p/priv/python"}}, []string{".snakebridge", "priv/python"}, []string{"priv"}},
	}
	for _, tt := range tests {
		g := globFor(tt.r)
		for _, m := range tt.match {
			if !globMatch(g, m) {
				t.Errorf("glob %q of %+v should match %q", g, tt.r, m)
			}
		}
		for _, m := range tt.miss {
			if globMatch(g, m) {
				t.Errorf("glob %q of %+v should not match %q", g, tt.r, m)
			}
		}
	}
}

func TestRegenRequestMerge(t *testing.T) {
	tests := []struct {
		old  *regenRequest
		new  regenRequest
		want regenRequest
	}{
		{nil, regenRequest{cause: "a", libraries: []string{"x"}}, regenRequest{cause: "a", libraries: []string{"x"}}},
		{&regenRequest{cause: "a", libraries: []string{"y"}}, regenRequest{cause: "b", libraries: []string{"x", "y"}}, regenRequest{cause: "b", libraries: []string{"x", "y"}}},
		{&regenRequest{cause: "a"}, regenRequest{cause: "b", libraries: []string{"x"}}, regenRequest{cause: "b"}},
		{&regenRequest{cause: "a", libraries: []string{"x"}}, regenRequest{cause: "b"}, regenRequest{cause: "b"}},
	}
	for _, tt := range tests {
		if got := tt.old.merge(tt.new); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%+v merge %+v = %+v, want %+v", tt.old, tt.new, got, tt.want)
		}
	}
}
