package codegen

import (
	"embed"
	"fmt"
	"io"
	"sync"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/version"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// generatorSources are the sources that determine what the generator
// writes: codegen's Go files and templates (tests and testdata are filtered
// out when hashing). Embedding them makes the hash identical on every
// platform and impossible to forget when a file is added.
//
//go:embed *.go model/*.go fsx/*.go render
var generatorSources embed.FS

// GeneratorHash is snakebridge-lsp's generator fingerprint: the SHA-256 over
// codegen's sources and pyhelper/introspect.py (see Fingerprint). Locks we
// write carry it, and check accepts it besides SnakeBridge's own.
func GeneratorHash() (string, error) { return generatorHash() }

var generatorHash = sync.OnceValues(func() (string, error) {
	h, err := fingerprintFS(generatorSources, "codegen/", map[string]io.Reader{"pyhelper/introspect.py": pyhelper.ScriptReader()})
	if err != nil {
		return "", fmt.Errorf("reading the generator's embedded sources: %w", err)
	}
	return h, nil
})

// Fingerprints returns the generator fingerprints check should accept
// besides the project's SnakeBridge: ours.
func Fingerprints() ([]analysis.Fingerprint, error) {
	h, err := GeneratorHash()
	if err != nil {
		return nil, err
	}
	return []analysis.Fingerprint{{Name: GeneratorName + " " + version.Version, Hash: h}}, nil
}

// GeneratorSources returns the fingerprinted files by repository path.
func GeneratorSources() (map[string][]byte, error) {
	sources := map[string][]byte{}
	if err := collectSources(generatorSources, "codegen/", sources); err != nil {
		return nil, err
	}
	sources["pyhelper/introspect.py"] = pyhelper.Script()
	return sources, nil
}
