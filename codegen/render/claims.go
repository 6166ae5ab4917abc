package render

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// claims records the name/arity pairs a module defines, so that a wrapper
// that would redefine one (a Python name sanitised like another, a name
// used by the generated code, a function Elixir defines itself) is left
// out with a note instead of breaking compilation.
type claims struct {
	owner map[claimKey]string // what defines name/arity
	// everyArity are the names reserved at every arity up to maxArity.
	everyArity map[string]string
	notes      []string
}

type claimKey struct {
	name  string
	arity int
}

func (k claimKey) String() string { return k.name + "/" + strconv.Itoa(k.arity) }

// maxArity is the largest arity of an Erlang function.
const maxArity = 255

// kernelCalls are the Kernel functions the generated guards call
// unqualified; a local function with the same name and arity would make
// those calls ambiguous. (to_string/1 is called as Kernel.to_string/1
// because __str__ becomes a to_string wrapper.)
var kernelCalls = map[string][]int{
	"is_list": {1}, "hd": {1}, "is_tuple": {1}, "tuple_size": {1}, "is_atom": {1},
	"elem": {2}, "is_function": {2},
}

func newClaims() *claims {
	c := &claims{owner: map[claimKey]string{}, everyArity: map[string]string{
		"__block__":   "a reserved token",
		"__aliases__": "a reserved token",
	}}
	c.reserve("module_info", "a function Erlang defines", 0, 1)
	c.reserve("__info__", "a function Elixir defines", 1)
	for name, arities := range kernelCalls {
		for _, a := range arities {
			c.reserve(name, fmt.Sprintf("Kernel.%s/%d (called by the generated code)", name, a), a)
		}
	}
	return c
}

func (c *claims) reserve(name, owner string, arities ...int) {
	for _, a := range arities {
		c.owner[claimKey{name, a}] = owner
	}
}

// taken returns what defines name/arity, if anything does.
func (c *claims) taken(k claimKey) (string, bool) {
	if owner, ok := c.everyArity[k.name]; ok && k.arity >= 0 && k.arity <= maxArity {
		return owner, true
	}
	owner, ok := c.owner[k]
	return owner, ok
}

// arities maps function names to the arities a wrapper defines.
type arities map[string][]int

func (a arities) add(name string, from, to int) {
	for i := from; i <= to; i++ {
		a[name] = append(a[name], i)
	}
}

// claim records what a wrapper defines, or, when one of its name/arity
// pairs is taken, records a note and returns false.
func (c *claims) claim(what string, defs arities) bool {
	names := make([]string, 0, len(defs))
	for n := range defs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, a := range defs[n] {
			key := claimKey{n, a}
			if other, taken := c.taken(key); taken {
				c.notes = append(c.notes, fmt.Sprintf("%s is not generated: `%s` is already defined by %s.", what, key, other))
				return false
			}
		}
	}
	for _, n := range names {
		for _, a := range defs[n] {
			c.owner[claimKey{n, a}] = what
		}
	}
	return true
}

// note records a remark for the module documentation.
func (c *claims) note(format string, args ...any) {
	c.notes = append(c.notes, fmt.Sprintf(format, args...))
}

// notesMarkdown renders the notes as a bullet list.
func notesMarkdown(notes []string) string {
	var b strings.Builder
	for i, n := range notes {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("- " + n)
	}
	return b.String()
}
