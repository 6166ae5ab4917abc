package pyhelper

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// scriptModule is the module name under which the embedded script is
// written out; the hash in it keeps versions apart and lets Python cache the
// compiled byte code (running a 2,000-line file as __main__ recompiles it
// every time, ~20 ms).
func scriptModule() string { return "introspect_" + ScriptHash()[:16] }

// bootstrap imports the written-out script from the directory passed as the
// first argument (replacing the working directory Python puts on sys.path
// for -c, which a script run would not have) and runs it. Byte-code writing
// is allowed for that one import even under PYTHONDONTWRITEBYTECODE: the
// compiled script is what makes start-up cheap.
const bootstrap = "import sys; sys.version_info[:2] >= (3, 9) or (sys.stderr.write(" +
	"'introspect.py needs Python 3.9 or newer, not %%s\\n' %% sys.version.split()[0]), sys.exit(3)); " +
	"d = sys.argv.pop(1); " +
	"sys.path.__setitem__(0, d) if sys.path and sys.path[0] in ('', '.') else sys.path.insert(0, d); " +
	"w = sys.dont_write_bytecode; sys.dont_write_bytecode = False; " +
	"import %s as m; sys.dont_write_bytecode = w; sys.exit(m.main())"

// ensureScript writes the script into dir (once per content) and returns the
// arguments that run it before the script's own arguments.
func ensureScript(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating script directory: %w", err)
	}
	path := filepath.Join(dir, scriptModule()+".py")
	if existing, err := os.ReadFile(path); err != nil || !bytes.Equal(existing, script) {
		if err := writeAtomic(path, script); err != nil {
			return nil, err
		}
	}
	return []string{"-c", fmt.Sprintf(bootstrap, scriptModule()), dir}, nil
}

// scriptDir picks where the script is written: the cache directory, else a
// per-user temporary directory.
func scriptDir(cacheDir string) string {
	if cacheDir != "" {
		return filepath.Join(cacheDir, "scripts")
	}
	return filepath.Join(os.TempDir(), "snakebridge-lsp-"+strconv.Itoa(os.Getuid()), "scripts")
}
