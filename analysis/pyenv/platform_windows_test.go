//go:build windows

package pyenv

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWindowsIsReportedAsUnsupported(t *testing.T) {
	_, err := Resolve(ResolveOptions{ProjectRoot: "."})
	require.ErrorIs(t, err, errWindows)
	_, err = NewFactsCache("").Facts(context.Background(), `C:\Python311\python.exe`)
	require.ErrorIs(t, err, errWindows)
}
