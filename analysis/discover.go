package analysis

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// skippedDirs are never searched for projects: dependencies, build output
// and package caches hold other people's mix.exs files.
var skippedDirs = map[string]bool{"deps": true, "_build": true, "node_modules": true, "__pycache__": true}

// FindProjects returns every directory under root whose mix.exs declares
// python_deps, or libraries: in its :snakebridge dependency (SnakeBridge
// before 0.7.8), or cannot be read, so that the problem gets reported. It
// skips deps, _build, node_modules, dot-directories and virtual
// environments; each umbrella app is a project of its own.
func FindProjects(ctx context.Context, root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return err
			}
			return nil // an unreadable subdirectory is not a project
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !d.IsDir() {
			return nil
		}
		if path != root && skipDir(path, d.Name()) {
			return filepath.SkipDir
		}
		if declaresPythonDeps(filepath.Join(path, MixExsFile)) {
			out = append(out, path)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

func skipDir(path, name string) bool {
	if skippedDirs[name] || (len(name) > 0 && name[0] == '.') {
		return true
	}
	_, err := os.Stat(filepath.Join(path, "pyvenv.cfg"))
	return err == nil
}

func declaresPythonDeps(mixPath string) bool {
	src, err := safefile.ReadFile(mixPath, safefile.MaxSource)
	if err != nil {
		return false
	}
	mix, err := elixir.ParseMixExs(mixPath, src)
	// A project in SnakeBridge's format before python_deps is found too, so
	// that check reports it as unsupported rather than passing over it.
	old := err == nil && mix.SnakebridgeDep != nil && mix.SnakebridgeDep.Libraries != nil
	return err != nil || mix.PythonDeps != nil || old
}
