//go:build unix

package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
)

// TestHardwareInTheEditor: a lock made on a CUDA machine, opened on a CPU
// machine, whose wheel_variants.json gives examplepkg CUDA variants: the
// lock's accelerator and the python_deps entry get diagnostics, hovering
// the entry tells the variant and the pip command, and an unknown field in
// the wheel configuration is a diagnostic on that file.
func TestHardwareInTheEditor(t *testing.T) {
	f := newFixture(t)
	wheelFile := filepath.Join(f.root, "config", "wheel_variants.json")
	writeFile(t, wheelFile, `{"packages": {"examplepkg": {"variants": ["cpu", "cu121"]}}, "cuda_mappings": {"12.1": "cu121"}}`)
	lockPath := filepath.Join(f.root, analysis.LockFile)
	var lock map[string]any
	data, err := os.ReadFile(lockPath)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &lock))
	lock["environment"].(map[string]any)["hardware"] = map[string]any{
		"accelerator": "cuda", "cuda_version": "12.1", "cudnn_version": nil, "cpu_features": []string{}, "gpu_count": 1,
	}
	writeJSON(t, lockPath, lock)

	opts := f.serverOptions()
	opts.Hardware = hardware.Known(hardware.Identity{OS: "linux", Arch: "x86_64", Accelerator: hardware.CPU})
	c := startClient(t, clientOptions{folders: []string{filepath.Dir(f.root)}, settings: f.settings(), server: opts})
	c.initialize()
	c.waitStatus(f.root, 0, "stale", state(StateStale))
	mix := filepath.Join(f.root, "mix.exs")
	require.Contains(t, c.codes(lockPath), "hardware_cuda_unavailable")
	require.Contains(t, c.codes(mix), "hardware_variant_mismatch")

	// Noticed by the watcher alone, once the project is quiet.
	waitWatching(t, c, f)
	time.Sleep(500 * time.Millisecond) // let the start-up checks settle
	c.writeFile(wheelFile, "{\n  \"packages\": {\"examplepkg\": {\"variants\": [\"cpu\", \"cu121\"]}},\n  \"cuda_mapping\": {}\n}\n")
	c.waitFor("wheel_config_invalid on the wheel configuration", func() bool {
		if r := c.diags[wheelFile]; r != nil { // c.mu is held
			for _, d := range r.diags {
				if d.Code == "wheel_config_invalid" {
					return true
				}
			}
		}
		return false
	})
	c.writeFile(wheelFile, `{"packages": {"examplepkg": {"variants": ["cpu", "cu121"]}}, "cuda_mappings": {"12.1": "cu121"}}`)
	c.waitFor("the wheel configuration valid again", func() bool {
		r := c.diags[wheelFile]
		return r == nil || len(r.diags) == 0
	})

	line := -1
	for i, l := range strings.Split(fixtureMix, "\n") {
		if strings.Contains(l, "{:examplepkg") {
			line = i
		}
	}
	require.GreaterOrEqual(t, line, 0)
	var hover struct {
		Contents struct {
			Kind, Value string
		} `json:"contents"`
	}
	c.open(mix)
	require.NoError(t, c.request("textDocument/hover", map[string]any{
		"textDocument": map[string]any{"uri": pathToURI(mix)},
		"position":     map[string]any{"line": line, "character": 10},
	}, &hover))
	require.Equal(t, "markdown", hover.Contents.Kind)
	require.Contains(t, hover.Contents.Value, "**examplepkg** wheel variant for this machine: `cpu`")
	require.Contains(t, hover.Contents.Value, "pip install examplepkg==1.0.0 --index-url https://download.pytorch.org/whl/cpu")

	var none any
	require.NoError(t, c.request("textDocument/hover", map[string]any{
		"textDocument": map[string]any{"uri": pathToURI(mix)},
		"position":     map[string]any{"line": 0, "character": 0},
	}, &none))
	require.Nil(t, none, "no hover outside a python_deps entry")

	c.shutdown()
}

// TestWatchSetCoversWheelConfigAndRegistry: the wheel configuration and
// the registry (whose absence makes mix compile regenerate everything,
// and whose hashes check verifies) are part of what the server watches.
func TestWatchSetCoversWheelConfigAndRegistry(t *testing.T) {
	f := newFixture(t)
	c := startFixture(t, f, false, false)
	c.waitStatus(f.root, 0, "fresh", state(StateFresh))
	waitWatching(t, c, f)
	p := c.server.allProjects()[0]
	c.server.mu.Lock()
	h := c.server.watch
	c.server.mu.Unlock()
	h.mu.Lock()
	spec := h.specs[p]
	h.mu.Unlock()
	for _, rel := range []string{"config/wheel_variants.json", "priv/snakebridge/registry.json"} {
		path := filepath.Join(f.root, filepath.FromSlash(rel))
		writeFile(t, path, "{}")
		rel2, _ := spec.relevant(path, p)
		require.True(t, rel2, "%s must be watched", rel)
	}
	c.shutdown()
}
