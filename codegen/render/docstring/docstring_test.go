package docstring

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestToMarkdown(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "   \n\n ", ""},
		{"plain summary with indented body",
			"Summary line.\n\n    Details on\n    two lines.\n",
			"Summary line.\n\nDetails on\ntwo lines."},
		{"inline literals and roles",
			"Use ``json.dumps`` or :func:`json.loads` or :py:class:`~json.decoder.JSONDecoder` and :ref:`the guide <guide>`.",
			"Use `json.dumps` or `json.loads` or `JSONDecoder` and `the guide`."},
		{"links and autolinks",
			"See `the docs <https://example.org>`_ and <https://json.org> and `label`_.",
			"See [the docs](https://example.org) and <https://json.org> and label."},
		{"html-like text is escaped", "Returns <built-in method x> or a < b.",
			`Returns \<built-in method x> or a < b.`},
		{"numpy sections",
			"Sum values.\n\nParameters\n----------\nx : array_like\n    Input data.\n    More text.\naxis : int, optional\n    Axis.\n\nReturns\n-------\nndarray\n    The sum.\n\nExamples\n--------\n>>> np.sum([1, 2])\n3\n",
			"Sum values.\n\n## Parameters\n\n- `x` (`array_like`) - Input data.\n  More text.\n- `axis` (`int, optional`) - Axis.\n\n## Returns\n\n- `ndarray` - The sum.\n\n## Examples\n\n```python\n>>> np.sum([1, 2])\n3\n```"},
		{"google sections",
			"Fetch rows.\n\nArgs:\n    table (str): The table.\n    keys: Keys to fetch,\n        continued.\n\nReturns:\n    dict: Mapping of rows.\n\nRaises:\n    IOError: On failure.\n",
			"Fetch rows.\n\n## Parameters\n\n- `table` (`str`) - The table.\n- `keys` - Keys to fetch,\n  continued.\n\n## Returns\n\n- `dict` - Mapping of rows.\n\n## Raises\n\n- `IOError` - On failure."},
		{"rest field list",
			"Connect.\n\n:param host: Host name.\n:type host: str\n:param int port: Port.\n:returns: A connection.\n:rtype: Connection\n:raises ValueError: Bad host.\n",
			"Connect.\n\n## Parameters\n\n- `host` (`str`) - Host name.\n- `port` (`int`) - Port.\n\n## Returns\n\n- `Connection` - A connection.\n\n## Raises\n\n- `ValueError` - Bad host."},
		{"code-block directive",
			"Example:\n\n.. code-block:: python\n   :linenos:\n\n   x = 1\n   print(x)\n\nAfter.",
			"Example:\n\n```python\nx = 1\nprint(x)\n```\n\nAfter."},
		{"literal block",
			"Run this::\n\n    $ make\n    $ make test\n\nDone.",
			"Run this:\n\n```\n$ make\n$ make test\n```\n\nDone."},
		{"bare literal marker",
			"Text.\n\n::\n\n    code\n",
			"Text.\n\n```\ncode\n```"},
		{"grid table",
			"Table:\n\n+------+------+\n| a    | b    |\n+======+======+\n| 1    | 2    |\n+------+------+\n\nEnd.",
			"Table:\n\n```\n+------+------+\n| a    | b    |\n+======+======+\n| 1    | 2    |\n+------+------+\n```\n\nEnd."},
		{"simple table",
			"=====  =====\nA      B\n=====  =====\n1      2\n=====  =====\n",
			"```\n=====  =====\nA      B\n=====  =====\n1      2\n=====  =====\n```"},
		{"admonition and version notes",
			"Do it.\n\n.. note:: Be careful.\n\n.. versionadded:: 3.2\n\n.. deprecated:: 3.9 Use other.\n\n.. _target:\n\n.. a comment\n   spanning lines\n",
			"Do it.\n\n**Note:** Be careful.\n\n*New in version 3.2.*\n\n*Deprecated since version 3.9.* Use other."},
		{"headings and rules are escaped", "# not a heading\n\n----\n",
			"\\# not a heading\n\n\\----"},
		{"block quote instead of code", "Intro:\n\n    text\n\n            deeply indented\n            text\n\n    end\n",
			"Intro:\n\ntext\n\n> deeply indented\n> text\n\nend"},
		{"lists survive", "Items:\n\n- one\n  continued\n- two\n#. three\n",
			"Items:\n\n- one\n  continued\n- two\n1. three"},
		{"see also", "Thing.\n\nSee Also\n--------\nloads : Decode.\ndump, :func:`dumps`\n",
			"Thing.\n\n## See Also\n\n- `loads` - Decode.\n- `dump`, `dumps`"},
		{"non-ascii and tabs", "Résumé\tcafé — ok", "Résumé  café — ok"},
		{"code fence inside code", "Text.\n\n.. code-block::\n\n   ```x```\n",
			"Text.\n\n````\n```x```\n````"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ToMarkdown(tt.in); got != tt.want {
				t.Errorf("ToMarkdown(%q)\n got: %q\nwant: %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHasSectionAndSummary(t *testing.T) {
	md := ToMarkdown("X.\n\nParameters\n----------\na : int\n")
	if !HasSection(md, "parameters") || HasSection(md, "Returns") {
		t.Errorf("HasSection wrong for %q", md)
	}
	if got := Summary("\n\n  First line.  \nSecond."); got != "First line." {
		t.Errorf("Summary = %q", got)
	}
}

func FuzzToMarkdown(f *testing.F) {
	for _, s := range []string{
		"Sum.\n\nParameters\n----------\nx : int\n    X.\n", "a::\n\n  b", ".. code-block:: py\n\n  x",
		"+--+\n|a|\n+--+", "==  ==\na  b\n==  ==", ":param x: y\n:rtype: z", "Args:\n  x (int: y",
		"``", "`a <b>`_", ":func:`", "<", "\t\r\n\x00", "Returns\n-------\n", "=====\nTitle\n=====",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		md := ToMarkdown(s)
		if utf8.ValidString(s) && !utf8.ValidString(md) {
			t.Errorf("invalid UTF-8 output for %q", s)
		}
		for _, l := range strings.Split(md, "\n") {
			if strings.TrimRight(l, " \t") != l {
				t.Errorf("trailing space in %q", l)
			}
		}
		if strings.HasPrefix(md, "\n") || strings.HasSuffix(md, "\n") {
			t.Errorf("leading or trailing newline in %q", md)
		}
	})
}
