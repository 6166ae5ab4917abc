//go:build windows

package pyenv

import (
	"context"
	"testing"
)

func TestWindowsIsReportedAsUnsupported(t *testing.T) {
	_, err := Resolve(ResolveOptions{ProjectRoot: "."})
	errIs(t, err, errWindows)
	_, err = NewFactsCache("").Facts(context.Background(), `C:\Python311\python.exe`)
	errIs(t, err, errWindows)
}
