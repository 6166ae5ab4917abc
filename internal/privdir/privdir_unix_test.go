//go:build unix

package privdir

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// foreignDir returns a directory owned by another user: one chowned to
// nobody when the tests run as root, else the root directory.
func foreignDir(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		return "/"
	}
	dir := filepath.Join(t.TempDir(), "theirs")
	require.NoError(t, os.Mkdir(dir, 0o700))
	require.NoError(t, os.Chown(dir, 65534, 65534))
	return dir
}

func TestEnsureCreatesPrivateDirectories(t *testing.T) {
	base := filepath.Join(t.TempDir(), "shared")
	require.NoError(t, os.Mkdir(base, 0o777))
	require.NoError(t, os.Chmod(base, 0o1777)) // like /tmp
	dir, err := Under(filepath.Join(base, "snakebridge-lsp-1"), "scripts")
	require.NoError(t, err)
	for _, d := range []string{filepath.Dir(dir), dir} {
		info, err := os.Lstat(d)
		require.NoError(t, err)
		require.True(t, info.IsDir())
		require.Equal(t, os.FileMode(0o700), info.Mode().Perm(), d)
	}
}

func TestEnsureRefusesDirectoriesOthersControl(t *testing.T) {
	tmp := t.TempDir()
	writable := filepath.Join(tmp, "writable")
	require.NoError(t, os.Mkdir(writable, 0o700))
	require.NoError(t, os.Chmod(writable, 0o777))
	planted := filepath.Join(tmp, "planted")
	require.NoError(t, os.Symlink(foreignDir(t), planted))
	file := filepath.Join(tmp, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	cases := map[string][]string{
		"another owner":               {filepath.Dir(foreignDir(t)), filepath.Base(foreignDir(t))},
		"writable by others":          {tmp, "writable"},
		"symlink to another's dir":    {tmp, "planted"},
		"not a directory":             {tmp, "file"},
		"below another owner's entry": {tmp, "planted", "scripts"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Under(c[0], c[1:]...)
			require.Error(t, err)
			require.True(t, errors.Is(err, ErrNotPrivate), "%v", err)
		})
	}
	require.NoDirExists(t, filepath.Join(planted, "scripts"))
}

func TestEnsureTightensOwnReadableDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "old")
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.Chmod(dir, 0o755))
	require.NoError(t, Ensure(dir))
	info, err := os.Stat(dir)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), info.Mode().Perm())
}

func TestEnsureAcceptsOwnSymlink(t *testing.T) {
	tmp := t.TempDir()
	target := filepath.Join(tmp, "target")
	require.NoError(t, os.Mkdir(target, 0o700))
	link := filepath.Join(tmp, "link")
	require.NoError(t, os.Symlink(target, link))
	require.NoError(t, Ensure(link))
}
