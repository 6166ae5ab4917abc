package pyhelper

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// compareDefinesAll runs introspect.py's text test (_defines_all) and its
// parser (_source_flags) on every file named on stdin and prints one line
// per file: "<text answer> <parser answer> <path>".
const compareDefinesAll = `
import importlib.util, sys
spec = importlib.util.spec_from_file_location("introspect_under_test", "introspect.py")
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
for path in sys.stdin.read().split("\n"):
    if path:
        print(int(mod._defines_all(path)), int(mod._source_flags(path)[0]), path)
`

// definesAllAnswers returns, per path, the text test's and the parser's
// answers to "does this file define __all__?".
func definesAllAnswers(t *testing.T, paths []string) map[string][2]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, testenv.SystemPython(t), "-c", compareDefinesAll)
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\n"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	answers := map[string][2]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.SplitN(line, " ", 3)
		require.Len(t, fields, 3, "line %q", line)
		answers[fields[2]] = [2]string{fields[0], fields[1]}
	}
	require.Len(t, answers, len(paths))
	return answers
}

// The text test skips the parse only where it proves the parser would say
// "no __all__": spellings that never show the bytes "__all__" included.
func TestDefinesAllMatchesParserOnEdgeCases(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, source string
		want         string
	}{
		{"plain.py", "__all__ = ['f']\ndef f(): pass\n", "1"},
		{"aug.py", "__all__ += ['f']\n", "1"},
		{"ann.py", "__all__: list = []\n", "1"},
		{"multi.py", "x = __all__ = []\n", "1"},
		{"comment.py", "# __all__ = []\nx = '__all__'\n", "0"},
		{"nested.py", "def f():\n    __all__ = []\n", "0"},
		{"none.py", "def f(): pass\n", "0"},
		{"latin1.py", "# -*- coding: latin-1 -*-\nx = '\xe9'\n", "0"},
		{"utf7.py", "# coding: utf-7\n+AF8AXw-all+AF8AXw- = []\n", "1"},
		{"utf7none.py", "# coding: utf-7\nx = 1\n", "0"},
		{"fullwidth.py", "_\uff3f\uff41ll__ = []\n", "1"},
		{"fullwidthnone.py", "x = '\uff41'\n", "0"},
		{"syntax.py", "__all__ = [\n", "0"},
		{"nul.py", "x = 1\x00\n", "0"},
		{"badcookie.py", "# coding: no-such-codec\n__all__ = []\n", "0"},
		{"badutf8.py", "x = '\xff'\n", "0"},
	}
	var paths []string
	for _, c := range cases {
		path := filepath.Join(dir, c.name)
		require.NoError(t, os.WriteFile(path, []byte(c.source), 0o600))
		paths = append(paths, path)
	}
	answers := definesAllAnswers(t, paths)
	for _, c := range cases {
		got := answers[filepath.Join(dir, c.name)]
		require.Equal(t, c.want, got[1], "%s: the parser's answer", c.name)
		require.Equal(t, got[1], got[0], "%s: the text test must agree with the parser", c.name)
	}
}

// On real libraries the text test gives the parser's answer for every file.
// By default a fixed eighth of sympy's and numpy's sources (seconds);
// PYHELPER_ALL_SOURCES=1 checks all of them.
func TestDefinesAllMatchesParserOnLibraries(t *testing.T) {
	py := testenv.SystemPython(t, "sympy", "numpy")
	out, err := exec.Command(py, "-c", "import sympy, numpy, os; print(os.path.dirname(sympy.__file__)); print(os.path.dirname(numpy.__file__))").Output()
	require.NoError(t, err)
	var paths []string
	for _, root := range strings.Fields(string(out)) {
		require.NoError(t, filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() && (strings.HasSuffix(path, ".py") || strings.HasSuffix(path, ".pyi")) {
				paths = append(paths, path)
			}
			return err
		}))
	}
	sort.Strings(paths)
	if os.Getenv("PYHELPER_ALL_SOURCES") != "1" {
		sample := paths[:0]
		for i := 0; i < len(paths); i += 8 {
			sample = append(sample, paths[i])
		}
		paths = sample
	}
	withAll := 0
	for path, got := range definesAllAnswers(t, paths) {
		require.Equal(t, got[1], got[0], "%s: the text test must agree with the parser", path)
		if got[1] == "1" {
			withAll++
		}
	}
	require.Greater(t, withAll, 0, "some sampled files define __all__")
	t.Logf("%d files agree, %d of them define __all__", len(paths), withAll)
}
