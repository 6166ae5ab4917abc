//go:build !windows

package pyenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

func sha256sum(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command(testenv.Tool(t, "sha256sum"), path).Output()
	noErr(t, err)
	return strings.Fields(string(out))[0]
}

func TestRuntimeHash(t *testing.T) {
	py := testenv.SystemPython(t)
	real, err := filepath.EvalSymlinks(py)
	noErr(t, err)
	tmp := t.TempDir()

	link := filepath.Join(tmp, "venv", "bin", "python3")
	noErr(t, os.MkdirAll(filepath.Dir(link), 0o755))
	noErr(t, os.Symlink(py, link))
	equal(t, sha256sum(t, real), RuntimeHash(link), "a venv link hashes the binary it points to")

	shim := filepath.Join(tmp, "shims", "python3")
	noErr(t, writeFile(shim, "#!/usr/bin/env bash\nexec pyenv exec python3 \"$@\"\n", 0o755))
	equal(t, sha256sum(t, shim), RuntimeHash(shim), "a shim hashes as the script it is")

	equal(t, "unknown", RuntimeHash(filepath.Join(tmp, "missing")))
	equal(t, "unknown", RuntimeHash(tmp))
	dangling := filepath.Join(tmp, "dangling")
	noErr(t, os.Symlink(filepath.Join(tmp, "nowhere"), dangling))
	equal(t, "unknown", RuntimeHash(dangling))
}
