package lsp

import "testing"

func TestSuggest(t *testing.T) {
	names := []string{"mean", "median", "nanmean", "sum", "sqrt", "absolute", "meshgrid"}
	each := func(yield func(string)) {
		for _, n := range names {
			yield(n)
		}
	}
	cases := []struct{ name, scope, want string }{
		{"meen", "Numpy.", "; did you mean `Numpy.mean`?"},
		{"mean", "Numpy.", "; did you mean `Numpy.mean`?"},
		{"sqr", "Numpy.", "; did you mean `Numpy.sqrt`?"},
		{"meam", "Numpy.", "; did you mean `Numpy.mean`?"},
		{"medin", "Numpy.", "; did you mean `Numpy.median`?"},
		{"mea", "Numpy.", "; did you mean `Numpy.mean`?"},
		{"xyz", "Numpy.", ""},
		{"absolut", "Numpy.mean:", "; did you mean `absolute`?"}, // a keyword: unqualified
		{"", "Numpy.", ""},
	}
	sg := &suggester{memo: map[string]string{}}
	for _, c := range cases {
		for round := 0; round < 2; round++ { // the second from the memo
			if got := sg.suggest(c.name, c.scope, each); got != c.want {
				t.Errorf("suggest(%q, %q) round %d = %q, want %q", c.name, c.scope, round, got, c.want)
			}
		}
	}
}

func TestArityWords(t *testing.T) {
	cases := []struct {
		in   []int
		want string
	}{
		{nil, "no arguments"},
		{[]int{1}, "1 argument"},
		{[]int{0}, "0 arguments"},
		{[]int{2, 3}, "2 or 3 arguments"},
		{[]int{1, 2, 3, 4}, "1, 2, 3 or 4 arguments"},
	}
	for _, c := range cases {
		if got := arityWords(c.in); got != c.want {
			t.Errorf("arityWords(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}
