package pyhelper

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// Interpreter is an already resolved Python interpreter (resolution lives in
// package analysis).
type Interpreter struct {
	// Path is the interpreter executable (a venv's bin/python3 is fine).
	Path string
	// Env holds KEY=VALUE entries overriding the process environment. A
	// PYTHONPATH entry here is used verbatim (as upstream does with its
	// introspector env); otherwise PYTHONPATH is built as upstream builds it.
	Env []string
	// ProjectRoot is the Elixir project directory: the base of priv/python
	// and of relative PYTHONPATH entries. Python runs in a private empty
	// working directory, not here.
	ProjectRoot string
}

// Environ returns the environment Python runs with: the process environment,
// overridden by Env, with PYTHONPATH = existing $PYTHONPATH, <root>/priv/python
// and <root>/deps/snakebridge/priv/python (existing ones, unless Env sets
// PYTHONPATH) and PYTHONNOUSERSITE=1 (unless Env sets it).
func (in Interpreter) Environ() []string {
	env := map[string]string{}
	var order []string
	set := func(kv string) {
		key, value, ok := strings.Cut(kv, "=")
		if !ok || key == "" {
			return
		}
		if _, seen := env[key]; !seen {
			order = append(order, key)
		}
		env[key] = value
	}
	for _, kv := range os.Environ() {
		set(kv)
	}
	explicit := map[string]bool{}
	for _, kv := range in.Env {
		set(kv)
		key, _, _ := strings.Cut(kv, "=")
		explicit[key] = true
	}
	if !explicit["PYTHONPATH"] {
		setPath(env, &order, in.pythonPath())
	} else {
		env["PYTHONPATH"] = in.absolutePath(env["PYTHONPATH"])
	}
	if !explicit["PYTHONNOUSERSITE"] {
		set("PYTHONNOUSERSITE=1")
	}
	// An inherited PYTHONINSPECT would leave an interactive prompt behind.
	delete(env, "PYTHONINSPECT")
	out := make([]string, 0, len(order))
	for _, key := range order {
		if value, ok := env[key]; ok {
			out = append(out, key+"="+value)
		}
	}
	return out
}

func setPath(env map[string]string, order *[]string, value string) {
	if value == "" {
		delete(env, "PYTHONPATH")
		return
	}
	if _, seen := env["PYTHONPATH"]; !seen {
		*order = append(*order, "PYTHONPATH")
	}
	env["PYTHONPATH"] = value
}

func (in Interpreter) pythonPath() string {
	var parts []string
	if existing := os.Getenv("PYTHONPATH"); existing != "" {
		parts = append(parts, in.absolutePath(existing))
	}
	if in.ProjectRoot != "" {
		for _, dir := range []string{
			filepath.Join(in.ProjectRoot, "priv", "python"),
			filepath.Join(in.ProjectRoot, "deps", "snakebridge", "priv", "python"),
		} {
			if info, err := os.Stat(dir); err == nil && info.IsDir() {
				parts = append(parts, dir)
			}
		}
	}
	return strings.Join(parts, string(os.PathListSeparator))
}

// absolutePath makes the relative entries of a PYTHONPATH value absolute
// against the project root: Python runs in a private empty directory
// (docs/security.md), whereas upstream runs it in the project root, where
// relative entries resolved.
func (in Interpreter) absolutePath(value string) string {
	base := in.ProjectRoot
	if base == "" {
		base, _ = os.Getwd()
	}
	parts := filepath.SplitList(value)
	for i, p := range parts {
		if !filepath.IsAbs(p) { // "" is the working directory to Python
			parts[i] = filepath.Join(base, p)
		}
	}
	return strings.Join(parts, string(os.PathListSeparator))
}

// executable returns the absolute interpreter path or a KindInterpreter error.
func (in Interpreter) executable() (string, error) {
	if in.Path == "" {
		return "", &Error{Kind: KindInterpreter, Message: "no Python interpreter given"}
	}
	path := in.Path
	if !strings.ContainsRune(path, filepath.Separator) {
		found, err := exec.LookPath(path)
		if err != nil {
			return "", &Error{Kind: KindInterpreter, Interpreter: in.Path,
				Message: fmt.Sprintf("interpreter %q not found on PATH: %v", in.Path, err)}
		}
		path = found
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", &Error{Kind: KindInterpreter, Interpreter: in.Path, Message: err.Error()}
	}
	info, err := os.Stat(abs)
	if err != nil {
		return "", &Error{Kind: KindInterpreter, Interpreter: abs, Message: fmt.Sprintf("interpreter %s: %v", abs, err)}
	}
	if info.IsDir() || info.Mode().Perm()&0o111 == 0 {
		return "", &Error{Kind: KindInterpreter, Interpreter: abs,
			Message: fmt.Sprintf("interpreter %s is not an executable file", abs)}
	}
	return abs, nil
}

// identity hashes everything that decides what the interpreter imports: the
// executable (path and the file it resolves to), a venv's pyvenv.cfg, the
// PYTHON* environment and the introspection script. The project root is not
// hashed as such: Python runs in a private empty directory, so the project
// reaches it only through PYTHONPATH (priv/python, deps/snakebridge/priv/python
// and relative entries, all absolute there), which is hashed. Copies of a
// project at other paths (CI checkouts) thus share entries unless their own
// Python files are on the path.
func (in Interpreter) identity(exe string, env []string) string {
	h := sha256.New()
	fmt.Fprintf(h, "pyhelper-interpreter-v2\x00%s\x00%s\x00", ScriptHash(), exe)
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		if info, err := os.Stat(real); err == nil {
			fmt.Fprintf(h, "%s\x00%d\x00%d\x00", real, info.Size(), info.ModTime().UnixNano())
		}
	}
	if cfg, err := safefile.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(exe)), "pyvenv.cfg"), safefile.MaxSmall); err == nil {
		h.Write(cfg)
	}
	var relevant []string
	for _, kv := range env {
		if strings.HasPrefix(kv, "PYTHON") || strings.HasPrefix(kv, "VIRTUAL_ENV=") {
			relevant = append(relevant, kv)
		}
	}
	sort.Strings(relevant)
	for _, kv := range relevant {
		fmt.Fprintf(h, "%s\x00", kv)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// envValue returns the value of key in a KEY=VALUE list.
func envValue(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}
