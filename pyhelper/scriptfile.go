package pyhelper

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/privdir"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// scriptModule is the module name under which the embedded script is
// written out; the hash in it keeps versions apart and lets Python cache the
// compiled byte code (running a 2,000-line file as __main__ recompiles it
// every time, ~20 ms).
func scriptModule() string { return "introspect_" + ScriptHash()[:16] }

// bootstrap loads the written-out script by its path (the file given as the
// first argument) and runs it. The script directory never goes on sys.path,
// so nothing else can be imported from it, and the working-directory entry
// Python puts first for -c is dropped (a script run would not have it).
// Byte-code writing is allowed for that one load even under
// PYTHONDONTWRITEBYTECODE: the compiled script is what makes start-up cheap.
const bootstrap = "import sys; sys.version_info[:2] >= (3, 9) or (sys.stderr.write(" +
	"'introspect.py needs Python 3.9 or newer, not %%s\\n' %% sys.version.split()[0]), sys.exit(3)); " +
	"p = sys.argv.pop(1); " +
	"sys.path and sys.path[0] in ('', '.') and sys.path.pop(0); " +
	"import importlib.util as u; s = u.spec_from_file_location(%q, p); m = u.module_from_spec(s); " +
	"sys.modules[s.name] = m; " +
	"w = sys.dont_write_bytecode; sys.dont_write_bytecode = False; " +
	"s.loader.exec_module(m); sys.dont_write_bytecode = w; sys.exit(m.main())"

// ensureScript writes the script into the private directory dir (once per
// content) and returns the arguments that run it before the script's own
// arguments.
func ensureScript(dir string) ([]string, error) {
	if err := privdir.Ensure(dir); err != nil {
		return nil, fmt.Errorf("preparing the introspection script directory: %w", err)
	}
	path := filepath.Join(dir, scriptModule()+".py")
	if existing, err := safefile.ReadFile(path, safefile.MaxSmall); err != nil || !bytes.Equal(existing, script) {
		if err := writeAtomic(path, script); err != nil {
			return nil, err
		}
	}
	return []string{"-c", fmt.Sprintf(bootstrap, scriptModule()), path}, nil
}

// privateBase is the private directory pyhelper writes to outside projects:
// the cache directory, else a per-user directory in the system temporary
// directory. Both are verified (privdir): another user who created
// /tmp/snakebridge-lsp-<uid> first must not get files onto our import path.
func privateBase(cacheDir string) (string, error) {
	if cacheDir == "" {
		cacheDir = filepath.Join(os.TempDir(), "snakebridge-lsp-"+strconv.Itoa(os.Getuid()))
	}
	if err := privdir.Ensure(cacheDir); err != nil {
		return "", err
	}
	return cacheDir, nil
}

// scriptDir picks where the script is written: <private base>/scripts.
func scriptDir(cacheDir string) (string, error) {
	base, err := privateBase(cacheDir)
	if err != nil {
		return "", fmt.Errorf("preparing the introspection script directory: %w", err)
	}
	return filepath.Join(base, "scripts"), nil
}

// scriptPrefix writes the script out (scriptDir, ensureScript) and returns
// the interpreter arguments that run it; failures are KindInterpreter errors
// because no Python can run without it.
func scriptPrefix(cacheDir string) ([]string, error) {
	dir, err := scriptDir(cacheDir)
	if err == nil {
		var args []string
		if args, err = ensureScript(dir); err == nil {
			return args, nil
		}
	}
	return nil, &Error{Kind: KindInterpreter, Message: err.Error()}
}

// workingDir creates a fresh private empty directory for one Python process
// (<private base>/work/w-*): imported code that writes or deletes files in
// its working directory touches nothing of the project's. The caller
// removes it when the process has exited.
func workingDir(cacheDir string) (string, error) {
	base, err := privateBase(cacheDir)
	if err != nil {
		return "", fmt.Errorf("preparing a working directory for python: %w", err)
	}
	parent, err := privdir.Under(base, "work")
	if err != nil {
		return "", fmt.Errorf("preparing a working directory for python: %w", err)
	}
	return privdir.Temp(parent, "w-*")
}
