//go:build !windows

package pyenv

// platformSupported reports whether interpreter resolution and facts work
// here; they assume POSIX venv layouts (bin/, lib/pythonX.Y/site-packages).
func platformSupported() error { return nil }
