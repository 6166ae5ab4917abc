package pyhelper

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestScriptEnviron(t *testing.T) {
	if runtime.GOOS != "linux" {
		env, drop := scriptEnviron([]string{"A=1"})
		require.Equal(t, []string{"A=1"}, env)
		require.Empty(t, drop)
		return
	}
	cases := []struct {
		name     string
		env      []string
		wantEnv  []string
		wantDrop []string
	}{
		{"added when unset", []string{"A=1"},
			[]string{"A=1", "GLIBC_TUNABLES=glibc.malloc.hugetlb=1"}, []string{"--drop-env", "GLIBC_TUNABLES"}},
		{"the user's own is kept", []string{"GLIBC_TUNABLES=glibc.malloc.check=0", "A=1"},
			[]string{"GLIBC_TUNABLES=glibc.malloc.check=0", "A=1"}, nil},
		{"an empty one is the user's too", []string{"GLIBC_TUNABLES="},
			[]string{"GLIBC_TUNABLES="}, nil},
		{"a similar name is not it", []string{"GLIBC_TUNABLESX=1"},
			[]string{"GLIBC_TUNABLESX=1", "GLIBC_TUNABLES=glibc.malloc.hugetlb=1"}, []string{"--drop-env", "GLIBC_TUNABLES"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]string(nil), tc.env...)
			env, drop := scriptEnviron(in)
			require.Equal(t, tc.wantEnv, env)
			require.Equal(t, tc.wantDrop, drop)
			require.Equal(t, tc.env, in, "the caller's slice is not changed")
		})
	}
}
