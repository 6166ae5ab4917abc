package analysis

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// upstreamGeneratorFiles are the files SnakeBridge 0.16's Lock.generator_hash/0
// reads, in order (compat §2.3).
var upstreamGeneratorFiles = [...]string{
	"lib/snakebridge/config.ex",
	"lib/snakebridge/compiler/pipeline.ex",
	"lib/snakebridge/introspector.ex",
	"lib/snakebridge/generator.ex",
	"lib/snakebridge/docs.ex",
	"lib/snakebridge/docs/manifest.ex",
	"lib/snakebridge/docs/manifest_builder.ex",
	"lib/snakebridge/docs/markdown_converter.ex",
	"lib/snakebridge/docs/markdown_sanitizer.ex",
	"lib/snakebridge/docs/sphinx_inventory.ex",
	"lib/mix/tasks/compile/snakebridge.ex",
	"priv/python/introspect.py",
	"priv/python/snakebridge_types.py",
	"priv/python/snakebridge_adapter.py",
}

// SnakebridgeInstall is the SnakeBridge package a project compiles against.
type SnakebridgeInstall struct {
	// Dir is the package's source directory (deps/snakebridge or a path dependency).
	Dir string
	// Version is the package version ("" when it cannot be read).
	Version string
	// Source says how it was found, for messages.
	Source string
}

// FindSnakebridge locates the SnakeBridge package of a project: a path
// dependency from mix.exs, else deps/snakebridge (below deps_path when
// set). It returns nil when SnakeBridge is not installed.
func FindSnakebridge(root string, mix *elixir.MixFile) *SnakebridgeInstall {
	var candidates []SnakebridgeInstall
	if mix != nil && mix.SnakebridgeDep != nil && mix.SnakebridgeDep.Path != "" {
		dir := mix.SnakebridgeDep.Path
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(root, dir)
		}
		candidates = append(candidates, SnakebridgeInstall{Dir: dir, Source: "path dependency " + mix.SnakebridgeDep.Path})
	}
	dir, label := depsSnakebridge(root, mix)
	candidates = append(candidates, SnakebridgeInstall{Dir: dir, Source: label})
	for _, c := range candidates {
		if _, err := os.Stat(filepath.Join(c.Dir, "priv", "python")); err != nil {
			continue
		}
		c.Version = packageVersion(c.Dir)
		if c.Version == "" {
			c.Version = lockedVersion(root)
		}
		return &c
	}
	return nil
}

// depsSnakebridge is where Mix fetches SnakeBridge: below deps_path (an
// umbrella's apps share "../../deps"), else below deps/; label names it
// for messages.
func depsSnakebridge(root string, mix *elixir.MixFile) (dir, label string) {
	deps := "deps"
	if mix != nil && mix.DepsPath != "" {
		deps = mix.DepsPath
	}
	dir = filepath.FromSlash(deps)
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	return filepath.Join(dir, "snakebridge"), path.Join(filepath.ToSlash(deps), "snakebridge")
}

// SnakebridgeAbsence says why FindSnakebridge found nothing, naming what
// mix.exs points at: "path dependency ../.. not found", "no deps/snakebridge
// and no path dependency", ...
func SnakebridgeAbsence(root string, mix *elixir.MixFile) string {
	fetched, label := depsSnakebridge(root, mix)
	deps := "no " + label
	if _, err := os.Stat(fetched); err == nil {
		deps = label + " has no priv/python"
	}
	if mix == nil || mix.SnakebridgeDep == nil || !mix.SnakebridgeDep.IsPath {
		return deps + " and no path dependency"
	}
	dep := mix.SnakebridgeDep
	if dep.Path == "" {
		return "the path dependency in mix.exs is not a literal string, and " + deps
	}
	dir := dep.Path
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	if _, err := os.Stat(dir); err != nil {
		return fmt.Sprintf("path dependency %s not found: %s does not exist", dep.Path, dir)
	}
	return fmt.Sprintf("path dependency %s not found: %s has no priv/python, so it is not SnakeBridge", dep.Path, dir)
}

// snakebridgeRemedy says how to make SnakeBridge found: fetch a Hex or git
// dependency, or fix the path of a path dependency.
func snakebridgeRemedy(mix *elixir.MixFile) string {
	if mix != nil && mix.SnakebridgeDep != nil && mix.SnakebridgeDep.IsPath {
		return "point path: in mix.exs at a SnakeBridge checkout to verify it"
	}
	return "run mix deps.get to verify it"
}

var (
	versionAttr    = regexp.MustCompile(`(?m)^\s*@version\s+"([^"]+)"`)
	versionKeyword = regexp.MustCompile(`(?m)^\s*version:\s+"([^"]+)"`)
	mixLockEntry   = regexp.MustCompile(`"snakebridge":\s*\{:hex,\s*:snakebridge,\s*"([^"]+)"`)
)

// packageVersion reads `@version "x"` or `version: "x"` from a package's
// mix.exs; both are how Hex packages state their version.
func packageVersion(dir string) string {
	data, err := safefile.ReadFile(filepath.Join(dir, "mix.exs"), safefile.MaxSource)
	if err != nil {
		return ""
	}
	for _, re := range []*regexp.Regexp{versionAttr, versionKeyword} {
		if m := re.FindSubmatch(data); m != nil {
			return string(m[1])
		}
	}
	return ""
}

func lockedVersion(root string) string {
	data, err := safefile.ReadFile(filepath.Join(root, "mix.lock"), safefile.MaxSmall)
	if err != nil {
		return ""
	}
	if m := mixLockEntry.FindSubmatch(data); m != nil {
		return string(m[1])
	}
	return ""
}

// UpstreamGeneratorHash reproduces SnakeBridge's generator_hash as it comes
// out in a consumer project: each file is read from the compiled app
// directory (_build/<env>/lib/snakebridge, whose priv/ is the package's
// priv/) and else from the project directory; a missing file contributes
// the empty string; contents are joined with "\n".
func UpstreamGeneratorHash(root, mixEnv string, inst *SnakebridgeInstall) string {
	appDir := filepath.Join(root, "_build", mixEnv, "lib", "snakebridge")
	parts := make([]string, len(upstreamGeneratorFiles))
	for i, rel := range upstreamGeneratorFiles {
		parts[i] = readFirst(appDirCandidates(appDir, inst, rel), filepath.Join(root, filepath.FromSlash(rel)))
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\n")))
	return hex.EncodeToString(sum[:])
}

// appDirCandidates lists where the app directory's copy of rel is. Before the
// dependency is compiled there is no _build, but app_dir's priv/ is the
// package's priv/ either way.
func appDirCandidates(appDir string, inst *SnakebridgeInstall, rel string) []string {
	out := []string{filepath.Join(appDir, filepath.FromSlash(rel))}
	if inst != nil && strings.HasPrefix(rel, "priv/") {
		out = append(out, filepath.Join(inst.Dir, filepath.FromSlash(rel)))
	}
	return out
}

func readFirst(appDirPaths []string, cwdPath string) string {
	for _, p := range append(appDirPaths, cwdPath) {
		if data, err := safefile.ReadFile(p, safefile.MaxSource); err == nil {
			return string(data)
		}
	}
	return ""
}
