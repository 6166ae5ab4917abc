package pyenv

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseHeaders(t *testing.T) {
	type h = header
	cases := []struct {
		name     string
		in       string
		want     []header
		stopLine int
	}{
		{name: "simple", in: "Name: a\nVersion: 1\n\nbody: x\n", want: []h{{"Name", "a", 1}, {"Version", "1", 2}}},
		{name: "crlf", in: "Name: a\r\nVersion: 1\r\n\r\nName: body\r\n", want: []h{{"Name", "a", 1}, {"Version", "1", 2}}},
		{name: "lone cr", in: "Name: a\rVersion: 1\r\rName: body", want: []h{{"Name", "a", 1}, {"Version", "1", 2}}},
		{name: "no final newline", in: "Name: a\nVersion: 1", want: []h{{"Name", "a", 1}, {"Version", "1", 2}}},
		{name: "folded", in: "Summary: one\n  two\n\tthree\nName: a\n", want: []h{{"Summary", "one\n  two\n\tthree", 1}, {"Name", "a", 4}}},
		{name: "continuation first", in: " orphan\nName: a\n", want: []h{{"Name", "a", 2}}},
		{name: "missing name", in: ": nameless\n  cont\nName: a\n", want: []h{{"Name", "a", 3}}},
		{name: "mbox from", in: "From x@y\nName: a\n", want: []h{{"Name", "a", 2}}},
		{name: "garbage stops", in: "Name: a\nnot a header\nVersion: 1\n", want: []h{{"Name", "a", 1}}, stopLine: 2},
		{name: "space in name stops", in: "Bad Name: a\n", stopLine: 1},
		{name: "non-ascii name stops", in: "Näme: a\n", stopLine: 1},
		{name: "whitespace-only line continues", in: "Name: a\n   \nVersion: 1\n", want: []h{{"Name", "a\n   ", 1}, {"Version", "1", 3}}},
		{name: "empty value", in: "Version:\nName:a", want: []h{{"Version", "", 1}, {"Name", "a", 2}}},
		{name: "empty", in: ""},
		{name: "long line", in: "Description: " + strings.Repeat("x", 200<<10) + "\nName: a\n",
			want: []h{{"Description", strings.Repeat("x", 200<<10), 1}, {"Name", "a", 2}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := parseHeaders(strings.NewReader(tc.in))
			require.NoError(t, err)
			require.Equal(t, tc.want, s.headers)
			require.Equal(t, tc.stopLine, s.stopLine)
		})
	}
}

func TestParseHeadersRefusesHugeInput(t *testing.T) {
	in := strings.Repeat("X-Filler: "+strings.Repeat("y", 1000)+"\n", 2000)
	_, err := parseHeaders(strings.NewReader(in))
	require.ErrorIs(t, err, errHeaderTooLarge)
	_, err = parseCoreMetadata("big/METADATA", strings.NewReader(in))
	require.Contains(t, err.Error(), "reading big/METADATA: header section is larger than 1 MiB")
}

func TestHeaderLookupIsCaseInsensitiveAndFirstWins(t *testing.T) {
	md, err := parseCoreMetadata("m", bytes.NewReader([]byte("nAmE: first\nName: second\nVERSION:  2.0 \n")))
	require.NoError(t, err)
	require.Equal(t, coreMetadata{name: "first", version: "2.0"}, md)
}
