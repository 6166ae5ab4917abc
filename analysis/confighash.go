package analysis

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// ConfigTerm builds the list of 25 {key, value} tuples whose external term
// encoding SnakeBridge hashes into libraries.<name>.config_hash (compat
// §2.4). root resolves a relative docs_manifest path, as upstream resolves
// it against the project's working directory.
func (l *Library) ConfigTerm(root string) term.List {
	values := make(term.List, 0, len(HashedOptions))
	for _, key := range HashedOptions {
		var v term.Term
		if key == "docs_manifest_hash" {
			v = docsManifestHash(root, l.Options["docs_manifest"])
		} else {
			v = l.Options[key]
		}
		if v == nil {
			v = term.Nil
		}
		values = append(values, term.Tuple{term.Atom(key), v})
	}
	return values
}

func docsManifestHash(root string, path term.Term) term.Term {
	p, ok := path.(term.Binary)
	if !ok {
		return term.Nil
	}
	full := string(p)
	if !filepath.IsAbs(full) {
		full = filepath.Join(root, full)
	}
	// Upstream hashes what File.read returns and nil when it fails; a
	// FIFO or a device is refused here instead of hanging (safefile).
	h := sha256.New()
	if _, err := safefile.Hash(full, safefile.MaxHashed, h); err != nil {
		return term.Nil
	}
	return term.Binary(hex.EncodeToString(h.Sum(nil)))
}

// ConfigHash computes the config_hash with the given atom encoding.
func (l *Library) ConfigHash(root string, enc term.AtomEncoding) (string, error) {
	data, err := term.Encode(l.ConfigTerm(root), enc)
	if err != nil {
		return "", fmt.Errorf("hashing the options of %s: %w", l.Name, err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// AtomEncodingsFor returns the atom encodings a lock written on the given
// OTP release may have used: UTF-8 from OTP 26 on, Latin-1 before, and both
// when the release is unknown.
func AtomEncodingsFor(otpVersion string) []term.AtomEncoding {
	major, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(otpVersion, ".", 2)[0]))
	switch {
	case err != nil:
		return []term.AtomEncoding{term.AtomsUTF8, term.AtomsLatin1}
	case major >= 26:
		return []term.AtomEncoding{term.AtomsUTF8}
	default:
		return []term.AtomEncoding{term.AtomsLatin1}
	}
}
