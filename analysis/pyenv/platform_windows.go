//go:build windows

package pyenv

import "errors"

// errWindows is returned on Windows, where venvs use Scripts\ and
// Lib\site-packages and executables have no mode bits; this release only
// builds there.
var errWindows = errors.New("python environment discovery is not supported on Windows yet " +
	"(this release of snakebridge-lsp only builds there); use WSL or a POSIX system")

// platformSupported reports whether interpreter resolution and facts work
// here.
func platformSupported() error { return errWindows }
