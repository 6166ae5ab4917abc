package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"unicode/utf8"
)

// uriToPath turns a file URI into a clean absolute path. Clients differ in
// how they escape (Neovim escapes less than VS Code), so paths, never URI
// strings, are compared.
func uriToPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("invalid URI %q: %w", clip(uri), err)
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("URI %q is not a file URI", clip(uri))
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		// file:///c:/x → c:/x
		if len(p) >= 3 && p[0] == '/' && p[2] == ':' {
			p = p[1:]
		}
		if u.Host != "" {
			p = `\\` + u.Host + p // UNC path
		}
	}
	if p == "" {
		return "", fmt.Errorf("URI %q has no path", clip(uri))
	}
	p = filepath.Clean(filepath.FromSlash(p))
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("URI %q does not name an absolute path", uri)
	}
	return p, nil
}

// pathToURI renders an absolute path as a file URI.
func pathToURI(path string) string {
	p := filepath.ToSlash(path)
	if runtime.GOOS == "windows" && !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	if path == dir {
		return true
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// maxEcho bounds how much of a client's value a reply or a log line
// repeats: a megabyte-long argument must not come back a megabyte long.
const maxEcho = 120

// clip shortens a value quoted in an error message to maxEcho bytes (on a
// UTF-8 boundary) and says how long it was.
func clip(s string) string {
	if len(s) <= maxEcho {
		return s
	}
	cut := maxEcho
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:cut], len(s))
}
