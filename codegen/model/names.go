package model

import (
	"strconv"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/elixir"
)

// reservedWords are the Elixir words upstream prefixes with "py_" (compat
// §6.5). The map is never written.
var reservedWords = map[string]bool{
	"def": true, "defp": true, "defmodule": true, "class": true, "do": true, "end": true, "if": true,
	"unless": true, "case": true, "cond": true, "for": true, "while": true, "with": true, "fn": true,
	"when": true, "and": true, "or": true, "not": true, "true": true, "false": true, "nil": true,
	"in": true, "try": true, "catch": true, "rescue": true, "after": true, "else": true, "raise": true,
	"throw": true, "receive": true,
}

// dunderNames maps the Python protocol methods upstream exposes (compat
// §6.5); other dunder methods get no wrapper.
var dunderNames = map[string]string{
	"__init__":     "new",
	"__str__":      "to_string",
	"__repr__":     "inspect",
	"__len__":      "length",
	"__getitem__":  "get",
	"__setitem__":  "put",
	"__contains__": "member?",
}

// IsReserved reports whether name is one of the Elixir words that upstream
// prefixes with "py_".
func IsReserved(name string) bool { return reservedWords[name] }

// FunctionName is upstream's sanitize_function_name (used for functions and
// module attributes): Macro.underscore, bytes outside [a-z0-9_?!] become
// '_', a name not matching ^[a-z_][a-z0-9_?!]*$ gets a '_' prefix ("" gives
// "_"), and reserved words get "py_".
func FunctionName(python string) string {
	name := replaceBytes(elixir.Underscore(python), "?!")
	switch {
	case name == "":
		name = "_"
	case !validStart(name[0]):
		name = "_" + name
	}
	if reservedWords[name] {
		return "py_" + name
	}
	return name
}

// MethodName is upstream's sanitize_method_name: the dunder map of compat
// §6.5 (__init__ is "new"), false for any other dunder method (not exposed),
// "py_<name>" for a reserved word, otherwise FunctionName.
func MethodName(python string) (string, bool) {
	if mapped, ok := dunderNames[python]; ok {
		return mapped, true
	}
	if isDunder(python) {
		return "", false
	}
	if reservedWords[python] {
		return "py_" + python, true
	}
	return FunctionName(python), true
}

// AttributeName is the sanitised name of a class attribute accessor before
// collision handling (see Class.Members): Macro.underscore, bytes outside
// [a-z0-9_] become '_', a '_' prefix when the name does not start with
// [a-z_], "_attr" for an empty name.
func AttributeName(python string) string {
	name := replaceBytes(elixir.Underscore(python), "")
	switch {
	case name == "":
		return "_attr"
	case !validStart(name[0]):
		return "_" + name
	}
	return name
}

// ParamName is the Elixir variable upstream uses for a Python parameter:
// Macro.underscore, bytes outside [a-z0-9_] become '_', leading '_' are
// stripped ("" gives "param"), a name not starting with a–z gets "param_",
// and reserved words get "py_".
func ParamName(python string) string {
	name := strings.TrimLeft(replaceBytes(elixir.Underscore(python), ""), "_")
	switch {
	case name == "":
		name = "param"
	case name[0] < 'a' || name[0] > 'z':
		name = "param_" + name
	}
	if reservedWords[name] {
		return "py_" + name
	}
	return name
}

// ExtraArgsName is the variable holding extra positional arguments: "args",
// or "extra_args" when a required parameter is already called args.
func ExtraArgsName(required []string) string {
	for _, r := range required {
		if r == "args" {
			return "extra_args"
		}
	}
	return "args"
}

// replaceBytes replaces every byte outside [a-z0-9_] and extra with '_'.
// Upstream's regexes have no "u" flag, so they work on bytes: a two-byte
// UTF-8 character becomes two underscores.
func replaceBytes(s, extra string) string {
	b := []byte(s)
	for i, c := range b {
		ok := (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || strings.IndexByte(extra, c) >= 0
		if !ok {
			b[i] = '_'
		}
	}
	return string(b)
}

func validStart(c byte) bool { return (c >= 'a' && c <= 'z') || c == '_' }

func isDunder(name string) bool {
	return strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__")
}

// ModuleFor is upstream's module_for_python (compat §1.3): the Elixir module
// of a Python module of the library — the root module's segments followed
// by each Python part below the library's python_name, camelized ("_private"
// gives "Private").
func ModuleFor(lib Library, pythonModule string) string {
	return joinModule(lib.Module, extraParts(lib, pythonModule))
}

// ClassModuleFor is upstream's class_module_for (compat §1.3): root segments
// ++ camelized extra Python parts ++ camelized class name, the last extra
// part dropped when it equals Macro.underscore(className) ("pkg.widget" +
// "Widget" gives "Pkg.Widget"). Collisions are resolved by the builders.
func ClassModuleFor(lib Library, pythonModule, className string) string {
	extra := extraParts(lib, pythonModule)
	if n := len(extra); n > 0 && extra[n-1] == elixir.Underscore(className) {
		extra = extra[:n-1]
	}
	return joinModule(lib.Module, append(extra, className))
}

// extraParts drops as many leading parts of pythonModule as python_name has
// (Enum.drop: none remain when the module is shorter).
func extraParts(lib Library, pythonModule string) []string {
	parts := strings.Split(pythonModule, ".")
	n := len(strings.Split(lib.PythonName, "."))
	if n >= len(parts) {
		return nil
	}
	return append([]string(nil), parts[n:]...)
}

// joinModule appends camelized parts to root, skipping parts that camelize
// to nothing (Module.concat ignores empty segments).
func joinModule(root string, parts []string) string {
	segs := []string{}
	if root != "" {
		segs = append(segs, root)
	}
	for _, p := range parts {
		if c := elixir.Camelize(p); c != "" {
			segs = append(segs, c)
		}
	}
	return strings.Join(segs, ".")
}

// classModules resolves class-module collisions as upstream's
// unique_class_module does: a module already used by a class gets the
// suffix "Class", then "Class3", "Class4", … skipping names used by classes
// or reserved by module wrappers. Module wrappers alone do not trigger a
// suffix (the wrapper becomes "<Name>.Module" at generation time).
type classModules struct {
	reserved map[string]bool // module wrappers (symbol modules)
	used     map[string]bool // class modules
}

func newClassModules() *classModules {
	return &classModules{reserved: map[string]bool{}, used: map[string]bool{}}
}

// claim returns the module for a class whose natural (or previously
// recorded) module is want, and records it as used.
func (c *classModules) claim(want string) string {
	if !c.used[want] {
		c.used[want] = true
		return want
	}
	base, last := "", want
	if dot := strings.LastIndexByte(want, '.'); dot >= 0 {
		base, last = want[:dot+1], want[dot+1:]
	}
	for n := 2; ; n++ {
		suffix := "Class"
		if n > 2 {
			suffix += strconv.Itoa(n)
		}
		candidate := base + last + suffix
		if !c.reserved[candidate] && !c.used[candidate] {
			c.used[candidate] = true
			return candidate
		}
	}
}
