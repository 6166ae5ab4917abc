package analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
)

var (
	pythonNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
	moduleNamePattern = regexp.MustCompile(`^(Elixir\.)?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
)

// checkPaths refuses names and directories that would make generated files
// land outside the project (compat §6.1 derives paths from them).
func (p *Project) checkPaths() {
	for _, l := range p.Libraries {
		lib := l.PythonName
		if !pythonNamePattern.MatchString(l.PythonName) {
			p.unsafe(&lib, MixExsFile, l.OptionRange("python_name"),
				fmt.Sprintf("python_name %q of library %s is not a dotted Python module name; generated files would be written outside %s", l.PythonName, l.Name, p.Settings.GeneratedDir))
		}
		if !moduleNamePattern.MatchString(l.Module) {
			p.unsafe(&lib, MixExsFile, l.OptionRange("module_name"),
				fmt.Sprintf("module_name %q of library %s is not an Elixir module name; generated files would be written outside %s", l.Module, l.Name, p.Settings.GeneratedDir))
		}
	}
	if msg := p.escapes(p.Settings.GeneratedDir); msg != "" {
		ref := p.Settings.Ranges["generated_dir"]
		p.unsafe(nil, p.rel(ref.File, "config/config.exs"), ref.Range, "generated_dir "+msg)
	}
}

func (p *Project) unsafe(lib *string, file string, r Range, msg string) {
	p.Unreadable = append(p.Unreadable, Finding{
		Code: CodeUnsafePath, Severity: SeverityError, Library: lib, File: file, Range: r, Message: msg,
	})
}

// escapes explains why a project-relative directory would leave the
// project, following symlinks that exist, or returns "".
func (p *Project) escapes(dir string) string {
	if dir == "" {
		return "is empty"
	}
	if filepath.IsAbs(dir) {
		return fmt.Sprintf("%q is an absolute path; it must be inside the project", dir)
	}
	clean := filepath.Clean(filepath.FromSlash(dir))
	if clean == "." {
		return fmt.Sprintf("%q is the project root itself; generated files need a directory of their own", dir)
	}
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return fmt.Sprintf("%q leads outside the project", dir)
	}
	if !insideRoot(p.Root, filepath.Join(p.Root, clean)) {
		return fmt.Sprintf("%q resolves through a symlink to a directory outside the project", dir)
	}
	return ""
}

// insideRoot reports whether path, with its existing symlinks resolved,
// stays under root.
func insideRoot(root, path string) bool {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return true
	}
	resolved := resolveExisting(path)
	rel, err := filepath.Rel(realRoot, resolved)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// resolveExisting resolves symlinks in the longest existing prefix of path.
func resolveExisting(path string) string {
	var rest []string
	cur := path
	for {
		if _, err := os.Lstat(cur); err == nil {
			if r, err := filepath.EvalSymlinks(cur); err == nil {
				return filepath.Join(append([]string{r}, rest...)...)
			}
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return path
		}
		rest = append([]string{filepath.Base(cur)}, rest...)
		cur = parent
	}
}

// ModulePath is the split-layout directory of a Python module under
// generated_dir: each dotted part through Macro.underscore (compat §6.1).
func ModulePath(pythonModule string) string {
	parts := strings.Split(pythonModule, ".")
	for i, part := range parts {
		parts[i] = elixir.Underscore(part)
	}
	return strings.Join(parts, "/")
}
